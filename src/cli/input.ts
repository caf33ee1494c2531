import { createReadStream } from 'node:fs';
import { ChunkTextDecoder } from '../encoding/ChunkTextDecoder.js';
import { MAX_CHUNK_BITS } from '../encoding/chunkLayout.js';
import type { DecodedChunk } from '../encoding/DecodedChunk.js';
import { hasErrorCode, PrimeosError } from '../model/PrimeosError.js';
import { parseBigInt } from '../primes/parseBigInt.js';
import { splitLineBatches } from '../stream/sources/splitLines.js';
import { isSystemError } from './cliError.js';
import type { CliIO } from './program.js';

/**
 * The bytes of a CLI input: a file path, or stdin for `-`/undefined.
 *
 * @param file - path or '-'
 * @param io - the CLI streams
 * @returns an async iterable of byte chunks
 */
export function inputBytes(file: string | undefined, io: CliIO): AsyncIterable<Uint8Array> {
  return file === undefined || file === '-' ? (io.stdin as AsyncIterable<Uint8Array>) : fileBytes(file);
}

/** A file's bytes; a read error names the file (a stream's EISDIR, EIO… carry no path of their own). */
async function* fileBytes(file: string): AsyncGenerator<Uint8Array> {
  try {
    yield* createReadStream(file) as AsyncIterable<Uint8Array>;
  } catch (err) {
    if (isSystemError(err) && err.path === undefined) err.path = file;
    throw err;
  }
}

/**
 * The whole input as UTF-8 text, refusing more than `maxBytes`.
 *
 * @param file - path or '-'
 * @param io - the CLI streams
 * @param maxBytes - size limit
 * @returns the text
 * @throws PrimeosError `E_RANGE` above the limit
 */
export async function readAllText(file: string | undefined, io: CliIO, maxBytes: number): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of inputBytes(file, io)) {
    size += chunk.length;
    if (size > maxBytes) throw new PrimeosError('E_RANGE', `input larger than ${maxBytes} bytes`);
    parts.push(Buffer.from(chunk));
  }
  return Buffer.concat(parts).toString('utf8');
}

/** A chunk line: its 1-based line number and the decoded chunk, or the reason it is not an integer. */
export type ChunkLine =
  | { readonly line: number; readonly chunk: DecodedChunk }
  | { readonly line: number; readonly code: string; readonly message: string };

/**
 * Chunks from a text input, one decimal or 0x-hex integer per line (blank lines and `#` comments skipped),
 * decoded, in batches (one per read of the input: the caller loops over each batch synchronously). Lines that
 * are not integers come back as coded errors. Memory: one read of input and its lines.
 *
 * @param file - path or '-'
 * @param io - the CLI streams
 * @returns the non-empty lines in order, batched
 */
export async function* chunkLineBatches(file: string | undefined, io: CliIO): AsyncGenerator<ChunkLine[]> {
  const texts = new ChunkTextDecoder({ maxBits: MAX_CHUNK_BITS });
  // latin1: one UTF-16 unit per byte, the same text as UTF-8 for the ASCII of integer literals, and cheaper
  const lines = splitLineBatches(inputBytes(file, io), {
    maxLineBytes: Math.ceil(MAX_CHUNK_BITS / 3) + 16,
    encoding: 'latin1',
  });
  for await (const batch of lines) {
    const out: ChunkLine[] = [];
    for (const rec of batch) {
      const line = rec.line + 1;
      if (rec.kind === 'too-long') {
        out.push({ line, code: 'E_RANGE', message: `line has ${rec.bytes} bytes, above the limit` });
        continue;
      }
      const t = rec.text.trim();
      if (t === '' || t.startsWith('#')) continue;
      try {
        out.push({ line, chunk: texts.decode(t) });
      } catch (err) {
        // the message quotes the line: quote it as the UTF-8 it is
        const utf8 = Buffer.from(t, 'latin1').toString('utf8');
        let message = (err as Error).message;
        try {
          parseBigInt(utf8, { maxBits: MAX_CHUNK_BITS, allowNegative: false });
        } catch (again) {
          message = (again as Error).message;
        }
        out.push({ line, code: hasErrorCode(err) ? err.code : 'E_PARSE', message });
      }
    }
    if (out.length > 0) yield out;
  }
}

/**
 * Write text to a stream, waiting for `drain` when its buffer is full.
 *
 * @param out - the stream
 * @param data - text or bytes
 */
export async function writeOut(out: NodeJS.WritableStream, data: string | Uint8Array): Promise<void> {
  if (!out.write(data)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
}
