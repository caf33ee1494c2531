import type { Writable } from 'node:stream';
import type { Observable } from 'rxjs';
import { EMPTY, defer, from, isObservable, map, mergeMap, of, catchError, timeout as rxTimeout, concatMap } from 'rxjs';
import { PrimeosError, toPrimeosError } from '../model/PrimeosError.js';
import type { BackpressureController } from './BackpressureController.js';
import { CreditGate } from './CreditGate.js';
import { MemoryLimitError } from './errors/MemoryLimitError.js';
import { PipelineError } from './errors/PipelineError.js';
import { linkedController } from './internal/abort.js';
import type { MetricsRecorder } from './MetricsRecorder.js';
import { adaptiveBatch, type BatchMode } from './operators/adaptiveBatch.js';
import { createErrorRecord, type ErrorRecord } from './operators/mapWithPolicy.js';
import { ordered, type Indexed } from './operators/ordered.js';
import { retryWithBackoff, type RetryWithBackoffOptions } from './operators/retryWithBackoff.js';
import { toAsyncIterable } from './sinks/toAsyncIterable.js';
import { toWritable } from './sinks/toWritable.js';
import { fromPull, type PullSource } from './sources/fromPull.js';
import { fromPush, type OverflowPolicy } from './sources/fromPush.js';
import type { WorkerPool } from './WorkerPool.js';

/** What a running pipeline needs from its processor (read when a run starts, so `configure()` applies). */
export interface PipelineContext {
  /** Credits per run (items in flight between source and sink). */
  readonly bufferSize: number;
  readonly enableBackpressure: boolean;
  /** Per-item timeout of async stages, ms (0: none). */
  readonly timeoutMs: number;
  /** Fraction of failed items tolerated by a run before it fails (uncaught failures are skipped below it). */
  readonly errorTolerance: number;
  /** Heap bytes above which a run fails with MemoryLimitError (checked every 256 source items). */
  readonly memoryLimit: number;
  readonly retryAttempts: number;
  readonly retryDelay: number;
  /** Default concurrency of `parallel()`. */
  readonly maxConcurrency: number;
  readonly metrics: MetricsRecorder;
  readonly backpressure: BackpressureController;
  /** Aborted when the processor terminates. */
  readonly signal: AbortSignal;
  /** The processor's worker pool (created on first use). */
  pool(): Promise<WorkerPool>;
}

/** An item travelling through a pipeline: its value or its failure, its input index and the credits it holds. */
type Env<T> =
  | { readonly ok: true; readonly value: T; readonly index: number; readonly credits: number; readonly t0: number }
  | {
      readonly ok: false;
      readonly error: PrimeosError;
      readonly index: number;
      readonly credits: number;
      readonly t0: number;
    };

interface RunState {
  readonly ctx: PipelineContext;
  readonly gate: CreditGate;
  readonly signal: AbortSignal;
  readonly errors: ErrorRecord;
}

type Stage = (in$: Observable<Env<unknown>>, run: RunState) => Observable<Env<unknown>>;
type SourceFactory = (run: RunState) => Observable<unknown>;

/** Per-stage options of the async stages. */
export interface StageOptions {
  /** Items handled at once by this stage (default 1; results stay in input order). */
  readonly concurrency?: number;
}

/** How `catch()` handles failed items. */
export type CatchPolicy<T> = 'skip' | 'propagate' | { readonly substitute: (error: PrimeosError, index: number) => T };

/** Options of a pipeline run. */
export interface RunOptions {
  readonly signal?: AbortSignal;
}

/** What a finished run reports (sinks). */
export interface PipelineRunSummary {
  readonly written: number;
  /** Failures, skipped or substituted (see `errors`). */
  readonly failed: number;
  readonly errors: ErrorRecord;
}

interface Spec {
  readonly source?: SourceFactory;
  readonly stages: readonly { readonly stage: Stage; readonly retriable?: ItemStageSpec }[];
}

interface ItemStageSpec {
  readonly fn: (value: unknown, signal: AbortSignal, run: RunState) => unknown;
  readonly concurrency: number;
  readonly retry?: RetryWithBackoffOptions;
}

const MEMORY_CHECK_EVERY = 256;

