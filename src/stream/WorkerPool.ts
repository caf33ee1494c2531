import { Piscina } from 'piscina';
import { PrimeosError, type ErrorCode } from '../model/PrimeosError.js';
import { isTaskEnvelope } from './workers/workerTask.js';

/** Options of {@link WorkerPool}. */
export interface WorkerPoolOptions {
  /**
   * Absolute path or `file:` URL of the worker module. Its named exports are the tasks. From the built package
   * use `defaultStreamWorkerFile()`. A `.ts` worker needs a loader shim: Node 20 does not apply `--import tsx`
   * hooks inside worker threads, so point `filename` at a small `.cjs` entry that loads it with `tsx/cjs/api`.
   */
  readonly filename: string;
  /** Worker threads (default: 1). */
  readonly threads?: number;
  /** Data given to each worker thread (`worker_threads.workerData`), e.g. which module a loader shim should load. */
  readonly workerData?: unknown;
  /** Extra Node flags for the worker threads. */
  readonly execArgv?: readonly string[];
  /**
   * Start every thread now instead of at the first tasks (default false): a caller that knows work is coming
   * lets the threads load their modules while it is still busy with its own start-up. Eager threads stay until
   * `destroy()`.
   */
  readonly eager?: boolean;
  /** Milliseconds an idle thread is kept (default 1000). */
  readonly idleTimeoutMs?: number;
}

/** Default idle timeout of pool threads. */
export const DEFAULT_IDLE_TIMEOUT_MS = 1000;

/** A task running in the pool: an async function of one (structured-clone-able) input. */
export type PoolTask<T, R> = (input: T, signal?: AbortSignal) => Promise<R>;

/** The value of a task run by {@link WorkerPool.timedTask}, with the time its body took on its thread. */
export interface TimedTaskResult<R> {
  readonly value: R;
  /**
   * Milliseconds the task body ran on its worker thread, without the time it waited in the pool's queue
   * (undefined for a task not defined with `workerTask()`).
   */
  readonly runMs: number | undefined;
}

/**
 * A worker-thread pool (piscina) whose named exports run as tasks. Inputs and outputs are posted by structured
 * clone — bigints as they are, never via strings. Aborting a task's signal cancels it (the thread running it is
 * replaced). `destroy()` stops every thread; always call it (or terminate the owning model).
 *
 * @example
 * ```ts
 * import { WorkerPool, defaultStreamWorkerFile } from 'primeos/stream';
 * const pool = new WorkerPool({ filename: await defaultStreamWorkerFile(), threads: 2 });
 * const fz = pool.task<bigint[], unknown[]>('factorizeBatch');
 * console.log(await fz([91n, 221n]));
 * await pool.destroy();
 * ```
 */
export class WorkerPool {
  /** The resolved thread count. */
  readonly threads: number;
  readonly #pool: Piscina;
  #destroyed = false;
  #running = 0;
  #completed = 0;
  #poolErrors = 0;
  #lastPoolError: unknown;
  /** Tasks handed to piscina (at most `threads`). */
  #started = 0;
  /** Tasks waiting for a thread, oldest first: `start` hands one a slot, `fail` rejects it. */
  readonly #waiting: { readonly start: () => void; readonly fail: (err: PrimeosError) => void }[] = [];

