import { Observable } from 'rxjs';
import { CreditGate, DEFAULT_HIGH_WATER_MARK } from '../CreditGate.js';
import { abortError, linkedController } from '../internal/abort.js';
import { STREAM_DEFAULTS } from '../streamDefaults.js';

/** What {@link fromPull} can pull from. A Node `Readable` is an `AsyncIterable` and is accepted as such. */
export type PullSource<T> = AsyncIterable<T> | Iterable<T> | ReadableStream<T>;

/** Options of {@link fromPull}. */
export interface FromPullOptions {
  /**
   * The credit gate shared with the sink. The sink (or an operator that drops items) returns one credit per item
   * written; the source pulls only while a credit is free. When omitted, a private gate is used and each credit
   * returns as soon as the synchronous part of the downstream chain has accepted the item.
   */
  readonly gate?: CreditGate;
  /** Capacity of the private gate when `gate` is omitted. */
  readonly highWaterMark?: number;
  /** Aborting stops pulling, closes the source and errors the Observable with `E_ABORTED`. */
  readonly signal?: AbortSignal;
  /** Synchronous sources yield to the event loop after this many items in a row (default 1024). */
  readonly yieldEvery?: number;
}

/** Default number of consecutive synchronous pulls before yielding to the event loop. */
export const DEFAULT_YIELD_EVERY = STREAM_DEFAULTS.yieldEvery;

/** {@link FromPullOptions} with defaults filled in. */
export interface ResolvedFromPullOptions {
  readonly gate: CreditGate;
  readonly ownGate: boolean;
  readonly signal: AbortSignal | undefined;
  readonly yieldEvery: number;
}

/**
 * Fill the defaults of {@link FromPullOptions}.
 *
 * @param options - user options
 * @returns resolved options
 */
export function resolveFromPullOptions(options: FromPullOptions = {}): ResolvedFromPullOptions {
  return {
    gate: options.gate ?? new CreditGate(options.highWaterMark ?? DEFAULT_HIGH_WATER_MARK),
    ownGate: options.gate === undefined,
    signal: options.signal,
    yieldEvery: Math.max(1, options.yieldEvery ?? DEFAULT_YIELD_EVERY),
  };
}

interface Puller<T> {
  readonly sync: boolean;
  next(): IteratorResult<T> | Promise<IteratorResult<T>>;
  close(): void;
}

function isReadableStream<T>(s: PullSource<T>): s is ReadableStream<T> {
  return typeof (s as ReadableStream<T>).getReader === 'function';
}

function puller<T>(source: PullSource<T>): Puller<T> {
  if (
    typeof source === 'object' &&
    Symbol.asyncIterator in source &&
    typeof source[Symbol.asyncIterator] === 'function'
  ) {
    const it = (source as AsyncIterable<T>)[Symbol.asyncIterator]();
    return { sync: false, next: () => it.next(), close: () => void it.return?.().catch(() => undefined) };
  }
  if (isReadableStream(source)) {
    const reader = source.getReader();
    return {
      sync: false,
      next: async () => {
        const r = await reader.read();
        return r.done ? { done: true, value: undefined } : { done: false, value: r.value };
      },
      close: () => void reader.cancel().catch(() => undefined),
    };
  }
  const it = (source as Iterable<T>)[Symbol.iterator]();
  return { sync: true, next: () => it.next(), close: () => void it.return?.() };
}

/**
 * The credit bridge: an Observable that pulls `source` one item per credit. Nothing is read from the source
 * while no credit is free, so memory stays bounded by `highWaterMark` items whatever the input size.
 * Unsubscribing or aborting closes the source (`return()` / `cancel()`).
 *
 * @param source - an AsyncIterable, Iterable, Node Readable or WHATWG ReadableStream
 * @param options - gate (shared with the sink), high-water mark, signal
 * @returns a cold Observable of the source's items
 * @throws PrimeosError `E_ABORTED` (as an Observable error) when `signal` aborts
 *
 * @example
 * ```ts
 * import { CreditGate, fromPull, toAsyncIterable } from 'primeos/stream';
 * const gate = new CreditGate(8);
 * for await (const x of toAsyncIterable(fromPull(hugeFileLines, { gate }), { gate })) console.log(x);
 * ```
 */
export function fromPull<T>(source: PullSource<T>, options: FromPullOptions = {}): Observable<T> {
  const { gate, ownGate, signal, yieldEvery } = resolveFromPullOptions(options);
  return new Observable<T>((subscriber) => {
    const { controller, dispose } = linkedController(signal);
    let stopped = false;
    let pull: Puller<T> | undefined;
    const stop = (): void => {
      if (stopped) return;
      stopped = true;
      dispose();
      pull?.close();
    };
    const onAbort = (): void => {
      if (stopped) return;
      stop();
      subscriber.error(abortError(signal));
    };
    controller.signal.addEventListener('abort', onAbort, { once: true });

    const emit = (value: T): void => {
      subscriber.next(value);
      if (ownGate) gate.release();
    };

    const run = async (): Promise<void> => {
      pull = puller(source);
      let streak = 0;
      while (!stopped) {
        if (!gate.tryAcquire()) {
          streak = 0;
          await gate.acquire(controller.signal);
        } else if (pull.sync && ++streak >= yieldEvery) {
          streak = 0;
          await new Promise<void>((r) => setImmediate(r));
        }
        if (stopped) {
          gate.release();
          return;
        }
        const r = pull.sync ? (pull.next() as IteratorResult<T>) : await pull.next();
        if (stopped) {
          gate.release();
          return;
        }
        if (r.done === true) {
          gate.release();
          stopped = true;
          dispose();
          subscriber.complete();
          return;
        }
        emit(r.value);
      }
    };
    if (controller.signal.aborted) onAbort();
    else
      run().catch((err: unknown) => {
        if (stopped) return;
        stop();
        subscriber.error(err);
      });
    return () => {
      controller.signal.removeEventListener('abort', onAbort);
      stop();
    };
  });
}
