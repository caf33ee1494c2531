import { bitLength } from '../primes/arith.js';
import { SiqsCombiner } from '../primes/internal/SiqsCombiner.js';
import type { SiqsRelation } from '../primes/internal/siqsCollect.js';
import type { SiqsContext } from '../primes/internal/siqsContext.js';
import { resolveSiqsOptions, siqsBatchACount, siqsBatchSeed, siqsStart, type SiqsOptions } from '../primes/siqs.js';
import type { SplitOutcome } from '../primes/Splitter.js';
import { TaskWindow } from './internal/TaskWindow.js';
import type { WorkerPool } from './WorkerPool.js';
import type { SiqsBatchInput } from './workers/streamWorker.js';

/** Batches kept in flight per pool thread (one runs while the next waits, so no thread idles between batches). */
export const SIQS_PARALLEL_BATCHES_PER_THREAD = 2;

/** Options of {@link siqsParallel}: those of `siqs` and the pool that sieves. */
export interface SiqsParallelOptions extends SiqsOptions {
  /** A pool running the stream worker module (its `siqsBatch` task); every thread of it sieves. */
  readonly pool: WorkerPool;
}

/**
 * The self-initialising quadratic sieve with its sieving spread over a worker pool: this thread prepares the
 * context, keeps {@link SIQS_PARALLEL_BATCHES_PER_THREAD} batches per pool thread in flight (each a `siqsBatch`
 * task: independent polynomials from its own seed), and hands their relations to the same combining step as `siqs`
 * (`SiqsCombiner`), which solves the matrix once it has enough rows. Same preconditions, options and outcomes as `siqs`; the divisor may be the
 * other factor than `siqs` finds with the same seed, since the relations at solve time depend on which batches
 * finished first.
 *
 * The budget is checked each time a batch comes back and during the elimination; an abort of the signal returns
 * at once. On return the batches still running finish in their threads (a batch is a few polynomials:
 * milliseconds) and are dropped.
 *
 * @param n - odd composite without small factors, not a perfect power, at least 40 bits
 * @param options - the pool, budget, signal, seed and parameter overrides
 * @returns `found` with a divisor, `exhausted` (budget, stalled, trivial dependencies) or `aborted`
 * @throws PrimeosError when the pool fails a task (e.g. `E_STATE` for a destroyed pool)
 * @example
 * ```ts
 * import { WorkerPool, defaultStreamWorkerFile, siqsParallel } from 'primeos/stream';
 * const pool = new WorkerPool({ filename: await defaultStreamWorkerFile(), threads: 2 });
 * const out = await siqsParallel(1000000016000000063n, { pool, budgetMs: 10_000 });
 * if (out.status === 'found') console.log(out.divisor); // 1000000007n or 1000000009n
 * await pool.destroy();
 * ```
 */
export async function siqsParallel(n: bigint, options: SiqsParallelOptions): Promise<SplitOutcome> {
  const opts = resolveSiqsOptions(bitLength(n), options);
  const deadline = Date.now() + opts.budgetMs;
  const started = siqsStart(n, opts);
  if ('status' in started) return started;
  const ctx: SiqsContext = started;
  const tasks = new TaskWindow(options.pool.task<SiqsBatchInput, SiqsRelation[]>('siqsBatch'), opts.signal);
  const aCount = siqsBatchACount(ctx);
  const combiner = new SiqsCombiner(ctx, opts.params, opts.signal, deadline);
  let batch = 0;
  try {
    for (;;) {
      while (tasks.size < options.pool.threads * SIQS_PARALLEL_BATCHES_PER_THREAD) {
        tasks.add({ ctx, seed: siqsBatchSeed(opts.seed, batch++), aCount });
      }
      const rels = await tasks.next();
      if (rels === undefined) return { status: 'aborted', effort: { siqsRelations: combiner.relations.received } };
      combiner.shouldStop(); // the budget and the signal, checked as each batch comes back
      const outcome = combiner.add(rels);
      if (outcome !== undefined) return outcome;
    }
  } finally {
    tasks.close();
  }
}
