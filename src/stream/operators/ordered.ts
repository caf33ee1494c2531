import { Observable, type OperatorFunction } from 'rxjs';
import { BackpressureError } from '../errors/BackpressureError.js';
import { PipelineError } from '../errors/PipelineError.js';

/** A value tagged with its 0-based position in the input. */
export interface Indexed<T> {
  readonly index: number;
  readonly value: T;
}

/** Options of {@link ordered}. */
export interface OrderedOptions {
  /**
   * Largest number of out-of-order items held. With a credit-bridged source this is naturally bounded by the
   * gate's `highWaterMark`; pass it here to fail loudly if that invariant is ever broken. Default: unbounded.
   */
  readonly maxBuffer?: number;
  /** First index expected (default 0). */
  readonly start?: number;
}

/**
 * Reassemble indexed values into input order: values are held in a reorder buffer until every earlier index has
 * been emitted. Completion with a gap (a missing index) is an error, never a silent loss.
 *
 * @param options - buffer bound, first index
 * @returns an operator from indexed values (any order, each index once) to values in index order
 * @throws BackpressureError (`E_BUDGET`) when `maxBuffer` is exceeded; PipelineError (`E_STATE`) on a duplicate
 *   index or when the input completes with a gap
 *
 * @example
 * ```ts
 * import { ordered } from 'primeos/stream';
 * results$.pipe(ordered()); // results$ emits { index, value } as workers finish
 * ```
 */
export function ordered<T>(options: OrderedOptions = {}): OperatorFunction<Indexed<T>, T> {
  const maxBuffer = options.maxBuffer ?? Number.POSITIVE_INFINITY;
  return (source) =>
    new Observable<T>((subscriber) => {
      const held = new Map<number, T>();
      let nextIndex = options.start ?? 0;
      return source.subscribe({
        next: ({ index, value }) => {
          if (index < nextIndex || held.has(index)) {
            subscriber.error(new PipelineError(`duplicate index ${index}`, { index }));
            return;
          }
          if (index !== nextIndex) {
            held.set(index, value);
            if (held.size > maxBuffer) {
              subscriber.error(new BackpressureError('reorder buffer overflow', { maxBuffer, held: held.size }));
            }
            return;
          }
          subscriber.next(value);
          nextIndex++;
          while (held.has(nextIndex)) {
            const v = held.get(nextIndex) as T;
            held.delete(nextIndex);
            nextIndex++;
            subscriber.next(v);
          }
        },
        error: (e: unknown) => subscriber.error(e),
        complete: () => {
          if (held.size > 0) {
            subscriber.error(
              new PipelineError(`input completed with index ${nextIndex} missing`, {
                missing: nextIndex,
                held: held.size,
              }),
            );
          } else subscriber.complete();
        },
      });
    });
}
