import type { FactorJobEntriesInput, FactorJobBatchOutput } from './factorJobBatch.js';

/**
 * Runs the batches of a factor job somewhere other than this process's worker pool (for example on a cluster of
 * machines). Whatever runs a batch must produce exactly what `factorJobBatch` produces for it, so the job's output
 * stays byte-identical to a local run; {@link runFactorJob} keeps ordering, commits and checkpoints.
 *
 * @example
 * ```ts
 * import { factorJobBatch, runFactorJob, type FactorJobExecutor } from 'primeos/stream';
 * const inline: FactorJobExecutor = { concurrency: 1, run: async (input, signal) => factorJobBatch(input, signal) };
 * ```
 */
export interface FactorJobExecutor {
  /** Batches in flight at once (at most this many outstanding). */
  readonly concurrency: number;
  /**
   * Render one batch.
   *
   * @param input - the batch (line texts, line numbers, settings)
   * @param signal - aborts the job
   * @returns the batch's output text and counters
   */
  run(input: FactorJobEntriesInput, signal: AbortSignal): Promise<FactorJobBatchOutput>;
}
