/**
 * The factor plan: one ordered list of stages (engine, parameters, budget, the composite sizes each applies to),
 * used by `factorize` (its default plan), `PrimeRegistry.factor`, the band planner (`primeos/bands` filters it per
 * band), the stream operators, the factor job and its workers. Below 2^64 the plan's first stages (trial
 * division, micro-ECM, rho) run as one WebAssembly call per number (`factorize`'s small-number path).
 */
import { DEFAULT_CROSSOVERS, type Crossovers } from './crossovers.js';
import { createEcmSplitter } from './ecm.js';
import type { FactorStage } from './FactorStage.js';
import { createMicroEcmSplitter } from './microEcm.js';
import { createRhoSplitter } from './rho.js';
import { siqsSplit } from './siqs.js';
import type { Splitter } from './Splitter.js';
import type { StageSpec } from './StageSpec.js';
import { createTrialDivisionSplitter } from './trialDivision.js';

/** Micro-ECM takes composites of this many bits and more (its default lower bound, 2^36, has 37 bits). */
const MICRO_ECM_MIN_BITS = 37;

/** B2 of a plan's ECM stage, as a multiple of its B1 (a stage spec names only B1). */
export const ECM_STAGE_B2_FACTOR = 100;

/** Budget of one SIQS call: large, since the job's total budget caps it anyway. */
const SIQS_STAGE_BUDGET_MS = 600_000;

/**
 * The full ordered stage list; every stage carries the composite sizes it applies to, so one list
 * serves every band and every cofactor met on the way down.
 *
 * - up to `rhoMainMaxBits` (64): trial division to 2^12, then micro-ECM from 37 bits (WebAssembly), then rho
 *   (its WebAssembly path below 2^64) for what is smaller or what micro-ECM gives up on; between that and
 *   `pretestMinBits` trial division to 2^14, then SIQS (< 10 ms there); from `pretestMinBits` trial division to
 *   2^20 (~0.3 ms at 96–192 bits with limb folding) and no rho: the first ECM curve finds 20–24-bit factors
 *   anyway.
 * - ECM pretest before SIQS, about 10% of the SIQS time at that size or less: 1 curve at B1 = 2000 from
 *   `pretestMinBits` to 140 bits, 6 to 180 bits, then 16 at B1 = 2000 and 8 at B1 = 11 000 up to `siqsMaxBits`.
 *   More curves found no more factors on unbalanced and random numbers and cost balanced semiprimes time.
 *   One curve at B1 = 2000 costs ~2–3 ms at 112–224 bits against SIQS 7 ms at 112 bits and 3.1 s at 192:
 *   `npx tsx bench/bands-crossover.ts --corpus engines` (CPU ms per call).
 * - Above `siqsMaxBits` only ECM can find factors: the full schedule 15 → 35 digits.
 * - This plan against variants on the same numbers (sums of CPU ms, same run):
 *   `npx tsx bench/bands-crossover.ts --corpus unbalanced,random --count 16 --sizes 192,224` and
 *   `npx tsx bench/bands-crossover.ts --corpus balanced --count 8 --sizes 128,160,192`.
 */
