import { PrimeosError } from '../model/PrimeosError.js';
import type { PipelineGraph } from './PipelineGraph.js';
import { runPipeline, type PipelineRunSummary, type RunPipelineOptions } from './runPipeline.js';

/** Options of {@link PipelinePool}. */
export interface PipelinePoolOptions {
  /** Pipelines running at once (default 2). */
  readonly maxConcurrent?: number;
  /** Pipelines waiting for a slot (default 16); more are rejected with `E_POOL_FULL`. */
  readonly maxQueued?: number;
  /** The runner (default {@link runPipeline}); a test can count what runs. */
  readonly run?: (graph: PipelineGraph, options: RunPipelineOptions) => Promise<PipelineRunSummary>;
}

/** Counters of a {@link PipelinePool}. */
export interface PipelinePoolStats {
  readonly running: number;
  readonly queued: number;
  /** The most ever running at once. */
  readonly maxRunning: number;
  readonly completed: number;
  readonly rejected: number;
}

interface Waiter {
  readonly start: () => void;
  readonly cancel: (err: unknown) => void;
}

/**
 * Admission control for pipelines: at most `maxConcurrent` run at once (a semaphore), up to `maxQueued` wait in
 * FIFO order, and submissions beyond are rejected at once with `E_POOL_FULL`. `drain()` stops admitting and
 * resolves when everything admitted has finished; `close()` also aborts what runs and rejects what waits.
 *
 * @example
 * ```ts
 * import { PipelinePool, loadPipeline } from 'primeos/pipeline';
 * const pool = new PipelinePool({ maxConcurrent: 2, maxQueued: 8 });
 * const summary = await pool.submit(await loadPipeline('graph.json'));
 * await pool.drain();
 * ```
 */
export class PipelinePool {
  readonly maxConcurrent: number;
  readonly maxQueued: number;
  readonly #run: NonNullable<PipelinePoolOptions['run']>;
  readonly #queue: Waiter[] = [];
  readonly #controllers = new Set<AbortController>();
  #running = 0;
  #maxRunning = 0;
  #completed = 0;
  #rejected = 0;
  #draining = false;
  #idle: (() => void)[] = [];

  /**
   * @param options - concurrency, queue length, runner
   * @throws PrimeosError `E_RANGE` for a non-positive concurrency or a negative queue length
   */
  constructor(options: PipelinePoolOptions = {}) {
    this.maxConcurrent = options.maxConcurrent ?? 2;
    this.maxQueued = options.maxQueued ?? 16;
    if (!Number.isInteger(this.maxConcurrent) || this.maxConcurrent < 1) {
      throw new PrimeosError('E_RANGE', `maxConcurrent must be a positive integer, got ${this.maxConcurrent}`);
    }
    if (!Number.isInteger(this.maxQueued) || this.maxQueued < 0) {
      throw new PrimeosError('E_RANGE', `maxQueued must be a non-negative integer, got ${this.maxQueued}`);
    }
    this.#run = options.run ?? runPipeline;
  }

  /** Current counters. */
  get stats(): PipelinePoolStats {
    return {
      running: this.#running,
      queued: this.#queue.length,
      maxRunning: this.#maxRunning,
      completed: this.#completed,
      rejected: this.#rejected,
    };
  }

  /**
   * Run a pipeline when a slot is free.
   *
   * @param graph - the pipeline
   * @param options - run options (its signal also cancels a queued submission)
   * @returns the run's summary
   * @throws PrimeosError `E_POOL_FULL` when the queue is full, `E_STATE` after `drain()`/`close()`,
   *   `E_ABORTED` when cancelled while queued
   */
  async submit(graph: PipelineGraph, options: RunPipelineOptions = {}): Promise<PipelineRunSummary> {
    if (this.#draining) throw new PrimeosError('E_STATE', 'the pool is draining: no new pipelines');
    if (this.#running >= this.maxConcurrent) {
      if (this.#queue.length >= this.maxQueued) {
        this.#rejected++;
        throw new PrimeosError('E_POOL_FULL', `pool full: ${this.#running} running, ${this.#queue.length} queued`, {
          running: this.#running,
          queued: this.#queue.length,
        });
      }
      await new Promise<void>((resolve, reject) => {
        const waiter: Waiter = {
          start: () => {
            options.signal?.removeEventListener('abort', onAbort);
            resolve();
          },
          cancel: reject,
        };
        const onAbort = (): void => {
          const i = this.#queue.indexOf(waiter);
          if (i >= 0) this.#queue.splice(i, 1);
          reject(new PrimeosError('E_ABORTED', 'cancelled while queued'));
          this.#checkIdle();
        };
        options.signal?.addEventListener('abort', onAbort, { once: true });
        this.#queue.push(waiter);
      });
    } else this.#running++;
    if (this.#running > this.#maxRunning) this.#maxRunning = this.#running;
    const controller = new AbortController();
    const onAbort = (): void => controller.abort(options.signal?.reason);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    this.#controllers.add(controller);
    try {
      return await this.#run(graph, { ...options, signal: controller.signal });
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
      this.#controllers.delete(controller);
      this.#completed++;
      const next = this.#queue.shift();
      if (next !== undefined) next.start();
      else this.#running--;
      this.#checkIdle();
    }
  }

  #checkIdle(): void {
    if (this.#running === 0 && this.#queue.length === 0) for (const w of this.#idle.splice(0)) w();
  }

  /**
   * Stop admitting; resolve when every running and queued pipeline has finished.
   *
   * @returns a promise resolved when the pool is idle
   */
  drain(): Promise<void> {
    this.#draining = true;
    if (this.#running === 0 && this.#queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /**
   * Stop now: queued submissions are rejected (`E_ABORTED`), running pipelines are aborted.
   *
   * @returns a promise resolved when nothing runs any more
   */
  async close(): Promise<void> {
    this.#draining = true;
    for (const w of this.#queue.splice(0)) w.cancel(new PrimeosError('E_ABORTED', 'pool closed'));
    for (const c of this.#controllers) c.abort();
    await this.drain();
  }
}
