/**
 * Primality testing: deterministic below 3.317·10^24, Baillie–PSW above.
 *
 * - n < 2^32: Miller–Rabin to bases {2, 7, 61} in exact Number arithmetic (deterministic).
 * - 2^32 ≤ n < 2^64: Miller–Rabin to the 7 bases of Jaeschke/Sinclair in the WebAssembly kernel
 *   (deterministic below 2^64); without WebAssembly: Baillie–PSW (strong base-2 Miller–Rabin + strong Lucas, Selfridge method A),
 *   which has no counterexample below 2^64 (Feitsma–Galway enumeration): reported `proven`.
 * - 2^64 ≤ n < ψ13 = 3 317 044 064 679 887 385 961 981: Miller–Rabin to the 13 prime bases 2…41
 *   (Sorenson–Webster bound) in the WebAssembly kernel's multi-limb Montgomery arithmetic (without
 *   WebAssembly: Montgomery arithmetic on four 24-bit limbs held in doubles): reported `proven`.
 * - n ≥ ψ13: Baillie–PSW in its "extra strong" form (ES-BPSW, as in Math::Prime::Util; PARI/GP's
 *   `ispseudoprime` also runs a Q = 1 Lucas sequence):
 *   strong base-2 Miller–Rabin, then the extra strong Lucas test with Baillie's parameters
 *   (P = 3, 4, 5, … with ((P² − 4)/n) = −1, Q = 1): reported `probable` (no counterexample is known).
 *   The extra strong Lucas test runs on the V sequence alone, two modular products per bit, about
 *   half the work of the Selfridge strong Lucas test. Below 2^2048 both tests run in the WebAssembly
 *   kernel's multi-limb Montgomery arithmetic (BigInt `x * y % n` is the fallback and the test oracle).
 *
 * Pure and synchronous.
 */
import { PrimeosError } from '../model/PrimeosError.js';
import { isSquare, jacobi } from './arith.js';
import { integerArgument } from './internal/integerArgument.js';
import { checkLimits } from './internal/workLimits.js';
import {
  WASM_BIG_LIMIT,
  WASM_KERNEL_LIMIT,
  wasmBigExtraStrongLucas,
  wasmBigJacobi,
  wasmBigStrongProbablePrime,
  wasmBigStrongProbablePrime2,
  wasmStrongProbablePrime,
} from './internal/wasmKernel.js';

/** Outcome of a primality test: composite, prime by a deterministic test, or a BPSW probable prime. */
export type Primality = 'composite' | 'proven' | 'probable';

/** Below this bound the 13 prime bases 2…41 make Miller–Rabin deterministic (Sorenson–Webster ψ13). */
export const DETERMINISTIC_MR_LIMIT = 3317044064679887385961981n;

const TWO_32 = 4294967296n;
const TWO_64 = 18446744073709551616n;
/** Sinclair's 7 bases: Miller–Rabin to these is deterministic below 2^64. */
const BASES_7 = [2n, 325n, 9375n, 28178n, 450775n, 9780504n, 1795265022n] as const;
const BASES_13 = [2n, 3n, 5n, 7n, 11n, 13n, 17n, 19n, 23n, 29n, 31n, 37n, 41n] as const;
const BASES_13_NUMBERS = BASES_13.map(Number);
const SMALL_PRIMES = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71] as const;
/** 2·3·5·…·23 (< 2^53) and 29·31·…·61 (< 2^53): one bigint remainder each, then Number remainders. */
const PRODUCT_A = 223092870n;
const PRODUCT_B = 2756205443n * 53n * 59n * 61n;

/** a·b mod n for a, b < n < 2^32 in exact double arithmetic (every intermediate < 2^49). */
function mulmod32(a: number, b: number, n: number): number {
  const bh = Math.floor(b / 65536);
  const bl = b - bh * 65536;
  return (((a * bh) % n) * 65536 + a * bl) % n;
}

function powmod32(b: number, e: number, n: number): number {
  let r = 1;
  b %= n;
  while (e > 0) {
    if (e % 2 === 1) r = mulmod32(r, b, n);
    e = Math.floor(e / 2);
    if (e > 0) b = mulmod32(b, b, n);
  }
  return r;
}

