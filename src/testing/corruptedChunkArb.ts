import fc from 'fast-check';
import type { ChunkKind } from '../encoding/chunkLayout.js';
import { chunkArb, type EncodedChunk } from './chunkArb.js';

/** How a chunk was corrupted. */
export type Corruption =
  | { readonly type: 'bitflip'; readonly bit: number }
  | { readonly type: 'plus_one' }
  | { readonly type: 'minus_one' }
  | { readonly type: 'multiply'; readonly factor: bigint };

/** A valid chunk and a corrupted copy of it (always different from the original). */
export interface CorruptedChunk extends EncodedChunk {
  readonly corrupted: bigint;
  readonly corruption: Corruption;
}

/** Constraints of {@link corruptedChunkArb}. */
export interface CorruptedChunkArbConstraints {
  /** Kinds of the original chunk (default: all). */
  kinds?: readonly ChunkKind[];
  /** Largest multiplier of a `multiply` corruption (default 2^32). */
  maxFactor?: bigint;
}

/**
 * Arbitrary corruptions of valid chunks: a single bit flip (within the chunk's length + 1), ±1, or a
 * multiplication by a random integer ≥ 2 (small factors, including field primes, are favoured).
 *
 * @param constraints - kinds and multiplier bound
 * @returns an arbitrary of `{ chunk, decoded, corrupted, corruption }`
 *
 * @example
 * ```ts
 * import { corruptedChunkArb } from 'primeos/testing';
 * import { decodeChunk } from 'primeos/encoding';
 * // decodeChunk(corrupted) is invalid, or (rarely: a hash collision) a different chunk
 * ```
 */
export function corruptedChunkArb(constraints: CorruptedChunkArbConstraints = {}): fc.Arbitrary<CorruptedChunk> {
  const maxFactor = constraints.maxFactor ?? 1n << 32n;
  const base = constraints.kinds === undefined ? chunkArb() : chunkArb({ kinds: constraints.kinds });
  return base.chain((enc) => {
    const bits = enc.chunk.toString(2).length;
    const corruption: fc.Arbitrary<Corruption> = fc.oneof(
      fc.integer({ min: 0, max: bits }).map((bit) => ({ type: 'bitflip' as const, bit })),
      fc.constant({ type: 'plus_one' as const }),
      fc.constant({ type: 'minus_one' as const }),
      fc
        .oneof(fc.bigInt({ min: 2n, max: 1000n }), fc.bigInt({ min: 2n, max: maxFactor }))
        .map((factor) => ({ type: 'multiply' as const, factor })),
    );
    return corruption.map((c) => ({ ...enc, corruption: c, corrupted: apply(enc.chunk, c) }));
  });
}

function apply(chunk: bigint, c: Corruption): bigint {
  switch (c.type) {
    case 'bitflip':
      return chunk ^ (1n << BigInt(c.bit));
    case 'plus_one':
      return chunk + 1n;
    case 'minus_one':
      return chunk - 1n;
    case 'multiply':
      return chunk * c.factor;
  }
}
