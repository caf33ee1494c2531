import { Observable, catchError, defer, filter, finalize, from, map, mergeMap, of, type OperatorFunction } from 'rxjs';
import { toPrimeosError } from '../../model/PrimeosError.js';
import type { CreditGate } from '../CreditGate.js';
import { StreamProcessingError } from '../errors/StreamProcessingError.js';
import { createErrorRecord, recordFailure, SKIP, type ErrorPolicy, type ErrorRecord } from '../errorPolicy.js';
import { abortError } from '../internal/abort.js';
import { withDeadline } from '../internal/deadline.js';
import { ordered as reorder, type Indexed } from './ordered.js';
import { retryWithBackoff, type RetryWithBackoffOptions } from './retryWithBackoff.js';

export { createErrorRecord } from '../errorPolicy.js';
export type { ErrorPolicy, ErrorRecord, ItemFailure } from '../errorPolicy.js';

/** Options of {@link mapWithPolicy}. */
export interface MapWithPolicyOptions<T, R> {
  /** Default `propagate`. */
  readonly policy?: ErrorPolicy;
  /** The value emitted in place of a failed item under `substitute` (return `SKIP` to drop the item instead). */
  readonly substitute?: (item: T, error: StreamProcessingError) => R | typeof SKIP;
  /** Filled in with what the policy did. */
  readonly record?: ErrorRecord;
  /** A dropped item's credits are returned to this gate. */
  readonly gate?: CreditGate;
  /** Credits a dropped item returns (default 1). */
  readonly credits?: (item: T) => number;
  /** Items processed at once when `fn` is async (default 1). */
  readonly concurrency?: number;
  /** With concurrency > 1: emit results in input order (default false: completion order). */
  readonly ordered?: boolean;
  /**
   * Items of one partition run one at a time and keep their order; partitions run concurrently (up to
   * `concurrency` items at once). Results come in completion order across partitions.
   */
  readonly partition?: (item: T) => number;
  /** Per-call deadline in ms (0 or absent: none): the call's own signal aborts and the item fails with `E_TIMEOUT`. */
  readonly timeoutMs?: number;
  /** Retry failed calls with exponential backoff (each attempt is a fresh call with a fresh deadline). */
  readonly retry?: RetryWithBackoffOptions;
  /** Aborting cancels running calls and fails the stream with `E_ABORTED` (not an item failure). */
  readonly signal?: AbortSignal;
  /** The index recorded for a failed item (default: its position in this operator's input). */
  readonly indexOf?: (item: T, position: number) => number;
}

/**
 * The engine's per-item operator: map each item with `fn` (sync or async) and apply an error policy to failures —
 * `propagate` fails the stream with a `StreamProcessingError` carrying the item index and the original code,
 * `skip` drops the item (returning its credits), `substitute` emits `substitute(item, error)`. It also holds the
 * engine's one implementation of bounded concurrency (optionally in input order, or sequential per partition),
 * per-item deadlines (`E_TIMEOUT`, through the call's own AbortSignal) and per-item retries. Every failure is
 * counted in `record`.
 *
 * @param fn - the per-item function (its signal aborts on timeout, on `signal`, and on unsubscribe)
 * @param options - policy, substitute, record, gate, concurrency, ordering, partition, timeout, retry, signal
 * @returns an operator from items to results
 * @throws StreamProcessingError (as an Observable error) under `propagate`, with the original code;
 *   PrimeosError `E_ABORTED` when `signal` aborts
 *
 * @example
 * ```ts
 * import { mapWithPolicy, createErrorRecord } from 'primeos/stream';
 * const record = createErrorRecord();
 * lines$.pipe(mapWithPolicy((l) => BigInt(l), { policy: 'skip', record }));
 * ```
 */
