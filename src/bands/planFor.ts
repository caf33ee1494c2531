import { factorStages } from '../primes/factorPlan.js';
import type { FactorStage } from '../primes/FactorStage.js';
import type { Band } from './Band.js';
import { BAND_TABLE } from './bandTable.js';
import { classify } from './classify.js';

/** Options of {@link planFor}. */
export interface PlanOptions {
  /** The band table (default {@link BAND_TABLE}; the bands model passes its adapted table). */
  readonly table?: readonly Band[];
  /** Multiplies every stage budget (e.g. 0.1 for a quick pass). Default 1. */
  readonly budgetScale?: number;
}

/** A plan ready for `factorize`: the band and its runnable stages. */
export interface FactorPlan {
  readonly band: Band;
  readonly stages: readonly FactorStage[];
}

/** Runnable stages per band object and budget scale (a job asks for the same few plans millions of times). */
const stageCache = new WeakMap<Band, Map<number, readonly FactorStage[]>>();

/**
 * The factor plan for n: its band and the band's stages as runnable `FactorStage`s (tdiv → micro-ECM → rho up
 * to 64 bits; tdiv → ECM pretest → SIQS above, or the full ECM schedule above SIQS's range). Each stage only runs on composites
 * within its own size limits, so cofactors found on the way get the stages that suit their size.
 *
 * @param n - the number to factor
 * @param options - table and budget scale
 * @returns the band and the stages
 * @example
 * ```ts
 * import { planFor } from 'primeos/bands';
 * import { factorize } from 'primeos/primes';
 * const n = 1000000000039n * 1000000000061n;
 * const { band, stages } = planFor(n);
 * factorize(n, { plan: stages, band: band.name }).status; // 'complete'
 * ```
 */
export function planFor(n: bigint, options: PlanOptions = {}): FactorPlan {
  const band = classify(n, options.table ?? BAND_TABLE);
  const scale = options.budgetScale ?? 1;
  let byScale = stageCache.get(band);
  if (!byScale) stageCache.set(band, (byScale = new Map()));
  let stages = byScale.get(scale);
  if (!stages) {
    stages = factorStages(band.plan, scale);
    byScale.set(scale, stages);
  }
  return { band, stages };
}
