/**
 * All primes ≤ limit by a plain sieve of Eratosthenes (odd-only), one byte per odd number. Used for
 * the base primes of the segmented sieve (up to √end: 2^26 at the top of its range, ~0.7 s and 32 MB
 * there) and for small tables; the segmented sieve serves ranges.
 *
 * @param limit - inclusive upper bound (≤ 2^31)
 * @returns the primes in ascending order
 */
export function primesUpTo(limit: number): Uint32Array {
  if (!Number.isInteger(limit) || limit < 0 || limit > 2 ** 31) throw new RangeError('primesUpTo: bad limit');
  if (limit < 2) return new Uint32Array(0);
  const size = (limit - 1) >> 1; // index i ↔ 2i+3
  const composite = new Uint8Array(size);
  for (let i = 0; ; i++) {
    const p = 2 * i + 3;
    if (p * p > limit) break;
    if (composite[i]) continue;
    for (let j = (p * p - 3) >> 1; j < size; j += p) composite[j] = 1;
  }
  let count = 1;
  for (let i = 0; i < size; i++) if (!composite[i]) count++;
  const out = new Uint32Array(count);
  out[0] = 2;
  let k = 1;
  for (let i = 0; i < size; i++) if (!composite[i]) out[k++] = 2 * i + 3;
  return out;
}

/** The largest table {@link primesThrough} has built, shared by its callers. */
let table: { readonly limit: number; readonly primes: Uint32Array } = { limit: 0, primes: new Uint32Array(0) };

/**
 * The primes up to at least `limit` (possibly more: callers stop at their own bound), from one table kept for
 * the process and rebuilt, at least twice as large, only when a caller needs more: for callers that ask again
 * and again (SIQS factor bases, the exponents of perfect-power tests) instead of sieving per call.
 *
 * @param limit - inclusive bound (≤ 2^31)
 * @returns the primes in ascending order, through at least `limit`
 */
export function primesThrough(limit: number): Uint32Array {
  if (table.limit < limit) {
    const next = Math.max(limit, Math.min(2 ** 31, 2 * table.limit));
    table = { limit: next, primes: primesUpTo(next) };
  }
  return table.primes;
}
