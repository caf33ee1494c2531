import { PrimeosError } from '../model/PrimeosError.js';
import { decodeBytes, encodeBytes } from './blockCodec.js';
import { decodeChunk, encodeChunk } from './chunkCodec.js';
import type { NTTDomain } from './DecodedChunk.js';
import { resolveNTTOptions, type NTTOptions } from './ntt.js';

/** Options of {@link encodeNTTValueBlock}. */
export interface EncodeNTTBlockOptions extends NTTOptions {
  /** Whether the values are coefficients (default) or a transform. */
  domain?: NTTDomain;
}

/** A decoded NTT block. */
export interface NTTBlock {
  readonly modulus: bigint;
  readonly root: bigint;
  readonly domain: NTTDomain;
  readonly values: bigint[];
}

function widthOf(p: bigint): number {
  return Math.ceil(p.toString(2).length / 8);
}

/**
 * Encode an NTT block: an `ntt_header` chunk (log2 length, domain, modulus, root) followed by the
 * values as a block-framed byte stream, each value little-endian in ⌈bits(p)/8⌉ bytes.
 *
 * @param values - 2^k residues in [0, p)
 * @param options - modulus, root (validated as for the NTT) and domain
 * @returns the chunks
 * @throws PrimeosError `E_RANGE` for a length that is not a power of two, values outside [0, p) or invalid parameters
 *
 * @example
 * ```ts
 * import { encodeNTTValueBlock, decodeNTTBlock } from 'primeos/encoding';
 * decodeNTTBlock(encodeNTTValueBlock([1n, 2n, 3n, 4n])).values; // [1n, 2n, 3n, 4n]
 * ```
 */
export function encodeNTTValueBlock(
  values: readonly (bigint | number)[],
  options: EncodeNTTBlockOptions = {},
): bigint[] {
  const { modulus, root } = resolveNTTOptions(options);
  const n = values.length;
  if (n < 1 || (n & (n - 1)) !== 0 || n > 2 ** 30)
    throw new PrimeosError('E_RANGE', `NTT block length ${n} is not a power of two`);
  if (modulus >= 1n << 64n) throw new PrimeosError('E_RANGE', 'NTT block modulus must be below 2^64');
  const w = widthOf(modulus);
  const bytes = new Uint8Array(n * w);
  values.forEach((v, i) => {
    let b = typeof v === 'bigint' ? v : Number.isSafeInteger(v) ? BigInt(v) : -1n;
    if (b < 0n || b >= modulus)
      throw new PrimeosError('E_RANGE', `value at ${i} is not an integer in [0, ${modulus})`, { index: i });
    for (let k = 0; k < w; k++) {
      bytes[i * w + k] = Number(b & 0xffn);
      b >>= 8n;
    }
  });
  const header = encodeChunk({
    kind: 'ntt_header',
    log2Length: 31 - Math.clz32(n),
    domain: options.domain ?? 'coefficients',
    modulus,
    root,
  });
  return [header, ...encodeBytes(bytes)];
}

/**
 * Decode an NTT block produced by {@link encodeNTTValueBlock}.
 *
 * @param chunks - the header chunk then the block-framed values
 * @returns the header fields and values
 * @throws PrimeosError `E_CHUNK_INVALID`/`E_CHECKSUM` for a bad header or stream, `E_RANGE` for a value ≥ p or a wrong byte count
 *
 * @example
 * ```ts
 * import { encodeNTTValueBlock, decodeNTTBlock } from 'primeos/encoding';
 * decodeNTTBlock(encodeNTTValueBlock([5n, 6n])).modulus; // 998244353n
 * ```
 */
export function decodeNTTBlock(chunks: readonly bigint[]): NTTBlock {
  const first = chunks[0];
  const h = first === undefined ? undefined : decodeChunk(first);
  if (h === undefined || h.kind !== 'ntt_header') {
    const code = h?.kind === 'invalid' ? h.code : 'E_CHUNK_INVALID';
    throw new PrimeosError(
      code,
      h?.kind === 'invalid' ? `NTT header: ${h.reason}` : 'NTT block must start with an ntt_header chunk',
    );
  }
  const bytes = decodeBytes(chunks.slice(1));
  const n = 2 ** h.log2Length;
  const w = widthOf(h.modulus);
  if (bytes.length !== n * w) {
    throw new PrimeosError(
      'E_CHUNK_INVALID',
      `NTT block holds ${bytes.length} bytes, expected ${n} values of ${w} bytes`,
    );
  }
  const values: bigint[] = [];
  for (let i = 0; i < n; i++) {
    let v = 0n;
    for (let k = w - 1; k >= 0; k--) v = (v << 8n) | BigInt(bytes[i * w + k] as number);
    if (v >= h.modulus) throw new PrimeosError('E_RANGE', `NTT value ${i} is not below the modulus`, { index: i });
    values.push(v);
  }
  return { modulus: h.modulus, root: h.root, domain: h.domain, values };
}
