import { Writable } from 'node:stream';
import type { Observable } from 'rxjs';
import { EMPTY, catchError, concatMap, concatWith, connect, defer, filter, isObservable, map, merge } from 'rxjs';
import { PrimeosError, toPrimeosError } from '../model/PrimeosError.js';
import type { BackpressureController } from './BackpressureController.js';
import { CreditGate } from './CreditGate.js';
import { MemoryLimitError } from './errors/MemoryLimitError.js';
import { PipelineError } from './errors/PipelineError.js';
import { StreamProcessingError } from './errors/StreamProcessingError.js';
import { createErrorRecord, mergeRecords, SKIP, type ErrorPolicy, type ErrorRecord } from './errorPolicy.js';
import { linkedController } from './internal/abort.js';
import { MetricsRecorder, type StreamMetrics } from './MetricsRecorder.js';
import { adaptiveBatch, type BatchMode } from './operators/adaptiveBatch.js';
import { mapWithPolicy } from './operators/mapWithPolicy.js';
import type { RetryWithBackoffOptions } from './operators/retryWithBackoff.js';
import { toAsyncIterable } from './sinks/toAsyncIterable.js';
import { toWritable } from './sinks/toWritable.js';
import { fromPull, type PullSource } from './sources/fromPull.js';
import { fromPush, type OverflowPolicy } from './sources/fromPush.js';
import { resolveStreamConfiguration } from './streamConfiguration.js';
import type { WorkerPool } from './WorkerPool.js';

/** What a running pipeline needs from its owner (read when a run starts, so `configure()` applies). */
export interface PipelineContext {
  /** Credits per run (items in flight between source and sink). */
  readonly bufferSize: number;
  readonly enableBackpressure: boolean;
  /** Per-item deadline of async stages, ms (0: none). */
  readonly timeoutMs: number;
  /** Failed items a run tolerates, in percent of its items (uncaught failures are skipped within it). */
  readonly errorTolerance: number;
  /** Heap bytes above which a run fails with MemoryLimitError (checked every 256 source items). */
  readonly memoryLimit: number;
  readonly retryAttempts: number;
  readonly retryDelay: number;
  /** Default concurrency of `parallel()`. */
  readonly maxConcurrency: number;
  /** The owner's aggregate metrics (each pipeline also keeps its own). */
  readonly metrics?: MetricsRecorder;
  readonly backpressure?: BackpressureController;
  /** Aborted when the owner terminates. */
  readonly signal?: AbortSignal;
  /** The owner's worker pool, for `parallel('task')`. */
  pool?(): Promise<WorkerPool>;
}

/** Per-stage options of the async stages. */
export interface StageOptions {
  /** Items handled at once by this stage (results stay in input order). */
  readonly concurrency?: number;
}

/** How the native form of `catch()` handles failed items. */
export type CatchPolicy<T> = 'skip' | 'propagate' | { readonly substitute: (error: PrimeosError, index: number) => T };

/** The PrimeOS `catch` handler: sees the error and the failed value; returns a replacement, or `null` to skip. */
export type CatchHandler<R> = (error: Error, value: R) => R | null;

/** Options of a pipeline run. */
export interface RunOptions {
  readonly signal?: AbortSignal;
}

/** What a finished run reports (PrimeOS `PipelineResult`). */
export interface PipelineRunSummary {
  readonly written: number;
  /** Failures, skipped or substituted (see `errors`). */
  readonly failed: number;
  readonly errors: ErrorRecord;
}
/** PrimeOS name of {@link PipelineRunSummary}. */
export type PipelineResult = PipelineRunSummary;

/** Progress of a run, reported to `onProgress` listeners after each written item. */
export interface PipelineProgress {
  /** Items written so far in this run. */
  readonly processed: number;
  /** Failed items so far in this run. */
  readonly failed: number;
  readonly elapsedMs: number;
  /** processed per second of this run. */
  readonly throughput: number;
}
/** A progress listener. */
export type ProgressCallback = (progress: PipelineProgress) => void;

/** An item travelling through a run: its value (or its failure), source index and the credits it holds. */
interface Env {
  value: unknown;
  readonly index: number;
  credits: number;
  readonly t0: number;
  failure?: { readonly error: PrimeosError; readonly value: unknown };
}

