import { open } from 'node:fs/promises';
import { abortError } from '../internal/abort.js';
import { splitLines } from './splitLines.js';
import { STREAM_DEFAULTS } from '../streamDefaults.js';

/** Default longest accepted line, in bytes (without the terminator). */
export const DEFAULT_MAX_LINE_BYTES = STREAM_DEFAULTS.maxLineBytes;
/** Default size of each file read, in bytes. */
export const DEFAULT_READ_BYTES = STREAM_DEFAULTS.readBytes;

/** One record read from a file: a line with its byte offset, or a typed marker for an over-long line. */
export type LineRecord =
  | {
      readonly kind: 'line';
      /** The line's text (UTF-8, without `\n` or `\r\n`). */
      readonly text: string;
      /** Byte offset of the line's first byte in the file. */
      readonly offset: number;
      /** Byte offset just past the line's terminator: where to resume after this record. */
      readonly end: number;
      /** 0-based line number (counted from `start`). */
      readonly line: number;
    }
  | {
      readonly kind: 'too-long';
      /** Error code of this record. */
      readonly code: 'E_RANGE';
      readonly offset: number;
      readonly end: number;
      readonly line: number;
      /** The line's length in bytes (without terminator). */
      readonly bytes: number;
      /** The limit it exceeded. */
      readonly maxLineBytes: number;
    };

/** Options of {@link readLines}. */
export interface ReadLinesOptions {
  /** Byte offset to start at (e.g. a checkpoint's `end`); default 0. */
  readonly start?: number;
  /** Lines longer than this (bytes) are skipped and reported as `too-long` records; default 1 MiB. */
  readonly maxLineBytes?: number;
  /** Bytes per read; default 64 KiB. */
  readonly readBytes?: number;
  /** Aborting stops reading and closes the file. */
  readonly signal?: AbortSignal;
}

/**
 * Fill the defaults of {@link ReadLinesOptions}.
 *
 * @param options - user options
 * @returns the options with defaults
 */
export function resolveReadLinesOptions(options: ReadLinesOptions = {}): Required<Omit<ReadLinesOptions, 'signal'>> & {
  signal: AbortSignal | undefined;
} {
  return {
    start: options.start ?? 0,
    maxLineBytes: options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES,
    readBytes: options.readBytes ?? DEFAULT_READ_BYTES,
    signal: options.signal,
  };
}

/**
 * Read a file as line records with byte offsets, lazily (one read per demand) and with bounded memory: an
 * over-long line is never held in memory, it becomes a `too-long` record. The file handle is closed when the
 * iteration ends, is returned early, or the signal aborts.
 *
 * @param path - file path
 * @param options - start offset, line limit, read size, signal
 * @returns an async generator of {@link LineRecord}s
 * @throws PrimeosError `E_ABORTED` when `signal` aborts; file-system errors as thrown by `node:fs`
 *
 * @example
 * ```ts
 * import { readLines } from 'primeos/stream';
 * for await (const r of readLines('numbers.txt')) if (r.kind === 'line') console.log(r.offset, r.text);
 * ```
 */
export async function* readLines(path: string, options: ReadLinesOptions = {}): AsyncGenerator<LineRecord> {
  const { start, maxLineBytes, readBytes, signal } = resolveReadLinesOptions(options);
  if (signal?.aborted) throw abortError(signal);
  const fh = await open(path, 'r');
  try {
    // positional reads from `start`; one buffer reused (splitLines copies what it keeps)
    const chunks = async function* (): AsyncGenerator<Uint8Array> {
      const buf = Buffer.allocUnsafe(readBytes);
      for (let pos = start; ;) {
        const { bytesRead } = await fh.read(buf, 0, readBytes, pos);
        if (bytesRead === 0) return;
        pos += bytesRead;
        yield buf.subarray(0, bytesRead);
      }
    };
    yield* splitLines(chunks(), { start, maxLineBytes, ...(signal ? { signal } : {}) });
  } finally {
    await fh.close();
  }
}