/**
 * A pipeline builder (PrimeOS `createPipeline()`): `source → transform / asyncTransform / filter / batch /
 * parallel / distribute / catch / retry → sink / collect / reduce`. Every run pulls its source through a
 * credit gate of `bufferSize` credits, so items in flight stay bounded whatever the stages do; a failed item
 * travels as a failure record to the next `catch()` (or is judged against `errorTolerance` at the end) instead
 * of killing the stream; `parallel()` and `distribute()` really run items concurrently (worker threads for
 * named tasks). Builders are immutable: each call returns a new pipeline.
 *
 * @typeParam T - the type of the items at this point of the pipeline
 *
 * @example
 * ```ts
 * import { createAndInitializeStream } from 'primeos/stream';
 * const sp = await createAndInitializeStream();
 * const total = await sp.createPipeline<string>().source(lines).transform(BigInt).filter((n) => n > 1n)
 *   .reduce((a, n) => a + n, 0n);
 * ```
 */
export class Pipeline<T> {
  readonly #ctx: () => PipelineContext;
  readonly #spec: Spec;

  /**
   * @param ctx - the processor context getter
   * @param spec - internal: the stages so far
   */
  constructor(ctx: () => PipelineContext, spec: Spec = { stages: [] }) {
    this.#ctx = ctx;
    this.#spec = spec;
  }

