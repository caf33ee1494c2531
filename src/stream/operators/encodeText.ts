import { map, type OperatorFunction } from 'rxjs';
import { encodeText as encodeTextChunks, type EncodeBytesOptions } from '../../encoding/index.js';

/**
 * Encode each string as its own block-framed chunk stream (UTF-8). One input gives one array of chunks,
 * so credits stay 1:1 with the source.
 *
 * @param options - block size
 * @returns an operator from strings to chunk arrays
 * @throws PrimeosError `E_RANGE` (as an Observable error) for a bad block size
 *
 * @example
 * ```ts
 * import { encodeText } from 'primeos/stream';
 * lines$.pipe(encodeText({ blockSize: 64 }));
 * ```
 */
export function encodeText(options?: EncodeBytesOptions): OperatorFunction<string, bigint[]> {
  return map((text) => encodeTextChunks(text, options));
}
