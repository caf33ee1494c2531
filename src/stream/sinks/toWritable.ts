import type { Writable } from 'node:stream';
import type { Observable } from 'rxjs';
import { abortError } from '../internal/abort.js';
import type { SinkOptions } from './SinkOptions.js';

/** Options of {@link toWritable}. */
export interface ToWritableOptions<T> extends SinkOptions<T> {
  /** Convert an item to what the Writable accepts (default: the item itself). */
  readonly serialize?: (item: T) => unknown;
  /** End the Writable when the upstream completes (default true). */
  readonly end?: boolean;
}

/** What {@link toWritable} reports on success. */
export interface WriteSummary {
  /** Items written (their write callbacks fired without error). */
  readonly written: number;
  /** Times `write()` returned false and the sink waited for `'drain'`. */
  readonly drains: number;
}

/**
 * Write an Observable into a Node Writable. An item's credit returns only in the write callback (the Writable
 * has actually written it); when `write()` returns false, further items wait for `'drain'`.
 *
 * @param source - the Observable
 * @param writable - the destination
 * @param options - gate, credit weight, serializer, end, signal
 * @returns a promise of the {@link WriteSummary}, settled after the last write (and `end`) completed
 * @throws the upstream error, the Writable's error, or PrimeosError `E_ABORTED` (as a rejection)
 *
 * @example
 * ```ts
 * import { CreditGate, fromFile, toWritable } from 'primeos/stream';
 * const gate = new CreditGate(64);
 * await toWritable(fromFile('in.txt', { gate }), process.stdout, { gate, serialize: (r) => JSON.stringify(r) + '\n' });
 * ```
 */
export function toWritable<T>(
  source: Observable<T>,
  writable: Writable,
  options: ToWritableOptions<T> = {},
): Promise<WriteSummary> {
  const { gate, credits, signal, serialize } = options;
  const end = options.end ?? true;
  return new Promise<WriteSummary>((resolve, reject) => {
    const waiting: T[] = [];
    let written = 0;
    let drains = 0;
    let pendingWrites = 0;
    let blocked = false;
    let upstreamDone = false;
    let settled = false;

    const cleanup = (): void => {
      signal?.removeEventListener('abort', onAbort);
      writable.off('drain', onDrain);
      writable.off('error', onError);
      sub.unsubscribe();
    };
    const fail = (err: unknown): void => {
      if (settled) return;
      settled = true;
      cleanup();
      if (gate !== undefined) for (const item of waiting.splice(0)) gate.release(credits?.(item) ?? 1);
      reject(err);
    };
    const maybeFinish = (): void => {
      if (settled || !upstreamDone || waiting.length > 0 || pendingWrites > 0) return;
      settled = true;
      cleanup();
      if (end) writable.end(() => resolve({ written, drains }));
      else resolve({ written, drains });
    };
    const writeOne = (item: T): void => {
      pendingWrites++;
      let ok: boolean;
      try {
        ok = writable.write(serialize === undefined ? item : serialize(item), (err) => {
          pendingWrites--;
          if (err) return fail(err);
          written++;
          gate?.release(credits?.(item) ?? 1);
          maybeFinish();
        });
      } catch (err) {
        // e.g. a non-string item into a byte-mode Writable without a serializer: a rejection, never a crash
        pendingWrites--;
        fail(err);
        return;
      }
      if (!ok) {
        blocked = true;
        drains++;
      }
    };
    const flush = (): void => {
      while (!blocked && waiting.length > 0 && !settled) writeOne(waiting.shift() as T);
      maybeFinish();
    };
    const onDrain = (): void => {
      blocked = false;
      flush();
    };
    const onError = (err: unknown): void => fail(err);
    const onAbort = (): void => fail(abortError(signal));

    writable.on('drain', onDrain);
    writable.on('error', onError);
    signal?.addEventListener('abort', onAbort, { once: true });
    const sub = source.subscribe({
      next: (item) => {
        if (settled) return;
        if (blocked || waiting.length > 0) waiting.push(item);
        else writeOne(item);
      },
      error: (e: unknown) => fail(e),
      complete: () => {
        upstreamDone = true;
        flush();
      },
    });
    if (signal?.aborted) onAbort();
  });
}