function strongProbablePrime32(n: number, a: number): boolean {
  a %= n;
  if (a === 0) return true;
  let d = n - 1;
  let s = 0;
  while (d % 2 === 0) {
    d /= 2;
    s++;
  }
  let x = powmod32(a, d, n);
  if (x === 1 || x === n - 1) return true;
  for (let i = 1; i < s; i++) {
    x = mulmod32(x, x, n);
    if (x === n - 1) return true;
    if (x === 1) return false;
  }
  return false;
}

/** Deterministic test for odd n < 2^32. */
function isPrime32(n: number): boolean {
  return strongProbablePrime32(n, 2) && strongProbablePrime32(n, 7) && strongProbablePrime32(n, 61);
}

/**
 * Montgomery arithmetic for odd n < 2^93 in doubles: four 24-bit limbs (R = 2^96), every product of two
 * limbs < 2^48 and every column sum < 2^53, so all of it is exact. Used for the 13-base Miller–Rabin
 * range 2^64 ≤ n < ψ13 (< 2^82), where a BigInt mulmod costs about 100 ns of per-operation overhead.
 */
const LIMB = 16777216; // 2^24
const INV_LIMB = 1 / LIMB;

/** Limbs of n and −n⁻¹ mod 2^24, set by {@link montSetModulus}. */
let mN0 = 0;
let mN1 = 0;
let mN2 = 0;
let mN3 = 0;
let mNinv = 0;

function montSetModulus(n: bigint): void {
  mN0 = Number(n & 0xffffffn);
  mN1 = Number((n >> 24n) & 0xffffffn);
  mN2 = Number((n >> 48n) & 0xffffffn);
  mN3 = Number(n >> 72n);
  // n⁻¹ mod 2^32 by Newton (n·n ≡ 1 mod 8 is right to 3 bits, each step doubles them), then −n⁻¹ mod 2^24
  const lo = mN0 | 0;
  let x = lo;
  for (let i = 0; i < 4; i++) x = Math.imul(x, 2 - Math.imul(lo, x));
  mNinv = -x & 0xffffff;
}

/** x ∈ [0, n) → four limbs. */
function montLimbs(x: bigint, out: Float64Array): void {
  out[0] = Number(x & 0xffffffn);
  out[1] = Number((x >> 24n) & 0xffffffn);
  out[2] = Number((x >> 48n) & 0xffffffn);
  out[3] = Number(x >> 72n);
}

