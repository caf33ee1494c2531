import { PrimeosError } from '../model/PrimeosError.js';
import { blockPayloadHash } from './blockCodec.js';
import { decodeChunk, encodeChunk, MAX_BLOCK_INDEX, MAX_BLOCK_LENGTH } from './chunkCodec.js';

/** Options of {@link encodeBlock}. */
export interface EncodeBlockOptions {
  /** Index of the (first) block in its stream (default 0). */
  readonly index?: number;
  /** Whether the (last) block is the stream's final block (default true). */
  readonly last?: boolean;
}

/** 16-bit payload hash of a block of chunks: of their bytes when all are data chunks, else of the chunks. */
function payloadHashOf(chunks: readonly bigint[]): number {
  const values: number[] = [];
  for (const c of chunks) {
    const d = decodeChunk(c);
    if (d.kind !== 'data') {
      values.length = 0;
      break;
    }
    values.push(d.value);
  }
  if (values.length === chunks.length) return blockPayloadHash(Uint8Array.from(values));
  const bytes: number[] = [];
  for (const c of chunks) {
    for (let v = c; v > 0n; v >>= 8n) bytes.push(Number(v & 0xffn));
    bytes.push(0xff, 0x00); // separator: [1n, 0n] and [256n] hash differently
  }
  return blockPayloadHash(Uint8Array.from(bytes));
}

/**
 * PrimeOS `encodeBlock(chunks)`: a `block_header` chunk carrying the chunk count, followed by the chunks
 * themselves (unchanged). The header's payload hash covers the chunks: when they are data chunks (offsets
 * 0..n−1, as `encodeByteBlock` writes them) it is the hash of their bytes, so the block decodes with
 * `decodeBytes`; otherwise it hashes the chunks' own bytes. A block holds at most 256 chunks: more chunks make
 * consecutive blocks, each a header then its chunks. The byte framing of a stream is `encodeByteBlock`.
 *
 * @param chunks - the chunks (non-negative bigints)
 * @param options - first block index, last flag
 * @returns the header chunk(s) and the chunks
 * @throws PrimeosError `E_RANGE` for a negative chunk or an index out of range
 *
 * @example
 * ```ts
 * import { encodeBlock, encodeData, decodeChunk } from 'primeos/encoding';
 * const block = encodeBlock([encodeData(0, 72), encodeData(1, 105)]);
 * decodeChunk(block[0]!); // { kind: 'block_header', index: 0, length: 2, last: true, … }
 * ```
 */
export function encodeBlock(chunks: readonly bigint[], options: EncodeBlockOptions = {}): bigint[] {
  const first = options.index ?? 0;
  const blocks = Math.max(1, Math.ceil(chunks.length / MAX_BLOCK_LENGTH));
  if (!Number.isInteger(first) || first < 0 || first + blocks - 1 > MAX_BLOCK_INDEX) {
    throw new PrimeosError('E_RANGE', `block index out of range: ${first}`);
  }
  const out: bigint[] = [];
  for (let b = 0; b < blocks; b++) {
    const part = chunks.slice(b * MAX_BLOCK_LENGTH, (b + 1) * MAX_BLOCK_LENGTH);
    const bad = part.findIndex((c) => typeof c !== 'bigint' || c < 0n);
    if (bad >= 0) throw new PrimeosError('E_RANGE', `chunk ${b * MAX_BLOCK_LENGTH + bad} is not a non-negative bigint`);
    const last = b === blocks - 1 ? (options.last ?? true) : false;
    out.push(
      encodeChunk({
        kind: 'block_header',
        index: first + b,
        length: part.length,
        last,
        payloadHash: payloadHashOf(part),
      }),
      ...part,
    );
  }
  return out;
}
