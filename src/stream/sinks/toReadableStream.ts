import type { Observable, Subscription } from 'rxjs';
import type { SinkOptions } from './SinkOptions.js';

/**
 * Expose an Observable as a WHATWG ReadableStream with a zero high-water mark: an item is enqueued (and its
 * credit returned) only when a reader asks for it. Cancelling the stream unsubscribes from the upstream.
 *
 * @param source - the Observable
 * @param options - gate, credit weight
 * @returns a ReadableStream of the items
 * @throws nothing synchronously; upstream errors error the stream
 *
 * @example
 * ```ts
 * import { CreditGate, fromPull, toReadableStream } from 'primeos/stream';
 * const gate = new CreditGate(4);
 * const rs = toReadableStream(fromPull([1, 2, 3], { gate }), { gate });
 * ```
 */
export function toReadableStream<T>(source: Observable<T>, options: SinkOptions<T> = {}): ReadableStream<T> {
  const { gate, credits } = options;
  const queue: T[] = [];
  let sub: Subscription | undefined;
  let done = false;
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  const settle = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  return new ReadableStream<T>(
    {
      start() {
        sub = source.subscribe({
          next: (v) => {
            queue.push(v);
            settle();
          },
          error: (e: unknown) => {
            failure = { error: e };
            settle();
          },
          complete: () => {
            done = true;
            settle();
          },
        });
      },
      async pull(controller) {
        for (;;) {
          if (queue.length > 0) {
            const item = queue.shift() as T;
            controller.enqueue(item);
            gate?.release(credits?.(item) ?? 1);
            return;
          }
          if (failure !== undefined) return controller.error(failure.error);
          if (done) return controller.close();
          await new Promise<void>((r) => (wake = r));
        }
      },
      cancel() {
        sub?.unsubscribe();
        if (gate !== undefined) for (const item of queue.splice(0)) gate.release(credits?.(item) ?? 1);
      },
    },
    { highWaterMark: 0 },
  );
}
