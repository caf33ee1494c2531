import { factorize, type FactorizeOptions } from '../primes/factorize.js';
import type { Factorization } from '../primes/Factorization.js';
import { planFor, type PlanOptions } from './planFor.js';

/** Options of {@link bandedFactorize}: `factorize` options (without `plan`/`band`) plus plan options. */
export type BandedFactorizeOptions = Omit<FactorizeOptions, 'plan' | 'band'> & PlanOptions;

/**
 * Factorise n with the plan of its band (`planFor`) and record the band in the result: the default,
 * best-effort way to factor a number of any size.
 *
 * @param n - the integer
 * @param options - budget, signal, seed, limits, band table
 * @returns the Factorization (`complete`, honest `partial`, or `failed`)
 * @example
 * ```ts
 * import { bandedFactorize } from 'primeos/bands';
 * bandedFactorize(2n ** 64n + 1n).factors.map((f) => f.prime); // [274177n, 67280421310721n]
 * ```
 */
export function bandedFactorize(n: bigint, options: BandedFactorizeOptions = {}): Factorization {
  const m = n < 0n ? -n : n;
  const { band, stages } = planFor(m, options);
  return factorize(n, { ...options, plan: stages, band: band.name });
}
