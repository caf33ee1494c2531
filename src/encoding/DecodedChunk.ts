/** A data chunk: one byte `value` at `offset` inside its block. */
export interface DataChunk {
  readonly kind: 'data';
  /** Block-relative byte offset, 0..255. */
  readonly offset: number;
  /** The byte, 0..255. */
  readonly value: number;
}

/** A program operation: an opcode (0..255) and an optional signed 64-bit operand. */
export interface OperationChunk {
  readonly kind: 'operation';
  /** Opcode, 0..255 (PrimeOS opcodes are primes, see `StandardOpcodes`). */
  readonly opcode: number;
  /** The operand, −2^63 ≤ operand < 2^63; absent when the operation has none. */
  readonly operand?: bigint;
}

/** A block header: frames the data chunks that follow it. */
export interface BlockHeaderChunk {
  readonly kind: 'block_header';
  /** Index of the block in its stream, 0..2^32−1. */
  readonly index: number;
  /** Number of bytes (data chunks) in the block, 0..256. */
  readonly length: number;
  /** True on the stream's final block. */
  readonly last: boolean;
  /** 16-bit hash of the block's bytes (see `blockPayloadHash`). */
  readonly payloadHash: number;
}

/** Whether an NTT block holds coefficients or their transform. */
export type NTTDomain = 'coefficients' | 'evaluations';

/** An NTT header: describes the NTT block (its values follow as block-framed bytes). */
export interface NTTHeaderChunk {
  readonly kind: 'ntt_header';
  /** log2 of the number of values, 0..31. */
  readonly log2Length: number;
  /** Domain of the values. */
  readonly domain: NTTDomain;
  /** The prime modulus, 3 ≤ modulus < 2^64. */
  readonly modulus: bigint;
  /** The generator used for the transform, 1 ≤ root < modulus. */
  readonly root: bigint;
}

/** A successfully decoded chunk, discriminated on `kind`. */
export type ValidChunk = DataChunk | OperationChunk | BlockHeaderChunk | NTTHeaderChunk;

/**
 * A chunk that does not decode. `E_CHECKSUM`: the structure is well formed (kind tag, fields and a
 * reserved checksum prime to the 6th power) but the checksum prime is not the one the fields hash to.
 * `E_CHUNK_INVALID`: anything else.
 */
export interface InvalidChunk {
  readonly kind: 'invalid';
  readonly code: 'E_CHUNK_INVALID' | 'E_CHECKSUM';
  readonly reason: string;
}

/** The result of `decodeChunk`: a valid chunk or a typed invalid result. */
export type DecodedChunk = ValidChunk | InvalidChunk;
