/**
 * Prime ranges, iterators and counting by the segmented, bit-packed mod-30 wheel sieve
 * ({@link SegmentedSieve}). Memory is bounded by the segment size (256 KiB) plus the base primes up to
 * √end. Values are Numbers in [0, 2^52].
 */
import { PrimeosError } from '../model/PrimeosError.js';
import { LOWBIT8, SIEVE_MAX, SegmentedSieve, WHEEL } from './SegmentedSieve.js';

const SMALL = [2, 3, 5] as const;

function checkRange(what: string, a: number, b: number): void {
  if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b) || a < 0 || b < a || b > SIEVE_MAX + 1) {
    throw new PrimeosError('E_RANGE', `${what}: need integers 0 ≤ a ≤ b ≤ 2^52 + 1, got [${a}, ${b})`, { a, b });
  }
}

/**
 * Walk the primes ≥ 7 in [a, b), calling `fn` on each, in ascending order.
 * Returns early when `fn` returns false.
 */
function walk(a: number, b: number, fn: (p: number) => boolean): void {
  const sieve = new SegmentedSieve(Math.floor(a / 30), Math.ceil(b / 30));
  const seg = sieve.bytes;
  while (sieve.next()) {
    const base = 30 * sieve.byteStart;
    for (let i = 0, n = sieve.length; i < n; i++) {
      let bits = ~(seg[i] as number) & 0xff;
      while (bits !== 0) {
        const k = LOWBIT8[bits] as number;
        bits &= bits - 1;
        const p = base + 30 * i + (WHEEL[k] as number);
        if (p < a) continue;
        if (p >= b) return;
        if (!fn(p)) return;
      }
    }
  }
}

/**
 * All primes p with a ≤ p < b, ascending.
 *
 * @param a - inclusive lower bound (integer ≥ 0)
 * @param b - exclusive upper bound (integer, a ≤ b ≤ 2^52 + 1)
 * @returns the primes in [a, b)
 * @throws PrimeosError `E_RANGE` for non-integer or out-of-range bounds
 * @example
 * ```ts
 * import { primesInRange } from 'primeos/primes';
 * primesInRange(10, 30); // [11, 13, 17, 19, 23, 29]
 * ```
 */
export function primesInRange(a: number, b: number): number[] {
  checkRange('primesInRange', a, b);
  const out: number[] = [];
  for (const p of SMALL) if (p >= a && p < b) out.push(p);
  walk(a, b, (p) => {
    out.push(p);
    return true;
  });
  return out;
}

/**
 * Iterate the primes ≥ start (and < end), ascending, sieving one segment at a time so memory stays
 * bounded however far the iteration goes.
 *
 * @param start - first candidate (integer ≥ 0)
 * @param end - exclusive bound (default 2^52 + 1, the sieve's limit)
 * @returns a generator of primes
 * @throws PrimeosError `E_RANGE` for bad bounds (thrown on the first `next()`)
 * @example
 * ```ts
 * import { primesFrom } from 'primeos/primes';
 * const it = primesFrom(1_000_000);
 * it.next().value; // 1000003
 * ```
 */
export function* primesFrom(start: number, end: number = SIEVE_MAX + 1): Generator<number, void, undefined> {
  checkRange('primesFrom', start, end);
  for (const p of SMALL) if (p >= start && p < end) yield p;
  const sieve = new SegmentedSieve(Math.floor(start / 30), Math.ceil(end / 30));
  const seg = sieve.bytes;
  while (sieve.next()) {
    const base = 30 * sieve.byteStart;
    for (let i = 0, n = sieve.length; i < n; i++) {
      let bits = ~(seg[i] as number) & 0xff;
      while (bits !== 0) {
        const k = LOWBIT8[bits] as number;
        bits &= bits - 1;
        const p = base + 30 * i + (WHEEL[k] as number);
        if (p < start) continue;
        if (p >= end) return;
        yield p;
      }
    }
  }
}

/**
 * The number of primes p with a ≤ p < b, by sieving.
 *
 * @param a - inclusive lower bound (integer ≥ 0)
 * @param b - exclusive upper bound (integer, a ≤ b ≤ 2^52 + 1)
 * @returns the count
 * @throws PrimeosError `E_RANGE` for bad bounds
 * @example
 * ```ts
 * import { countPrimesInRange } from 'primeos/primes';
 * countPrimesInRange(100, 200); // 21
 * ```
 */
export function countPrimesInRange(a: number, b: number): number {
  checkRange('countPrimesInRange', a, b);
  let count = 0;
  for (const p of SMALL) if (p >= a && p < b) count++;
  if (b <= 7 || a >= b) return count;
  const firstByte = Math.floor(a / 30);
  const lastByte = Math.ceil(b / 30) - 1; // inclusive
  const sieve = new SegmentedSieve(firstByte, lastByte + 1);
  const seg = sieve.bytes;
  while (sieve.next()) {
    const L = sieve.byteStart;
    let i0 = 0;
    let i1 = sieve.length;
    // edge bytes: count bit by bit
    const edge = (i: number): void => {
      let bits = ~(seg[i] as number) & 0xff;
      const base = 30 * (L + i);
      while (bits !== 0) {
        const k = LOWBIT8[bits] as number;
        bits &= bits - 1;
        const p = base + (WHEEL[k] as number);
        if (p >= a && p < b) count++;
      }
    };
    if (L === firstByte) edge(i0++);
    if (L + i1 - 1 === lastByte && i1 > i0) edge(--i1);
    count += sieve.countPrimeBits(i0, i1);
  }
  return count;
}

/**
 * π(x): the number of primes ≤ x, by sieving (linear time; see `primeCount` for large x).
 *
 * @param x - integer in [0, 2^52]
 * @returns π(x)
 * @throws PrimeosError `E_RANGE` for a non-integer or out-of-range x
 * @example
 * ```ts
 * import { countPrimes } from 'primeos/primes';
 * countPrimes(1_000_000); // 78498
 * ```
 */
export function countPrimes(x: number): number {
  if (!Number.isSafeInteger(x) || x < 0 || x > SIEVE_MAX) {
    throw new PrimeosError('E_RANGE', `countPrimes: x must be an integer in [0, 2^52], got ${x}`, { x });
  }
  return countPrimesInRange(0, x + 1);
}