/** out = a·b·R⁻¹ mod n for a, b ∈ [0, n) in normalised limbs (out may alias a or b). */
function montMul(a: Float64Array, b: Float64Array, out: Float64Array): void {
  const { floor, imul } = Math;
  const a0 = a[0] as number;
  const a1 = a[1] as number;
  const a2 = a[2] as number;
  const a3 = a[3] as number;
  const b0 = b[0] as number;
  const b1 = b[1] as number;
  const b2 = b[2] as number;
  const b3 = b[3] as number;
  // columns gain < 2^49 per round (two products < 2^48): < 2^51 after four, all exact
  let t0 = 0;
  let t1 = 0;
  let t2 = 0;
  let m: number;
  // round i: t += a_i·b, then + m·n with m making t ≡ 0 (mod 2^24), then shift one limb down; t0 | 0 is
  // t0 mod 2^32 (ToInt32 of an integer below 2^53), enough for m = t0·(−n⁻¹) mod 2^24
  t0 += a0 * b0;
  t1 += a0 * b1;
  t2 += a0 * b2;
  m = imul(t0 | 0, mNinv) & 0xffffff;
  t0 = t1 + m * mN1 + (t0 + m * mN0) * INV_LIMB;
  t1 = t2 + m * mN2;
  t2 = a0 * b3 + m * mN3;
  t0 += a1 * b0;
  t1 += a1 * b1;
  t2 += a1 * b2;
  m = imul(t0 | 0, mNinv) & 0xffffff;
  t0 = t1 + m * mN1 + (t0 + m * mN0) * INV_LIMB;
  t1 = t2 + m * mN2;
  t2 = a1 * b3 + m * mN3;
  t0 += a2 * b0;
  t1 += a2 * b1;
  t2 += a2 * b2;
  m = imul(t0 | 0, mNinv) & 0xffffff;
  t0 = t1 + m * mN1 + (t0 + m * mN0) * INV_LIMB;
  t1 = t2 + m * mN2;
  t2 = a2 * b3 + m * mN3;
  t0 += a3 * b0;
  t1 += a3 * b1;
  t2 += a3 * b2;
  m = imul(t0 | 0, mNinv) & 0xffffff;
  t0 = t1 + m * mN1 + (t0 + m * mN0) * INV_LIMB;
  t1 = t2 + m * mN2;
  t2 = a3 * b3 + m * mN3;
  // normalise; the value is (a·b + m·n)/R < n·n/R + n < 2n
  let c = floor(t0 * INV_LIMB);
  t0 -= c * LIMB;
  t1 += c;
  c = floor(t1 * INV_LIMB);
  t1 -= c * LIMB;
  t2 += c;
  c = floor(t2 * INV_LIMB);
  t2 -= c * LIMB;
  let t3 = c;
  // subtract n once when the value is ≥ n
  if (t3 > mN3 || (t3 === mN3 && (t2 > mN2 || (t2 === mN2 && (t1 > mN1 || (t1 === mN1 && t0 >= mN0)))))) {
    t0 -= mN0;
    t1 -= mN1;
    t2 -= mN2;
    t3 -= mN3;
    if (t0 < 0) {
      t0 += LIMB;
      t1--;
    }
    if (t1 < 0) {
      t1 += LIMB;
      t2--;
    }
    if (t2 < 0) {
      t2 += LIMB;
      t3--;
    }
  }
  out[0] = t0;
  out[1] = t1;
  out[2] = t2;
  out[3] = t3;
}

/** Up to 16 bases at once: a 16-entry window table and an accumulator per base. */
const MONT_LANES = 16;
const montTables: Float64Array[][] = Array.from({ length: MONT_LANES }, () =>
  Array.from({ length: 16 }, () => new Float64Array(4)),
);
const montXs: Float64Array[] = Array.from({ length: MONT_LANES }, () => new Float64Array(4));
const montOne = new Float64Array(4);
const montMinusOne = new Float64Array(4);

function montEquals(a: Float64Array, b: Float64Array): boolean {
  return a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3];
}

/**
 * Strong probable-prime test of n (modulus already set) to bases[from, to) in lock-step: each step
 * runs the same operation for every base, so consecutive Montgomery products are independent and
 * overlap in the CPU (one base alone is bound by the latency of its dependency chain).
 */
function montStrongLanes(
  n: bigint,
  bases: readonly bigint[],
  from: number,
  to: number,
  hex: string,
  s: number,
): boolean {
  const R = 1n << 96n;
  const lanes = to - from;
  for (let l = 0; l < lanes; l++) {
    const t = montTables[l] as Float64Array[];
    montLimbs(R % n, t[0] as Float64Array);
    montLimbs((((bases[from + l] as bigint) % n) * R) % n, t[1] as Float64Array);
  }
  for (let i = 2; i < 16; i++) {
    for (let l = 0; l < lanes; l++) {
      const t = montTables[l] as Float64Array[];
      montMul(t[i - 1] as Float64Array, t[1] as Float64Array, t[i] as Float64Array);
    }
  }
  const first = parseInt(hex[0] as string, 16);
  for (let l = 0; l < lanes; l++)
    (montXs[l] as Float64Array).set((montTables[l] as Float64Array[])[first] as Float64Array);
  for (let i = 1; i < hex.length; i++) {
    for (let k = 0; k < 4; k++) {
      for (let l = 0; l < lanes; l++) {
        const x = montXs[l] as Float64Array;
        montMul(x, x, x);
      }
    }
    const digit = parseInt(hex[i] as string, 16);
    if (digit !== 0) {
      for (let l = 0; l < lanes; l++) {
        const x = montXs[l] as Float64Array;
        montMul(x, (montTables[l] as Float64Array[])[digit] as Float64Array, x);
      }
    }
  }
  for (let l = 0; l < lanes; l++) {
    const x = montXs[l] as Float64Array;
    if (montEquals(x, montOne) || montEquals(x, montMinusOne)) continue;
    let passed = false;
    for (let i = 1; i < s; i++) {
      montMul(x, x, x);
      if (montEquals(x, montMinusOne)) {
        passed = true;
        break;
      }
      if (montEquals(x, montOne)) return false;
    }
    if (!passed) return false;
  }
  return true;
}

