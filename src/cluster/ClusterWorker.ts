import { hostname } from 'node:os';
import { PrimeosError } from '../model/PrimeosError.js';
import type { FactorJobEntriesInput, FactorJobBatchOutput } from '../stream/jobs/factorJobBatch.js';
import { WorkerPool } from '../stream/WorkerPool.js';
import { defaultStreamWorkerFile } from '../stream/workers/defaultStreamWorkerFile.js';
import { resolveClusterSettings, type ClusterSettings, type ResolvedClusterSettings } from './clusterDefaults.js';
import { clusterKeys, TASK_GROUP, type ClusterKeys, type JobKeys } from './clusterKeys.js';
import { connectRedis, isReplyError, retrying, type RedisConnection } from './internal/connectRedis.js';
import { COMPLETE_TASK, RELEASE_TASK, RENEW_TASKS } from './internal/scripts.js';
import { poisonOutput } from './poisonOutput.js';
import { decodeTask } from './taskMessage.js';

/** Options of {@link ClusterWorker}. */
export interface ClusterWorkerOptions extends ClusterSettings {
  /** Consumer name, unique in the cluster (default `host-pid`). A restarted worker with the same name first redoes its own pending tasks. */
  readonly name?: string;
  /** Worker threads factorising at once (default 1). */
  readonly concurrency?: number;
  /** On stop, how long running tasks may finish before they are released to other workers (default 5000 ms). */
  readonly drainMs?: number;
  /** Stream worker module (default: the built package's `streamWorker.js`). */
  readonly workerFile?: string;
  /** Log lines (the CLI writes them to stderr). */
  readonly onLog?: (level: 'info' | 'warn' | 'error', message: string) => void;
  /**
   * Fault injection for tests and drills: the process kills itself (SIGKILL) when it is about to factorise a task
   * containing a line equal to this text, the way a worker crashing on a poison input dies.
   */
  readonly crashOnLine?: string;
}

/** Counters of a worker, also published in its heartbeat. */
export interface ClusterWorkerStats {
  readonly name: string;
  readonly host: string;
  readonly pid: number;
  readonly concurrency: number;
  /** Tasks running now. */
  readonly running: number;
  /** Tasks completed, the lines they held, poison tasks reported, tasks taken over from other consumers. */
  readonly tasks: number;
  readonly lines: number;
  readonly poison: number;
  readonly claimed: number;
  readonly startedAt: number;
  readonly updatedAt: number;
}

/** Default worker drain time on stop. */
export const WORKER_DRAIN_MS = 5000;

interface Running {
  readonly job: JobKeys;
  readonly entryId: string;
  readonly fields: Readonly<Record<string, string>>;
  readonly controller: AbortController;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * A cluster worker: reads factor-job tasks from every live job's task stream as one consumer of the group
 * `workers`, factorises them on a local worker pool with the same code as `primeos factor`, and writes each
 * result and acknowledges its task in one atomic script. On start it first redoes its own pending tasks, then
 * takes over tasks that other consumers left pending longer than `claimIdleMs` (`XAUTOCLAIM` until the cursor
 * is `0-0`); a task delivered more than `maxDeliveries` times is reported as `failed` records instead of being
 * run again. The main thread only does I/O (the factorisation runs in worker threads), so heartbeats and lease
 * renewals keep flowing while it computes.
 *
 * @example
 * ```ts
 * const worker = await ClusterWorker.start({ url: 'redis://127.0.0.1:6379', concurrency: 2 });
 * process.once('SIGTERM', () => void worker.stop());
 * await worker.closed;
 * ```
 */
export class ClusterWorker {
  /** Consumer name. */
  readonly name: string;
  /** Resolves once the worker has stopped (after {@link ClusterWorker.stop} or a fatal Redis error). */
  readonly closed: Promise<void>;
  readonly #s: ResolvedClusterSettings;
  readonly #keys: ClusterKeys;
  readonly #concurrency: number;
  readonly #drainMs: number;
  readonly #log: (level: 'info' | 'warn' | 'error', message: string) => void;
  readonly #crashOnLine: string | undefined;
  readonly #cmd: RedisConnection;
  readonly #block: RedisConnection;
  readonly #sub: RedisConnection;
  readonly #pool: WorkerPool;
  /** CLIENT ID of the blocking connection (to interrupt its read when a job is announced), and whether it reads. */
  #blockId: number | undefined;
  #blocked = false;
  #idleWake: (() => void) | undefined;
  readonly #running = new Map<string, Running>();
  readonly #tasks = new Set<Promise<void>>();
  /** Running tasks on their first delivery. */
  readonly #firsts = new Set<Promise<void>>();
  /** Redelivered tasks run one at a time, alone, so a poison task cannot take innocent ones down with it. */
  #alone: Promise<void> = Promise.resolve();
  #aloneWaiting = 0;
  readonly #replayed = new Set<string>();
  #stopping = false;
  #fatal: unknown;
  #wake: (() => void) | undefined;
  #lastClaim = 0;
  #timers: NodeJS.Timeout[] = [];
  #stats = { tasks: 0, lines: 0, poison: 0, claimed: 0, startedAt: Date.now() };
  #stopped: Promise<void> | undefined;