  /**
   * @param options - worker file, thread count, execArgv
   * @throws PrimeosError `E_RANGE` for a non-positive thread count
   */
  constructor(options: WorkerPoolOptions) {
    const threads = options.threads ?? 1;
    if (!Number.isInteger(threads) || threads < 1) {
      throw new PrimeosError('E_RANGE', `threads must be a positive integer, got ${threads}`);
    }
    this.threads = threads;
    this.#pool = new Piscina({
      filename: options.filename,
      minThreads: options.eager === true ? threads : 0,
      maxThreads: threads,
      idleTimeout: options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
      execArgv: options.execArgv === undefined ? undefined : [...options.execArgv],
      concurrentTasksPerWorker: 1,
      workerData: options.workerData,
    });
    // Pool-level errors (a worker replying to a task that was just aborted, a thread dying) are reported here
    // by piscina; the affected tasks reject on their own, so the event is recorded instead of crashing the process.
    this.#pool.on('error', (err: unknown) => {
      this.#poolErrors++;
      this.#lastPoolError = err;
    });
  }

  /** True once destroyed. */
  get destroyed(): boolean {
    return this.#destroyed;
  }
  /**
   * Tasks currently running or queued, tasks completed, threads alive (started and not yet stopped: an idle
   * thread stops after the idle timeout, the thread of an aborted task at once), and pool-level errors seen (with
   * the last one).
   */
  get stats(): {
    readonly running: number;
    readonly liveThreads: number;
    readonly completed: number;
    readonly queued: number;
    readonly poolErrors: number;
    readonly lastPoolError: unknown;
  } {
    return {
      running: this.#running,
      liveThreads: this.#pool.threads.length,
      completed: this.#completed,
      queued: this.#pool.queueSize + this.#waiting.length,
      poolErrors: this.#poolErrors,
      lastPoolError: this.#lastPoolError,
    };
  }

  /**
   * Wait for one of the `threads` slots. Tasks are handed to piscina only when a thread is theirs: with
   * `minThreads: 0`, piscina starts no thread for its queued tasks once the thread of an aborted task is removed,
   * so tasks queued there behind it would never run.
   */
  async #acquire(signal: AbortSignal | undefined): Promise<void> {
    if (this.#started < this.threads) {
      this.#started++;
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        const i = this.#waiting.indexOf(entry);
        if (i >= 0) this.#waiting.splice(i, 1);
        reject(new PrimeosError('E_ABORTED', 'task aborted', undefined, { cause: signal?.reason }));
      };
      const entry = {
        start: (): void => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        fail: (err: PrimeosError): void => {
          signal?.removeEventListener('abort', onAbort);
          reject(err);
        },
      };
      this.#waiting.push(entry);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Hand the slot of a settled task to the oldest waiting one, or free it. */
  #release(): void {
    const next = this.#waiting.shift();
    if (next === undefined) this.#started--;
    else next.start();
  }

  /**
   * A function running the named export of the worker module.
   *
   * @param name - the export's name
   * @returns the task function (rejects with `E_ABORTED` when its signal aborts, `E_STATE` after destroy, and with
   *   the task's own code when the task was defined with `workerTask()`)
   */
  task<T, R>(name: string): PoolTask<T, R> {
    const timed = this.timedTask<T, R>(name);
    return async (input: T, signal?: AbortSignal): Promise<R> => (await timed(input, signal)).value;
  }

  /**
   * Like {@link WorkerPool.task}, with the time the task body ran on its thread: the cost of the work itself,
   * which the wall time of the call overstates when many callers share the pool (their tasks wait in its queue).
   *
   * @param name - the export's name
   * @returns the task function, resolving to the value and its run time (rejects as {@link WorkerPool.task})
   */
  timedTask<T, R>(name: string): PoolTask<T, TimedTaskResult<R>> {
    return async (input: T, signal?: AbortSignal): Promise<TimedTaskResult<R>> => {
      if (this.#destroyed) throw new PrimeosError('E_STATE', 'worker pool destroyed');
      if (signal?.aborted) throw new PrimeosError('E_ABORTED', 'aborted', undefined, { cause: signal.reason });
      this.#running++;
      try {
        await this.#acquire(signal);
      } catch (err) {
        this.#running--;
        throw err;
      }
      try {
        if (this.#destroyed) throw new PrimeosError('E_STATE', 'worker pool destroyed', { task: name });
        const r: unknown = await this.#pool.run(input, { name, signal: signal ?? null });
        this.#completed++;
        if (!isTaskEnvelope(r)) return { value: r as R, runMs: undefined };
        if (r.ok) return { value: r.value as R, runMs: r.runMs };
        const { code, message, details } = r.error;
        const known = typeof code === 'string' && code.startsWith('E_');
        throw new PrimeosError(known ? (code as ErrorCode) : 'E_PROCESS', message, {
          task: name,
          ...(typeof details === 'object' && details !== null ? details : {}),
        });
      } catch (err) {
        if (signal?.aborted) throw new PrimeosError('E_ABORTED', 'task aborted', { task: name }, { cause: err });
        if (this.#destroyed) throw new PrimeosError('E_STATE', 'worker pool destroyed', { task: name }, { cause: err });
        throw err;
      } finally {
        this.#running--;
        this.#release();
      }
    };
  }

  /**
   * Stop every thread. Pending tasks reject. Idempotent.
   *
   * @returns a promise resolved once the threads have exited
   */
  async destroy(): Promise<void> {
    if (this.#destroyed) return;
    this.#destroyed = true;
    for (const w of this.#waiting.splice(0)) w.fail(new PrimeosError('E_STATE', 'worker pool destroyed'));
    await this.#pool.destroy();
  }
}
