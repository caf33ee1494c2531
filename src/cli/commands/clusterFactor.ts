import type { FactorJobOptions, FactorJobSummary } from '../../stream/jobs/runFactorJob.js';
import type { CliIO } from '../program.js';

/**
 * The job runner of `primeos factor --cluster URL`: `runFactorJob` with the batches run by cluster workers
 * (src/cluster, loaded only when asked for).
 *
 * @param url - Redis URL
 * @param maxOutstanding - tasks outstanding at once
 * @param io - where log lines go
 * @returns a drop-in replacement for `runFactorJob`
 */
export function clusterFactorJob(
  url: string,
  maxOutstanding: number,
  io: CliIO,
): (options: FactorJobOptions) => Promise<FactorJobSummary> {
  return async (options) => {
    const { runClusterFactorJob } = await import('../../cluster/runClusterFactorJob.js');
    const { pool: _pool, executor: _executor, ...rest } = options;
    return runClusterFactorJob({
      ...rest,
      cluster: {
        url,
        maxOutstanding,
        description: options.inputPath ?? 'stdin',
        onLog: (level, message) => {
          if (level !== 'info') io.stderr.write(`primeos factor: cluster: ${message}\n`);
        },
      },
    });
  };
}
