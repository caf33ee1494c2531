import type { Band } from '../../bands/Band.js';
import { planFor } from '../../bands/planFor.js';
import { factorizeWith, resolveFactorizeOptions } from '../../primes/factorize.js';
import type { FactorStage } from '../../primes/FactorStage.js';
import { factorStages } from '../../primes/factorPlan.js';
import type { Factorization } from '../../primes/Factorization.js';
import type { StageSpec } from '../../primes/StageSpec.js';
import { integerArgument } from '../../primes/internal/integerArgument.js';

/**
 * Composites from this size up are sieved on the whole pool; smaller ones by SIQS on one thread, where a run takes
 * milliseconds and the round trips of parallel batches would cost more than they save
 * (`npx tsx bench/siqsParallel.ts`).
 */
export const SIQS_PARALLEL_MIN_BITS = 136;

/** Each band's plan without SIQS above {@link SIQS_PARALLEL_MIN_BITS} (built once per band). */
const deferredPlans = new WeakMap<Band, readonly FactorStage[]>();

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
 * `bandedFactorize` with the band's plan {@link withoutSiqs}: what is left in SIQS's size range from
 * {@link SIQS_PARALLEL_MIN_BITS} up comes back as a `partial` result's cofactor (reason `budget`), for the caller
 * to sieve on several threads (`siqsParallel`).
 *
 * @param n - the integer
 * @param options - budget, seed, limits (as `bandedFactorize`)
 * @returns the factorisation, partial where SIQS would have run long
 */
export function factorizeDeferringSiqs(
  n: bigint | number,
  options: {
    readonly budgetMs?: number;
    readonly seed?: number;
    readonly maxBits?: number;
    readonly tinyBound?: number;
  },
): Factorization {
  const value = typeof n === 'bigint' ? n : integerArgument(n, 'factorizeDeferringSiqs');
  const { band } = planFor(value < 0n ? -value : value);
  let plan = deferredPlans.get(band);
  if (plan === undefined) deferredPlans.set(band, (plan = factorStages(withoutSiqs(band.plan))));
  return factorizeWith(value, resolveFactorizeOptions({ ...options, plan, band: band.name }));
}
