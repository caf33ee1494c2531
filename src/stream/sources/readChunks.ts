import { open } from 'node:fs/promises';
import { abortError } from '../internal/abort.js';

/** Options of {@link readChunks}. */
export interface ReadChunksOptions {
  /** Byte offset to start at (e.g. a checkpoint's input offset); default 0. */
  readonly start?: number;
  /** Bytes per read; default 256 KiB. */
  readonly readBytes?: number;
  /** Aborting stops reading and closes the file. */
  readonly signal?: AbortSignal;
}

/** Default bytes per read of {@link readChunks}. */
export const DEFAULT_CHUNK_BYTES = 256 * 1024;

/**
 * The bytes of a file from an offset, by positional reads into one reused buffer: each chunk is valid until the
 * next one is asked for (consumers copy what they keep, as `byteBatches` does).
 *
 * @param path - the file
 * @param options - start offset, read size, signal
 * @returns the chunks, in order
 * @throws PrimeosError `E_ABORTED` when the signal aborts; I/O errors of the file
 * @example
 * ```ts
 * import { readChunks } from 'primeos/stream';
 * let bytes = 0;
 * for await (const chunk of readChunks('numbers.txt', { start: 100 })) bytes += chunk.length;
 * ```
 */
export async function* readChunks(path: string, options: ReadChunksOptions = {}): AsyncGenerator<Uint8Array> {
  const readBytes = options.readBytes ?? DEFAULT_CHUNK_BYTES;
  if (options.signal?.aborted) throw abortError(options.signal);
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(readBytes);
    for (let pos = options.start ?? 0; ;) {
      const { bytesRead } = await fh.read(buf, 0, readBytes, pos);
      if (bytesRead === 0) return;
      if (options.signal?.aborted) throw abortError(options.signal);
      pos += bytesRead;
      yield buf.subarray(0, bytesRead);
    }
  } finally {
    await fh.close();
  }
}