/**
 * Strong probable-prime test of odd n (2^64 ≤ n < 2^93; every base < n) to every base, in double-limb
 * Montgomery arithmetic with a 4-bit fixed window: the first base alone (most composites stop there),
 * then the others in lock-step, up to 16 at a time.
 *
 * @returns false when a base witnesses compositeness
 */
function strongProbablePrimeMont(n: bigint, bases: readonly bigint[]): boolean {
  montSetModulus(n);
  const R = 1n << 96n;
  let d = n - 1n;
  let s = 0;
  while ((d & 1n) === 0n) {
    d >>= 1n;
    s++;
  }
  const hex = d.toString(16);
  montLimbs(R % n, montOne);
  montLimbs(n - (R % n), montMinusOne);
  if (!montStrongLanes(n, bases, 0, 1, hex, s)) return false;
  for (let from = 1; from < bases.length; from += MONT_LANES) {
    if (!montStrongLanes(n, bases, from, Math.min(bases.length, from + MONT_LANES), hex, s)) return false;
  }
  return true;
}

/** b^e mod n with a 4-bit fixed window (e > 0, n odd > 1). */
function powmod(b: bigint, e: bigint, n: bigint): bigint {
  b %= n;
  if (e < 16n) {
    let r = 1n;
    for (let i = 0n; i < e; i++) r = (r * b) % n;
    return r;
  }
  const table: bigint[] = new Array<bigint>(16);
  table[0] = 1n;
  table[1] = b;
  for (let i = 2; i < 16; i++) table[i] = ((table[i - 1] as bigint) * b) % n;
  const hex = e.toString(16);
  let r = table[parseInt(hex[0] as string, 16)] as bigint;
  for (let i = 1; i < hex.length; i++) {
    r = (r * r) % n;
    r = (r * r) % n;
    r = (r * r) % n;
    r = (r * r) % n;
    const digit = parseInt(hex[i] as string, 16);
    if (digit !== 0) r = (r * (table[digit] as bigint)) % n;
    // a 16k-bit power takes seconds: let a caller's deadline or signal stop it (no-op without limits)
    if ((i & 7) === 0) checkLimits();
  }
  return r;
}

/**
 * Strong probable-prime (Miller–Rabin) test of odd n > 3 to base a.
 *
 * @param n - odd integer > 3
 * @param a - the base (reduced mod n; a ≡ 0 counts as passing)
 * @returns true when n is a strong probable prime to base a
 * @example
 * ```ts
 * import { isStrongProbablePrime } from 'primeos/primes';
 * isStrongProbablePrime(2047n, 2n); // true (2047 = 23 · 89 is a base-2 strong pseudoprime)
 * isStrongProbablePrime(2047n, 3n); // false
 * ```
 */
export function isStrongProbablePrime(n: bigint, a: bigint): boolean {
  a %= n;
  if (a < 0n) a += n;
  if (a === 0n) return true;
  const nm1 = n - 1n;
  let d = nm1;
  let s = 0;
  while ((d & 1n) === 0n) {
    d >>= 1n;
    s++;
  }
  let x = powmod(a, d, n);
  if (x === 1n || x === nm1) return true;
  for (let i = 1; i < s; i++) {
    if ((i & 31) === 0) checkLimits();
    x = (x * x) % n;
    if (x === nm1) return true;
    if (x === 1n) return false;
  }
  return false;
}

/**
 * Strong Lucas probable-prime test with Selfridge's method A parameters (D the first of 5, −7, 9, −11, …
 * with (D/n) = −1; P = 1, Q = (1 − D)/4).
 *
 * @param n - odd integer > 3 that is not a perfect square
 * @returns true when n is a strong Lucas probable prime
 * @example
 * ```ts
 * import { isStrongLucasProbablePrime } from 'primeos/primes';
 * isStrongLucasProbablePrime(5459n); // true (the smallest strong Lucas pseudoprime, 53 · 103)
 * isStrongLucasProbablePrime(2047n); // false
 * ```
 */
