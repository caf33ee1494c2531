import { integerArgument } from '../primes/internal/integerArgument.js';
import {
  factorizeWith,
  FACTORIZE_DEFAULT_BUDGET_MS,
  FACTORIZE_DEFAULT_MAX_BITS,
  FACTORIZE_DEFAULT_TINY_BOUND,
  resolveFactorizeOptions,
  type FactorizeOptions,
  type FactorStage,
  type ResolvedFactorizeOptions,
} from '../primes/factorize.js';
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
  if (typeof n !== 'bigint') n = integerArgument(n, 'bandedFactorize');
  const m = n < 0n ? -n : n;
  const { band, stages } = planFor(m, options);
  return factorizeWith(n, resolvedFor(options, stages, band.name));
}

/**
 * Options resolved for the last caller's options object, one per plan: a job passes the same options object for
 * many numbers, so the per-number spread and resolution are skipped. The fields are compared too, in case the
 * object was changed in place.
 */
let lastOptions: BandedFactorizeOptions | undefined;
let lastResolved: ResolvedFactorizeOptions[] = [];

function resolvedFor(
  options: BandedFactorizeOptions,
  plan: readonly FactorStage[],
  band: string,
): ResolvedFactorizeOptions {
  if (options !== lastOptions || lastResolved.length >= 64) {
    lastOptions = options;
    lastResolved = [];
  }
  for (const r of lastResolved) {
    if (
      r.plan === plan &&
      r.band === band &&
      r.budgetMs === (options.budgetMs ?? FACTORIZE_DEFAULT_BUDGET_MS) &&
      r.signal === options.signal &&
      r.seed === (options.seed ?? 1) &&
      r.maxBits === (options.maxBits ?? FACTORIZE_DEFAULT_MAX_BITS) &&
      r.tinyBound === Math.max(3, options.tinyBound ?? FACTORIZE_DEFAULT_TINY_BOUND)
    ) {
      return r;
    }
  }
  const r = resolveFactorizeOptions({ ...options, plan, band });
  lastResolved.push(r);
  return r;
}
