import type { Observable } from 'rxjs';
import { abortError } from '../internal/abort.js';
import { PullQueue } from '../internal/PullQueue.js';
import type { SinkOptions } from './SinkOptions.js';

/**
 * Consume an Observable as an AsyncIterable. The credit of an item is returned when the consumer asks for the
 * next item (it has finished with the previous one) or stops iterating, so a slow consumer slows the source.
 * Breaking out of the loop unsubscribes from the upstream.
 *
 * @param source - the Observable (usually built on `fromPull` with the same gate)
 * @param options - gate, credit weight, signal
 * @returns an AsyncIterableIterator of the items
 * @throws the upstream error, or PrimeosError `E_ABORTED` when `signal` aborts, from `next()`
 *
 * @example
 * ```ts
 * import { CreditGate, fromPull, toAsyncIterable } from 'primeos/stream';
 * const gate = new CreditGate(4);
 * for await (const x of toAsyncIterable(fromPull([1, 2, 3], { gate }), { gate })) console.log(x);
 * ```
 */
export function toAsyncIterable<T>(source: Observable<T>, options: SinkOptions<T> = {}): AsyncIterableIterator<T> {
  const { gate, credits, signal } = options;
  const queue = new PullQueue(source);
  let started = false;
  let owed = 0;
  const repay = (): void => {
    if (owed > 0 && gate !== undefined) gate.release(owed);
    owed = 0;
  };
  const onAbort = (): void => queue.fail(abortError(signal));
  const close = (): void => {
    signal?.removeEventListener('abort', onAbort);
    repay();
    const left = queue.close();
    if (gate !== undefined) for (const item of left) gate.release(credits?.(item) ?? 1);
  };
  const it: AsyncIterableIterator<T> = {
    async next(): Promise<IteratorResult<T>> {
      repay();
      if (!started) {
        started = true;
        signal?.addEventListener('abort', onAbort, { once: true });
        if (signal?.aborted) onAbort();
        else queue.start();
      }
      let r: IteratorResult<T, undefined>;
      try {
        r = await queue.next();
      } catch (err) {
        close();
        throw err;
      }
      if (r.done === true) {
        close();
        return { done: true, value: undefined };
      }
      owed = credits?.(r.value) ?? 1;
      return r;
    },
    async return(): Promise<IteratorResult<T>> {
      started = true;
      close();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return it;
    },
  };
  return it;
}
