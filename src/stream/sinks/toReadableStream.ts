import type { Observable } from 'rxjs';
import { PullQueue } from '../internal/PullQueue.js';
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
  const queue = new PullQueue(source);
  return new ReadableStream<T>(
    {
      start() {
        queue.start();
      },
      async pull(controller) {
        let r: IteratorResult<T, undefined>;
        try {
          r = await queue.next();
        } catch (err) {
          controller.error(err);
          return;
        }
        if (r.done === true) return controller.close();
        controller.enqueue(r.value);
        gate?.release(credits?.(r.value) ?? 1);
      },
      cancel() {
        const left = queue.close();
        if (gate !== undefined) for (const item of left) gate.release(credits?.(item) ?? 1);
      },
    },
    { highWaterMark: 0 },
  );
}