export function isStrongLucasProbablePrime(n: bigint): boolean {
  let D = 5n;
  for (;;) {
    const j = jacobi(D, n);
    if (j === -1) break;
    if (j === 0 && (D < 0n ? -D : D) !== n) return false;
    D = D > 0n ? -(D + 2n) : -D + 2n;
    if (D === 13n && isSquare(n)) return false;
  }
  const Q = (1n - D) / 4n;
  // n + 1 = d · 2^s with d odd
  let d = n + 1n;
  let s = 0;
  while ((d & 1n) === 0n) {
    d >>= 1n;
    s++;
  }
  const half = (x: bigint): bigint => ((x & 1n) === 0n ? x >> 1n : (x + n) >> 1n);
  const m = (x: bigint): bigint => {
    const r = x % n;
    return r < 0n ? r + n : r;
  };
  const Dn = m(D);
  const Qn = m(Q);
  let U = 1n;
  let V = 1n; // P = 1
  let Qk = Qn;
  const bits = d.toString(2);
  for (let i = 1; i < bits.length; i++) {
    if ((i & 31) === 0) checkLimits();
    // double: U_2k = U_k V_k, V_2k = V_k^2 − 2Q^k
    U = (U * V) % n;
    V = m(V * V - 2n * Qk);
    Qk = (Qk * Qk) % n;
    if (bits[i] === '1') {
      // add one: U_{k+1} = (P U + V)/2, V_{k+1} = (D U + P V)/2
      const u = half(U + V);
      V = half((Dn * U + V) % n);
      U = u % n;
      Qk = (Qk * Qn) % n;
    }
  }
  if (U === 0n || V === 0n) return true;
  for (let r = 1; r < s; r++) {
    V = m(V * V - 2n * Qk);
    if (V === 0n) return true;
    Qk = (Qk * Qk) % n;
  }
  return false;
}

/**
 * Baillie's parameter for the extra strong Lucas test: the first P = 3, 4, 5, … with ((P² − 4)/n) = −1,
 * or 0n when the search shows n composite (a proper factor gcd(P² − 4, n), or n a perfect square).
 * `symbol` computes the Jacobi symbol (BigInt by default).
 */
function baillieP(n: bigint, symbol: (d: bigint, n: bigint) => number = jacobi): bigint {
  let P = 3n;
  for (;;) {
    const D = P * P - 4n;
    const j = symbol(D, n);
    if (j === -1) return P;
    // (D/n) = 0: gcd(D, n) is a proper factor of n unless n divides D (only for tiny n)
    if (j === 0 && D % n !== 0n) return 0n;
    P++;
    // a square has no D with (D/n) = −1; test for it only once a few P have failed
    if (P === 10n && isSquare(n)) return 0n;
  }
}

/**
 * Extra strong Lucas probable-prime test (Grantham's definition) with Baillie's parameters: P the first
 * of 3, 4, 5, … with ((P² − 4)/n) = −1, Q = 1. Writing n + 1 = d·2^s with d odd, n passes when
 * U_d ≡ 0 and V_d ≡ ±2 (mod n), or V_{d·2^r} ≡ 0 (mod n) for some 0 ≤ r < s − 1.
 *
 * With Q = 1 only the V sequence is needed: a Montgomery ladder on (V_k, V_{k+1}) with
 * V_{2k} = V_k² − 2 and V_{2k+1} = V_k·V_{k+1} − P costs two modular products per bit of n (the
 * Selfridge strong test needs about four), and U_d ≡ 0 is read off the ladder as
 * 2·V_{d+1} ≡ P·V_d, i.e. V_{d+1} ≡ ±P when V_d ≡ ±2 (D·U_k = 2·V_{k+1} − P·V_k, gcd(D, n) = 1).
 * Every extra strong Lucas pseudoprime is also a strong Lucas pseudoprime for (P, 1).
 *
 * @param n - odd integer > 3
 * @returns true when n is an extra strong Lucas probable prime (always for primes > 3; false for
 *   perfect squares)
 * @example
 * ```ts
 * import { isExtraStrongLucasProbablePrime } from 'primeos/primes';
 * isExtraStrongLucasProbablePrime(989n); // true (the smallest extra strong Lucas pseudoprime, 23 · 43)
 * isExtraStrongLucasProbablePrime(5459n); // false (a Selfridge strong Lucas pseudoprime)
 * ```
 */
