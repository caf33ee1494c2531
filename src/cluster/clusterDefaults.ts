import { PrimeosError } from '../model/PrimeosError.js';

/** Settings shared by cluster workers, submitters and the status command. */
export interface ClusterSettings {
  /** Redis URL, e.g. `redis://127.0.0.1:6379`. */
  readonly url: string;
  /** First segment of every key (default `primeos`); all processes of one cluster must agree on it. */
  readonly prefix?: string;
  /** A task pending this long without lease renewal is taken over by another worker (default 5000 ms). */
  readonly claimIdleMs?: number;
  /** Deliveries after which a task counts as poison and is reported as failed records (default 3). */
  readonly maxDeliveries?: number;
  /** Heartbeat period of workers and submitters; liveness keys expire after 3 periods (default 1000 ms). */
  readonly heartbeatMs?: number;
  /** Longest wait of a blocking read before the loops look around again (default 1000 ms). */
  readonly blockMs?: number;
  /** Redis unreachable for this long fails the job or stops the worker with `E_STATE` (default 30000 ms). */
  readonly redisTimeoutMs?: number;
  /** Lifetime of a job's keys without a live submitter refreshing them (default 24 h). */
  readonly jobTtlMs?: number;
}

/** Default settings of the cluster edge, in one place. */
export const CLUSTER_DEFAULTS = {
  prefix: 'primeos',
  claimIdleMs: 5000,
  maxDeliveries: 3,
  heartbeatMs: 1000,
  blockMs: 1000,
  redisTimeoutMs: 30_000,
  jobTtlMs: 86_400_000,
} as const;

/** {@link ClusterSettings} with every default filled in. */
export type ResolvedClusterSettings = Required<ClusterSettings>;

/**
 * Fill and validate cluster settings.
 *
 * @param settings - user settings
 * @returns the settings with defaults
 * @throws PrimeosError `E_USAGE` for a URL that is not `redis://` or `rediss://`, or an out-of-range number
 * @example
 * ```ts
 * resolveClusterSettings({ url: 'redis://127.0.0.1:6379' }).claimIdleMs; // 5000
 * ```
 */
export function resolveClusterSettings(settings: ClusterSettings): ResolvedClusterSettings {
  const r: ResolvedClusterSettings = { ...CLUSTER_DEFAULTS, ...stripUndefined(settings), url: settings.url };
  let url: URL;
  try {
    url = new URL(r.url);
  } catch {
    throw new PrimeosError('E_USAGE', `not a Redis URL: ${r.url}`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new PrimeosError('E_USAGE', `not a Redis URL (redis:// or rediss://): ${r.url}`);
  }
  if (!/^[\w.-]+$/.test(r.prefix)) throw new PrimeosError('E_USAGE', `key prefix must match [\\w.-]+: ${r.prefix}`);
  const ranges: [keyof ResolvedClusterSettings, number, number][] = [
    ['claimIdleMs', 100, 86_400_000],
    ['maxDeliveries', 1, 1000],
    ['heartbeatMs', 50, 600_000],
    ['blockMs', 10, 600_000],
    ['redisTimeoutMs', 100, 86_400_000],
    ['jobTtlMs', 1000, 30 * 86_400_000],
  ];
  for (const [key, min, max] of ranges) {
    const v = r[key] as number;
    if (!Number.isInteger(v) || v < min || v > max) {
      throw new PrimeosError('E_USAGE', `${key} must be an integer from ${min} to ${max}, got ${v}`);
    }
  }
  return r;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