  /**
   * Set the source: a pull source (credit-bridged) or an Observable (push: needs an overflow policy).
   *
   * @param source - AsyncIterable, Iterable, Node Readable, ReadableStream or Observable
   * @param overflow - overflow policy for an Observable source (default `{ buffer: bufferSize }`)
   * @returns a pipeline of the source's items
   */
  source<S>(source: PullSource<S> | Observable<S>, overflow?: OverflowPolicy): Pipeline<S> {
    const factory: SourceFactory = (run) =>
      isObservable(source)
        ? fromPush(source, {
            gate: run.gate,
            policy: overflow ?? { buffer: run.gate.highWaterMark },
            signal: run.signal,
          })
        : fromPull(source, { gate: run.gate, signal: run.signal });
    return new Pipeline<S>(this.#ctx, { source: factory, stages: [] });
  }

  /**
   * Map each item synchronously; a throw becomes a failure record of that item.
   *
   * @param fn - the mapping
   * @returns the mapped pipeline
   */
  transform<U>(fn: (item: T, index: number) => U): Pipeline<U> {
    const stage: Stage = (in$) =>
      in$.pipe(
        map((env): Env<unknown> => {
          if (!env.ok) return env;
          try {
            return { ...env, value: fn(env.value as T, env.index) };
          } catch (err) {
            return fail(env, err);
          }
        }),
      );
    return this.#with(stage);
  }

  /**
   * Map each item with an async function (up to `concurrency` at once, results in order). Subject to the
   * configured `timeoutMs`; a following `retry()` retries it.
   *
   * @param fn - the async mapping (receives an AbortSignal aborted when the run stops)
   * @param options - concurrency
   * @returns the mapped pipeline
   */
  asyncTransform<U>(fn: (item: T, signal: AbortSignal) => Promise<U>, options: StageOptions = {}): Pipeline<U> {
    return this.#withItem({ fn: (v, s) => fn(v as T, s), concurrency: options.concurrency ?? 1 });
  }

  /**
   * Keep the items for which `predicate` holds (a dropped item's credit returns at once).
   *
   * @param predicate - the test
   * @returns the filtered pipeline
   */
  filter(predicate: (item: T, index: number) => boolean): Pipeline<T> {
    const stage: Stage = (in$, run) =>
      in$.pipe(
        mergeMap((env) => {
          if (!env.ok) return of(env);
          let keep: boolean;
          try {
            keep = predicate(env.value as T, env.index);
          } catch (err) {
            return of(fail(env, err));
          }
          if (keep) return of(env);
          run.gate.release(env.credits);
          return EMPTY;
        }),
      );
    return this.#with(stage);
  }

  /**
   * Group items into arrays (fixed size, or any {@link BatchMode}); a batch holds the credits of its items, and
   * is flushed early when the source waits for credits.
   *
   * @param mode - a size or a batch mode
   * @returns a pipeline of batches
   */
  batch(mode: number | BatchMode<T>): Pipeline<T[]> {
    const m: BatchMode<Env<unknown>> =
      typeof mode === 'number'
        ? { mode: 'fixed', size: mode }
        : mode.mode === 'boundary'
          ? { ...mode, isBoundary: (e: Env<unknown>) => e.ok && mode.isBoundary(e.value as T) }
          : mode;
    const stage: Stage = (in$, run) =>
      in$.pipe(
        adaptiveBatch<Env<unknown>>({ ...m, gate: run.gate }),
        mergeMap((group) => {
          const failed = group.filter((e) => !e.ok);
          const okItems = group.filter((e): e is Extract<Env<unknown>, { ok: true }> => e.ok);
          const out: Env<unknown>[] = [...failed];
          const first = okItems[0];
          if (first !== undefined) {
            out.push({
              ok: true,
              value: okItems.map((e) => e.value),
              index: first.index,
              credits: okItems.reduce((a, e) => a + e.credits, 0),
              t0: first.t0,
            });
          }
          return from(out);
        }),
      );
    return this.#with(stage);
  }

  /**
   * Run each item through an async function, or a named task of the processor's worker pool, with
   * `concurrency` items in flight (default `maxConcurrency`); results in input order.
   *
   * @param work - an async function, or the name of an export of the worker module
   * @param options - concurrency
   * @returns the mapped pipeline
   */
  parallel<U>(work: ((item: T, signal: AbortSignal) => Promise<U>) | string, options: StageOptions = {}): Pipeline<U> {
    if (typeof work === 'string') {
      return this.#withItem({
        fn: async (v, s, run) => (await run.ctx.pool()).task<T, U>(work)(v as T, s),
        concurrency: options.concurrency ?? 0,
      });
    }
    return this.#withItem({ fn: (v, s) => work(v as T, s), concurrency: options.concurrency ?? 0 });
  }

  /**
   * Spread items over several handlers running concurrently (each item goes to an idle handler); results in
   * input order.
   *
   * @param handlers - the handlers (at least one)
   * @returns the mapped pipeline
   * @throws PipelineError `E_STATE` when `handlers` is empty
   */
  distribute<U>(handlers: readonly ((item: T, signal: AbortSignal) => Promise<U>)[]): Pipeline<U> {
    if (handlers.length === 0) throw new PipelineError('distribute() needs at least one handler');
    const busy = handlers.map(() => false);
    return this.#withItem({
      fn: async (v, s) => {
        const i = busy.indexOf(false);
        const k = i === -1 ? 0 : i;
        busy[k] = true;
        try {
          return await (handlers[k] as (item: T, signal: AbortSignal) => Promise<U>)(v as T, s);
        } finally {
          busy[k] = false;
        }
      },
      concurrency: handlers.length,
    });
  }

  /**
   * Handle failed items so far: `skip` drops them (credits return), `propagate` fails the run with a
   * PipelineError, `{ substitute }` replaces them. Counted in the run's error record and the metrics.
   *
   * @param policy - the policy
   * @returns the pipeline
   */
  catch(policy: CatchPolicy<T>): Pipeline<T> {
    const stage: Stage = (in$, run) =>
      in$.pipe(
        mergeMap((env) => {
          if (env.ok) return of(env);
          const action = typeof policy === 'string' ? policy : 'substitute';
          record(run, env, action);
          if (policy === 'skip') {
            run.gate.release(env.credits);
            return EMPTY;
          }
          if (policy === 'propagate') throw stageError(env);
          return of<Env<unknown>>({ ...env, ok: true, value: policy.substitute(env.error, env.index) });
        }),
      );
    return this.#with(stage);
  }

  /**
   * Retry the previous async stage (`asyncTransform`, `parallel`, `distribute`) on retryable failures, with
   * exponential backoff and jitter (defaults from `retryAttempts` / `retryDelay`).
   *
   * @param options - retry options
   * @returns the pipeline
   * @throws PipelineError `E_STATE` when the previous stage is not an async stage
   */
  retry(options: RetryWithBackoffOptions = {}): Pipeline<T> {
    const stages = [...this.#spec.stages];
    const last = stages.pop();
    if (last?.retriable === undefined) throw new PipelineError('retry() must follow an async stage');
    const spec: ItemStageSpec = { ...last.retriable, retry: options };
    return new Pipeline<T>(this.#ctx, {
      ...this.#spec,
      stages: [...stages, { stage: itemStage(spec), retriable: spec }],
    });
  }

  /**
   * Run the pipeline into a Node Writable (credits return in its write callbacks, `drain` respected) or an async
   * function (credits return when it resolves).
   *
   * @param target - the destination
   * @param options - signal; `serialize` for Writables
   * @returns the run summary
   * @throws PipelineError when failures exceed `errorTolerance` or a `catch('propagate')` fires; E_ABORTED on abort
   */
  async sink(
    target: Writable | ((item: T) => void | Promise<void>),
    options: RunOptions & { readonly serialize?: (item: T) => unknown; readonly end?: boolean } = {},
  ): Promise<PipelineRunSummary> {
    return this.#run(options, async (out$, run) => {
      if (typeof target === 'function') {
        let written = 0;
        await new Promise<void>((resolve, reject) => {
          out$
            .pipe(
              concatMap((env) =>
                defer(async () => {
                  await target(env.value as T);
                  written++;
                  this.#written(run, env);
                }),
              ),
            )
            .subscribe({ error: reject, complete: resolve });
        });
        return written;
      }
      const { serialize } = options;
      const r = await toWritable(out$, target, {
        serialize: (env) => (serialize === undefined ? env.value : serialize(env.value as T)),
        end: options.end,
        gate: run.gate,
        // called in the write callback: the item has been written
        credits: (env) => {
          this.#written(run, env, false);
          return env.credits;
        },
        signal: run.signal,
      });
      return r.written;
    });
  }

  /**
   * Run the pipeline and collect its output.
   *
   * @param options - signal
   * @returns the items, in order
   * @throws as {@link Pipeline.sink}
   */
  async collect(options: RunOptions = {}): Promise<T[]> {
    return this.reduce<T[]>((acc, x) => (acc.push(x), acc), [], options);
  }

  /**
   * Run the pipeline and fold its output.
   *
   * @param fn - the reducer
   * @param initial - the initial accumulator
   * @param options - signal
   * @returns the final accumulator
   * @throws as {@link Pipeline.sink}
   */
  async reduce<A>(fn: (acc: A, item: T) => A, initial: A, options: RunOptions = {}): Promise<A> {
    let acc = initial;
    await this.sink((x) => {
      acc = fn(acc, x);
    }, options);
    return acc;
  }

  /**
   * Run the pipeline as an AsyncIterable: an item's credits return when the consumer asks for the next one.
   *
   * @param options - signal
   * @returns the items
   * @throws as {@link Pipeline.sink}, from the iteration
   */
  async *toAsyncIterable(options: RunOptions = {}): AsyncGenerator<T> {
    const { run, out$, finish } = this.#start(options);
    const it = toAsyncIterable(out$, { gate: run.gate, credits: (e) => e.credits });
    try {
      for await (const env of it) {
        this.#written(run, env, false);
        yield env.value as T;
      }
    } catch (err) {
      throw abortAware(run, err);
    } finally {
      await it.return?.();
      finish();
    }
  }

  #written(run: RunState, env: Env<unknown>, release = true): void {
    run.ctx.metrics.recordOut(performance.now() - env.t0);
    if (release) run.gate.release(env.credits);
    run.ctx.backpressure.poll();
  }

  #with<U>(stage: Stage): Pipeline<U> {
    return new Pipeline<U>(this.#ctx, { ...this.#spec, stages: [...this.#spec.stages, { stage }] });
  }

  #withItem<U>(spec: ItemStageSpec): Pipeline<U> {
    return new Pipeline<U>(this.#ctx, {
      ...this.#spec,
      stages: [...this.#spec.stages, { stage: itemStage(spec), retriable: spec }],
    });
  }

  #start(options: RunOptions): {
    run: RunState;
    out$: Observable<Extract<Env<unknown>, { ok: true }>>;
    finish: () => void;
  } {
    const source = this.#spec.source;
    if (source === undefined) throw new PipelineError('pipeline has no source');
    const ctx = this.#ctx();
    const gate = new CreditGate(ctx.enableBackpressure ? ctx.bufferSize : 2 ** 30);
    const { controller, dispose } = linkedController(ctx.signal, options.signal);
    const run: RunState = { ctx, gate, signal: controller.signal, errors: createErrorRecord() };
    const detach = ctx.backpressure.attach(gate);
    ctx.metrics.start();
    let index = 0;
    const in$ = source(run).pipe(
      map((value): Env<unknown> => {
        ctx.metrics.recordIn();
        if (index % MEMORY_CHECK_EVERY === MEMORY_CHECK_EVERY - 1 && process.memoryUsage().heapUsed > ctx.memoryLimit) {
          throw new MemoryLimitError(`heap above memoryLimit (${ctx.memoryLimit} bytes)`, {
            memoryLimit: ctx.memoryLimit,
            heapUsed: process.memoryUsage().heapUsed,
          });
        }
        return { ok: true, value, index: index++, credits: 1, t0: performance.now() };
      }),
    );
    let staged$ = in$;
    for (const { stage } of this.#spec.stages) staged$ = stage(staged$, run);
    let judged = 0;
    const out$ = staged$.pipe(
      mergeMap((env) => {
        judged++;
        if (env.ok) return of(env);
        record(run, env, 'skip');
        if (run.errors.failed / judged > ctx.errorTolerance) throw stageError(env);
        gate.release(env.credits);
        return EMPTY;
      }),
    );
    let finished = false;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      ctx.metrics.recordBackpressure(gate.blockedEvents);
      ctx.metrics.stop();
      detach();
      dispose();
      controller.abort();
    };
    return { run, out$, finish };
  }

  async #run(
    options: RunOptions,
    consume: (out$: Observable<Extract<Env<unknown>, { ok: true }>>, run: RunState) => Promise<number>,
  ): Promise<PipelineRunSummary> {
    const { run, out$, finish } = this.#start(options);
    try {
      const written = await consume(out$, run);
      return { written, failed: run.errors.failed, errors: run.errors };
    } catch (err) {
      throw abortAware(run, err);
    } finally {
      finish();
    }
  }
}