export function isExtraStrongLucasProbablePrime(n: bigint): boolean {
  const P = baillieP(n);
  if (P === 0n) return false;
  // n + 1 = d · 2^s with d odd
  let d = n + 1n;
  let s = 0;
  while ((d & 1n) === 0n) {
    d >>= 1n;
    s++;
  }
  const Pn = P % n;
  // (V, W) = (V_k, V_{k+1}) from k = 1 down the bits of d after the leading one
  let V = Pn;
  let W = (P * P - 2n) % n;
  const bits = d.toString(2);
  for (let i = 1; i < bits.length; i++) {
    if ((i & 31) === 0) checkLimits();
    if (bits.charCodeAt(i) === 49) {
      // k → 2k + 1
      V = (V * W - P) % n;
      W = (W * W - 2n) % n;
    } else {
      // k → 2k
      W = (V * W - P) % n;
      V = (V * V - 2n) % n;
    }
    // negative only when a product is below P (V or W ≡ 0 or tiny)
    if (V < 0n) V += n;
    if (W < 0n) W += n;
  }
  // U_d ≡ 0 and V_d ≡ ±2
  if ((V === 2n && W === Pn) || (V === n - 2n && W === n - Pn)) return true;
  // V_{d·2^r} ≡ 0 for some 0 ≤ r < s − 1
  for (let r = 0; r < s - 1; r++) {
    if (V === 0n) return true;
    V = (V * V - 2n) % n;
    if (V < 0n) V += n;
  }
  return false;
}

/** (d/n) by the kernel (n mod d from its limbs) while d < 2^32, else by BigInt. */
function kernelJacobi(d: bigint, n: bigint): number {
  return (d < 4294967296n ? wasmBigJacobi(n, Number(d)) : undefined) ?? jacobi(d, n);
}

/**
 * Baillie–PSW on odd n > 3 without small factors: strong base-2 Miller–Rabin, then the extra strong
 * Lucas test (Baillie's P = 3, 4, 5, …, Q = 1): the "ES-BPSW" variant (Math::Prime::Util's name).
 */
function bpsw(n: bigint): boolean {
  if (n < WASM_BIG_LIMIT) {
    // multi-limb Montgomery arithmetic in WebAssembly: faster than the BigInt path from 96 to 1024 bits
    // (`npx tsx bench/primality.bench.ts primality` compares both)
    const sprp = wasmBigStrongProbablePrime2(n);
    if (sprp !== undefined) {
      if (!sprp) {
        base2Composite = n;
        return false;
      }
      const P = baillieP(n, kernelJacobi);
      if (P === 0n) return false;
      // the kernel takes P < 2^16 (always in practice); a larger P runs the BigInt ladder
      return wasmBigExtraStrongLucas(n, Number(P)) ?? isExtraStrongLucasProbablePrime(n);
    }
  }
  if (!isStrongProbablePrime(n, 2n)) {
    base2Composite = n;
    return false;
  }
  return isExtraStrongLucasProbablePrime(n);
}

/**
 * The last number BPSW found composite at its base-2 strong test: {@link compositeWitness} of it is 2 without a
 * second test (a witness of a 16k-bit cofactor would otherwise cost as much as its primality test).
 */
let base2Composite = 0n;

/** Baillie–PSW with the Selfridge strong Lucas test (the variant checked by the Feitsma–Galway enumeration below 2^64). */
function bpswSelfridge(n: bigint): boolean {
  return isStrongProbablePrime(n, 2n) && isStrongLucasProbablePrime(n);
}

