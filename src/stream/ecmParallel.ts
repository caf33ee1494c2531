import type { FactorEffort } from '../primes/Factorization.js';
import { ECM_STAGE_B2_FACTOR } from '../primes/factorPlan.js';
import type { SplitOutcome } from '../primes/Splitter.js';
import type { EcmStageSpec } from './internal/factorizeDeferring.js';
import { mergeEffort } from './internal/completeFactorization.js';
import { TaskWindow } from './internal/TaskWindow.js';
import type { WorkerPool } from './WorkerPool.js';
import type { EcmCurvesInput } from './workers/streamWorker.js';

/** Tasks kept in flight per pool thread. */
export const ECM_PARALLEL_TASKS_PER_THREAD = 2;

/** Stages from this B1 send one curve per task (a curve then takes tens of ms or more); below, a few per task. */
export const ECM_PARALLEL_SINGLE_CURVE_B1 = 50_000;

/** Options of {@link ecmParallel}. */
export interface EcmParallelOptions {
  /** A pool running the stream worker module (its `ecmCurves` task). */
  readonly pool: WorkerPool;
  /** The ECM stages to run, in order (e.g. a plan's stages above SIQS's range): B1, curves, budget each. */
  readonly stages: readonly Pick<EcmStageSpec, 'B1' | 'curves' | 'budgetMs'>[];
  /** Wall-clock budget of the whole run (default: the sum of the stage budgets). */
  readonly budgetMs?: number;
  readonly signal?: AbortSignal;
  /** Seed of the curves (default 1). */
  readonly seed?: number;
}

/**
 * ECM with its curves spread over a worker pool: the stages run in order, each stage's curves go out as
 * `ecmCurves` tasks (one curve per task from {@link ECM_PARALLEL_SINGLE_CURVE_B1}, a few below), with
 * {@link ECM_PARALLEL_TASKS_PER_THREAD} tasks per thread in flight, each with its own seed; the first divisor
 * found ends the run. A stage ends when its curves are done or its budget has passed (then the next stage starts).
 * The curves differ from those of the one-thread plan (other seeds), so the divisor found may be another one.
 * On return the tasks still running finish their curves in their threads and are dropped; an abort returns at once.
 *
 * @param n - an odd composite, not a perfect power, without small factors
 * @param options - the pool, the stages, budget, signal, seed
 * @returns `found` with a divisor, `exhausted` (every stage ran, or the budget ended) or `aborted`
 * @throws PrimeosError when the pool fails a task (e.g. `E_STATE` for a destroyed pool)
 * @example
 * ```ts
 * import { WorkerPool, defaultStreamWorkerFile, ecmParallel } from 'primeos/stream';
 * const pool = new WorkerPool({ filename: await defaultStreamWorkerFile(), threads: 2 });
 * const n = (2n ** 89n - 1n) * (2n ** 107n - 1n) * 1000000000000000003n;
 * const out = await ecmParallel(n, { pool, stages: [{ B1: 11_000, curves: 200, budgetMs: 30_000 }] });
 * await pool.destroy();
 * ```
 */
export async function ecmParallel(n: bigint, options: EcmParallelOptions): Promise<SplitOutcome> {
  const { pool, stages, signal } = options;
  const seed = options.seed ?? 1;
  const total = options.budgetMs ?? stages.reduce((sum, s) => sum + s.budgetMs, 0);
  const deadline = performance.now() + total;
  let effort: FactorEffort = { ecmCurves: 0, ecmB1: 0 };
  if (signal?.aborted) return { status: 'aborted', effort };
  const tasks = new TaskWindow(pool.task<EcmCurvesInput, SplitOutcome>('ecmCurves'), signal);
  try {
    let taskSeed = 0;
    for (const stage of stages) {
      const stageEnd = Math.min(deadline, performance.now() + stage.budgetMs);
      const perTask =
        stage.B1 >= ECM_PARALLEL_SINGLE_CURVE_B1
          ? 1
          : Math.max(1, Math.ceil(stage.curves / (pool.threads * ECM_PARALLEL_TASKS_PER_THREAD * 4)));
      let left = stage.curves;
      for (;;) {
        while (left > 0 && performance.now() < stageEnd && tasks.size < pool.threads * ECM_PARALLEL_TASKS_PER_THREAD) {
          const curves = Math.min(perTask, left);
          left -= curves;
          tasks.add({
            n,
            B1: stage.B1,
            B2: ECM_STAGE_B2_FACTOR * stage.B1,
            curves,
            seed: (Math.imul(seed, 0x9e3779b1) + taskSeed++) >>> 0,
            budgetMs: Math.max(0, Math.floor(stageEnd - performance.now())),
          });
        }
        if (tasks.size === 0) break;
        const out = await tasks.next();
        if (out === undefined) return { status: 'aborted', effort };
        effort = mergeEffort([effort, out.effort]);
        if (out.status === 'found') return { status: 'found', divisor: out.divisor, effort };
      }
      if (performance.now() >= deadline) return { status: 'exhausted', effort };
    }
    return { status: 'exhausted', effort };
  } finally {
    tasks.close();
  }
}
