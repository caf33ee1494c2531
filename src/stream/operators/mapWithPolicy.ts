import { EMPTY, Observable, catchError, defer, mergeMap, of, type OperatorFunction } from 'rxjs';
import { toPrimeosError, type ErrorCode } from '../../model/PrimeosError.js';
import type { CreditGate } from '../CreditGate.js';
import { StreamProcessingError } from '../errors/StreamProcessingError.js';

/** What to do when processing one item fails: fail the stream, drop the item, or emit a substitute. */
export type ErrorPolicy = 'propagate' | 'skip' | 'substitute';

/** One recorded failure. */
export interface ItemFailure {
  /** 0-based position of the item in this operator's input. */
  readonly index: number;
  readonly code: ErrorCode;
  readonly message: string;
  readonly action: ErrorPolicy;
}

/** What an error policy did (mutated in place; create with {@link createErrorRecord}). */
export interface ErrorRecord {
  processed: number;
  failed: number;
  skipped: number;
  substituted: number;
  /** The most recent failures (at most `keepLast`). */
  readonly recent: ItemFailure[];
  readonly keepLast: number;
}

/**
 * An empty {@link ErrorRecord}.
 *
 * @param keepLast - how many failures to keep in `recent` (default 100)
 * @returns a fresh record
 *
 * @example
 * ```ts
 * import { createErrorRecord, verifyIntegrity } from 'primeos/stream';
 * const record = createErrorRecord();
 * chunks$.pipe(verifyIntegrity({ policy: 'skip', record })); // then read record.skipped
 * ```
 */
export function createErrorRecord(keepLast = 100): ErrorRecord {
  return { processed: 0, failed: 0, skipped: 0, substituted: 0, recent: [], keepLast };
}

/** Options of {@link mapWithPolicy}. */
export interface MapWithPolicyOptions<T, R> {
  /** Default `propagate`. */
  readonly policy?: ErrorPolicy;
  /** The value emitted in place of a failed item under `substitute`. */
  readonly substitute?: (item: T, error: StreamProcessingError) => R;
  /** Filled in with what the policy did. */
  readonly record?: ErrorRecord;
  /** Under `skip`, the dropped item's credit is returned to this gate. */
  readonly gate?: CreditGate;
  /** Items processed at once when `fn` is async (default 1: in order). */
  readonly concurrency?: number;
}

/**
 * Map each item with `fn` (sync or async) and apply an error policy to failures: `propagate` fails the stream
 * with a `StreamProcessingError` carrying the item index, `skip` drops the item (returning its credit),
 * `substitute` emits `substitute(item, error)`. Every failure is counted in `record`.
 *
 * @param fn - the per-item function
 * With `concurrency` > 1 (async functions), results come in completion order.
 *
 * @param options - policy, substitute, record, gate, concurrency
 * @returns an operator from items to results
 * @throws StreamProcessingError (as an Observable error) under `propagate`, with the original code
 *
 * @example
 * ```ts
 * import { mapWithPolicy, createErrorRecord } from 'primeos/stream';
 * const record = createErrorRecord();
 * lines$.pipe(mapWithPolicy((l) => BigInt(l), { policy: 'skip', record }));
 * ```
 */
export function mapWithPolicy<T, R>(
  fn: (item: T, index: number) => R | Promise<R>,
  options: MapWithPolicyOptions<T, R> = {},
): OperatorFunction<T, R> {
  const policy = options.policy ?? 'propagate';
  const record = options.record ?? createErrorRecord();
  const concurrency = options.concurrency ?? 1;
  const failure = (index: number, err: unknown): StreamProcessingError => {
    const base = toPrimeosError(err, 'E_PROCESS');
    record.failed++;
    record.recent.push({ index, code: base.code, message: base.message, action: policy });
    if (record.recent.length > record.keepLast) record.recent.shift();
    return new StreamProcessingError(
      `item ${index} failed: ${base.message}`,
      { index, ...base.details },
      { code: base.code, cause: err },
    );
  };
  if (concurrency > 1) {
    const one = (item: T, index: number): Observable<R> => {
      record.processed++;
      return defer(async () => fn(item, index)).pipe(
        catchError((err: unknown) => {
          const error = failure(index, err);
          if (policy === 'skip') {
            record.skipped++;
            options.gate?.release();
            return EMPTY;
          }
          if (policy === 'substitute' && options.substitute !== undefined) {
            record.substituted++;
            return of(options.substitute(item, error));
          }
          throw error;
        }),
      );
    };
    return mergeMap(one, concurrency);
  }
  // In order, one at a time; synchronous results are emitted synchronously (no per-item Observable).
  return (source) =>
    new Observable<R>((subscriber) => {
      const queue: [T, number][] = [];
      let index = 0;
      let busy = false;
      let upstreamDone = false;
      const onError = (item: T, i: number, err: unknown): void => {
        const error = failure(i, err);
        if (policy === 'skip') {
          record.skipped++;
          options.gate?.release();
        } else if (policy === 'substitute' && options.substitute !== undefined) {
          record.substituted++;
          let v: R;
          try {
            v = options.substitute(item, error);
          } catch (e) {
            subscriber.error(e);
            return;
          }
          subscriber.next(v);
        } else subscriber.error(error);
      };
      const runOne = (item: T, i: number): void => {
        record.processed++;
        let r: R | Promise<R>;
        try {
          r = fn(item, i);
        } catch (err) {
          onError(item, i, err);
          return;
        }
        if (r instanceof Promise) {
          busy = true;
          r.then(
            (v) => subscriber.next(v),
            (err: unknown) => onError(item, i, err),
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
          const i = index++;
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
