import { ECM_DEFAULT_BUDGET_MS } from './ecm.js';
import { FACTORIZE_DEFAULT_BUDGET_MS, FACTORIZE_DEFAULT_MAX_BITS, FACTORIZE_DEFAULT_TINY_BOUND } from './factorize.js';
import { MICRO_ECM_DEFAULT_BUDGET_MS, MICRO_ECM_DEFAULT_MAX_CURVES } from './microEcm.js';
import { NTH_PRIME_MAX_INDEX } from './nthPrime.js';
import { PARSE_DEFAULT_MAX_BITS } from './parseBigInt.js';
import { PRIME_COUNT_MAX } from './primeCount.js';
import { PRIMES_BETWEEN_MAX } from './primesBetween.js';
import { PRIME_TABLE_DEFAULT_CAP } from './PrimeRegistry.js';
import { RHO_DEFAULT_BUDGET_MS, RHO_DEFAULT_MAX_ITERATIONS } from './rho.js';
import { SIEVE_MAX } from './SegmentedSieve.js';
import { SIQS_DEFAULT_BUDGET_MS, SIQS_DEFAULT_SEED } from './siqs.js';
import {
  TRIAL_DIVISION_DEFAULT_BOUND,
  TRIAL_DIVISION_DEFAULT_BUDGET_MS,
  TRIAL_DIVISION_MAX_BOUND,
} from './trialDivision.js';

/** The defaults and hard limits of `primeos/primes`, in one place (see {@link PRIMES_DEFAULTS}). */
export interface PrimesDefaults {
  /** `factorize`: total budget (ms), largest input (bits), tiny primes stripped first (bound). */
  readonly factorize: { readonly budgetMs: number; readonly maxBits: number; readonly tinyBound: number };
  /** `trialDivision`: default and largest prime bound, budget per call (ms). */
  readonly trialDivision: { readonly bound: number; readonly maxBound: number; readonly budgetMs: number };
  /** `rho`: iterations and budget per call (ms). */
  readonly rho: { readonly maxIterations: number; readonly budgetMs: number };
  /** `microEcm`: curves and budget per call (ms). */
  readonly microEcm: { readonly maxCurves: number; readonly budgetMs: number };
  /** `ecm`: budget per call (ms). */
  readonly ecm: { readonly budgetMs: number };
  /** `siqs`: budget per call (ms) and seed. */
  readonly siqs: { readonly budgetMs: number; readonly seed: number };
  /** `parseBigInt`: largest accepted integer (bits). */
  readonly parseBigInt: { readonly maxBits: number };
  /** `PrimeRegistry`: most primes kept in its table. */
  readonly registry: { readonly primeTableCap: number };
  /**
   * Limits of the sieve (largest value), `primesBetween` (largest value), `primeCount` (largest x) and
   * `nthPrime` (largest index).
   */
  readonly limits: {
    readonly sieveMax: number;
    readonly primesBetweenMax: bigint;
    readonly primeCountMax: number;
    readonly nthPrimeMaxIndex: number;
  };
}

/**
 * The defaults and hard limits of `primeos/primes`: what each function uses when an option is left out, and
 * the largest inputs it accepts.
 *
 * @example
 * ```ts
 * import { PRIMES_DEFAULTS, factorize } from 'primeos/primes';
 * factorize(91n, { budgetMs: PRIMES_DEFAULTS.factorize.budgetMs / 10 });
 * ```
 */
export const PRIMES_DEFAULTS: PrimesDefaults = {
  factorize: {
    budgetMs: FACTORIZE_DEFAULT_BUDGET_MS,
    maxBits: FACTORIZE_DEFAULT_MAX_BITS,
    tinyBound: FACTORIZE_DEFAULT_TINY_BOUND,
  },
  trialDivision: {
    bound: TRIAL_DIVISION_DEFAULT_BOUND,
    maxBound: TRIAL_DIVISION_MAX_BOUND,
    budgetMs: TRIAL_DIVISION_DEFAULT_BUDGET_MS,
  },
  rho: { maxIterations: RHO_DEFAULT_MAX_ITERATIONS, budgetMs: RHO_DEFAULT_BUDGET_MS },
  microEcm: { maxCurves: MICRO_ECM_DEFAULT_MAX_CURVES, budgetMs: MICRO_ECM_DEFAULT_BUDGET_MS },
  ecm: { budgetMs: ECM_DEFAULT_BUDGET_MS },
  siqs: { budgetMs: SIQS_DEFAULT_BUDGET_MS, seed: SIQS_DEFAULT_SEED },
  parseBigInt: { maxBits: PARSE_DEFAULT_MAX_BITS },
  registry: { primeTableCap: PRIME_TABLE_DEFAULT_CAP },
  limits: {
    sieveMax: SIEVE_MAX,
    primesBetweenMax: PRIMES_BETWEEN_MAX,
    primeCountMax: PRIME_COUNT_MAX,
    nthPrimeMaxIndex: NTH_PRIME_MAX_INDEX,
  },
};
