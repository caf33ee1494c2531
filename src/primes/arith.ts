/**
 * Generic bigint arithmetic kernels shared by every engine (docs/ARCHITECTURE.md §4: plain BigInt `x * y % n` is the
 * generic path). Pure, synchronous, no I/O.
 */
import { checkLimits } from './internal/workLimits.js';

/** Number of bits of |n| (0 for 0). */
export function bitLength(n: bigint): number {
  if (n < 0n) n = -n;
  if (n === 0n) return 0;
  // toString(16) is linear; fine for the sizes we handle
  const hex = n.toString(16);
  const top = parseInt(hex[0] as string, 16);
  return (hex.length - 1) * 4 + (32 - Math.clz32(top));
}

/** |n| */
export function abs(n: bigint): bigint {
  return n < 0n ? -n : n;
}

/** Greatest common divisor of |a| and |b|. */
export function gcd(a: bigint, b: bigint): bigint {
  a = abs(a);
  b = abs(b);
  while (b !== 0n) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/** Non-negative residue of a mod m (m > 0). */
export function mod(a: bigint, m: bigint): bigint {
  const r = a % m;
  return r < 0n ? r + m : r;
}

/** base^exp mod m for exp ≥ 0, m > 0. */
export function modPow(base: bigint, exp: bigint, m: bigint): bigint {
  if (m === 1n) return 0n;
  let result = 1n;
  let b = mod(base, m);
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % m;
    e >>= 1n;
    if (e > 0n) b = (b * b) % m;
  }
  return result;
}

/**
 * Inverse of a mod m, or undefined when gcd(a, m) ≠ 1.
 */
export function modInverse(a: bigint, m: bigint): bigint | undefined {
  let [oldR, r] = [mod(a, m), m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1n) return undefined;
  return mod(oldS, m);
}

/** ⌊√n⌋ for n ≥ 0 (Newton iteration from a float/bit-length estimate). */
export function isqrt(n: bigint): bigint {
  if (n < 0n) throw new RangeError('isqrt of a negative number');
  if (n < 2n) return n;
  if (n < 9007199254740992n) {
    let r = BigInt(Math.floor(Math.sqrt(Number(n))));
    while (r * r > n) r--;
    while ((r + 1n) * (r + 1n) <= n) r++;
    return r;
  }
  let x = 1n << BigInt((bitLength(n) >> 1) + 1);
  for (;;) {
    checkLimits();
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** ⌊n^(1/k)⌋ for n ≥ 0, k ≥ 1. */
export function iroot(n: bigint, k: number): bigint {
  if (n < 0n) throw new RangeError('iroot of a negative number');
  if (k === 1 || n < 2n) return n;
  if (k === 2) return isqrt(n);
  const K = BigInt(k);
  let x = 1n << BigInt(Math.ceil(bitLength(n) / k) + 1);
  for (;;) {
    checkLimits();
    const y = ((K - 1n) * x + n / x ** (K - 1n)) / K;
    if (y >= x) break;
    x = y;
  }
  while (x ** K > n) x--;
  while ((x + 1n) ** K <= n) x++;
  return x;
}

/** True when n is a perfect square. */
export function isSquare(n: bigint): boolean {
  if (n < 0n) return false;
  const r = isqrt(n);
  return r * r === n;
}

/**
 * If n = b^k for some k ≥ 2, the smallest such base b and the largest k; otherwise undefined.
 * n must be ≥ 2.
 */
export function perfectPower(n: bigint): { base: bigint; exponent: number } | undefined {
  const bits = bitLength(n);
  let best: { base: bigint; exponent: number } | undefined;
  for (let k = 2; k <= bits; k++) {
    const r = iroot(n, k);
    if (r < 2n) break;
    if (r ** BigInt(k) === n) best = { base: r, exponent: k };
  }
  return best;
}

/** Jacobi symbol (a/n) for odd n > 0. */
export function jacobi(a: bigint, n: bigint): -1 | 0 | 1 {
  if (n <= 0n || (n & 1n) === 0n) throw new RangeError('jacobi: n must be odd and positive');
  a = mod(a, n);
  let t: 1 | -1 = 1;
  while (a !== 0n) {
    while ((a & 1n) === 0n) {
      a >>= 1n;
      const r = n & 7n;
      if (r === 3n || r === 5n) t = t === 1 ? -1 : 1;
    }
    [a, n] = [n, a];
    if ((a & 3n) === 3n && (n & 3n) === 3n) t = t === 1 ? -1 : 1;
    a %= n;
  }
  return n === 1n ? t : 0;
}