  private constructor(
    options: ClusterWorkerOptions,
    s: ResolvedClusterSettings,
    cmd: RedisConnection,
    block: RedisConnection,
    sub: RedisConnection,
    pool: WorkerPool,
  ) {
    this.#s = s;
    this.#keys = clusterKeys(s.prefix);
    this.name = options.name ?? `${hostname()}-${process.pid}`;
    this.#concurrency = options.concurrency ?? 1;
    this.#drainMs = options.drainMs ?? WORKER_DRAIN_MS;
    this.#log = options.onLog ?? (() => undefined);
    this.#crashOnLine = options.crashOnLine;
    this.#cmd = cmd;
    this.#block = block;
    this.#sub = sub;
    this.#pool = pool;
    this.closed = this.#loop().then(
      () => this.stop(),
      (err: unknown) => {
        this.#fatal = err;
        return this.stop();
      },
    );
  }

  /**
   * Validate the options, connect (one connection for commands, a dedicated one for the blocking reads), start
   * the thread pool, the heartbeat and the read loop.
   *
   * @param options - Redis URL, name, concurrency, timings
   * @returns the running worker
   * @throws PrimeosError `E_USAGE` for bad options, `E_STATE` when Redis cannot be reached
   */
  static async start(options: ClusterWorkerOptions): Promise<ClusterWorker> {
    const s = resolveClusterSettings(options);
    const concurrency = options.concurrency ?? 1;
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) {
      throw new PrimeosError('E_USAGE', `concurrency must be an integer from 1 to 256, got ${concurrency}`);
    }
    if (options.name !== undefined && !/^[\w.:-]{1,128}$/.test(options.name)) {
      throw new PrimeosError('E_USAGE', `worker name must match [\\w.:-]{1,128}: ${options.name}`);
    }
    const drain = options.drainMs ?? WORKER_DRAIN_MS;
    if (!Number.isInteger(drain) || drain < 0) throw new PrimeosError('E_USAGE', `drainMs must be >= 0, got ${drain}`);
    const log = options.onLog ?? (() => undefined);
    const onError = (err: Error): void => log('warn', `redis: ${err.message}`);
    const cmd = await connectRedis(s.url, s.redisTimeoutMs, onError);
    let block: RedisConnection | undefined;
    let sub: RedisConnection;
    try {
      block = await connectRedis(s.url, s.redisTimeoutMs, onError);
      sub = await connectRedis(s.url, s.redisTimeoutMs, onError);
    } catch (err) {
      cmd.destroy();
      block?.destroy();
      throw err;
    }
    const pool = new WorkerPool({
      filename: options.workerFile ?? (await defaultStreamWorkerFile()),
      threads: concurrency,
    });
    const worker = new ClusterWorker(options, s, cmd, block, sub, pool);
    worker.#blockId = await block.clientId();
    block.on('ready', () => void block.clientId().then((id) => (worker.#blockId = id)));
    await sub.subscribe(clusterKeys(s.prefix).wake, () => worker.#nudge());
    worker.#startTimers();
    log('info', `worker ${worker.name} joined ${s.url} with ${concurrency} thread(s)`);
    return worker;
  }

  /** Counters of this worker. */
  get stats(): ClusterWorkerStats {
    return {
      name: this.name,
      host: hostname(),
      pid: process.pid,
      concurrency: this.#concurrency,
      running: this.#running.size,
      ...this.#stats,
      updatedAt: Date.now(),
    };
  }

  /**
   * Stop: read no more tasks, let running ones finish for up to `drainMs`, release the rest to other workers,
   * remove the heartbeat, close the pool and the connections. Idempotent.
   *
   * @returns resolves once stopped; rejects with the fatal error when the worker stopped because Redis was lost
   */
  stop(): Promise<void> {
    this.#stopped ??= this.#shutdown();
    return this.#stopped;
  }

  /** A job was announced (or the worker stops): stop idling and interrupt the blocking read. */
  #nudge(): void {
    this.#idleWake?.();
    if (this.#blocked && this.#blockId !== undefined && this.#cmd.isReady) {
      void this.#cmd.clientUnblock(this.#blockId).catch(() => undefined);
    }
  }

  async #shutdown(): Promise<void> {
    this.#stopping = true;
    this.#wake?.();
    this.#nudge();
    const drained = Promise.all([...this.#tasks]);
    const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), this.#drainMs).unref());
    if ((await Promise.race([drained, timer])) === 'timeout') {
      this.#log('info', `releasing ${this.#running.size} running task(s)`);
      for (const r of this.#running.values()) r.controller.abort();
      await Promise.all([...this.#tasks]);
    }
    for (const t of this.#timers) clearInterval(t);
    if (this.#cmd.isOpen) {
      await this.#cmd.del(this.#keys.worker(this.name)).catch(() => undefined);
    }
    await this.#pool.destroy();
    for (const c of [this.#cmd, this.#block, this.#sub]) {
      if (c.isOpen) await c.close().catch(() => c.destroy());
    }
    this.#log('info', `worker ${this.name} stopped after ${this.#stats.tasks} task(s)`);
    if (this.#fatal !== undefined) throw this.#fatal;
  }

  #startTimers(): void {
    const beat = (): void => {
      if (!this.#cmd.isReady) return;
      void this.#cmd
        .set(this.#keys.worker(this.name), JSON.stringify(this.stats), { PX: this.#s.heartbeatMs * 3 })
        .catch(() => undefined);
    };
    beat();
    this.#timers.push(setInterval(beat, this.#s.heartbeatMs));
    this.#timers.push(setInterval(() => void this.#renew(), Math.max(50, Math.floor(this.#s.claimIdleMs / 3))));
  }

  /** Reset the idle time of the tasks this worker runs, so nobody claims them while they compute. */
  async #renew(): Promise<void> {
    if (!this.#cmd.isReady) return;
    const byJob = new Map<string, { job: JobKeys; ids: string[] }>();
    for (const r of this.#running.values()) {
      const e = byJob.get(r.job.id) ?? { job: r.job, ids: [] };
      e.ids.push(r.entryId);
      byJob.set(r.job.id, e);
    }
    for (const { job, ids } of byJob.values()) {
      await this.#cmd
        .eval(RENEW_TASKS, { keys: [job.tasks], arguments: [TASK_GROUP, this.name, ...ids] })
        .catch(() => undefined);
    }
  }

  /** Tasks this worker may take now: one per thread plus one queued, none while a redelivered task waits. */
  get #free(): number {
    return this.#aloneWaiting > 0 ? 0 : this.#concurrency + 1 - this.#running.size;
  }

  async #loop(): Promise<void> {
    while (!this.#stopping) {
      if (this.#free <= 0) {
        await new Promise<void>((r) => (this.#wake = r));
        this.#wake = undefined;
        continue;
      }
      let jobs: JobKeys[] = [];
      try {
        jobs = (await this.#cmd.sMembers(this.#keys.jobs)).map((id) => this.#keys.job(id));
        if (jobs.length === 0) {
          await new Promise<void>((r) => {
            this.#idleWake = r;
            setTimeout(r, this.#s.blockMs);
          });
          this.#idleWake = undefined;
          continue;
        }
        for (const job of jobs) if (!this.#replayed.has(job.id)) await this.#replayOwn(job);
        if (Date.now() - this.#lastClaim >= this.#s.claimIdleMs / 2) {
          for (const job of jobs) await this.#claim(job);
          this.#lastClaim = Date.now();
        }
        if (this.#free <= 0 || this.#stopping) continue;
        const byKey = new Map(jobs.map((j) => [j.tasks, j]));
        this.#blocked = true;
        const reply = await this.#block
          .xReadGroup(
            TASK_GROUP,
            this.name,
            jobs.map((j) => ({ key: j.tasks, id: '>' })),
            { COUNT: this.#free, BLOCK: this.#s.blockMs },
          )
          .finally(() => (this.#blocked = false));
        for (const stream of reply ?? []) {
          const job = byKey.get(String(stream.name));
          if (job === undefined) continue;
          for (const m of stream.messages) this.#dispatch(job, m.id, m.message, 1);
        }
      } catch (err) {
        if (!this.#cmd.isOpen || !this.#block.isOpen) throw err; // Redis gave up: fatal
        if (this.#stopping) break;
        if (isReplyError(err) && /NOGROUP|UNBLOCKED/.test((err as Error).message)) await this.#dropStale(jobs);
        else this.#log('warn', `read loop: ${(err as Error).message}`);
        await sleep(100);
      }
    }
  }

  /** Forget jobs whose task stream is gone (expired or deleted while still listed). */
  async #dropStale(jobs: readonly JobKeys[]): Promise<void> {
    for (const job of jobs) {
      if ((await this.#cmd.exists(job.tasks)) === 0) {
        await this.#cmd.sRem(this.#keys.jobs, job.id);
        this.#replayed.delete(job.id);
      }
    }
  }

  /** Redo this consumer's own pending tasks (from an earlier run with the same name). */
  async #replayOwn(job: JobKeys): Promise<void> {
    let start = '0';
    // one at a time, while there is room; what is left is claimed later like any idle task
    while (this.#free > 0 && !this.#stopping) {
      const reply = await this.#cmd.xReadGroup(TASK_GROUP, this.name, [{ key: job.tasks, id: start }], { COUNT: 1 });
      const messages = reply?.[0]?.messages ?? [];
      if (messages.length === 0) break;
      for (const m of messages) {
        start = m.id;
        if (this.#running.has(`${job.id} ${m.id}`)) continue;
        // an entry deleted after delivery comes back without fields: nothing to do but acknowledge it
        if (m.message === null || typeof m.message !== 'object') await this.#cmd.xAck(job.tasks, TASK_GROUP, m.id);
        else this.#dispatch(job, m.id, m.message, await this.#deliveries(job, m.id));
      }
    }
    this.#replayed.add(job.id);
  }

  /** Take over tasks other consumers left idle longer than `claimIdleMs`, until the cursor returns to 0-0. */
  async #claim(job: JobKeys): Promise<void> {
    let cursor = '0-0';
    do {
      if (this.#free <= 0 || this.#stopping) return;
      // one at a time: a redelivered task stops the claiming (it runs alone), the rest stay for others
      const r = await this.#cmd.xAutoClaim(job.tasks, TASK_GROUP, this.name, this.#s.claimIdleMs, cursor, {
        COUNT: 1,
      });
      // deleted entries (r.deletedMessages) were dropped from the pending list by XAUTOCLAIM itself
      for (const m of r.messages) {
        if (m === null || this.#running.has(`${job.id} ${m.id}`)) continue;
        this.#stats.claimed++;
        const deliveries = await this.#deliveries(job, m.id);
        this.#log('info', `claimed ${job.id} ${m.id} (delivery ${deliveries})`);
        this.#dispatch(job, m.id, m.message, deliveries);
      }
      cursor = String(r.nextId);
    } while (cursor !== '0-0');
  }

  async #deliveries(job: JobKeys, entryId: string): Promise<number> {
    const p = await this.#cmd.xPendingRange(job.tasks, TASK_GROUP, entryId, entryId, 1);
    return p[0]?.deliveriesCounter ?? 1;
  }

  #dispatch(job: JobKeys, entryId: string, fields: Readonly<Record<string, string>>, deliveries: number): void {
    const key = `${job.id} ${entryId}`;
    const controller = new AbortController();
    this.#running.set(key, { job, entryId, fields, controller });
    const p = this.#process(job, entryId, fields, deliveries, controller.signal).finally(() => {
      this.#running.delete(key);
      this.#tasks.delete(p);
      this.#firsts.delete(p);
      this.#wake?.();
    });
    this.#tasks.add(p);
    if (deliveries <= 1) this.#firsts.add(p);
  }

  /**
   * Run a redelivered task alone: after the first-delivery tasks running now, one at a time, with no new task
   * taken meanwhile. If it kills the process, only its own delivery count grows.
   */
  async #runAlone<T>(fn: () => Promise<T>): Promise<T> {
    this.#aloneWaiting++;
    let done!: () => void;
    const gate = new Promise<void>((r) => (done = r));
    const turn = this.#alone.then(() => Promise.allSettled([...this.#firsts]));
    this.#alone = turn.then(() => gate);
    try {
      await turn;
      return await fn();
    } finally {
      done();
      this.#aloneWaiting--;
    }
  }

  async #process(
    job: JobKeys,
    entryId: string,
    fields: Readonly<Record<string, string>>,
    deliveries: number,
    signal: AbortSignal,
  ): Promise<void> {
    let input: FactorJobEntriesInput;
    const id = fields.task ?? '?';
    try {
      input = decodeTask(fields);
    } catch (err) {
      this.#log('error', `dropping malformed task ${job.id} ${entryId}: ${(err as Error).message}`);
      await retrying(this.#cmd, () => this.#cmd.xAck(job.tasks, TASK_GROUP, entryId)).catch(() => undefined);
      return;
    }
    try {
      let out: FactorJobBatchOutput;
      if (deliveries > this.#s.maxDeliveries) {
        this.#stats.poison++;
        const msg =
          `task ${id} was delivered ${deliveries} times without a result (its worker died each time); ` +
          `given up after ${this.#s.maxDeliveries} deliveries`;
        this.#log('warn', `poison ${job.id} ${id}: reported as failed records`);
        out = poisonOutput(input, msg);
      } else {
        const run = (): Promise<FactorJobBatchOutput> => {
          if (this.#crashOnLine !== undefined && input.entries.includes(this.#crashOnLine)) {
            process.kill(process.pid, 'SIGKILL');
          }
          return this.#pool.task<FactorJobEntriesInput, FactorJobBatchOutput>('factorJobBatch')(input, signal);
        };
        out = deliveries <= 1 ? await run() : await this.#runAlone(run);
      }
      await retrying(this.#cmd, () =>
        this.#cmd.eval(COMPLETE_TASK, {
          keys: [job.meta, job.tasks, job.results],
          arguments: [TASK_GROUP, entryId, id, JSON.stringify(out)],
        }),
      );
      this.#stats.tasks++;
      this.#stats.lines += input.lines.length;
    } catch (err) {
      if (signal.aborted && this.#cmd.isOpen) {
        await retrying(this.#cmd, () =>
          this.#cmd.eval(RELEASE_TASK, {
            keys: [job.meta, job.tasks],
            arguments: [TASK_GROUP, entryId, id, fields.input ?? ''],
          }),
        ).catch(() => undefined);
        this.#log('info', `released ${job.id} ${id}`);
        return;
      }
      // left pending and no longer renewed: claimed again after claimIdleMs, counted as one more delivery
      this.#log('warn', `task ${job.id} ${id} failed (${(err as Error).message}); left pending`);
    }
  }
}
