import type { LineRecord } from '../sources/readLines.js';

/**
 * A run of consecutive input lines of a factor job, as one text: the unit a job reads, posts to a worker (one
 * message), commits and checkpoints.
 */
export interface JobBatch {
  /** The lines as read, each ending in `\n` (`\r\n` kept) except perhaps the last; a too-long line is `\n`. */
  readonly text: string;
  /** Lines in the batch. */
  readonly lines: number;
  /** Byte offset in the input just past the batch: where a resumed job continues. */
  readonly end: number;
  /** Pairs (index in the batch, length in bytes) of the lines above the line limit. */
  readonly tooLong: readonly number[];
  /** The input offset just past each of those lines, in the same order (their bytes are not in `text`). */
  readonly tooLongEnds: readonly number[];
  /** True for the last batch of the input. */
  readonly last: boolean;
  /** True when the lines are raw bytes (a `\r` before each `\n` still to drop), false when already split. */
  readonly stripCr: boolean;
}

/** Options of {@link byteBatches}. */
export interface ByteBatchesOptions {
  /** Byte offset of the first chunk's first byte. */
  readonly start: number;
  /** Lines longer than this many bytes (without terminator) are not kept: reported in `tooLong`. */
  readonly maxLineBytes: number;
  /** Lines per batch, asked before each batch (an adaptive sizer may change it as costs are measured). */
  readonly linesPerBatch: () => number;
  /** A batch closes at the first line end after this many bytes (default 1 MiB). */
  readonly maxBatchBytes?: number;
  /**
   * Quiet input time after which the complete lines read so far go out as a batch (slow or interactive input:
   * `(echo 12; sleep 6) | primeos factor` answers at once). Default: never.
   */
  readonly idleFlushMs?: number;
}

const IDLE = Symbol('idle');

