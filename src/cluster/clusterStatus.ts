import { resolveClusterSettings, type ClusterSettings } from './clusterDefaults.js';
import { clusterKeys, TASK_GROUP } from './clusterKeys.js';
import type { ClusterWorkerStats } from './ClusterWorker.js';
import { connectRedis } from './internal/connectRedis.js';

/** One job as seen in Redis. */
export interface ClusterJobStatus {
  readonly id: string;
  readonly host: string;
  readonly pid: number;
  readonly description: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  /** Lines the submitter has committed to its output, and the rate since the job started. */
  readonly committedLines: number;
  readonly linesPerSecond: number;
  /** Tasks in the task stream (queued or running), of those delivered and not yet acknowledged, per consumer. */
  readonly tasks: number;
  readonly pending: number;
  readonly consumers: readonly { readonly name: string; readonly pending: number }[];
  /** Results waiting for the submitter. */
  readonly results: number;
}

/** What `primeos cluster status` shows. */
export interface ClusterStatus {
  /** Live workers (those whose heartbeat has not expired). */
  readonly workers: readonly ClusterWorkerStats[];
  readonly jobs: readonly ClusterJobStatus[];
}

/**
 * Read the state of a cluster: live workers from their heartbeat keys, and each registered job's queue, pending
 * tasks per consumer, results waiting and progress.
 *
 * @param settings - Redis URL (and prefix)
 * @returns the snapshot
 * @throws PrimeosError `E_STATE` when Redis cannot be reached
 * @example
 * ```ts
 * const { workers, jobs } = await clusterStatus({ url: 'redis://127.0.0.1:6379' });
 * ```
 */
export async function clusterStatus(settings: ClusterSettings): Promise<ClusterStatus> {
  const s = resolveClusterSettings(settings);
  const keys = clusterKeys(s.prefix);
  const client = await connectRedis(s.url, Math.min(s.redisTimeoutMs, 5000));
  try {
    const workers: ClusterWorkerStats[] = [];
    for await (const batch of client.scanIterator({ MATCH: keys.workerPattern, COUNT: 100 })) {
      for (const key of batch) {
        const v = await client.get(key);
        if (v === null) continue;
        try {
          workers.push(JSON.parse(v) as ClusterWorkerStats);
        } catch {
          // not a heartbeat of ours: ignored
        }
      }
    }
    workers.sort((a, b) => a.name.localeCompare(b.name));
    const jobs: ClusterJobStatus[] = [];
    for (const id of (await client.sMembers(keys.jobs)).sort()) {
      const k = keys.job(id);
      const meta = await client.hGetAll(k.meta);
      if (Object.keys(meta).length === 0) continue;
      const num = (x: string | undefined): number => (x === undefined || !/^\d+$/.test(x) ? 0 : Number(x));
      let pending = 0;
      let consumers: { name: string; pending: number }[] = [];
      try {
        const p = await client.xPending(k.tasks, TASK_GROUP);
        pending = p.pending;
        consumers = (p.consumers ?? []).map((c) => ({ name: String(c.name), pending: Number(c.deliveriesCounter) }));
      } catch {
        // stream deleted meanwhile
      }
      const createdAt = num(meta.createdAt);
      const updatedAt = num(meta.updatedAt);
      const committedLines = num(meta.committedLines);
      const seconds = Math.max(0.001, (updatedAt - createdAt) / 1000);
      jobs.push({
        id,
        host: meta.host ?? '',
        pid: num(meta.pid),
        description: meta.description ?? '',
        createdAt,
        updatedAt,
        committedLines,
        linesPerSecond: Math.round(committedLines / seconds),
        tasks: await client.xLen(k.tasks),
        pending,
        consumers,
        results: await client.xLen(k.results),
      });
    }
    return { workers, jobs };
  } finally {
    await client.close().catch(() => client.destroy());
  }
}
