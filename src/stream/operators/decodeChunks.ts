import { map, type OperatorFunction } from 'rxjs';
import { decodeChunk, type DecodedChunk } from '../../encoding/index.js';

/**
 * Decode each chunk (primeos chunk format v1). Total: every bigint gives a valid chunk or a typed
 * `{ kind: 'invalid', code, reason }` record — never an error, never a factorisation.
 *
 * @returns an operator from chunks to decoded chunks, 1:1 and in order
 *
 * @example
 * ```ts
 * import { decodeChunks } from 'primeos/stream';
 * chunks$.pipe(decodeChunks()).subscribe((c) => console.log(c.kind));
 * ```
 */
export function decodeChunks(): OperatorFunction<bigint, DecodedChunk> {
  return map((chunk) => decodeChunk(chunk));
}
