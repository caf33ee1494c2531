import type { LineRecord } from './readLines.js';
import { splitLines } from './splitLines.js';

/**
 * Line records with byte offsets from a byte stream such as `process.stdin` (not seekable, so not resumable
 * at an offset: use `readLines` on a file for that).
 *
 * @param stream - a Node Readable (or any async iterable of bytes)
 * @param options - line limit (default 1 MiB) and signal
 * @returns an async generator of {@link LineRecord}s
 * @example
 * ```ts
 * import { readStreamLines } from 'primeos/stream';
 * for await (const rec of readStreamLines(process.stdin)) if (rec.kind === 'line') console.log(rec.text);
 * ```
 */
export function readStreamLines(
  stream: AsyncIterable<unknown> | NodeJS.ReadableStream,
  options: { readonly maxLineBytes?: number; readonly signal?: AbortSignal } = {},
): AsyncGenerator<LineRecord> {
  return splitLines(stream as AsyncIterable<Uint8Array>, {
    maxLineBytes: options.maxLineBytes ?? 1 << 20,
    ...(options.signal ? { signal: options.signal } : {}),
  });
}
