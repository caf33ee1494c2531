import type { Observable, Subscription } from 'rxjs';
import { abortError } from '../internal/abort.js';
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
  const queue: T[] = [];
  let sub: Subscription | undefined;
  let done = false;
  let failure: { error: unknown } | undefined;
  let owed = 0;
  let wake: (() => void) | undefined;

  const settle = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const repay = (): void => {
    if (owed > 0 && gate !== undefined) gate.release(owed);
    owed = 0;
  };
  const onAbort = (): void => {
    if (done) return;
    failure = { error: abortError(signal) };
    done = true;
    sub?.unsubscribe();
    settle();
  };
  const start = (): void => {
    if (sub !== undefined || done) return;
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) return onAbort();
    sub = source.subscribe({
      next: (v) => {
        queue.push(v);
        settle();
      },
      error: (e: unknown) => {
        failure = { error: e };
        done = true;
        settle();
      },
      complete: () => {
        done = true;
        settle();
      },
    });
  };
  const close = (): void => {
    done = true;
    signal?.removeEventListener('abort', onAbort);
    sub?.unsubscribe();
    repay();
    if (gate !== undefined) for (const item of queue.splice(0)) gate.release(credits?.(item) ?? 1);
  };

  const it: AsyncIterableIterator<T> = {
    async next(): Promise<IteratorResult<T>> {
      repay();
      start();
      for (;;) {
        if (queue.length > 0) {
          const value = queue.shift() as T;
          owed = credits?.(value) ?? 1;
          return { done: false, value };
        }
        if (failure !== undefined) {
          const { error } = failure;
          failure = undefined;
          close();
          throw error;
        }
        if (done) {
          close();
          return { done: true, value: undefined };
        }
        await new Promise<void>((r) => (wake = r));
      }
    },
    async return(): Promise<IteratorResult<T>> {
      close();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return it;
    },
  };
  return it;
}