function abortAware(run: RunState, err: unknown): unknown {
  if (run.signal.aborted && !hasCode(err))
    return new PrimeosError('E_ABORTED', 'pipeline aborted', undefined, { cause: err });
  return err;
}

function hasCode(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'code' in err;
}

function fail<T>(env: Env<T>, err: unknown): Env<T> {
  return { ok: false, error: toPrimeosError(err, 'E_PROCESS'), index: env.index, credits: env.credits, t0: env.t0 };
}

function record(
  run: RunState,
  env: Extract<Env<unknown>, { ok: false }>,
  action: 'skip' | 'propagate' | 'substitute',
): void {
  const r = run.errors;
  r.failed++;
  if (action === 'skip') r.skipped++;
  if (action === 'substitute') r.substituted++;
  r.recent.push({ index: env.index, code: env.error.code, message: env.error.message, action });
  if (r.recent.length > r.keepLast) r.recent.shift();
  run.ctx.metrics.recordError();
}

function stageError(env: Extract<Env<unknown>, { ok: false }>): PipelineError {
  return new PipelineError(
    `item ${env.index} failed: ${env.error.message}`,
    { index: env.index, cause: env.error.code },
    { code: env.error.code, cause: env.error },
  );
}

function itemStage(spec: ItemStageSpec): Stage {
  return (in$, run) => {
    const ctx = run.ctx;
    const concurrency = spec.concurrency > 0 ? spec.concurrency : Math.max(1, ctx.maxConcurrency);
    const retry: RetryWithBackoffOptions | undefined =
      spec.retry === undefined
        ? undefined
        : { maxAttempts: ctx.retryAttempts, baseDelayMs: ctx.retryDelay, ...spec.retry };
    return in$.pipe(
      map((env, i): Indexed<Env<unknown>> => ({ index: i, value: env })),
      mergeMap(({ index, value: env }) => {
        if (!env.ok) return of({ index, value: env });
        const okEnv = env;
        let call = defer(() => Promise.resolve(spec.fn(okEnv.value, run.signal, run)));
        if (ctx.timeoutMs > 0) call = call.pipe(rxTimeout({ first: ctx.timeoutMs }));
        if (retry !== undefined) call = call.pipe(retryWithBackoff(retry));
        return call.pipe(
          map((value): Indexed<Env<unknown>> => ({ index, value: { ...okEnv, value } })),
          catchError((err: unknown) => {
            if (run.signal.aborted) throw err;
            return of({ index, value: fail(env, err) });
          }),
        );
      }, concurrency),
      ordered<Env<unknown>>(),
    );
  };
}
