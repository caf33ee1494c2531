import { encodeChunk } from './chunkCodec.js';

/**
 * Encode one byte at a block-relative offset as a data chunk (≤ 159 bits).
 *
 * @param position - offset of the byte inside its block, 0..255
 * @param value - the byte, 0..255
 * @returns the data chunk
 * @throws PrimeosError `E_RANGE` when position or value is out of range
 *
 * @example
 * ```ts
 * import { encodeData, decodeChunk } from 'primeos/encoding';
 * decodeChunk(encodeData(0, 0x41)); // { kind: 'data', offset: 0, value: 65 }
 * ```
 */
export function encodeData(position: number, value: number): bigint {
  return encodeChunk({ kind: 'data', offset: position, value });
}
