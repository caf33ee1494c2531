import { runFactorJob, type FactorJobOptions, type FactorJobSummary } from '../stream/jobs/runFactorJob.js';
import { ClusterJob, type ClusterJobOptions } from './ClusterJob.js';

/** Options of {@link runClusterFactorJob}: a factor job's options (without a local pool) plus where the cluster is. */
export interface ClusterFactorJobOptions extends Omit<FactorJobOptions, 'pool' | 'executor'> {
  /** The cluster (Redis URL, tasks outstanding, timings); checkpoint identity comes from the job options. */
  readonly cluster: Omit<ClusterJobOptions, 'checkpointPath' | 'resume' | 'committedLines'>;
}

/** Lines per cluster task when no batch size is given. */
const CLUSTER_BATCH_LINES = 256;

/**
 * `runFactorJob` with its batches run by cluster workers: the same reading, batching, ordering, rendering,
 * checkpoints and resume, so the output is byte-identical to a local run. With a checkpoint, one is saved after
 * every committed batch and a result is deleted from Redis only once it is behind the saved checkpoint, so a
 * submitter killed at any moment resumes without losing or redoing finished work. The job's keys are deleted
 * when it completes and kept (until their TTL) when it stops early.
 *
 * @param options - the job and the cluster
 * @returns the job's summary
 * @throws PrimeosError `E_STATE` when Redis is unreachable or lost the job (the checkpoint stays valid for a
 *   resume); the errors of `runFactorJob`
 * @example
 * ```ts
 * await runClusterFactorJob({ lines, output: { path: 'out.ndjson' }, settings,
 *   cluster: { url: 'redis://127.0.0.1:6379' } });
 * ```
 */
export async function runClusterFactorJob(options: ClusterFactorJobOptions): Promise<FactorJobSummary> {
  const job = await ClusterJob.open({
    ...options.cluster,
    ...(options.checkpointPath !== undefined ? { checkpointPath: options.checkpointPath } : {}),
    resume: options.resume !== undefined,
    committedLines: options.resume?.lines ?? 0,
  });
  let completed = false;
  try {
    const { cluster: _cluster, ...jobOptions } = options;
    const summary = await runFactorJob({
      ...jobOptions,
      // one task per batch: a fixed size keeps tasks small and redelivery cheap
      batchSize: options.batchSize ?? CLUSTER_BATCH_LINES,
      executor: job,
      // room for every outstanding task plus as many waiting to be written in order (counted in batches)
      highWaterMark: job.concurrency * 2,
      checkpointEveryMs: 0,
      onProgress: (p) => {
        job.committed(p.lines);
        options.onProgress?.(p);
      },
    });
    completed = !summary.aborted && !summary.outputClosed;
    return summary;
  } finally {
    await job.close(completed);
  }
}