/** The iterator's next result, or {@link IDLE} when none came within `ms` (no timer when `ms` is Infinity). */
async function nextOrIdle<T>(next: Promise<IteratorResult<T>>, ms: number): Promise<IteratorResult<T> | typeof IDLE> {
  if (!Number.isFinite(ms)) return next;
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      next,
      new Promise<typeof IDLE>((resolve) => {
        timer = setTimeout(() => resolve(IDLE), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Close an iterator whose next() may still be pending. */
async function closeIterator<T>(it: AsyncIterator<T>, pending: Promise<IteratorResult<T>> | undefined): Promise<void> {
  if (pending === undefined) await it.return?.();
  else void pending.then(() => it.return?.()).catch(() => undefined);
}

/**
 * The values of `source`, with {@link IDLE} between them whenever none came within `idleMs` while `holding()`
 * says the consumer holds something to flush (no timer otherwise): the one pull loop of both batchers. The
 * pending read survives an IDLE and is waited for again; stopping early closes the source even mid-read.
 */
async function* withIdle<T>(
  source: AsyncIterable<T>,
  idleMs: number,
  holding: () => boolean,
): AsyncGenerator<T | typeof IDLE> {
  const it = source[Symbol.asyncIterator]();
  let next: Promise<IteratorResult<T>> | undefined;
  try {
    for (;;) {
      next ??= it.next();
      const r = holding() ? await nextOrIdle(next, idleMs) : await next;
      if (r === IDLE) {
        yield IDLE;
        continue;
      }
      next = undefined;
      if (r.done === true) return;
      yield r.value;
    }
  } finally {
    await closeIterator(it, next);
  }
}

/** Default byte cap of a batch. */
export const JOB_BATCH_MAX_BYTES = 1 << 20;

/**
 * Cut a byte stream into {@link JobBatch}es of whole lines, with the same line semantics as `readLines` (`\n`
 * ends a line, one `\r` before it is dropped by the reader of the batch, an unterminated last line counts, lines
 * above `maxLineBytes` are reported by length and their bytes never kept). The main thread only finds line ends
 * and decodes each batch once: no object or string per line.
 *
 * @param chunks - the input from offset `start`
 * @param options - start offset, line limit, batch sizing
 * @returns the batches, in input order
 */
export async function* byteBatches(
  chunks: AsyncIterable<Uint8Array>,
  options: ByteBatchesOptions,
): AsyncGenerator<JobBatch> {
  const max = options.maxLineBytes;
  const maxBytes = options.maxBatchBytes ?? JOB_BATCH_MAX_BYTES;
  let acc = Buffer.allocUnsafe(64 * 1024);
  let accLen = 0;
  let lineStart = 0; // offset in acc of the current line
  let lineLen = 0; // raw bytes of the current line so far (kept or not)
  let skipping = false; // the current line is too long: its bytes are dropped
  let lastByte = -1; // the current line's last byte so far (a '\r' before its '\n' is not counted)
  let lines = 0;
  let tooLong: number[] = [];
  let tooLongEnds: number[] = [];
  let want = Math.max(1, options.linesPerBatch());
  let pos = options.start; // input offset of the current chunk's first byte
  let pending: JobBatch | undefined; // held back one step so the last batch can say so
  let lineStartPos = options.start; // input offset of the current line
  const append = (src: Uint8Array, from: number, to: number): void => {
    const n = to - from;
    if (accLen + n > acc.length) {
      const grown = Buffer.allocUnsafe(Math.max(acc.length * 2, accLen + n));
      acc.copy(grown, 0, 0, accLen);
      acc = grown;
    }
    if (n <= 64) {
      // a short line: a byte loop beats allocating a subarray view
      for (let i = from, at = accLen; i < to; i++, at++) acc[at] = src[i] as number;
    } else acc.set(src.subarray(from, to), accLen);
    accLen += n;
  };
  /** The current line ended (terminated or at EOF): keep it, or replace it by a too-long marker. */
  const endLine = (terminated: boolean): void => {
    let bytes = lineLen;
    if (terminated && lineLen > 0 && lastByte === 13) bytes--;
    if (skipping || bytes > max) {
      accLen = lineStart;
      append(NEWLINE, 0, 1);
      tooLong.push(lines, bytes);
      tooLongEnds.push(lineStartPos + lineLen + (terminated ? 1 : 0));
    }
    lines++;
    lineStart = accLen;
    lineLen = 0;
    skipping = false;
  };
  /** The complete lines so far as a batch; the current line's bytes stay for the next one. */
  const cutComplete = (): JobBatch => {
    const b: JobBatch = {
      text: acc.toString('utf8', 0, lineStart),
      lines,
      end: lineStartPos,
      tooLong,
      tooLongEnds,
      last: false,
      stripCr: true,
    };
    acc.copy(acc, 0, lineStart, accLen);
    accLen -= lineStart;
    lineStart = 0;
    lines = 0;
    tooLong = [];
    tooLongEnds = [];
    return b;
  };
  const cut = (end: number): JobBatch => {
    const b: JobBatch = {
      text: acc.toString('utf8', 0, accLen),
      lines,
      end,
      tooLong,
      tooLongEnds,
      last: false,
      stripCr: true,
    };
    accLen = 0;
    lineStart = 0;
    lines = 0;
    tooLong = [];
    tooLongEnds = [];
    want = Math.max(1, options.linesPerBatch());
    return b;
  };
  const holding = (): boolean => lines > 0 || pending !== undefined;
  for await (const r of withIdle(chunks, options.idleFlushMs ?? Infinity, holding)) {
    if (r === IDLE) {
      // quiet input: what is complete goes out now (the held-back batch, then the whole lines read so far)
      if (pending !== undefined) yield pending;
      pending = undefined;
      if (lines > 0) yield cutComplete();
      continue;
    }
    const chunk = r instanceof Uint8Array ? r : Buffer.from(r as string);
    let from = 0;
    for (;;) {
      // lines are short: a byte loop beats a native indexOf call per line
      let nl = from;
      const len = chunk.length;
      while (nl < len && chunk[nl] !== 10) nl++;
      if (nl === len) nl = -1;
      const segEnd = nl === -1 ? len : nl;
      const segLen = segEnd - from;
      if (!skipping) {
        // + 1 leaves room for a '\r' before the '\n'
        if (lineLen + segLen > max + 1) {
          skipping = true;
          accLen = lineStart;
        } else append(chunk, from, nl === -1 ? segEnd : nl + 1);
      }
      lineLen += segLen;
      if (segLen > 0) lastByte = chunk[segEnd - 1] as number;
      if (nl === -1) break;
      endLine(true);
      from = nl + 1;
      lineStartPos = pos + from;
      if (lines >= want || accLen >= maxBytes) {
        if (pending !== undefined) yield pending;
        pending = cut(pos + from);
      }
    }
    pos += chunk.length;
  }
  if (lineLen > 0 || skipping) endLine(false);
  if (lines > 0) {
    if (pending !== undefined) yield pending;
    pending = cut(pos);
  }
  if (pending !== undefined) yield { ...pending, last: true };
}

const NEWLINE = Buffer.from('\n');

/**
 * Group line records (e.g. from `readLines`) into {@link JobBatch}es of `linesPerBatch()` lines.
 *
 * @param records - the line records
 * @param linesPerBatch - lines per batch, asked before each batch
 * @returns the batches, in input order
 */
export async function* recordBatches(
  records: AsyncIterable<LineRecord>,
  linesPerBatch: () => number,
  idleFlushMs = Infinity,
): AsyncGenerator<JobBatch> {
  let text = '';
  let lines = 0;
  let tooLong: number[] = [];
  let tooLongEnds: number[] = [];
  let want = Math.max(1, linesPerBatch());
  let pending: JobBatch | undefined;
  let lastEnd = 0;
  const cut = (): JobBatch => {
    const b: JobBatch = { text, lines, end: lastEnd, tooLong, tooLongEnds, last: false, stripCr: false };
    text = '';
    lines = 0;
    tooLong = [];
    tooLongEnds = [];
    want = Math.max(1, linesPerBatch());
    return b;
  };
  for await (const rec of withIdle(records, idleFlushMs, () => lines > 0 || pending !== undefined)) {
    if (rec === IDLE) {
      if (pending !== undefined) yield pending;
      pending = undefined;
      if (lines > 0) yield cut();
      continue;
    }
    lastEnd = rec.end;
    if (rec.kind === 'line') text += rec.text + '\n';
    else {
      text += '\n';
      tooLong.push(lines, rec.bytes);
      tooLongEnds.push(rec.end);
    }
    lines++;
    if (lines >= want) {
      if (pending !== undefined) yield pending;
      pending = cut();
    }
  }
  if (lines > 0) {
    if (pending !== undefined) yield pending;
    pending = cut();
  }
  if (pending !== undefined) yield { ...pending, last: true };
}
