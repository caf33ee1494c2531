import { PrimeosError } from '../model/PrimeosError.js';
import { MAX_BLOCK_LENGTH } from './chunkCodec.js';

/** Default number of bytes per block (the maximum the format allows). */
export const DEFAULT_BLOCK_SIZE = MAX_BLOCK_LENGTH;

/** Options of `encodeBytes` and `BlockStreamEncoder`. */
export interface EncodeBytesOptions {
  /** Bytes per block, 1..256. Default {@link DEFAULT_BLOCK_SIZE}. */
  blockSize?: number;
}

/**
 * Fill in the defaults of {@link EncodeBytesOptions}.
 *
 * @param options - partial options
 * @returns complete options
 * @throws PrimeosError `E_RANGE` for a bad block size
 *
 * @example
 * ```ts
 * import { resolveEncodeBytesOptions } from 'primeos/encoding';
 * resolveEncodeBytesOptions().blockSize; // 256
 * ```
 */
export function resolveEncodeBytesOptions(options: EncodeBytesOptions = {}): Required<EncodeBytesOptions> {
  const blockSize = options.blockSize ?? DEFAULT_BLOCK_SIZE;
  if (!Number.isInteger(blockSize) || blockSize < 1 || blockSize > MAX_BLOCK_LENGTH) {
    throw new PrimeosError('E_RANGE', `blockSize must be an integer in 1..${MAX_BLOCK_LENGTH}, got ${blockSize}`);
  }
  return { blockSize };
}