export function mapWithPolicy<T, R>(
  fn: (item: T, index: number, signal: AbortSignal) => R | Promise<R>,
  options: MapWithPolicyOptions<T, R> = {},
): OperatorFunction<T, R> {
  const policy = options.policy ?? 'propagate';
  const record = options.record ?? createErrorRecord();
  const concurrency = options.concurrency ?? 1;
  const timeoutMs = options.timeoutMs ?? 0;
  const { signal, retry, partition } = options;
  /** The outcome of a failed item: a value to emit, SKIP, or a thrown StreamProcessingError. */
  const onFailure = (item: T, position: number, err: unknown): R | typeof SKIP => {
    const base = toPrimeosError(err, 'E_PROCESS');
    const index = options.indexOf?.(item, position) ?? position;
    const error = new StreamProcessingError(
      `item ${index} failed: ${base.message}`,
      { index, ...base.details },
      { code: base.code, cause: err },
    );
    let action: ErrorPolicy = policy === 'substitute' && options.substitute === undefined ? 'propagate' : policy;
    let out: R | typeof SKIP = SKIP;
    if (action === 'substitute') {
      out = (options.substitute as (item: T, error: StreamProcessingError) => R | typeof SKIP)(item, error);
      if (out === SKIP) action = 'skip';
    }
    recordFailure(record, { index, code: base.code, message: base.message, action });
    if (action === 'propagate') throw error;
    if (out === SKIP) options.gate?.release(options.credits?.(item) ?? 1);
    return out;
  };

  const simple = concurrency <= 1 && timeoutMs <= 0 && retry === undefined && signal === undefined && !partition;
  if (!simple) {
    const one = (tails: Map<number, Promise<void>>, item: T, position: number): Observable<R | typeof SKIP> => {
      let call$ = withDeadline((s) => fn(item, position, s), signal, timeoutMs);
      if (retry !== undefined) call$ = call$.pipe(retryWithBackoff(retry));
      if (partition !== undefined) call$ = inPartition(tails, () => partition(item), call$);
      record.processed++;
      return call$.pipe(
        catchError((err: unknown) => {
          if (signal?.aborted) throw abortError(signal);
          return of(onFailure(item, position, err));
        }),
      );
    };
    const inOrder = options.ordered === true && partition === undefined && concurrency > 1;
    return (source) =>
      defer(() => {
        const tails = new Map<number, Promise<void>>(); // per run: no state survives a subscription
        const indexed = source.pipe(
          mergeMap(
            (item, position) =>
              one(tails, item, position).pipe(map((value): Indexed<R | typeof SKIP> => ({ index: position, value }))),
            Math.max(1, concurrency),
          ),
        );
        const out = inOrder ? indexed.pipe(reorder<R | typeof SKIP>()) : indexed.pipe(map((x) => x.value));
        return out.pipe(filter((v): v is R => v !== SKIP));
      });
  }
  // One at a time, in order; synchronous results are emitted synchronously (no per-item Observable).
  const never = new AbortController().signal;
  return (source) =>
    new Observable<R>((subscriber) => {
      const queue: [T, number][] = [];
      let position = 0;
      let busy = false;
      let upstreamDone = false;
      const emitFailure = (item: T, i: number, err: unknown): void => {
        let v: R | typeof SKIP;
        try {
          v = onFailure(item, i, err);
        } catch (e) {
          subscriber.error(e);
          return;
        }
        if (v !== SKIP) subscriber.next(v);
      };
      const runOne = (item: T, i: number): void => {
        record.processed++;
        let r: R | Promise<R>;
        try {
          r = fn(item, i, never);
        } catch (err) {
          emitFailure(item, i, err);
          return;
        }
        if (r instanceof Promise) {
          busy = true;
          r.then(
            (v) => subscriber.next(v),
            (err: unknown) => emitFailure(item, i, err),
          ).finally(() => {
            busy = false;
            drain();
          });
        } else subscriber.next(r);
      };
      const drain = (): void => {
        while (!busy && queue.length > 0 && !subscriber.closed) {
          const [item, i] = queue.shift() as [T, number];
          runOne(item, i);
        }
        if (upstreamDone && !busy && queue.length === 0) subscriber.complete();
      };
      return source.subscribe({
        next: (item) => {
          if (subscriber.closed) return;
          const i = position++;
          if (busy || queue.length > 0) queue.push([item, i]);
          else runOne(item, i);
        },
        error: (e: unknown) => subscriber.error(e),
        complete: () => {
          upstreamDone = true;
          drain();
        },
      });
    });
}

/** Run `call$` after the previous item of the same partition has settled (per-subscription partition tails). */
function inPartition<R>(tails: Map<number, Promise<void>>, key: () => number, call$: Observable<R>): Observable<R> {
  return defer(() => {
    const k = key();
    const prev = tails.get(k) ?? Promise.resolve();
    let settle: () => void = () => undefined;
    const mine = new Promise<void>((r) => (settle = r));
    tails.set(k, mine);
    return from(prev).pipe(
      mergeMap(() => call$),
      finalize(() => {
        settle();
        if (tails.get(k) === mine) tails.delete(k);
      }),
    );
  });
}
