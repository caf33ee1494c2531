import { Observable, asyncScheduler, type OperatorFunction, type SchedulerLike, type Subscription } from 'rxjs';
import { BatchSizer, type BatchSizerOptions } from '../BatchSizer.js';
import { systemClock, type Clock } from '../Clock.js';
import type { CreditGate } from '../CreditGate.js';
import { PrimeosError } from '../../model/PrimeosError.js';
import { STREAM_DEFAULTS } from '../streamDefaults.js';

/**
 * How {@link adaptiveBatch} cuts batches:
 * - `fixed`: every `size` items;
 * - `adaptive`: a size steered toward `targetBatchMs` by a {@link BatchSizer} fed with the measured time the
 *   downstream took to handle each batch synchronously (or with latencies you `record()` on a shared sizer);
 * - `boundary`: a new batch starts at each item for which `isBoundary` is true (e.g. block headers), and a
 *   batch never exceeds `maxSize`;
 * - `time`: whatever arrived within `windowMs` of a batch's first item, up to `maxSize`.
 */
export type BatchMode<T> =
  | { readonly mode: 'fixed'; readonly size: number }
  | ({ readonly mode: 'adaptive'; readonly sizer?: BatchSizer; readonly clock?: Clock } & BatchSizerOptions)
  | { readonly mode: 'boundary'; readonly isBoundary: (item: T) => boolean; readonly maxSize?: number }
  | { readonly mode: 'time'; readonly windowMs: number; readonly maxSize?: number; readonly scheduler?: SchedulerLike };

/** Options common to every mode of {@link adaptiveBatch}. */
export interface AdaptiveBatchCommon<T = unknown> {
  /**
   * The credit gate of the pipeline. While the source is blocked waiting for a credit, partial batches are
   * flushed at once (a batch larger than the free credits would otherwise wait forever).
   */
  readonly gate?: CreditGate;
  /**
   * Fixed and adaptive modes: called with each item that enters a batch without closing it. The caller returns
   * that item's credits there, so a pending batch holds no credit and a batch stands for the credits of the item
   * that closed it: batches are then always full (the last one excepted) whatever the number of credits, and the
   * gate's pressure does not cut them short.
   */
  readonly park?: (item: T) => void;
}

/** Options of {@link adaptiveBatch}. */
export type AdaptiveBatchOptions<T> = BatchMode<T> & AdaptiveBatchCommon<T>;

/** Default `maxSize` of the boundary and time modes. */
export const DEFAULT_BATCH_MAX = STREAM_DEFAULTS.maxBatch;

/**
 * Group items into arrays: fixed, adaptive (latency-steered), boundary-aware or time-based. Partial batches
 * are flushed on completion and whenever the shared credit gate blocks the source.
 *
 * @param options - the mode and its parameters
 * @returns an operator from items to non-empty arrays of items, in order
 * @throws PrimeosError `E_RANGE` (synchronously) for invalid sizes
 *
 * @example
 * ```ts
 * import { adaptiveBatch } from 'primeos/stream';
 * chunks$.pipe(adaptiveBatch({ mode: 'adaptive', targetBatchMs: 10, minSize: 8, maxSize: 4096 }));
 * ```
 */
export function adaptiveBatch<T>(options: AdaptiveBatchOptions<T>): OperatorFunction<T, T[]> {
  const sizerFor = (): BatchSizer | undefined =>
    options.mode === 'adaptive' ? (options.sizer ?? new BatchSizer(options)) : undefined;
  if (options.mode === 'fixed' && !(Number.isInteger(options.size) && options.size >= 1)) {
    throw new PrimeosError('E_RANGE', `batch size must be a positive integer, got ${options.size}`);
  }
  sizerFor(); // validates adaptive bounds eagerly
  return (source) =>
    new Observable<T[]>((subscriber) => {
      const sizer = sizerFor();
      const clock = options.mode === 'adaptive' ? (options.clock ?? systemClock) : systemClock;
      const limit = (): number => {
        switch (options.mode) {
          case 'fixed':
            return options.size;
          case 'adaptive':
            return (sizer as BatchSizer).size;
          default:
            return options.maxSize ?? DEFAULT_BATCH_MAX;
        }
      };
      let batch: T[] = [];
      let timer: Subscription | undefined;
      const flush = (): void => {
        timer?.unsubscribe();
        timer = undefined;
        if (batch.length === 0) return;
        const out = batch;
        batch = [];
        if (sizer !== undefined) {
          const t0 = clock();
          subscriber.next(out);
          if (options.mode === 'adaptive' && options.sizer === undefined) sizer.record(clock() - t0, out.length);
        } else subscriber.next(out);
      };
      const parking = options.park !== undefined && (options.mode === 'fixed' || options.mode === 'adaptive');
      const pressure = (parking ? undefined : options.gate)?.pressure.subscribe((e) => {
        if (e.kind === 'blocked') flush();
      });
      const sub = source.subscribe({
        next: (item) => {
          if (options.mode === 'boundary' && batch.length > 0 && options.isBoundary(item)) flush();
          batch.push(item);
          if (parking) {
            if (batch.length >= limit()) flush();
            else (options.park as (item: T) => void)(item);
            return;
          }
          if (options.mode === 'time' && timer === undefined) {
            timer = (options.scheduler ?? asyncScheduler).schedule(flush, options.windowMs);
          }
          // the source already waits for a credit: holding this item back could stall the pipeline
          if (batch.length >= limit() || (options.gate !== undefined && options.gate.waiting > 0)) flush();
        },
        error: (e: unknown) => subscriber.error(e),
        complete: () => {
          flush();
          subscriber.complete();
        },
      });
      return () => {
        timer?.unsubscribe();
        pressure?.unsubscribe();
        sub.unsubscribe();
      };
    });
}
