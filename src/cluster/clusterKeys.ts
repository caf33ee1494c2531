/** The Redis keys of one cluster (see docs/CLUSTER.md, "Key layout"). */
export interface ClusterKeys {
  /** SET of the ids of live jobs: what workers read from. */
  readonly jobs: string;
  /** Pub/sub channel on which a submitter announces a new job, so idle and blocked workers look at once. */
  readonly wake: string;
  /** Liveness key of a worker (a JSON heartbeat with a TTL). */
  worker(name: string): string;
  /** Pattern matching every worker liveness key (for SCAN). */
  readonly workerPattern: string;
  /** Maps a submitter's checkpoint file to its job id, so `--resume` finds the job's tasks and results again. */
  checkpoint(hash: string): string;
  /** The keys of one job: one prefix, one hash tag (one slot on a Redis Cluster, so scripts may touch them all). */
  job(id: string): JobKeys;
}

/** The keys of one job. */
export interface JobKeys {
  readonly id: string;
  /** HASH: who submitted it, when, progress counters. Its absence means the job is gone. */
  readonly meta: string;
  /** STREAM of tasks, consumed by the group {@link TASK_GROUP}. */
  readonly tasks: string;
  /** STREAM of results, read by the submitter. */
  readonly results: string;
  /** Every key of the job (for DEL and PEXPIRE). */
  readonly all: readonly string[];
}

/** Consumer group of every task stream. */
export const TASK_GROUP = 'workers';

/**
 * The key layout under a prefix.
 *
 * @param prefix - first key segment (default settings: `primeos`)
 * @returns the key builders
 * @example
 * ```ts
 * clusterKeys('primeos').job('k3x9').tasks; // 'primeos:job:{k3x9}:tasks'
 * ```
 */
export function clusterKeys(prefix: string): ClusterKeys {
  return {
    jobs: `${prefix}:cluster:jobs`,
    wake: `${prefix}:cluster:wake`,
    worker: (name) => `${prefix}:cluster:worker:${name}`,
    workerPattern: `${prefix}:cluster:worker:*`,
    checkpoint: (hash) => `${prefix}:cluster:checkpoint:${hash}`,
    job: (id) => {
      const base = `${prefix}:job:{${id}}`;
      const meta = `${base}:meta`;
      const tasks = `${base}:tasks`;
      const results = `${base}:results`;
      return { id, meta, tasks, results, all: [meta, tasks, results] };
    },
  };
}
