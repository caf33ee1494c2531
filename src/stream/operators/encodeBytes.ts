import { map, type OperatorFunction } from 'rxjs';
import { encodeBytes as encodeByteChunks, type EncodeBytesOptions } from '../../encoding/index.js';

/**
 * Encode each byte array as its own block-framed chunk stream. One input gives one array of chunks, so
 * credits stay 1:1 with the source.
 *
 * @param options - block size
 * @returns an operator from byte arrays to chunk arrays
 * @throws PrimeosError `E_RANGE` (as an Observable error) for a bad block size
 *
 * @example
 * ```ts
 * import { encodeBytes } from 'primeos/stream';
 * fileBlocks$.pipe(encodeBytes());
 * ```
 */
export function encodeBytes(options?: EncodeBytesOptions): OperatorFunction<Uint8Array, bigint[]> {
  return map((bytes) => encodeByteChunks(bytes, options));
}
