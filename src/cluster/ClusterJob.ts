import { createHash, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { PrimeosError } from '../model/PrimeosError.js';
import type { FactorJobEntriesInput, FactorJobBatchOutput } from '../stream/jobs/factorJobBatch.js';
import type { FactorJobExecutor } from '../stream/jobs/FactorJobExecutor.js';
import { resolveClusterSettings, type ClusterSettings, type ResolvedClusterSettings } from './clusterDefaults.js';
import { clusterKeys, TASK_GROUP, type ClusterKeys, type JobKeys } from './clusterKeys.js';
import { connectRedis, retrying, type RedisConnection } from './internal/connectRedis.js';
import { decodeResult, encodeTask, taskId, taskLines } from './taskMessage.js';

/** Options of {@link ClusterJob.open}. */
export interface ClusterJobOptions extends ClusterSettings {
  /** Tasks outstanding at once (default 32): the job's backpressure towards the cluster. */
  readonly maxOutstanding?: number;
  /**
   * The job's checkpoint file (absolute path). With it, the job id is remembered in Redis so that `resume`
   * finds the tasks and results of the interrupted run.
   */
  readonly checkpointPath?: string;
  /** Continue the job of `checkpointPath`: results already computed are used, tasks already queued are not re-sent. */
  readonly resume?: boolean;
  /** Lines already committed to the output (the resumed checkpoint's `lines`); earlier results are stale. */
  readonly committedLines?: number;
  /** Shown by `primeos cluster status`. */
  readonly description?: string;
  /** Log lines (the CLI writes them to stderr). */
  readonly onLog?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

/** Task ids of the entries in a task stream (at most the job's outstanding tasks). */
async function queuedTaskIds(cmd: RedisConnection, key: string): Promise<Set<string>> {
  const ids = new Set<string>();
  const entries = (await cmd.xRange(key, '-', '+')) ?? [];
  for (const m of entries) if (m.message?.task !== undefined) ids.add(m.message.task);
  return ids;
}

/** Default tasks outstanding per job. */
export const CLUSTER_MAX_OUTSTANDING = 32;

interface Waiter {
  readonly last: number;
  readonly input: FactorJobEntriesInput;
  resolve(out: FactorJobBatchOutput): void;
  reject(err: unknown): void;
}

interface Arrived {
  readonly entryId: string;
  readonly out: FactorJobBatchOutput;
}

/**
 * The submitting side of a cluster factor job, as a {@link FactorJobExecutor} for `runFactorJob`: each batch
 * becomes a task in the job's task stream (at most `maxOutstanding` at once), and the batch's promise resolves
 * when its result arrives on the result stream, read on a dedicated blocking connection. Results are matched by
 * task id; a second result for a task (redone after a claim) is dropped, so what `runFactorJob` commits is exactly
 * once, in input order. A watchdog refreshes the job's TTL and fails the job with `E_STATE` when its keys vanish
 * (a Redis restart without persistence) instead of waiting forever.
 *
 * @example
 * ```ts
 * const job = await ClusterJob.open({ url: 'redis://127.0.0.1:6379' });
 * const summary = await runFactorJob({ ...jobOptions, executor: job, onProgress: (p) => job.committed(p.lines) });
 * await job.close(!summary.aborted);
 * ```
 */
export class ClusterJob implements FactorJobExecutor {
  /** Tasks outstanding at once. */
  readonly concurrency: number;
  /** The job's keys. */
  readonly keys: JobKeys;
  readonly #s: ResolvedClusterSettings;
  readonly #cluster: ClusterKeys;
  readonly #cmd: RedisConnection;
  readonly #reader: RedisConnection;
  readonly #log: (level: 'info' | 'warn' | 'error', message: string) => void;
  readonly #checkpointKey: string | undefined;
  readonly #waiting = new Map<string, Waiter>();
  /** Results that arrived before their batch was asked for (a resumed job's earlier work). */
  readonly #early = new Map<string, Arrived>();
  /** Task ids found queued when resuming: not sent again. */
  readonly #queued: Set<string>;
  /** Result entries of answered batches, deleted once the batch is committed. */
  #answered: { last: number; entryId: string }[] = [];
  #committed: number;
  #maxAsked = 0;
  #failure: unknown;
  #closed = false;
  #lastResultAt = Date.now();
  #duplicates = 0;
  #resent = 0;
  readonly #readLoop: Promise<void>;
  readonly #watchdog: NodeJS.Timeout;

  private constructor(
    s: ResolvedClusterSettings,
    keys: JobKeys,
    cmd: RedisConnection,
    reader: RedisConnection,
    options: ClusterJobOptions,
    checkpointKey: string | undefined,
    queued: Set<string>,
  ) {
    this.#s = s;
    this.#cluster = clusterKeys(s.prefix);
    this.keys = keys;
    this.#cmd = cmd;
    this.#reader = reader;
    this.#log = options.onLog ?? (() => undefined);
    this.#checkpointKey = checkpointKey;
    this.#queued = queued;
    this.#committed = options.committedLines ?? 0;
    this.concurrency = options.maxOutstanding ?? CLUSTER_MAX_OUTSTANDING;
    this.#readLoop = this.#read().catch((err: unknown) => this.#fail(err));
    this.#watchdog = setInterval(() => void this.#watch(), s.heartbeatMs);
  }

  /**
   * Create (or, with `resume`, find again) a job in Redis and start reading its results.
   *
   * @param options - Redis URL, backpressure, checkpoint identity
   * @returns the open job
   * @throws PrimeosError `E_USAGE` for bad options, `E_STATE` when Redis cannot be reached
   */
  static async open(options: ClusterJobOptions): Promise<ClusterJob> {
    const s = resolveClusterSettings(options);
    const k = options.maxOutstanding ?? CLUSTER_MAX_OUTSTANDING;
    if (!Number.isInteger(k) || k < 1 || k > 65536) {
      throw new PrimeosError('E_USAGE', `maxOutstanding must be an integer from 1 to 65536, got ${k}`);
    }
    const log = options.onLog ?? (() => undefined);
    const onError = (err: Error): void => log('warn', `redis: ${err.message}`);
    const cmd = await connectRedis(s.url, s.redisTimeoutMs, onError);
    let reader: RedisConnection | undefined;
    try {
      reader = await connectRedis(s.url, s.redisTimeoutMs, onError);
      const cluster = clusterKeys(s.prefix);
      const checkpointKey =
        options.checkpointPath === undefined
          ? undefined
          : cluster.checkpoint(
              createHash('sha256').update(`${hostname()}\0${options.checkpointPath}`).digest('hex').slice(0, 32),
            );
      const previous = checkpointKey === undefined ? null : await cmd.get(checkpointKey);
      let id: string | undefined;
      const queued = new Set<string>();
      if (previous !== null && options.resume === true && (await cmd.exists(cluster.job(previous).meta)) === 1) {
        id = previous;
        const keys = cluster.job(id);
        for (const t of await queuedTaskIds(cmd, keys.tasks)) queued.add(t);
        log('info', `resuming cluster job ${id}: ${queued.size} task(s) still queued`);
      } else {
        if (previous !== null) {
          // an abandoned run of the same checkpoint: its tasks and results are not ours
          await cmd.sRem(cluster.jobs, previous);
          await cmd.del([...cluster.job(previous).all]);
        }
        id = randomUUID().replaceAll('-', '').slice(0, 16);
        const keys = cluster.job(id);
        await cmd.hSet(keys.meta, {
          host: hostname(),
          pid: String(process.pid),
          createdAt: String(Date.now()),
          updatedAt: String(Date.now()),
          committedLines: String(options.committedLines ?? 0),
          description: options.description ?? '',
        });
        await cmd.xGroupCreate(keys.tasks, TASK_GROUP, '0', { MKSTREAM: true });
        for (const key of keys.all) await cmd.pExpire(key, s.jobTtlMs);
        if (checkpointKey !== undefined) await cmd.set(checkpointKey, id, { PX: s.jobTtlMs });
        await cmd.sAdd(cluster.jobs, id); // last: workers only see complete jobs
      }
      await cmd.publish(cluster.wake, id);
      return new ClusterJob(s, cluster.job(id), cmd, reader, options, checkpointKey, queued);
    } catch (err) {
      cmd.destroy();
      reader?.destroy();
      throw err;
    }
  }

  /** Results dropped as duplicates, and tasks sent again after they vanished from Redis. */
  get stats(): { readonly duplicates: number; readonly resent: number } {
    return { duplicates: this.#duplicates, resent: this.#resent };
  }

  /**
   * Run one batch on the cluster.
   *
   * @param input - the batch
   * @param signal - aborts the wait (the task itself stays queued for a resume)
   * @returns the batch's output, as `factorJobBatch` renders it
   * @throws PrimeosError `E_STATE` when the job failed (Redis lost its state or became unreachable), `E_ABORTED`
   */
  async run(input: FactorJobEntriesInput, signal: AbortSignal): Promise<FactorJobBatchOutput> {
    if (this.#failure !== undefined) throw this.#failure;
    const id = taskId(input);
    const last = input.lines[input.lines.length - 1] ?? 0;
    this.#maxAsked = Math.max(this.#maxAsked, last);
    const early = this.#early.get(id);
    if (early !== undefined) {
      this.#early.delete(id);
      this.#answered.push({ last, entryId: early.entryId });
      return early.out;
    }
    const result = new Promise<FactorJobBatchOutput>((resolve, reject) => {
      // the signal is this batch's own (it aborts on the job's abort, or when the batch is cancelled)
      const onAbort = (): void => {
        this.#waiting.delete(id);
        reject(new PrimeosError('E_ABORTED', 'aborted', undefined, { cause: signal.reason }));
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      const settle = (): void => signal.removeEventListener('abort', onAbort);
      this.#waiting.set(id, {
        last,
        input,
        resolve: (out) => {
          settle();
          resolve(out);
        },
        reject: (err) => {
          settle();
          reject(err);
        },
      });
    });
    if (!this.#queued.delete(id)) await this.#send(input);
    return result;
  }

  /**
   * Tell the job that the output now holds every line up to `lines` (call it from `onProgress`): the result
   * entries of those batches are deleted from the result stream.
   *
   * @param lines - lines committed so far
   */
  committed(lines: number): void {
    this.#committed = Math.max(this.#committed, lines);
    const done = this.#answered.filter((a) => a.last <= lines);
    if (done.length === 0) return;
    this.#answered = this.#answered.filter((a) => a.last > lines);
    void this.#cmd
      .xDel(
        this.keys.results,
        done.map((a) => a.entryId),
      )
      .catch(() => undefined);
  }

  /**
   * Close the job. When it completed, its keys, its registration and its checkpoint mapping are deleted; otherwise
   * they are kept (until their TTL) for a resume.
   *
   * @param completed - the whole input was committed
   */
  async close(completed: boolean): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#watchdog);
    this.#fail(new PrimeosError('E_STATE', 'cluster job closed'));
    if (completed && this.#cmd.isOpen) {
      await this.#cmd.sRem(this.#cluster.jobs, this.keys.id).catch(() => undefined);
      await this.#cmd.del([...this.keys.all]).catch(() => undefined);
      if (this.#checkpointKey !== undefined) await this.#cmd.del(this.#checkpointKey).catch(() => undefined);
    }
    this.#reader.destroy(); // interrupts the blocking read
    await this.#readLoop;
    if (this.#cmd.isOpen) await this.#cmd.close().catch(() => this.#cmd.destroy());
  }

  async #send(input: FactorJobEntriesInput): Promise<void> {
    await retrying(this.#cmd, () => this.#cmd.xAdd(this.keys.tasks, '*', encodeTask(input)));
  }

  async #read(): Promise<void> {
    let lastId = '0';
    while (!this.#closed) {
      let reply;
      try {
        reply = await this.#reader.xRead([{ key: this.keys.results, id: lastId }], {
          BLOCK: this.#s.blockMs,
          COUNT: 256,
        });
      } catch (err) {
        if (this.#closed) return;
        if (!this.#reader.isOpen) throw err;
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      for (const m of reply?.[0]?.messages ?? []) {
        lastId = m.id;
        this.#arrive(m.id, m.message);
      }
    }
  }

  #arrive(entryId: string, fields: Readonly<Record<string, string>> | null): void {
    this.#lastResultAt = Date.now();
    let r: { id: string; out: FactorJobBatchOutput };
    try {
      if (fields === null) throw new PrimeosError('E_PARSE', 'empty result entry');
      r = decodeResult(fields);
    } catch (err) {
      this.#log('warn', `dropping result ${entryId}: ${(err as Error).message}`);
      void this.#cmd.xDel(this.keys.results, entryId).catch(() => undefined);
      return;
    }
    const w = this.#waiting.get(r.id);
    if (w !== undefined) {
      this.#waiting.delete(r.id);
      this.#answered.push({ last: w.last, entryId });
      w.resolve(r.out);
      return;
    }
    const lines = taskLines(r.id);
    if (lines !== undefined && lines.first > this.#maxAsked && lines.last > this.#committed) {
      this.#early.set(r.id, { entryId, out: r.out });
      return;
    }
    this.#duplicates++;
    void this.#cmd.xDel(this.keys.results, entryId).catch(() => undefined);
  }

  async #watch(): Promise<void> {
    if (this.#closed || this.#failure !== undefined || !this.#cmd.isReady) return;
    try {
      if ((await this.#cmd.exists(this.keys.meta)) === 0) {
        this.#fail(
          new PrimeosError(
            'E_STATE',
            `Redis lost cluster job ${this.keys.id} (restarted without persistence, or its keys were deleted): ` +
              'the output holds what was committed; continue with --resume',
          ),
        );
        return;
      }
      await this.#cmd.hSet(this.keys.meta, {
        updatedAt: String(Date.now()),
        committedLines: String(this.#committed),
        outstanding: String(this.#waiting.size),
      });
      for (const key of this.keys.all) await this.#cmd.pExpire(key, this.#s.jobTtlMs);
      if (this.#checkpointKey !== undefined) await this.#cmd.pExpire(this.#checkpointKey, this.#s.jobTtlMs);
      // A task can vanish when Redis loses its last writes (AOF without fsync on every write): re-send tasks that
      // are neither queued nor pending nor answered. Duplicates this may cause are dropped by task id.
      if (this.#waiting.size > 0 && Date.now() - this.#lastResultAt > this.#s.claimIdleMs * 2) {
        this.#lastResultAt = Date.now();
        await this.#resendLost();
      }
    } catch (err) {
      if (!this.#cmd.isOpen) this.#fail(err);
    }
  }

  async #resendLost(): Promise<void> {
    const present = await queuedTaskIds(this.#cmd, this.keys.tasks);
    const results = await this.#cmd.xLen(this.keys.results);
    if (results > this.#answered.length + this.#early.size) return; // results not read yet: look again later
    for (const [id, w] of this.#waiting) {
      if (present.has(id)) continue;
      this.#log('warn', `task ${id} vanished from Redis: sending it again`);
      this.#resent++;
      await this.#send(w.input);
    }
  }

  #fail(err: unknown): void {
    this.#failure ??= err;
    for (const w of this.#waiting.values()) w.reject(this.#failure);
    this.#waiting.clear();
  }
}
