import { Observable } from 'rxjs';
import type { CreditGate } from '../CreditGate.js';
import { BackpressureError } from '../errors/BackpressureError.js';
import { abortError, linkedController } from '../internal/abort.js';

/**
 * What to do when a push source produces faster than credits return:
 * - `error`: fail with {@link BackpressureError} as soon as an item arrives with no credit;
 * - `drop-newest`: keep up to `bufferSize` waiting items, discard arriving items beyond that;
 * - `drop-oldest`: keep up to `bufferSize` waiting items, discard the oldest waiting item to make room;
 * - `sample`: keep only the latest waiting item;
 * - `{ buffer: n }`: keep up to n waiting items, then fail with {@link BackpressureError}.
 */
export type OverflowPolicy = 'error' | 'drop-newest' | 'drop-oldest' | 'sample' | { readonly buffer: number };

/** A record of what an overflow policy did. */
export interface OverflowStats {
  /** Items discarded, by reason. */
  dropped: number;
  droppedNewest: number;
  droppedOldest: number;
  sampledOut: number;
  /** The largest number of items ever waiting for a credit. */
  maxWaiting: number;
}

/** Options of {@link fromPush}. */
export interface FromPushOptions<T> {
  /** The credit gate shared with the sink. */
  readonly gate: CreditGate;
  /** The overflow policy (required: a push source cannot be slowed down). */
  readonly policy: OverflowPolicy;
  /** Waiting items kept by `drop-newest` / `drop-oldest` (default 0 for `drop-newest`, 1 for `drop-oldest`). */
  readonly bufferSize?: number;
  /** Filled in with what was dropped (create with {@link createOverflowStats}). */
  readonly stats?: OverflowStats;
  /** Called with each discarded item. */
  readonly onDrop?: (item: T, reason: 'drop-newest' | 'drop-oldest' | 'sample') => void;
  /** Aborting unsubscribes from the source and errors with `E_ABORTED`. */
  readonly signal?: AbortSignal;
}

/**
 * A zeroed {@link OverflowStats} record.
 *
 * @returns a fresh stats object
 *
 * @example
 * ```ts
 * // an engine part (not exported from primeos/stream); passing `stats` is optional
 * const stats = createOverflowStats(); // pass as `stats` to fromPush, read `stats.dropped` later
 * ```
 */
export function createOverflowStats(): OverflowStats {
  return { dropped: 0, droppedNewest: 0, droppedOldest: 0, sampledOut: 0, maxWaiting: 0 };
}

/**
 * Bridge a push source (an Observable that cannot be slowed) into the credit system: an item is passed on only
 * with a credit; items arriving without one wait in a bounded buffer handled by the explicit overflow policy,
 * which records every drop.
 *
 * @param source - the push source
 * @param options - gate, policy, buffer size, stats, signal
 * @returns an Observable emitting at most `gate.highWaterMark` un-written items at a time
 * @throws BackpressureError (as an Observable error, code `E_BUDGET`) under `error` / `{ buffer }` overflow
 *
 * @example
 * ```ts
 * import { CreditGate, fromPush } from 'primeos/stream';
 * const gate = new CreditGate(4);
 * const items$ = fromPush(ticks$, { gate, policy: 'drop-oldest', bufferSize: 8 });
 * ```
 */
export function fromPush<T>(source: Observable<T>, options: FromPushOptions<T>): Observable<T> {
  const { gate, policy, onDrop, signal } = options;
  const stats = options.stats ?? createOverflowStats();
  const capacity =
    typeof policy === 'object'
      ? policy.buffer
      : policy === 'error'
        ? 0
        : policy === 'sample'
          ? 1
          : (options.bufferSize ?? (policy === 'drop-oldest' ? 1 : 0));
  return new Observable<T>((subscriber) => {
    const waiting: T[] = [];
    const { controller, dispose } = linkedController(signal);
    let sourceDone = false;
    let waitingForCredit = false;
    let closed = false;

    const finish = (): void => {
      if (sourceDone && waiting.length === 0 && !closed) {
        closed = true;
        subscriber.complete();
      }
    };
    const fail = (err: unknown): void => {
      if (closed) return;
      closed = true;
      subscriber.error(err);
    };
    const pump = (): void => {
      while (waiting.length > 0 && gate.tryAcquire()) subscriber.next(waiting.shift() as T);
      if (waiting.length > 0 && !waitingForCredit) {
        waitingForCredit = true;
        gate.acquire(controller.signal).then(
          () => {
            waitingForCredit = false;
            if (closed) {
              gate.release();
              return;
            }
            if (waiting.length === 0) gate.release();
            else subscriber.next(waiting.shift() as T);
            pump();
          },
          () => undefined,
        );
      }
      finish();
    };
    const drop = (item: T, reason: 'drop-newest' | 'drop-oldest' | 'sample'): void => {
      stats.dropped++;
      if (reason === 'drop-newest') stats.droppedNewest++;
      else if (reason === 'drop-oldest') stats.droppedOldest++;
      else stats.sampledOut++;
      onDrop?.(item, reason);
    };
    const onAbort = (): void => fail(abortError(signal));
    controller.signal.addEventListener('abort', onAbort, { once: true });

    const sub = source.subscribe({
      next: (item) => {
        if (closed) return;
        if (waiting.length === 0 && gate.tryAcquire()) {
          subscriber.next(item);
          return;
        }
        if (waiting.length < capacity) {
          waiting.push(item);
        } else if (policy === 'drop-newest') {
          drop(item, 'drop-newest');
        } else if (policy === 'drop-oldest' || policy === 'sample') {
          if (capacity === 0) drop(item, policy);
          else {
            drop(waiting.shift() as T, policy);
            waiting.push(item);
          }
        } else {
          fail(
            new BackpressureError('push source overflowed its buffer', {
              policy: typeof policy === 'object' ? `buffer(${policy.buffer})` : policy,
              waiting: waiting.length,
              inFlight: gate.inFlight,
            }),
          );
          return;
        }
        if (waiting.length > stats.maxWaiting) stats.maxWaiting = waiting.length;
        pump();
      },
      error: (err: unknown) => fail(err),
      complete: () => {
        sourceDone = true;
        finish();
      },
    });
    if (controller.signal.aborted) onAbort();
    return () => {
      closed = true;
      controller.signal.removeEventListener('abort', onAbort);
      controller.abort();
      dispose();
      sub.unsubscribe();
    };
  });
}
