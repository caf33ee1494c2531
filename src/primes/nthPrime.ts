/**
 * The n-th prime: by sieving for small n, and by Riemann-R estimate + exact Meissel–Lehmer count +
 * a short sieve walk for large n.
 */
import { PrimeosError } from '../model/PrimeosError.js';
import { approxNthPrime, primeCount, PRIME_COUNT_MAX } from './primeCount.js';
import { countPrimesInRange, primesInRange } from './sieve.js';

/** Up to this index the primes are counted block by block from 0. */
const DIRECT_SIEVE_MAX_INDEX = 5_000_000;
/** Block width of the sieve walks. */
const WALK_BLOCK = 1 << 22;
const NEAR_BLOCK = 1 << 18;

/** Largest index accepted: p_n must stay below the exact-counting limit. */
export const NTH_PRIME_MAX_INDEX = 300_000_000_000; // p_n ≈ 8.5·10^12 < 10^13

/**
 * p_n, the n-th prime, 1-based (nthPrime(1) = 2).
 *
 * @param n - a positive integer ≤ {@link NTH_PRIME_MAX_INDEX}
 * @returns the n-th prime
 * @throws PrimeosError `E_RANGE` when n is not a positive integer or is above the limit
 * @example
 * ```ts
 * import { nthPrime } from 'primeos/primes';
 * nthPrime(1); // 2
 * nthPrime(1_000_000); // 15485863
 * ```
 */
export function nthPrime(n: number): number {
  if (!Number.isSafeInteger(n) || n < 1 || n > NTH_PRIME_MAX_INDEX) {
    throw new PrimeosError('E_RANGE', `nthPrime: n must be an integer in [1, ${NTH_PRIME_MAX_INDEX}], got ${n}`, {
      n,
    });
  }
  if (n <= DIRECT_SIEVE_MAX_INDEX) {
    // p_n < n(ln n + ln ln n) for n ≥ 6 (Rosser): one block usually suffices
    const bound = n < 6 ? 12 : Math.ceil(n * (Math.log(n) + Math.log(Math.log(n)))) + 1;
    let count = 0;
    for (let lo = 0, width = Math.min(bound, WALK_BLOCK); ; lo += width, width = WALK_BLOCK) {
      const c = countPrimesInRange(lo, lo + width);
      if (count + c >= n) return primesInRange(lo, lo + width)[n - count - 1] as number;
      count += c;
    }
  }
  const x = Math.min(approxNthPrime(n).value, PRIME_COUNT_MAX);
  let count = primeCount(x); // primes ≤ x
  if (count >= n) {
    for (let hi = x + 1; hi > 0;) {
      const lo = Math.max(0, hi - NEAR_BLOCK);
      const ps = primesInRange(lo, hi);
      if (count - ps.length < n) return ps[n - (count - ps.length) - 1] as number;
      count -= ps.length;
      hi = lo;
    }
  }
  for (let lo = x + 1; ; lo += NEAR_BLOCK) {
    const ps = primesInRange(lo, lo + NEAR_BLOCK);
    if (count + ps.length >= n) return ps[n - count - 1] as number;
    count += ps.length;
  }
}
