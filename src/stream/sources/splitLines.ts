import { abortError } from '../internal/abort.js';
import type { LineRecord } from './readLines.js';

/** Options of {@link splitLines}. */
export interface SplitLinesOptions {
  /** Byte offset of the first chunk's first byte (offsets in records count from here). Default 0. */
  readonly start?: number;
  /** Lines longer than this many bytes become `too-long` records (their bytes are not kept). */
  readonly maxLineBytes: number;
  /** Aborting stops splitting. */
  readonly signal?: AbortSignal;
}

/**
 * Split a byte stream into line records with byte offsets (`\n` or `\r\n` terminated; a last line without
 * terminator counts). Memory is bounded by `maxLineBytes`: an over-long line is skipped as it streams by
 * and reported as one `too-long` record.
 *
 * @param chunks - the bytes, in order
 * @param options - start offset, line limit, signal
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
  const { maxLineBytes, signal } = options;
  let pos = options.start ?? 0; // offset of the current chunk's first byte
  let lineStart = pos;
  let line = 0;
  let parts: Buffer[] = [];
  let partBytes = 0;
  let tooLong = false;
  const finish = (end: number, terminated: boolean): LineRecord => {
    let bytes = partBytes;
    let text = '';
    if (!tooLong) {
      let whole = parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
      if (terminated && whole.length > 0 && whole[whole.length - 1] === 13) whole = whole.subarray(0, whole.length - 1);
      bytes = whole.length;
      if (bytes > maxLineBytes) tooLong = true;
      else text = whole.toString('utf8');
    }
    const rec: LineRecord = tooLong
      ? { kind: 'too-long', code: 'E_RANGE', offset: lineStart, end, line, bytes, maxLineBytes }
      : { kind: 'line', text, offset: lineStart, end, line };
    line++;
    lineStart = end;
    parts = [];
    partBytes = 0;
    tooLong = false;
    return rec;
  };
  for await (const chunk of chunks) {
    if (signal?.aborted) throw abortError(signal);
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let from = 0;
    for (;;) {
      const nl = buf.indexOf(10, from);
      const segEnd = nl === -1 ? buf.length : nl;
      const segLen = segEnd - from;
      if (!tooLong) {
        // +1 leaves room for a '\r' before the '\n'
        if (partBytes + segLen > maxLineBytes + 1) {
          tooLong = true;
          parts = [];
        } else if (segLen > 0) parts.push(Buffer.from(buf.subarray(from, segEnd)));
      }
      partBytes += segLen;
      if (nl === -1) break;
      yield finish(pos + nl + 1, true);
      from = nl + 1;
    }
    pos += buf.length;
  }
  if (partBytes > 0) yield finish(pos, false);
}
