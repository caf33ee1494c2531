import { PrimeosError } from '../model/PrimeosError.js';
import { isPrime } from './primality.js';
import { primesUpTo } from './smallPrimes.js';

/** Largest value {@link primesBetween} lists: 2^64 (the range of its deterministic primality test's fast path). */
export const PRIMES_BETWEEN_MAX = 2n ** 64n;

/** Candidates per sieve segment. */
const SEGMENT = 1 << 16;
/** Sieving primes (up to 2^16): they remove ~90% of candidates before the primality test. */
const SIEVING = primesUpTo(1 << 16);

/**
 * The primes in `[start, end)` in ascending order, for bigint bounds up to {@link PRIMES_BETWEEN_MAX}: a segmented
 * sieve by the primes below 2^16 removes most composites, and each survivor is proven by the deterministic
 * primality test (`isPrime`, exact below 3.3·10^24). Works beyond the Number sieve's limit (2^52).
 *
 * @param start - first candidate (inclusive), ≥ 0
 * @param end - last candidate (exclusive), ≤ 2^64 + 1
 * @returns a generator of primes
 * @throws PrimeosError `E_RANGE` when the bounds are out of range or reversed
 * @example
 * ```ts
 * import { primesBetween } from 'primeos/primes';
 * [...primesBetween(2n ** 60n, 2n ** 60n + 100n)]; // [1152921504606847009n, 1152921504606847067n]
 * ```
 */
export function* primesBetween(start: bigint, end: bigint): Generator<bigint, void, undefined> {
  if (start < 0n || end < start || end > PRIMES_BETWEEN_MAX + 1n) {
    throw new PrimeosError('E_RANGE', `primesBetween: need 0 ≤ start ≤ end ≤ 2^64 + 1, got [${start}, ${end})`);
  }
  const composite = new Uint8Array(SEGMENT);
  for (let lo = start; lo < end; lo += BigInt(SEGMENT)) {
    const span = Number(end - lo < BigInt(SEGMENT) ? end - lo : BigInt(SEGMENT));
    composite.fill(0, 0, span);
    const hi = lo + BigInt(span);
    for (const p of SIEVING) {
      const bp = BigInt(p);
      if (bp * bp >= hi) break;
      // first multiple of p in [lo, hi), at least p² (p itself stays)
      let first = lo % bp === 0n ? lo : lo + bp - (lo % bp);
      if (first < bp * bp) first = bp * bp;
      for (let i = Number(first - lo); i < span; i += p) composite[i] = 1;
    }
    for (let i = 0; i < span; i++) {
      if (composite[i] === 1) continue;
      const n = lo + BigInt(i);
      if (n < 2n) continue;
      if (n < 1n << 32n || isPrime(n)) yield n;
    }
  }
}
