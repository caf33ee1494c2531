/**
 * 16-bit hash of a block's bytes carried in its header (FNV-1a 32-bit, xor-folded to 16 bits).
 *
 * @param bytes - the block's bytes
 * @returns the hash, 0..65535
 *
 * @example
 * ```ts
 * import { blockPayloadHash } from 'primeos/encoding';
 * blockPayloadHash(new Uint8Array([0x41]));
 * ```
 */
export function blockPayloadHash(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ (bytes[i] as number), 0x01000193);
  return ((h >>> 16) ^ h) & 0xffff;
}
