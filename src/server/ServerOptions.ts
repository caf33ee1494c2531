import type { Logger } from 'pino';
import { PrimeosError } from '../model/PrimeosError.js';

/** Options of `createServer` (every field optional; {@link SERVER_DEFAULTS} fills the rest). */
export interface ServerOptions {
  /** Interface to bind (default 127.0.0.1). Any non-loopback host needs a `token`. */
  readonly host?: string;
  /** TCP port (default 8080; 0 picks a free port). */
  readonly port?: number;
  /** Folder holding durable jobs (default: none, the `/v1/jobs` endpoints answer 503). */
  readonly dataDir?: string;
  /** Bearer token every request except `/healthz` and `/readyz` must carry. */
  readonly token?: string;
  /** Worker threads of the shared pool (0: factorise on the server's thread). */
  readonly workers?: number;
  /** Worker module of the pool (default: the built stream worker). */
  readonly workerFile?: string;
  /** Concurrent `/v1` requests served; beyond it the server answers 429 with `Retry-After`. */
  readonly maxConcurrentRequests?: number;
  /** Seconds sent in `Retry-After` with a 429 or a 503. */
  readonly retryAfterSeconds?: number;
  /** Longest accepted input line, in bytes (longer lines become `failed` records). */
  readonly maxLineBytes?: number;
  /** Largest accepted number, in bits (a request may lower it, never raise it). */
  readonly maxBits?: number;
  /** Default and largest time budget per number, in milliseconds. */
  readonly budgetMs?: number;
  readonly maxBudgetMs?: number;
  /** A socket with no traffic for this long is closed (ms). */
  readonly idleTimeoutMs?: number;
  /** A streaming request running longer than this is stopped (ms). */
  readonly requestTimeoutMs?: number;
  /** On shutdown, in-flight requests get this long to finish before they are cut (ms). */
  readonly drainTimeoutMs?: number;
  /** Largest job input stored by `POST /v1/jobs`, in bytes. */
  readonly maxJobBytes?: number;
  /** Jobs running at the same time; the others wait in order. */
  readonly maxRunningJobs?: number;
  /**
   * Lines per worker task, fixed (default: sized by measured cost like `primeos factor`'s, about 25 ms of work
   * per task — thousands of cheap numbers per message, a few expensive ones).
   */
  readonly batchSize?: number;
  /** Structured logger (default: pino on stderr at `logLevel`). */
  readonly logger?: Logger;
  /** Level of the default logger (default `info`; `silent` for none). */
  readonly logLevel?: string;
}

/** The defaults of {@link ServerOptions}, in one place. */
export const SERVER_DEFAULTS = {
  host: '127.0.0.1',
  port: 8080,
  workers: 1,
  maxConcurrentRequests: 64,
  retryAfterSeconds: 1,
  maxLineBytes: 1 << 20,
  maxBits: 4096,
  budgetMs: 60_000,
  maxBudgetMs: 600_000,
  idleTimeoutMs: 120_000,
  requestTimeoutMs: 3_600_000,
  drainTimeoutMs: 10_000,
  maxJobBytes: 1 << 30,
  maxRunningJobs: 2,
  logLevel: 'info',
} as const;

/** {@link ServerOptions} with the defaults filled in. */
export type ResolvedServerOptions = Required<
  Omit<ServerOptions, 'dataDir' | 'token' | 'workerFile' | 'logger' | 'batchSize'>
> &
  Pick<ServerOptions, 'dataDir' | 'token' | 'workerFile' | 'logger' | 'batchSize'>;

/**
 * True for the loopback interfaces (127.0.0.0/8, ::1, localhost), the only ones served without a token.
 *
 * @param host - a host name or address
 * @returns whether only this machine can reach it
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h === '::ffff:127.0.0.1';
}

/**
 * Fill the defaults of {@link ServerOptions} and check them.
 *
 * @param options - user options
 * @returns resolved options
 * @throws PrimeosError `E_USAGE` for a non-loopback host without a token, `E_RANGE` for a bad number
 */
export function resolveServerOptions(options: ServerOptions = {}): ResolvedServerOptions {
  const r: ResolvedServerOptions = { ...SERVER_DEFAULTS, ...stripUndefined(options) };
  if (!isLoopbackHost(r.host) && (r.token === undefined || r.token === '')) {
    throw new PrimeosError('E_USAGE', `refusing to bind ${r.host} without a token (--token-file); loopback only`);
  }
  const ints: [string, number | undefined, number][] = [
    ['port', r.port, 0],
    ['workers', r.workers, 0],
    ['maxConcurrentRequests', r.maxConcurrentRequests, 1],
    ['retryAfterSeconds', r.retryAfterSeconds, 0],
    ['maxLineBytes', r.maxLineBytes, 16],
    ['maxBits', r.maxBits, 1],
    ['budgetMs', r.budgetMs, 1],
    ['maxBudgetMs', r.maxBudgetMs, 1],
    ['idleTimeoutMs', r.idleTimeoutMs, 0],
    ['requestTimeoutMs', r.requestTimeoutMs, 0],
    ['drainTimeoutMs', r.drainTimeoutMs, 0],
    ['maxJobBytes', r.maxJobBytes, 0],
    ['maxRunningJobs', r.maxRunningJobs, 1],
    ['batchSize', r.batchSize, 1],
  ];
  for (const [name, value, min] of ints) {
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value < min) {
      throw new PrimeosError('E_RANGE', `${name} must be an integer ≥ ${min}, got ${value}`);
    }
  }
  if (r.port > 65535) throw new PrimeosError('E_RANGE', `port must be at most 65535, got ${r.port}`);
  return r;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
