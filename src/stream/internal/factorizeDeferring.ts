import type { Band } from '../../bands/Band.js';
import { planFor } from '../../bands/planFor.js';
import { DEFAULT_CROSSOVERS } from '../../primes/crossovers.js';
import { factorizeWith, resolveFactorizeOptions } from '../../primes/factorize.js';
import type { FactorStage } from '../../primes/FactorStage.js';
import { factorStages } from '../../primes/factorPlan.js';
import type { Factorization } from '../../primes/Factorization.js';
import type { StageSpec } from '../../primes/StageSpec.js';
import { integerArgument } from '../../primes/internal/integerArgument.js';
import { SIQS_PARALLEL_MIN_BITS } from './parallelThresholds.js';

export { SIQS_PARALLEL_MIN_BITS };

/** Which stages a deferred plan leaves to the parallel engines (see {@link deferredSpecs}). */
export interface Deferral {
  /** SIQS and its safety nets stop below this size (default {@link SIQS_PARALLEL_MIN_BITS}). */
  readonly siqsFromBits?: number;
  /** The ECM stages above SIQS's range with a B1 from this bound on are left out (default 0: all of them). */
  readonly ecmFromB1?: number;
}

/** An ECM stage spec. */
export type EcmStageSpec = Extract<StageSpec, { readonly engine: 'ecm' }>;

/** Whether a stage is one of the ECM stages for composites above SIQS's range. */
const aboveSiqs = (s: StageSpec): s is EcmStageSpec =>
  s.engine === 'ecm' && (s.minBits ?? 0) > DEFAULT_CROSSOVERS.siqsMaxBits;

/**
 * A plan without the long stages that the parallel engines run instead: SIQS, and the safety-net stages after it
 * that cover only SIQS's size range, stop below `siqsFromBits`; the ECM stages above SIQS's range with B1 from
 * `ecmFromB1` on are dropped (their curves go to `ecmParallel`). A composite they would have split is then left
 * as the result's cofactor.
 *
 * @param specs - a band's stage specs
 * @param deferral - what to leave out
 * @returns the specs without those stages, in order
 */
export function deferredSpecs(specs: readonly StageSpec[], deferral: Deferral = {}): readonly StageSpec[] {
  const fromBits = deferral.siqsFromBits ?? SIQS_PARALLEL_MIN_BITS;
  const fromB1 = deferral.ecmFromB1 ?? 0;
  const at = specs.findIndex((s) => s.engine === 'siqs');
  const out: StageSpec[] = [];
  specs.forEach((s, i) => {
    if (aboveSiqs(s)) {
      if (s.B1 < fromB1) out.push(s);
    } else if (at < 0 || i < at) out.push(s);
    else if ((s.minBits ?? 0) < fromBits) out.push({ ...s, maxBits: Math.min(s.maxBits ?? Infinity, fromBits - 1) });
  });
  return out;
}

/**
 * The ECM stages of the plan for n above SIQS's range that a plan deferred with `ecmFromB1` left out, in order.
 *
 * @param n - the composite
 * @param ecmFromB1 - as in {@link Deferral}
 * @returns the stages `ecmParallel` runs
 */
export function deferredEcmSpecs(n: bigint, ecmFromB1 = 0): readonly EcmStageSpec[] {
  return planFor(n < 0n ? -n : n)
    .band.plan.filter(aboveSiqs)
    .filter((s) => s.B1 >= ecmFromB1);
}

/** Each band's deferred plans, by deferral (built once per band and deferral). */
const deferredPlans = new WeakMap<Band, Map<string, readonly FactorStage[]>>();

/**
 * `bandedFactorize` with the band's plan {@link deferredSpecs}: what the long stages would have split comes back
 * as a `partial` result's cofactor (reason `budget`), for the caller to finish on several threads (`siqsParallel`,
 * `ecmParallel`).
 *
 * @param n - the integer
 * @param options - budget, seed, limits, signal (as `bandedFactorize`)
 * @param deferral - what to leave out (default: SIQS from {@link SIQS_PARALLEL_MIN_BITS} bits, all ECM above it)
 * @returns the factorisation, partial where a long stage would have run
 */
export function factorizeDeferring(
  n: bigint | number,
  options: {
    readonly budgetMs?: number;
    readonly seed?: number;
    readonly maxBits?: number;
    readonly tinyBound?: number;
    readonly signal?: AbortSignal;
  },
  deferral: Deferral = {},
): Factorization {
  const value = typeof n === 'bigint' ? n : integerArgument(n, 'factorizeDeferring');
  const { band } = planFor(value < 0n ? -value : value);
  let byDeferral = deferredPlans.get(band);
  if (byDeferral === undefined) deferredPlans.set(band, (byDeferral = new Map()));
  const key = `${deferral.siqsFromBits ?? SIQS_PARALLEL_MIN_BITS}:${deferral.ecmFromB1 ?? 0}`;
  let plan = byDeferral.get(key);
  if (plan === undefined) byDeferral.set(key, (plan = factorStages(deferredSpecs(band.plan, deferral))));
  return factorizeWith(value, resolveFactorizeOptions({ ...options, plan, band: band.name }));
}
