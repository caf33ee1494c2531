import { createReadStream } from 'node:fs';
import { hasErrorCode, PrimeosError } from '../model/PrimeosError.js';
import { parseBigInt } from '../primes/parseBigInt.js';
import { readStreamLines } from '../stream/sources/readStreamLines.js';
import type { CliIO } from './program.js';

/**
 * The bytes of a CLI input: a file path, or stdin for `-`/undefined.
 *
 * @param file - path or '-'
 * @param io - the CLI streams
 * @returns an async iterable of byte chunks
 */
export function inputBytes(file: string | undefined, io: CliIO): AsyncIterable<Uint8Array> {
  return (file === undefined || file === '-' ? io.stdin : createReadStream(file)) as AsyncIterable<Uint8Array>;
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

/** A chunk line: its 1-based line number and the value, or the reason it is not one. */
export type ChunkLine =
  | { readonly line: number; readonly chunk: bigint }
  | { readonly line: number; readonly code: string; readonly message: string };

/**
 * Chunk values from a text input, one decimal or 0x-hex integer per line (blank lines and `#` comments
 * skipped); lines that are not integers come back as coded errors.
 *
 * @param file - path or '-'
 * @param io - the CLI streams
 * @param maxBits - largest accepted value size
 * @returns the lines in order
 */
export async function* chunkLines(file: string | undefined, io: CliIO, maxBits: number): AsyncGenerator<ChunkLine> {
  for await (const rec of readStreamLines(inputBytes(file, io), { maxLineBytes: Math.ceil(maxBits / 3) + 16 })) {
    const line = rec.line + 1;
    if (rec.kind === 'too-long') {
      yield { line, code: 'E_RANGE', message: `line has ${rec.bytes} bytes, above the limit` };
      continue;
    }
    const t = rec.text.trim();
    if (t === '' || t.startsWith('#')) continue;
    try {
      yield { line, chunk: parseBigInt(t, { maxBits, allowNegative: false }) };
    } catch (err) {
      yield { line, code: hasErrorCode(err) ? err.code : 'E_PARSE', message: (err as Error).message };
    }
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
