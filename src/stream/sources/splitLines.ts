import { abortError } from '../internal/abort.js';
import { LineSplitter, type LineTextEncoding } from './LineSplitter.js';
import type { LineRecord } from './readLines.js';

/** Options of {@link splitLines} and {@link splitLineBatches}. */
export interface SplitLinesOptions {
  /** Byte offset of the first chunk's first byte (offsets in records count from here). Default 0. */
  readonly start?: number;
  /** Lines longer than this many bytes become `too-long` records (their bytes are not kept). */
  readonly maxLineBytes: number;
  /** How line bytes become text (see {@link LineSplitter}); default `utf8`. */
  readonly encoding?: LineTextEncoding;
  /** Aborting stops splitting. */
  readonly signal?: AbortSignal;
}

/**
 * Split a byte stream into line records, one array per input chunk: the records the chunk completes (chunks
 * that complete no line give no array). Hot loops iterate each array synchronously instead of paying one
 * async step per line. Same records as {@link splitLines}.
 *
 * @param chunks - the bytes, in order
 * @param options - start offset, line limit, text encoding, signal
 * @returns an async generator of non-empty arrays of {@link LineRecord}s
 * @throws PrimeosError `E_ABORTED` when the signal aborts
 * @example
 * ```ts
 * import { splitLineBatches } from 'primeos/stream';
 * for await (const batch of splitLineBatches(process.stdin, { maxLineBytes: 1 << 20 })) console.log(batch.length);
 * ```
 */
export async function* splitLineBatches(
  chunks: AsyncIterable<Uint8Array>,
  options: SplitLinesOptions,
): AsyncGenerator<LineRecord[]> {
  const { signal } = options;
  const splitter = new LineSplitter(options);
  for await (const chunk of chunks) {
    if (signal?.aborted) throw abortError(signal);
    const batch = splitter.push(chunk);
    if (batch.length > 0) yield batch;
  }
  const last = splitter.end();
  if (last.length > 0) yield last;
}

/**
 * Split a byte stream into line records with byte offsets (`\n` or `\r\n` terminated; a last line without
 * terminator counts). Memory is bounded by `maxLineBytes`: an over-long line is skipped as it streams by
 * and reported as one `too-long` record.
 *
 * @param chunks - the bytes, in order
 * @param options - start offset, line limit, text encoding, signal
 * @returns an async generator of {@link LineRecord}s
 * @throws PrimeosError `E_ABORTED` when the signal aborts
 * @example
 * ```ts
 * import { splitLines } from 'primeos/stream';
 * for await (const rec of splitLines(process.stdin, { maxLineBytes: 1 << 20 })) console.log(rec.line, rec.offset);
 * ```
 */
export async function* splitLines(
  chunks: AsyncIterable<Uint8Array>,
  options: SplitLinesOptions,
): AsyncGenerator<LineRecord> {
  for await (const batch of splitLineBatches(chunks, options)) yield* batch;
}