interface Run {
  readonly ctx: PipelineContext;
  readonly gate: CreditGate;
  readonly signal: AbortSignal;
  /** Failures handled by catch() stages. */
  readonly errors: ErrorRecord;
  /** Failures no catch() handled (judged against errorTolerance). */
  readonly uncaught: ErrorRecord;
  readonly recorders: readonly MetricsRecorder[];
  readonly started: number;
  sourced: number;
  written: number;
}

type Work = (value: unknown, signal: AbortSignal, run: Run, index: number) => unknown;

type StageSpec =
  | {
      readonly kind: 'map';
      readonly async: boolean;
      /** Called once per run (per-run state lives in the closure it returns). */
      readonly work: () => Work;
      readonly concurrency?: number;
      readonly partition?: (value: unknown) => number;
      readonly retry?: RetryWithBackoffOptions;
    }
  | { readonly kind: 'filter'; readonly predicate: (value: unknown, index: number) => boolean }
  | { readonly kind: 'batch'; readonly mode: BatchMode<unknown> }
  | { readonly kind: 'catch'; readonly policy: ErrorPolicy; readonly substitute?: (env: Env) => unknown }
  | { readonly kind: 'group'; readonly concurrency?: number; readonly partition?: (value: unknown) => number };

type SourceFactory = (run: Run) => Observable<unknown>;

interface Spec {
  readonly source?: SourceFactory;
  readonly stages: readonly StageSpec[];
}

/** What every pipeline derived from one `createPipeline()` shares: its metrics and progress listeners. */
interface Shared {
  readonly metrics: MetricsRecorder;
  readonly progress: Set<ProgressCallback>;
}

const MEMORY_CHECK_EVERY = 256;

function defaultContext(): PipelineContext {
  return resolveStreamConfiguration();
}

/**
 * The PrimeOS pipeline builder (`createPipeline<T, R>()`): `source → transform / asyncTransform / filter / batch /
 * parallel / distribute / catch / retry → sink / collect / reduce / execute`. The builder only composes the
 * engine's operators (docs/ARCHITECTURE.md §7): `fromPull`/`fromPush` under a credit gate of
 * `bufferSize` credits, `mapWithPolicy` for every stage (concurrency, order, partitions, deadlines with
 * `E_TIMEOUT`, retries, error policies), `adaptiveBatch`, and the `toWritable`/`toAsyncIterable` sinks. A failed
 * item travels as a failure to the next `catch()`; failures nobody catches are judged against `errorTolerance`
 * (a percentage of the run's items). Builders are immutable: each call returns a new pipeline; pipelines derived
 * from one another share their metrics and progress listeners.
 *
 * @typeParam T - the type of the source's items
 * @typeParam R - the type of the items at this point of the pipeline
 *
 * @example
 * ```ts
 * import { createPipeline } from 'primeos/stream';
 * const out = await createPipeline<string, number>().source(['1', '2', 'x']).transform(Number)
 *   .filter((n) => !Number.isNaN(n)).asyncTransform(async (n) => n * 2).parallel(4).collect(); // [2, 4]
 * ```
 */
export class StreamPipeline<T = unknown, R = T> {
  readonly #ctx: () => PipelineContext;
  readonly #spec: Spec;
  readonly #shared: Shared;

  /**
   * @param ctx - the owner's context getter (default: the stream defaults, no worker pool)
   * @param spec - internal: the stages so far
   * @param shared - internal: metrics and listeners shared along the chain
   */
  constructor(ctx: () => PipelineContext = defaultContext, spec?: Spec, shared?: Shared) {
    this.#ctx = ctx;
    this.#spec = spec ?? { stages: [] };
    this.#shared = shared ?? { metrics: new MetricsRecorder(), progress: new Set() };
  }

