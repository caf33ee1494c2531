import type { Band } from '../../bands/Band.js';
import { planFor } from '../../bands/planFor.js';
import { factorizeWith, resolveFactorizeOptions } from '../../primes/factorize.js';
import type { FactorStage } from '../../primes/FactorStage.js';
import { factorStages } from '../../primes/factorPlan.js';
import type { Factorization } from '../../primes/Factorization.js';
import type { StageSpec } from '../../primes/StageSpec.js';
import { integerArgument } from '../../primes/internal/integerArgument.js';
import { SIQS_PARALLEL_MIN_BITS } from './siqsParallelMinBits.js';

export { SIQS_PARALLEL_MIN_BITS };

/** Each band's plans without SIQS, by the size SIQS is left out from (built once per band and size). */
const deferredPlans = new WeakMap<Band, Map<number, readonly FactorStage[]>>();

/**
 * A plan whose SIQS stage, and the safety-net stages after it that cover only SIQS's size range, stop below
 * `fromBits`; the stages for sizes above SIQS's range stay. A composite from `fromBits` up in SIQS's range that the
 * stages before SIQS (trial division, the ECM pretest) cannot split is then left as the result's cofactor.
 *
 * @param specs - a band's stage specs
 * @param fromBits - the size from which SIQS is left out (default {@link SIQS_PARALLEL_MIN_BITS})
 * @returns the specs without SIQS from that size
 */
export function withoutSiqs(specs: readonly StageSpec[], fromBits = SIQS_PARALLEL_MIN_BITS): readonly StageSpec[] {
  const at = specs.findIndex((s) => s.engine === 'siqs');
  if (at < 0) return specs;
  const siqsMax = specs[at]?.maxBits ?? Infinity;
  const after: StageSpec[] = [];
  for (const s of specs.slice(at)) {
    const maxBits = s.maxBits ?? Infinity;
    if ((s.minBits ?? 0) > siqsMax) after.push(s);
    else if ((s.minBits ?? 0) < fromBits) after.push({ ...s, maxBits: Math.min(maxBits, fromBits - 1) });
  }
  return [...specs.slice(0, at), ...after];
}

/**
 * `bandedFactorize` with the band's plan {@link withoutSiqs}: what is left in SIQS's size range from `fromBits`
 * up comes back as a `partial` result's cofactor (reason `budget`), for the caller to sieve on several threads
 * (`siqsParallel`).
 *
 * @param n - the integer
 * @param options - budget, seed, limits, signal (as `bandedFactorize`)
 * @param fromBits - the size from which SIQS is left out (default {@link SIQS_PARALLEL_MIN_BITS})
 * @returns the factorisation, partial where SIQS would have run long
 */
export function factorizeDeferringSiqs(
  n: bigint | number,
  options: {
    readonly budgetMs?: number;
    readonly seed?: number;
    readonly maxBits?: number;
    readonly tinyBound?: number;
    readonly signal?: AbortSignal;
  },
  fromBits = SIQS_PARALLEL_MIN_BITS,
): Factorization {
  const value = typeof n === 'bigint' ? n : integerArgument(n, 'factorizeDeferringSiqs');
  const { band } = planFor(value < 0n ? -value : value);
  let bySize = deferredPlans.get(band);
  if (bySize === undefined) deferredPlans.set(band, (bySize = new Map()));
  let plan = bySize.get(fromBits);
  if (plan === undefined) bySize.set(fromBits, (plan = factorStages(withoutSiqs(band.plan, fromBits))));
  return factorizeWith(value, resolveFactorizeOptions({ ...options, plan, band: band.name }));
}
