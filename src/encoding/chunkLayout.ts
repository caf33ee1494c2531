import { primesUpTo } from '../primes/smallPrimes.js';

/** The version of the chunk format implemented here (`docs/FORMAT.md`). */
export const CHUNK_FORMAT_VERSION = 1;

/** The four chunk kinds of the PrimeOS chunk model. */
export type ChunkKind = 'data' | 'operation' | 'block_header' | 'ntt_header';

/**
 * The kind tag of each chunk kind: the exponent of the prime 2 in the chunk.
 * Kind is read from this tag alone (format v1, role "tag").
 */
export const CHUNK_KIND_TAGS: Readonly<Record<ChunkKind, number>> = Object.freeze({
  data: 1,
  operation: 2,
  block_header: 3,
  ntt_header: 4,
});

/** One field of a chunk layout: its name and width in bits. */
export interface FieldSpec {
  readonly name: string;
  readonly bits: number;
}

/**
 * The field layout of each kind, in order. Fields are packed little-endian into one "field word"
 * (first field at bit 0); bit `i` of the word is carried by the field prime `FIELD_PRIMES[i]` with
 * exponent 0 or 1.
 */
export const CHUNK_LAYOUTS: Readonly<Record<ChunkKind, readonly FieldSpec[]>> = Object.freeze({
  data: [
    { name: 'offset', bits: 8 },
    { name: 'value', bits: 8 },
  ],
  operation: [
    { name: 'opcode', bits: 8 },
    { name: 'hasOperand', bits: 1 },
    { name: 'operand', bits: 64 },
  ],
  block_header: [
    { name: 'index', bits: 32 },
    { name: 'length', bits: 9 },
    { name: 'last', bits: 1 },
    { name: 'payloadHash', bits: 16 },
  ],
  ntt_header: [
    { name: 'log2Length', bits: 5 },
    { name: 'domain', bits: 1 },
    { name: 'modulus', bits: 64 },
    { name: 'root', bits: 64 },
  ],
});

/** Width of the field word of each kind, in bits. */
export const FIELD_WORD_BITS: Readonly<Record<ChunkKind, number>> = Object.freeze({
  data: sumBits(CHUNK_LAYOUTS.data),
  operation: sumBits(CHUNK_LAYOUTS.operation),
  block_header: sumBits(CHUNK_LAYOUTS.block_header),
  ntt_header: sumBits(CHUNK_LAYOUTS.ntt_header),
});

function sumBits(fields: readonly FieldSpec[]): number {
  return fields.reduce((s, f) => s + f.bits, 0);
}

/** Number of primes in the reserved checksum set (a power of two: the checksum is 12 bits). */
export const CHECKSUM_SET_SIZE = 4096;

/** The largest field word of any kind, in bits (= number of field primes). */
export const FIELD_PRIME_COUNT = Math.max(...Object.values(FIELD_WORD_BITS));

const ALL_PRIMES = primesUpTo(60_000);

/** The field primes 3, 5, 7, … (one per field-word bit), as numbers. */
export const FIELD_PRIMES: readonly number[] = Object.freeze(Array.from(ALL_PRIMES.subarray(1, 1 + FIELD_PRIME_COUNT)));

/** The reserved checksum primes: the {@link CHECKSUM_SET_SIZE} primes following the largest field prime. */
export const CHECKSUM_PRIMES: Uint32Array = ALL_PRIMES.slice(
  1 + FIELD_PRIME_COUNT,
  1 + FIELD_PRIME_COUNT + CHECKSUM_SET_SIZE,
);

if (CHECKSUM_PRIMES.length !== CHECKSUM_SET_SIZE) throw new Error('chunkLayout: prime table too small');

/** `q^6` for every reserved checksum prime, by checksum index. */
export const CHECKSUM_POWERS: readonly bigint[] = Object.freeze(Array.from(CHECKSUM_PRIMES, (q) => BigInt(q) ** 6n));

/** Largest `q^6` of the reserved set (a chunk's cofactor can never exceed it). */
export const MAX_CHECKSUM_POWER: bigint = CHECKSUM_POWERS[CHECKSUM_SET_SIZE - 1] as bigint;

function upperBound(): number {
  let best = 0n;
  for (const kind of Object.keys(CHUNK_KIND_TAGS) as ChunkKind[]) {
    let v = 1n << BigInt(CHUNK_KIND_TAGS[kind]);
    for (let i = 0; i < FIELD_WORD_BITS[kind]; i++) v *= BigInt(FIELD_PRIMES[i] as number);
    v *= MAX_CHECKSUM_POWER;
    if (v > best) best = v;
  }
  return best.toString(2).length;
}

/**
 * Hard limit on the bit length of a chunk: no valid chunk is longer (it bounds the product of the
 * kind tag, every field prime of the largest kind and the largest `q^6`). Longer inputs are rejected
 * before any arithmetic.
 */
export const MAX_CHUNK_BITS: number = upperBound();

/** `2^MAX_CHUNK_BITS`: chunks must be strictly below it. */
export const CHUNK_LIMIT: bigint = 1n << BigInt(MAX_CHUNK_BITS);