/** Classify by small primes: 'composite', 'prime' (n itself is a small prime), or undefined (undecided). */
function smallDivisorCheck(n: bigint): 'composite' | 'prime' | undefined {
  if (n < 72n) {
    const k = Number(n);
    return (SMALL_PRIMES as readonly number[]).includes(k) ? 'prime' : 'composite';
  }
  const ra = Number(n % PRODUCT_A);
  for (let i = 0; i < 9; i++) if (ra % (SMALL_PRIMES[i] as number) === 0) return 'composite';
  const rb = Number(n % PRODUCT_B);
  for (let i = 9; i < 18; i++) if (rb % (SMALL_PRIMES[i] as number) === 0) return 'composite';
  return undefined;
}

/**
 * Classify n: `composite`, `proven` prime (deterministic test, n < 3.317·10^24) or `probable` prime
 * (Baillie–PSW above). Numbers < 2 (and negatives) are `composite` in the sense of "not prime".
 *
 * @param n - the integer to test (a safe-integer Number or a bigint)
 * @returns the primality class
 * @throws PrimeosError `E_RANGE` when a Number argument is not a safe integer
 * @example
 * ```ts
 * import { primalityOf } from 'primeos/primes';
 * primalityOf(2n ** 61n - 1n); // 'proven'
 * primalityOf(2n ** 127n - 1n); // 'probable'
 * primalityOf(561n); // 'composite'
 * ```
 */
export function primalityOf(n: bigint | number): Primality {
  n = integerArgument(n, 'primalityOf');
  if (n < 2n) return 'composite';
  const small = smallDivisorCheck(n);
  if (small === 'composite') return 'composite';
  if (small === 'prime' || n < 4489n) return 'proven'; // no prime factor ≤ 61 and n < 67²
  if (n < TWO_32) return isPrime32(Number(n)) ? 'proven' : 'composite';
  if (n < WASM_KERNEL_LIMIT) {
    const w = wasmStrongProbablePrime(n, BASES_7);
    if (w !== undefined) return w ? 'proven' : 'composite';
  }
  if (n < TWO_64) return bpswSelfridge(n) ? 'proven' : 'composite';
  if (n < DETERMINISTIC_MR_LIMIT) {
    const w = wasmBigStrongProbablePrime(n, BASES_13_NUMBERS);
    if (w !== undefined) return w ? 'proven' : 'composite';
    return strongProbablePrimeMont(n, BASES_13) ? 'proven' : 'composite';
  }
  return bpsw(n) ? 'probable' : 'composite';
}

/**
 * True when n is prime (deterministic below 3.317·10^24, Baillie–PSW above).
 *
 * @param n - the integer to test
 * @returns whether n is (proven or BPSW-probable) prime
 * @throws PrimeosError `E_RANGE` when a Number argument is not a safe integer
 * @example
 * ```ts
 * import { isPrime } from 'primeos/primes';
 * isPrime(97n); // true
 * isPrime(3215031751n); // false (strong pseudoprime to bases 2, 3, 5, 7)
 * ```
 */
export function isPrime(n: bigint | number): boolean {
  return primalityOf(n) !== 'composite';
}

/**
 * A base witnessing that n is composite: the smallest prime base a for which n fails the strong
 * Miller–Rabin test (for odd n), or 2 for even n (2^(n−1) ≢ 1 mod n). Check with
 * {@link isStrongProbablePrime}.
 *
 * @param n - a composite integer ≥ 4
 * @returns the witness base
 * @throws PrimeosError `E_RANGE` when n is not composite (prime, or < 4)
 * @example
 * ```ts
 * import { compositeWitness } from 'primeos/primes';
 * compositeWitness(3215031751n); // 11n
 * ```
 */
export function compositeWitness(n: bigint): bigint {
  if (n === base2Composite && n > 0n) return 2n;
  if (n < 4n || primalityOf(n) !== 'composite') {
    throw new PrimeosError('E_RANGE', `compositeWitness: ${n} is not composite`);
  }
  if ((n & 1n) === 0n) return 2n;
  // at least 3/4 of the bases in [1, n) witness; the loop ends quickly in practice
  for (let a = 2n; a < n; a++) {
    if (a > 2n && (a & 1n) === 0n) continue;
    if (!isStrongProbablePrime(n, a)) return a;
  }
  throw new PrimeosError('E_INTERNAL', `compositeWitness: no witness found for ${n}`);
}
