import { decodeChunk } from '../../encoding/chunkCodec.js';
import type { DecodedChunk } from '../../encoding/DecodedChunk.js';

/** A chunk line as `primeos verify` reads it: the value (or the value already decoded), or why it is not one. */
export type VerifyInput = bigint | DecodedChunk | { readonly code: string; readonly message: string };

const bigJson = (_k: string, v: unknown): unknown => (typeof v === 'bigint' ? v.toString() : v);

/**
 * The NDJSON verdict of one chunk, as `primeos verify` writes it: `{ line, valid: true, chunk }` with the decoded
 * kind and fields, or `{ line, valid: false, code, reason }`.
 *
 * @param line - 1-based line number
 * @param input - the chunk value (or its `decodeChunk` result), or the parse error of its line
 * @returns the record as one JSON line (without newline) and whether the chunk is valid
 * @example
 * ```ts
 * import { verifyRecordJson } from 'primeos/stream';
 * verifyRecordJson(1, 12345n).valid; // false (not a valid chunk)
 * ```
 */
export function verifyRecordJson(line: number, input: VerifyInput): { readonly json: string; readonly valid: boolean } {
  if (typeof input !== 'bigint' && !('kind' in input)) {
    return { json: JSON.stringify({ line, valid: false, code: input.code, reason: input.message }), valid: false };
  }
  const d = typeof input === 'bigint' ? decodeChunk(input) : input;
  const rec =
    d.kind === 'invalid' ? { line, valid: false, code: d.code, reason: d.reason } : { line, valid: true, chunk: d };
  return { json: JSON.stringify(rec, bigJson), valid: d.kind !== 'invalid' };
}
