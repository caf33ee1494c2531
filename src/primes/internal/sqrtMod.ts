import { PrimeosError } from '../../model/PrimeosError.js';

/** Largest modulus for which `a * b % p` is exact in IEEE doubles (a, b < p ⇒ a·b < 2^52). */
export const SQRT_MOD_MAX_PRIME = 2 ** 26;

/**
 * A square root of `a` modulo the prime `p` by Tonelli–Shanks, in Number arithmetic (no BigInt).
 *
 * Preconditions: `p` is prime (not checked: for a composite `p` the result is meaningless) and
 * `2 ≤ p < 2^26`, so every product of two residues stays below 2^53 and is exact.
 *
 * @param a - any integer (reduced mod p first; may be negative)
 * @param p - an odd or even prime below {@link SQRT_MOD_MAX_PRIME}
 * @returns r in [0, p) with r² ≡ a (mod p) — the smaller of the two roots — or `undefined` when `a`
 *   is a quadratic non-residue mod p
 * @throws PrimeosError `E_RANGE` when `p` is not an integer in [2, 2^26) or `a` is not a safe integer
 * @example
 * ```ts
 * import { sqrtModPrime } from 'primeos/primes';
 * sqrtModPrime(10, 13); // 6, since 6² = 36 ≡ 10 (mod 13)
 * sqrtModPrime(5, 13); // undefined: 5 is a non-residue mod 13
 * ```
 */
export function sqrtModPrime(a: number, p: number): number | undefined {
  if (!Number.isInteger(p) || p < 2 || p >= SQRT_MOD_MAX_PRIME) {
    throw new PrimeosError('E_RANGE', `sqrtModPrime: p must be a prime in [2, 2^26), got ${p}`);
  }
  if (!Number.isSafeInteger(a)) throw new PrimeosError('E_RANGE', 'sqrtModPrime: a must be a safe integer');
  let x = a % p;
  if (x < 0) x += p;
  if (x === 0) return 0;
  if (p === 2) return x;
  // one modular power per prime: the root candidate itself tells a non-residue (Euler's criterion would be a
  // second power)
  let r: number;
  if (p % 4 === 3) {
    r = powMod(x, (p + 1) / 4, p);
    if ((r * r) % p !== x) return undefined;
  } else {
    // p − 1 = q·2^s with q odd
    let q = p - 1;
    let s = 0;
    while (q % 2 === 0) {
      q /= 2;
      s++;
    }
    // w = x^((q−1)/2) gives both r = x^((q+1)/2) and t = x^q
    const w = powMod(x, (q - 1) / 2, p);
    r = (w * x) % p;
    let t = (((w * w) % p) * x) % p;
    let m = s;
    let c = -1;
    while (t !== 1) {
      // least i with t^(2^i) = 1; i = m means t has full order 2^s: x is a non-residue
      let i = 0;
      let t2 = t;
      while (t2 !== 1 && i < m) {
        t2 = (t2 * t2) % p;
        i++;
      }
      if (i === m) return undefined;
      if (c < 0) {
        // a non-residue z (found only for residues x), and c = z^q of order 2^s
        let z = 2;
        while (powMod(z, (p - 1) / 2, p) !== p - 1) z++;
        c = powMod(z, q, p);
      }
      let b = c;
      for (let j = 0; j < m - i - 1; j++) b = (b * b) % p;
      m = i;
      c = (b * b) % p;
      t = (t * c) % p;
      r = (r * b) % p;
    }
  }
  return r <= p - r ? r : p - r;
}

/** Below this modulus products of residues fit in int32 (46341² > 2^31). */
const INT32_PRODUCT_LIMIT = 46341;

/** base^exp mod p in exact Number arithmetic (p < 2^26); int32 arithmetic when p < 46341. */
function powMod(base: number, exp: number, p: number): number {
  if (p < INT32_PRODUCT_LIMIT) return powModSmall(base, exp, p);
  return powModLarge(base, exp, p);
}

/** base^exp mod p for p < 46341: every product of residues is below 2^31. */
function powModSmall(base: number, exp: number, p: number): number {
  let result = 1;
  let b = (base % p) | 0;
  let e = exp | 0;
  while (e > 0) {
    if ((e & 1) === 1) result = Math.imul(result, b) % p;
    e >>>= 1;
    if (e > 0) b = Math.imul(b, b) % p;
  }
  return result;
}

/** base^exp mod p in exact double arithmetic (p < 2^26, so products stay below 2^52). */
function powModLarge(base: number, exp: number, p: number): number {
  let result = 1;
  let b = base % p;
  let e = exp;
  while (e > 0) {
    if (e % 2 === 1) result = (result * b) % p;
    e = Math.floor(e / 2);
    if (e > 0) b = (b * b) % p;
  }
  return result;
}