export function factorStageSpecs(c: Crossovers = DEFAULT_CROSSOVERS): readonly StageSpec[] {
  const above = c.siqsMaxBits + 1;
  return [
    // below 2^64 the WebAssembly rho finds 11–16-bit factors faster than BigInt trial division
    { engine: 'tdiv', bound: 4_096, budgetMs: 1_000, maxBits: c.rhoMainMaxBits },
    // SIQS wants no factor below ~10^4; beyond that, small factors are cheap for SIQS below the pretest size
    { engine: 'tdiv', bound: 16_384, budgetMs: 1_000, minBits: c.rhoMainMaxBits + 1, maxBits: c.pretestMinBits - 1 },
    // tdiv to 2^20 costs ~0.3 ms from 110 bits (limb folding)
    { engine: 'tdiv', bound: 1 << 20, budgetMs: 1_000, minBits: c.pretestMinBits },
    // micro-ECM (WebAssembly) from 37 bits: 1.35× rho at 40 bits, 4.4× at 56, 7.8× at 64 (bench/microEcm.bench.ts)
    { engine: 'uecm', maxCurves: 1_024, budgetMs: 2_000, minBits: MICRO_ECM_MIN_BITS, maxBits: c.rhoMainMaxBits },
    { engine: 'rho', maxIterations: 1 << 22, maxIterationsWasm: 1 << 26, budgetMs: 20_000, maxBits: c.rhoMainMaxBits },
    { engine: 'ecm', B1: 2_000, curves: 1, budgetMs: 2_000, minBits: c.pretestMinBits, maxBits: 140 },
    { engine: 'ecm', B1: 2_000, curves: 6, budgetMs: 5_000, minBits: 141, maxBits: 180 },
    { engine: 'ecm', B1: 2_000, curves: 16, budgetMs: 5_000, minBits: 181, maxBits: c.siqsMaxBits },
    { engine: 'ecm', B1: 11_000, curves: 8, budgetMs: 20_000, minBits: 181, maxBits: c.siqsMaxBits },
    { engine: 'siqs', budgetMs: SIQS_STAGE_BUDGET_MS, minBits: c.siqsMinBits, maxBits: c.siqsMaxBits },
    // safety net, reached only when SIQS gives up on a number (it once did on 2^64 + 1)
    { engine: 'rho', maxIterations: 1 << 18, budgetMs: 10_000, minBits: c.siqsMinBits, maxBits: c.siqsMaxBits },
    { engine: 'ecm', B1: 11_000, curves: 50, budgetMs: 30_000, minBits: c.siqsMinBits, maxBits: c.siqsMaxBits },
    { engine: 'ecm', B1: 2_000, curves: 30, budgetMs: 10_000, minBits: above },
    { engine: 'ecm', B1: 11_000, curves: 110, budgetMs: 30_000, minBits: above },
    { engine: 'ecm', B1: 50_000, curves: 350, budgetMs: 120_000, minBits: above },
    { engine: 'ecm', B1: 250_000, curves: 800, budgetMs: 600_000, minBits: above },
    { engine: 'ecm', B1: 1_000_000, curves: 2_000, budgetMs: 3_600_000, minBits: above },
  ];
}

/** The engine for a stage spec (engines are pure; instances are shared). The driver applies the size limits. */
function engineFor(spec: StageSpec): Splitter {
  const key = JSON.stringify(spec);
  let s = splitterCache.get(key);
  if (s) return s;
  switch (spec.engine) {
    case 'tdiv':
      s = createTrialDivisionSplitter({ bound: spec.bound });
      break;
    case 'rho':
      s = createRhoSplitter({
        maxIterations: spec.maxIterations,
        ...(spec.maxIterationsWasm === undefined ? {} : { maxIterationsWasm: spec.maxIterationsWasm }),
      });
      break;
    case 'ecm':
      s = createEcmSplitter({
        levels: [{ digits: 0, B1: spec.B1, B2: ECM_STAGE_B2_FACTOR * spec.B1, curves: spec.curves }],
      });
      break;
    case 'uecm':
      s = createMicroEcmSplitter({ maxCurves: spec.maxCurves });
      break;
    case 'siqs':
      s = siqsSplit;
      break;
  }
  splitterCache.set(key, s);
  return s;
}

const splitterCache = new Map<string, Splitter>();
/** Plans built from stage specs: below 2^64 `factorize` runs them as its one-call kernel path. */
const specPlans = new WeakSet<readonly FactorStage[]>();

/**
 * Runnable stages for stage specs (engines shared between plans; budgets scaled).
 *
 * @param specs - the stage specs, e.g. a band's part of {@link factorStageSpecs}
 * @param budgetScale - multiplies every stage budget (default 1)
 * @returns the stages, in order
 * @example
 * ```ts
 * import { factorStageSpecs, factorStages } from 'primeos/primes';
 * factorStages(factorStageSpecs()).map((s) => s.name); // ['tdiv', 'tdiv', 'tdiv', 'uecm', 'rho', 'ecm', …]
 * ```
 */
export function factorStages(specs: readonly StageSpec[], budgetScale = 1): readonly FactorStage[] {
  const stages = specs.map((spec) => ({
    name: spec.engine,
    split: engineFor(spec),
    budgetMs: spec.budgetMs * budgetScale,
    ...(spec.minBits === undefined ? {} : { minBits: spec.minBits }),
    ...(spec.maxBits === undefined ? {} : { maxBits: spec.maxBits }),
  }));
  specPlans.add(stages);
  return stages;
}

/**
 * True for plans built by {@link factorStages}: `factorize` runs them below 2^64 as one kernel call per number
 * (trial division, micro-ECM and rho, the engines such plans use there). Hand-made plans always run stage by
 * stage.
 *
 * @param plan - a plan
 * @returns whether the plan was built from stage specs
 */
export function isSpecPlan(plan: readonly FactorStage[]): boolean {
  return specPlans.has(plan);
}

/**
 * The default plan of `factorize(n)` and `PrimeRegistry.factor`: every stage of {@link factorStageSpecs} (each
 * applies to the composite sizes it is measured for), so they factor as fast as the band planner does.
 */
export const DEFAULT_FACTOR_PLAN: readonly FactorStage[] = factorStages(factorStageSpecs());