  /**
   * Set the source: a pull source (credit-bridged) or an Observable (push: needs an overflow policy).
   *
   * @param input - AsyncIterable, Iterable, Node Readable, ReadableStream or Observable
   * @param overflow - overflow policy for an Observable source (default `{ buffer: bufferSize }`)
   * @returns a pipeline of the source's items
   */
  source<S = T>(input: PullSource<S> | Observable<S>, overflow?: OverflowPolicy): StreamPipeline<S, S> {
    const factory: SourceFactory = (run) =>
      isObservable(input)
        ? fromPush(input, {
            gate: run.gate,
            policy: overflow ?? { buffer: run.gate.highWaterMark },
            signal: run.signal,
          })
        : fromPull(input, { gate: run.gate, signal: run.signal });
    return new StreamPipeline<S, S>(this.#ctx, { source: factory, stages: [] }, this.#shared);
  }

  /**
   * Map each item synchronously; a throw becomes a failure of that item.
   *
   * @param fn - the mapping (receives the item and its source index)
   * @returns the mapped pipeline
   */
  transform<U>(fn: (value: R, index: number) => U): StreamPipeline<T, U> {
    return this.#with({ kind: 'map', async: false, work: () => (v, _s, _run, index) => fn(v as R, index) });
  }

  /**
   * Map each item with an async function. It runs with the concurrency of a following `parallel(n)` (or its own
   * `concurrency`, default 1), results in input order, under the per-item deadline `timeoutMs`; a following
   * `retry()` retries it.
   *
   * @param fn - the async mapping (its signal aborts on timeout, failure of the run, or termination)
   * @param options - concurrency
   * @returns the mapped pipeline
   */
  asyncTransform<U>(
    fn: (value: R, signal: AbortSignal) => Promise<U>,
    options: StageOptions = {},
  ): StreamPipeline<T, U> {
    return this.#with({
      kind: 'map',
      async: true,
      work: () => (v, s) => fn(v as R, s),
      ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    });
  }

  /**
   * Keep the items for which `predicate` holds (a dropped item's credits return at once).
   *
   * @param predicate - the test (receives the item and its source index)
   * @returns the filtered pipeline
   */
  filter(predicate: (value: R, index: number) => boolean): StreamPipeline<T, R> {
    return this.#with({ kind: 'filter', predicate: (v, i) => predicate(v as R, i) });
  }

  /**
   * Group items into arrays: `batch(n)` yields batches of exactly n (the last may be shorter) whatever
   * `bufferSize` is — a batch counts as one item in flight; the native {@link BatchMode} forms
   * (adaptive, boundary, time) hold their members' credits and are flushed when the source waits for credits.
   *
   * @param size - a size, or a batch mode
   * @returns a pipeline of batches
   */
  batch(size: number | BatchMode<R>): StreamPipeline<T, R[]> {
    const mode: BatchMode<unknown> = typeof size === 'number' ? { mode: 'fixed', size } : (size as BatchMode<unknown>);
    if (mode.mode === 'fixed' && !(Number.isInteger(mode.size) && mode.size >= 1)) {
      throw new PipelineError(`batch size must be a positive integer, got ${mode.size}`, undefined, {
        code: 'E_RANGE',
      });
    }
    return this.#with({ kind: 'batch', mode });
  }

  /**
   * PrimeOS form: the preceding async stage(s) (since the previous `parallel`/`distribute`) run with
   * `concurrency` items at once, results in input order.
   *
   * @param concurrency - items at once
   * @returns the pipeline
   */
  parallel(concurrency: number): StreamPipeline<T, R>;
  /**
   * Native form: run each item through an async function, or a named task of the owner's worker pool, with
   * `concurrency` items in flight (default `maxConcurrency`); results in input order.
   *
   * @param work - an async function, or the name of an export of the worker module
   * @param options - concurrency
   * @returns the mapped pipeline
   */
  parallel<U>(
    work: ((value: R, signal: AbortSignal) => Promise<U>) | string,
    options?: StageOptions,
  ): StreamPipeline<T, U>;
  parallel<U>(
    work: number | ((value: R, signal: AbortSignal) => Promise<U>) | string,
    options: StageOptions = {},
  ): StreamPipeline<T, R> | StreamPipeline<T, U> {
    if (typeof work === 'number') {
      if (!Number.isInteger(work) || work < 1) {
        throw new PipelineError(`concurrency must be a positive integer, got ${work}`, undefined, { code: 'E_RANGE' });
      }
      return this.#with<R>({ kind: 'group', concurrency: work });
    }
    const concurrency = options.concurrency === undefined ? {} : { concurrency: options.concurrency };
    if (typeof work === 'string') {
      return this.#with<U>({
        kind: 'map',
        async: true,
        work: () => async (v, s, run) => {
          if (run.ctx.pool === undefined)
            throw new PipelineError(`parallel('${work}') needs a stream processor's worker pool`);
          return (await run.ctx.pool()).task<unknown, U>(work)(v, s);
        },
        ...concurrency,
      });
    }
    return this.#with<U>({ kind: 'map', async: true, work: () => (v, s) => work(v as R, s), ...concurrency });
  }

  /**
   * PrimeOS form: the preceding async stage(s) run per partition — items with the same `partitionFn` value one
   * at a time and in order, partitions concurrently. Output keeps the order within each partition. No state
   * outlives a run.
   *
   * @param partitionFn - the partition of an item
   * @returns the pipeline
   */
  distribute(partitionFn: (value: R) => number): StreamPipeline<T, R>;
  /**
   * Native form: spread items over several handlers running concurrently (each item goes to an idle handler);
   * results in input order.
   *
   * @param handlers - the handlers (at least one)
   * @returns the mapped pipeline
   * @throws PipelineError `E_PIPELINE` when `handlers` is empty
   */
  distribute<U>(handlers: readonly ((value: R, signal: AbortSignal) => Promise<U>)[]): StreamPipeline<T, U>;
  distribute<U>(
    how: ((value: R) => number) | readonly ((value: R, signal: AbortSignal) => Promise<U>)[],
  ): StreamPipeline<T, R> | StreamPipeline<T, U> {
    if (typeof how === 'function') {
      return this.#with<R>({ kind: 'group', partition: (v) => how(v as R) });
    }
    const handlers = how;
    if (handlers.length === 0) throw new PipelineError('distribute() needs at least one handler');
    return this.#with<U>({
      kind: 'map',
      async: true,
      concurrency: handlers.length,
      work: () => {
        const busy = handlers.map(() => false); // per run
        return async (v, s) => {
          const i = busy.indexOf(false);
          const k = i === -1 ? 0 : i;
          busy[k] = true;
          try {
            return await (handlers[k] as (value: R, signal: AbortSignal) => Promise<U>)(v as R, s);
          } finally {
            busy[k] = false;
          }
        };
      },
    });
  }

  /**
   * PrimeOS form: handle the failures of the preceding stages. The handler sees the error and the value that
   * failed (the item as it entered the failing stage); it returns a replacement, or `null` to skip the item.
   *
   * @param handler - the handler
   * @returns the pipeline
   */
  catch(handler: CatchHandler<R>): StreamPipeline<T, R>;
  /**
   * Native form: `skip` drops failed items (credits return), `propagate` fails the run with a PipelineError
   * carrying the item's code, `{ substitute }` replaces them. Counted in the run's error record and the metrics.
   *
   * @param policy - the policy
   * @returns the pipeline
   */
  catch(policy: CatchPolicy<R>): StreamPipeline<T, R>;
  catch(how: CatchHandler<R> | CatchPolicy<R>): StreamPipeline<T, R> {
    if (typeof how === 'function') {
      return this.#with({
        kind: 'catch',
        policy: 'substitute',
        substitute: (env) => {
          const failure = env.failure as NonNullable<Env['failure']>;
          const r = how(failure.error, failure.value as R);
          return r === null ? SKIP : r;
        },
      });
    }
    if (typeof how === 'string') return this.#with({ kind: 'catch', policy: how });
    return this.#with({
      kind: 'catch',
      policy: 'substitute',
      substitute: (env) => how.substitute((env.failure as NonNullable<Env['failure']>).error, env.index),
    });
  }

  /**
   * PrimeOS form: retry the last async stage up to `attempts` times in total, waiting `delay` ms, doubling.
   *
   * @param attempts - attempts in total (first try included)
   * @param delay - first delay, ms
   * @returns the pipeline
   * @throws PipelineError `E_PIPELINE` when no async stage precedes
   */
  retry(attempts: number, delay?: number): StreamPipeline<T, R>;
  /**
   * Native form: retry the last async stage on retryable failures, with exponential backoff and jitter
   * (defaults from `retryAttempts` / `retryDelay`).
   *
   * @param options - retry options
   * @returns the pipeline
   * @throws PipelineError `E_PIPELINE` when no async stage precedes
   */
  retry(options?: RetryWithBackoffOptions): StreamPipeline<T, R>;
  retry(a?: number | RetryWithBackoffOptions, delay?: number): StreamPipeline<T, R> {
    const options: RetryWithBackoffOptions =
      typeof a === 'number'
        ? { maxAttempts: a, ...(delay === undefined ? {} : { baseDelayMs: delay }), jitter: 'none' }
        : (a ?? {});
    const stages = [...this.#spec.stages];
    let i = stages.length - 1;
    while (i >= 0 && !(stages[i]?.kind === 'map' && (stages[i] as { async: boolean }).async)) i--;
    if (i < 0) throw new PipelineError('retry() must follow an async stage');
    stages[i] = { ...(stages[i] as Extract<StageSpec, { kind: 'map' }>), retry: options };
    return new StreamPipeline<T, R>(this.#ctx, { ...this.#spec, stages }, this.#shared);
  }

  /**
   * Run the pipeline into an async function (credits return when it resolves) or a Node Writable (credits
   * return in its write callbacks, `drain` respected).
   *
   * @param target - the destination
   * @param options - signal; for Writables `serialize` (required unless the Writable is in object mode), `end`
   * @returns the run summary
   * @throws PipelineError when failures exceed `errorTolerance` or a `catch('propagate')` fires; `E_USAGE` for a
   *   byte-mode Writable without `serialize`; `E_ABORTED` on abort
   */
  async sink(
    target: Writable | ((value: R) => void | Promise<void>),
    options: RunOptions & { readonly serialize?: (value: R) => string | Uint8Array; readonly end?: boolean } = {},
  ): Promise<PipelineRunSummary> {
    if (target instanceof Writable && options.serialize === undefined && !target.writableObjectMode) {
      throw new PipelineError(
        'sink(Writable) needs a serialize option unless the Writable is in object mode',
        undefined,
        {
          code: 'E_USAGE',
        },
      );
    }
    const { run, out$, finish } = this.#start(options);
    try {
      if (typeof target === 'function') {
        await new Promise<void>((resolve, reject) => {
          out$
            .pipe(
              concatMap((env) =>
                defer(async () => {
                  await target(env.value as R);
                  this.#written(run, env);
                }),
              ),
            )
            .subscribe({ error: reject, complete: resolve });
        });
      } else {
        const { serialize } = options;
        await toWritable(out$, target, {
          serialize: (env) => (serialize === undefined ? env.value : serialize(env.value as R)),
          ...(options.end === undefined ? {} : { end: options.end }),
          gate: run.gate,
          credits: (env) => {
            this.#written(run, env, false); // in the write callback: the item has been written
            return env.credits;
          },
          signal: run.signal,
        });
      }
      const errors = mergeRecords(run.errors, run.uncaught);
      return { written: run.written, failed: errors.failed, errors };
    } catch (err) {
      throw settleError(run, err);
    } finally {
      finish();
    }
  }

  /**
   * Run the pipeline and collect its output.
   *
   * @param options - signal
   * @returns the items, in order
   * @throws as {@link StreamPipeline.sink}
   */
  async collect(options: RunOptions = {}): Promise<R[]> {
    return this.reduce<R[]>((acc, x) => (acc.push(x), acc), [], options);
  }

  /**
   * Run the pipeline and fold its output.
   *
   * @param fn - the reducer
   * @param initial - the initial accumulator
   * @param options - signal
   * @returns the final accumulator
   * @throws as {@link StreamPipeline.sink}
   */
  async reduce<U>(fn: (acc: U, value: R) => U, initial: U, options: RunOptions = {}): Promise<U> {
    let acc = initial;
    await this.sink((x) => {
      acc = fn(acc, x);
    }, options);
    return acc;
  }

  /**
   * PrimeOS `execute()`: the pipeline's output as an AsyncIterable that streams (the run starts at the first
   * `next()`; an item's credits return when the consumer asks for the next one).
   *
   * @param options - signal
   * @returns the output stream
   */
  async execute(options: RunOptions = {}): Promise<AsyncIterable<R>> {
    return this.toAsyncIterable(options);
  }

  /**
   * Run the pipeline as an AsyncIterable: an item's credits return when the consumer asks for the next one.
   *
   * @param options - signal
   * @returns the items
   * @throws as {@link StreamPipeline.sink}, from the iteration
   */
  async *toAsyncIterable(options: RunOptions = {}): AsyncGenerator<R> {
    const { run, out$, finish } = this.#start(options);
    const it = toAsyncIterable(out$, { gate: run.gate, credits: (e) => e.credits });
    try {
      for await (const env of it) {
        this.#written(run, env, false);
        yield env.value as R;
      }
    } catch (err) {
      throw settleError(run, err);
    } finally {
      await it.return?.();
      finish();
    }
  }

  /**
   * Listen to the progress of this pipeline's runs (and of the pipelines derived from it).
   *
   * @param callback - called after each written item
   */
  onProgress(callback: ProgressCallback): void {
    this.#shared.progress.add(callback);
  }

  /**
   * The measured metrics of this pipeline's runs (PrimeOS `StreamPerformanceMetrics`, plus counts and latency
   * percentiles).
   *
   * @returns the metrics
   */
  getMetrics(): StreamMetrics {
    return this.#shared.metrics.snapshot();
  }

  #written(run: Run, env: Env, release = true): void {
    run.written++;
    const latency = performance.now() - env.t0;
    for (const m of run.recorders) m.recordOut(latency);
    if (release) run.gate.release(env.credits);
    run.ctx.backpressure?.poll();
    if (this.#shared.progress.size > 0) {
      const elapsedMs = performance.now() - run.started;
      const p: PipelineProgress = {
        processed: run.written,
        failed: run.errors.failed + run.uncaught.failed,
        elapsedMs,
        throughput: elapsedMs > 0 ? (run.written * 1000) / elapsedMs : 0,
      };
      for (const cb of this.#shared.progress) cb(p);
    }
  }

  #with<U>(stage: StageSpec): StreamPipeline<T, U> {
    return new StreamPipeline<T, U>(this.#ctx, { ...this.#spec, stages: [...this.#spec.stages, stage] }, this.#shared);
  }

  #start(options: RunOptions): { run: Run; out$: Observable<Env>; finish: () => void } {
    const source = this.#spec.source;
    if (source === undefined) throw new PipelineError('pipeline has no source');
    const ctx = this.#ctx();
    const gate = new CreditGate(ctx.enableBackpressure ? ctx.bufferSize : 2 ** 30);
    const { controller, dispose } = linkedController(ctx.signal, options.signal);
    const recorders = ctx.metrics === undefined ? [this.#shared.metrics] : [this.#shared.metrics, ctx.metrics];
    const run: Run = {
      ctx,
      gate,
      signal: controller.signal,
      errors: createErrorRecord(),
      uncaught: createErrorRecord(),
      recorders,
      started: performance.now(),
      sourced: 0,
      written: 0,
    };
    const detach = ctx.backpressure?.attach(gate);
    for (const m of recorders) m.start();
    const in$ = source(run).pipe(
      map((value): Env => {
        const index = run.sourced++;
        for (const m of recorders) m.recordIn();
        if (index % MEMORY_CHECK_EVERY === MEMORY_CHECK_EVERY - 1) {
          const heapUsed = process.memoryUsage().heapUsed;
          if (heapUsed > ctx.memoryLimit) {
            throw new MemoryLimitError(`heap above memoryLimit (${ctx.memoryLimit} bytes)`, {
              memoryLimit: ctx.memoryLimit,
              heapUsed,
            });
          }
        }
        return { value, index, credits: 1, t0: performance.now() };
      }),
    );
    let staged$ = in$;
    for (const op of compile(this.#spec.stages, run)) staged$ = op(staged$);
    // failures no catch() handled: within errorTolerance (percent of the run's items) they are skipped
    const tolerated = ctx.errorTolerance > 0;
    const out$ = staged$.pipe(
      judge(run, tolerated ? 'skip' : 'propagate', undefined, run.uncaught),
      concatWith(
        defer(() => {
          const failed = run.uncaught.failed;
          if (failed * 100 > ctx.errorTolerance * run.sourced) {
            const last = run.uncaught.recent[run.uncaught.recent.length - 1];
            throw new PipelineError(
              `${failed} of ${run.sourced} items failed, above errorTolerance ${ctx.errorTolerance}%`,
              { failed, items: run.sourced, errorTolerance: ctx.errorTolerance },
              { code: last?.code ?? 'E_PIPELINE' },
            );
          }
          return EMPTY;
        }),
      ),
      catchError((err: unknown) => {
        throw asPipelineError(err);
      }),
    );
    let finished = false;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      for (const m of recorders) {
        m.recordBackpressure(gate.blockedEvents);
        m.recordError(run.errors.failed + run.uncaught.failed);
        m.stop();
      }
      detach?.();
      dispose();
      controller.abort();
    };
    return { run, out$, finish };
  }
}

/** PrimeOS-compatible alias of {@link StreamPipeline}. */
export const Pipeline = StreamPipeline;
/** PrimeOS-compatible alias of {@link StreamPipeline}. */
export type Pipeline<T = unknown, R = T> = StreamPipeline<T, R>;

/**
 * A new standalone pipeline builder (stream defaults, no worker pool); `StreamProcessor.createPipeline()` gives
 * one bound to a processor's configuration, metrics and pool.
 *
 * @returns an empty pipeline; start it with `.source(…)`
 *
 * @example
 * ```ts
 * import { createPipeline } from 'primeos/stream';
 * const sum = await createPipeline<number, number>().source([1, 2, 3]).reduce((a, x) => a + x, 0); // 6
 * ```
 */
export function createPipeline<T = unknown, R = T>(): StreamPipeline<T, R> {
  return new StreamPipeline<T, R>();
}

type Op = (in$: Observable<Env>) => Observable<Env>;

/** The operators of a run, from the stage specs (per run: no state is shared between runs). */
function compile(stages: readonly StageSpec[], run: Run): Op[] {
  const settings = groupSettings(stages);
  return stages.map((stage, i): Op => {
    switch (stage.kind) {
      case 'map':
        return mapStage(stage, settings[i], run);
      case 'filter':
        return (in$) =>
          in$.pipe(
            filter((env) => {
              if (env.failure !== undefined) return true;
              let keep: boolean;
              try {
                keep = stage.predicate(env.value, env.index);
              } catch (err) {
                env.failure = { error: toPrimeosError(err, 'E_PROCESS'), value: env.value };
                return true;
              }
              if (!keep) run.gate.release(env.credits);
              return keep;
            }),
          );
      case 'batch': {
        const m = stage.mode;
        const mode: BatchMode<Env> =
          m.mode === 'boundary'
            ? { ...m, isBoundary: (e: Env) => e.failure === undefined && m.isBoundary(e.value) }
            : (m as BatchMode<Env>);
        // failures go around the batcher: they take no place in a batch
        return (in$) =>
          in$.pipe(
            connect((shared) =>
              merge(
                shared.pipe(filter((env) => env.failure !== undefined)),
                shared.pipe(
                  filter((env) => env.failure === undefined),
                  adaptiveBatch<Env>({
                    ...mode,
                    gate: run.gate,
                    park: (env) => {
                      run.gate.release(env.credits);
                      env.credits = 0;
                    },
                  }),
                  map((group): Env => ({
                    value: group.map((e) => e.value),
                    index: (group[0] as Env).index,
                    credits: group.reduce((a, e) => a + e.credits, 0),
                    t0: (group[0] as Env).t0,
                  })),
                ),
              ),
            ),
          );
      }
      case 'catch':
        return judge(run, stage.policy, stage.substitute);
      case 'group':
        return (in$) => in$;
    }
  });
}

/** The concurrency / partition each async stage gets from the `parallel(n)` / `distribute(fn)` that governs it. */
function groupSettings(
  stages: readonly StageSpec[],
): ({ concurrency?: number; partition?: (v: unknown) => number } | undefined)[] {
  const out: ({ concurrency?: number; partition?: (v: unknown) => number } | undefined)[] = stages.map(() => undefined);
  let pending: number[] = []; // async stages since the previous group
  let carry: Extract<StageSpec, { kind: 'group' }> | undefined; // a group with no async stage before it
  stages.forEach((s, i) => {
    if (s.kind === 'map' && s.async) {
      if (carry !== undefined) out[i] = carry;
      else pending.push(i);
    } else if (s.kind === 'group') {
      // a group governs the async stages since the previous group; with none, the ones that follow it
      if (pending.length > 0) {
        for (const j of pending) out[j] = s;
        pending = [];
        carry = undefined;
      } else carry = s;
    }
  });
  return out;
}

function mapStage(
  stage: Extract<StageSpec, { kind: 'map' }>,
  group: { concurrency?: number; partition?: (v: unknown) => number } | undefined,
  run: Run,
): Op {
  const work = stage.work();
  const fail = (env: Env, err: unknown): Env => {
    const cause = err instanceof StreamProcessingError && err.cause !== undefined ? err.cause : err;
    return { ...env, failure: { error: toPrimeosError(cause, 'E_PROCESS'), value: env.value } };
  };
  if (!stage.async) {
    return mapWithPolicy<Env, Env>(
      (env) => (env.failure !== undefined ? env : { ...env, value: work(env.value, run.signal, run, env.index) }),
      { policy: 'substitute', substitute: fail },
    );
  }
  const ctx = run.ctx;
  const partition = stage.partition ?? group?.partition;
  const concurrency = stage.concurrency ?? group?.concurrency ?? (partition === undefined ? 1 : ctx.bufferSize);
  const retry: RetryWithBackoffOptions | undefined =
    stage.retry === undefined
      ? undefined
      : { maxAttempts: ctx.retryAttempts, baseDelayMs: ctx.retryDelay, ...stage.retry };
  return mapWithPolicy<Env, Env>(
    async (env, _i, signal) =>
      env.failure !== undefined ? env : { ...env, value: await work(env.value, signal, run, env.index) },
    {
      policy: 'substitute',
      substitute: fail,
      concurrency,
      ordered: true,
      ...(partition === undefined
        ? {}
        : { partition: (env: Env) => (env.failure !== undefined ? -1 : partition(env.value)) }),
      timeoutMs: ctx.timeoutMs,
      ...(retry === undefined ? {} : { retry }),
      signal: run.signal,
    },
  );
}

/** Apply an error policy to the failures travelling in a run (a `catch()` stage, and the end of the run). */
function judge(run: Run, policy: ErrorPolicy, substitute?: (env: Env) => unknown, record = run.errors): Op {
  return mapWithPolicy<Env, Env>(
    (env) => {
      if (env.failure !== undefined) throw env.failure.error;
      return env;
    },
    {
      policy,
      record,
      gate: run.gate,
      credits: (env) => env.credits,
      indexOf: (env) => env.index,
      ...(substitute === undefined
        ? {}
        : {
            substitute: (env: Env) => {
              const v = substitute(env);
              if (v === SKIP) return SKIP;
              const { failure: _dropped, ...rest } = env;
              return { ...rest, value: v };
            },
          }),
    },
  );
}

function asPipelineError(err: unknown): unknown {
  if (err instanceof PipelineError || !(err instanceof StreamProcessingError) || err.name !== 'StreamProcessingError') {
    return err;
  }
  // an item's failure under `propagate`: the run fails with a PipelineError carrying the item's code
  return new PipelineError(err.message, err.details as Record<string, unknown> | undefined, {
    code: err.code,
    cause: err.cause,
  });
}

function settleError(run: Run, err: unknown): unknown {
  if (run.signal.aborted && !(typeof err === 'object' && err !== null && 'code' in err)) {
    return new PrimeosError('E_ABORTED', 'pipeline aborted', undefined, { cause: err });
  }
  return err;
}
