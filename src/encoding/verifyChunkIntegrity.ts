import { decodeChunk } from './chunkCodec.js';

/**
 * True when the chunk decodes to a valid chunk: kind tag, canonical fields and the checksum prime
 * its fields select. Never throws.
 *
 * @param chunk - the chunk
 * @returns whether the chunk is intact
 *
 * @example
 * ```ts
 * import { verifyChunkIntegrity, encodeData } from 'primeos/encoding';
 * verifyChunkIntegrity(encodeData(3, 7));      // true
 * verifyChunkIntegrity(encodeData(3, 7) + 1n); // false
 * ```
 */
export function verifyChunkIntegrity(chunk: bigint): boolean {
  return decodeChunk(chunk).kind !== 'invalid';
}
