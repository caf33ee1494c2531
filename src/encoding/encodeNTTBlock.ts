import { PrimeosError } from '../model/PrimeosError.js';
import { encodeChunk } from './chunkCodec.js';
import { resolveNTTOptions } from './ntt.js';
import type { EncodeNTTBlockOptions } from './nttBlock.js';

/**
 * PrimeOS `encodeNTTBlock(chunks)`: an `ntt_header` chunk marking the block for spectral processing (transform
 * size 2^⌈log2 n⌉, domain, modulus and root), followed by the chunks themselves (unchanged). The byte-framed,
 * checksummed encoding of NTT residues is `encodeNTTValueBlock` (decoded by `decodeNTTBlock`).
 *
 * @param chunks - the chunks (non-negative bigints, at most 2^30)
 * @param options - modulus, root (validated as for the NTT) and domain
 * @returns the header chunk then the chunks
 * @throws PrimeosError `E_RANGE` for too many chunks, a negative chunk or invalid NTT parameters
 *
 * @example
 * ```ts
 * import { encodeNTTBlock, encodeText, decodeChunk } from 'primeos/encoding';
 * const block = encodeNTTBlock(encodeText('hi'));
 * decodeChunk(block[0]!).kind; // 'ntt_header'
 * ```
 */
export function encodeNTTBlock(chunks: readonly bigint[], options: EncodeNTTBlockOptions = {}): bigint[] {
  const { modulus, root } = resolveNTTOptions(options);
  if (modulus >= 1n << 64n) throw new PrimeosError('E_RANGE', 'NTT block modulus must be below 2^64');
  if (chunks.length > 2 ** 30) throw new PrimeosError('E_RANGE', `an NTT block holds at most 2^30 chunks`);
  const bad = chunks.findIndex((c) => typeof c !== 'bigint' || c < 0n);
  if (bad >= 0) throw new PrimeosError('E_RANGE', `chunk ${bad} is not a non-negative bigint`);
  const log2Length = chunks.length <= 1 ? 0 : 32 - Math.clz32(chunks.length - 1);
  const header = encodeChunk({
    kind: 'ntt_header',
    log2Length,
    domain: options.domain ?? 'coefficients',
    modulus,
    root,
  });
  return [header, ...chunks];
}
