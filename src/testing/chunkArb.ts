import fc from 'fast-check';
import { encodeChunk } from '../encoding/chunkCodec.js';
import type { ChunkKind } from '../encoding/chunkLayout.js';
import type { ValidChunk } from '../encoding/DecodedChunk.js';

/** A valid chunk with its decoded fields. */
export interface EncodedChunk {
  readonly chunk: bigint;
  readonly decoded: ValidChunk;
}

/** Constraints of {@link chunkArb}. */
export interface ChunkArbConstraints {
  /** Kinds to generate (default: all four). */
  kinds?: readonly ChunkKind[];
}

const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
const FIELD_ARBS: Record<ChunkKind, fc.Arbitrary<ValidChunk>> = {
  data: fc.record({
    kind: fc.constant('data' as const),
    offset: fc.integer({ min: 0, max: 255 }),
    value: fc.integer({ min: 0, max: 255 }),
  }),
  operation: fc.oneof(
    fc.record({ kind: fc.constant('operation' as const), opcode: fc.integer({ min: 0, max: 255 }) }),
    fc.record({
      kind: fc.constant('operation' as const),
      opcode: fc.integer({ min: 0, max: 255 }),
      operand: fc.oneof(
        fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }),
        fc.bigInt({ min: -1000n, max: 1000n }),
      ),
    }),
  ),
  block_header: fc.record({
    kind: fc.constant('block_header' as const),
    index: fc.oneof(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 10 })),
    length: fc.integer({ min: 0, max: 256 }),
    last: fc.boolean(),
    payloadHash: fc.integer({ min: 0, max: 0xffff }),
  }),
  ntt_header: fc
    .record({
      log2Length: fc.integer({ min: 0, max: 31 }),
      domain: fc.constantFrom('coefficients' as const, 'evaluations' as const),
      modulus: fc.bigInt({ min: 3n, max: (1n << 64n) - 1n }),
      r: u64,
    })
    .map(({ log2Length, domain, modulus, r }) => ({
      kind: 'ntt_header' as const,
      log2Length,
      domain,
      modulus,
      root: 1n + (r % (modulus - 1n)),
    })),
};

/**
 * Arbitrary valid chunks of chunk format v1, over the whole range of every field, with their decoded
 * fields. Requires the optional peer dependency fast-check.
 *
 * @param constraints - which kinds to generate
 * @returns an arbitrary of `{ chunk, decoded }`
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { chunkArb } from 'primeos/testing';
 * import { decodeChunk } from 'primeos/encoding';
 * fc.assert(fc.property(chunkArb(), ({ chunk, decoded }) => expect(decodeChunk(chunk)).toEqual(decoded)));
 * ```
 */
export function chunkArb(constraints: ChunkArbConstraints = {}): fc.Arbitrary<EncodedChunk> {
  const kinds = constraints.kinds ?? (['data', 'operation', 'block_header', 'ntt_header'] as const);
  return fc.oneof(...kinds.map((k) => FIELD_ARBS[k])).map((decoded) => ({ chunk: encodeChunk(decoded), decoded }));
}

/**
 * Arbitrary field descriptions of one chunk kind (not encoded).
 *
 * @param kind - the chunk kind
 * @returns an arbitrary of valid field sets
 *
 * @example
 * ```ts
 * import { chunkFieldsArb } from 'primeos/testing';
 * chunkFieldsArb('data'); // Arbitrary<ValidChunk>
 * ```
 */
export function chunkFieldsArb(kind: ChunkKind): fc.Arbitrary<ValidChunk> {
  return FIELD_ARBS[kind];
}
