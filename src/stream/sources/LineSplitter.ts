import type { LineRecord } from './readLines.js';

/** How a {@link LineSplitter} turns a line's bytes into text. */
export type LineTextEncoding = 'utf8' | 'latin1';

/** Options of {@link LineSplitter}. */
export interface LineSplitterOptions {
  /** Byte offset of the first pushed byte (offsets in records count from here). Default 0. */
  readonly start?: number;
  /** Lines longer than this many bytes become `too-long` records (their bytes are not kept). */
  readonly maxLineBytes: number;
  /**
   * `utf8` (default) decodes each line as UTF-8. `latin1` maps each byte to one UTF-16 unit: about three times
   * cheaper, lossless (`Buffer.from(text, 'latin1')` gives the bytes back) and equal to UTF-8 on ASCII lines.
   */
  readonly encoding?: LineTextEncoding;
}

/**
 * The synchronous, incremental core of line splitting: push byte chunks in order, get back the line records
 * each chunk completes (`\n` or `\r\n` terminated), then {@link LineSplitter.end} for a last line without a
 * terminator. Memory is bounded by `maxLineBytes`: an over-long line is skipped as its bytes go by and becomes
 * one `too-long` record. A line inside one pushed chunk is decoded in place (no copy); only a line split across
 * chunks keeps copies of its parts.
 *
 * @example
 * ```ts
 * import { LineSplitter } from 'primeos/stream';
 * const s = new LineSplitter({ maxLineBytes: 1024 });
 * s.push(Buffer.from('12\n3')); // [{ kind: 'line', text: '12', offset: 0, end: 3, line: 0 }]
 * s.end(); // [{ kind: 'line', text: '3', offset: 3, end: 4, line: 1 }]
 * ```
 */
export class LineSplitter {
  private readonly maxLineBytes: number;
  private readonly encoding: LineTextEncoding;
  /** Offset of the next pushed byte. */
  private pos: number;
  private lineStart: number;
  private line = 0;
  /** Copies of the current line's bytes from earlier chunks. */
  private parts: Buffer[] = [];
  /** Bytes of the current line seen so far (also when too long). */
  private partBytes = 0;
  private tooLong = false;
  /** Last byte of the current line so far (a '\r' before the '\n' is not part of the line). */
  private lastByte = -1;

  /**
   * @param options - start offset, line limit, text encoding
   */
  constructor(options: LineSplitterOptions) {
    this.maxLineBytes = options.maxLineBytes;
    this.encoding = options.encoding ?? 'utf8';
    this.pos = options.start ?? 0;
    this.lineStart = this.pos;
  }

  /**
   * Split the next chunk of bytes.
   *
   * @param chunk - the bytes following the previous chunk (not retained after the call returns)
   * @returns the records of the lines this chunk completes, in order
   */
  push(chunk: Uint8Array): LineRecord[] {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const out: LineRecord[] = [];
    const max = this.maxLineBytes;
    let from = 0;
    for (;;) {
      const nl = buf.indexOf(10, from);
      const segEnd = nl === -1 ? buf.length : nl;
      const segLen = segEnd - from;
      if (nl !== -1 && this.partBytes === 0) {
        // the whole line is in this chunk: decode it in place
        let end = segEnd;
        if (end > from && buf[end - 1] === 13) end--;
        const bytes = end - from;
        const lineEnd = this.pos + nl + 1;
        out.push(
          bytes > max
            ? {
                kind: 'too-long',
                code: 'E_RANGE',
                offset: this.lineStart,
                end: lineEnd,
                line: this.line,
                bytes,
                maxLineBytes: max,
              }
            : {
                kind: 'line',
                text: buf.toString(this.encoding, from, end),
                offset: this.lineStart,
                end: lineEnd,
                line: this.line,
              },
        );
        this.line++;
        this.lineStart = lineEnd;
        from = nl + 1;
        continue;
      }
      if (!this.tooLong) {
        // +1 leaves room for a '\r' before the '\n'
        if (this.partBytes + segLen > max + 1) {
          this.tooLong = true;
          this.parts = [];
        } else if (segLen > 0) this.parts.push(Buffer.from(buf.subarray(from, segEnd)));
      }
      this.partBytes += segLen;
      if (segLen > 0) this.lastByte = buf[segEnd - 1] as number;
      if (nl === -1) break;
      out.push(this.finish(this.pos + nl + 1, true));
      from = nl + 1;
    }
    this.pos += buf.length;
    return out;
  }

  /**
   * End of input.
   *
   * @returns the record of a last line without terminator, if there is one
   */
  end(): LineRecord[] {
    return this.partBytes > 0 ? [this.finish(this.pos, false)] : [];
  }

  private finish(end: number, terminated: boolean): LineRecord {
    let bytes = this.partBytes;
    let text = '';
    if (this.tooLong && terminated && this.lastByte === 13) bytes--;
    if (!this.tooLong) {
      let whole = this.parts.length === 1 ? (this.parts[0] as Buffer) : Buffer.concat(this.parts);
      if (terminated && whole.length > 0 && whole[whole.length - 1] === 13) whole = whole.subarray(0, whole.length - 1);
      bytes = whole.length;
      if (bytes > this.maxLineBytes) this.tooLong = true;
      else text = whole.toString(this.encoding);
    }
    const rec: LineRecord = this.tooLong
      ? {
          kind: 'too-long',
          code: 'E_RANGE',
          offset: this.lineStart,
          end,
          line: this.line,
          bytes,
          maxLineBytes: this.maxLineBytes,
        }
      : { kind: 'line', text, offset: this.lineStart, end, line: this.line };
    this.line++;
    this.lineStart = end;
    this.parts = [];
    this.partBytes = 0;
    this.tooLong = false;
    this.lastByte = -1;
    return rec;
  }
}
