/**
 * The chunk codec of format v1 (docs/FORMAT.md): a chunk is
 * `2^tag · ∏ FIELD_PRIMES[i]^bit_i · q^6` where `bit_i` is bit `i` of the kind's field word and
 * `q = CHECKSUM_PRIMES[crc12(version, tag, word bytes)]`.
 *
 * Decoding reads the tag from the low bits, the field bits from a few remainders modulo products of
 * field primes (< 2^53, so the per-prime work is Number arithmetic), re-encodes the candidate
 * and compares. Only an input that is not canonical takes the slower classification path (an exact
 * division by the known field product and an exact 6th root of a cofactor bounded by `q_max^6`).
 * Nothing ever factorises an unknown number; every step is O(bit length) and inputs longer than
 * `MAX_CHUNK_BITS` are rejected first.
 */
import { PrimeosError } from '../model/PrimeosError.js';
import {
  CHECKSUM_POWERS,
  CHECKSUM_PRIMES,
  CHUNK_FORMAT_VERSION,
  CHUNK_KIND_TAGS,
  CHUNK_LIMIT,
  FIELD_PRIMES,
  FIELD_WORD_BITS,
  MAX_CHECKSUM_POWER,
  MAX_CHUNK_BITS,
  type ChunkKind,
} from './chunkLayout.js';
import { crc12Update } from './crc12.js';
import type { DataChunk, DecodedChunk, InvalidChunk, ValidChunk } from './DecodedChunk.js';

/** Hoisted Math functions: a global `Math` lookup in hot loops is slow in some hosts (e.g. jest's vm context). */
const { floor, clz32, max } = Math;

const KIND_BY_TAG: readonly (ChunkKind | undefined)[] = [undefined, 'data', 'operation', 'block_header', 'ntt_header'];
const TWO_63 = 1n << 63n;
const TWO_64 = 1n << 64n;
const MAX_SAFE_PRODUCT = 2 ** 53;

/** Largest block length (bytes per block). */
export const MAX_BLOCK_LENGTH = 256;
/** Largest block index (32-bit field). */
export const MAX_BLOCK_INDEX = 2 ** 32 - 1;

// ---------------------------------------------------------------------------------------------
// bit words

function writeNumber(bits: Uint8Array, start: number, len: number, v: number): void {
  for (let i = 0; i < len; i++) {
    bits[start + i] = v % 2;
    v = floor(v / 2);
  }
}

function writeBigInt(bits: Uint8Array, start: number, len: number, v: bigint): void {
  for (let i = 0; i < len; i++) {
    bits[start + i] = Number(v & 1n);
    v >>= 1n;
  }
}

function readNumber(bits: Uint8Array, start: number, len: number): number {
  let v = 0;
  for (let i = len - 1; i >= 0; i--) v = v * 2 + (bits[start + i] as number);
  return v;
}

function readBigInt(bits: Uint8Array, start: number, len: number): bigint {
  let v = 0n;
  for (let i = len - 1; i >= 0; i -= 16) {
    const lo = max(0, i - 15);
    v = (v << BigInt(i - lo + 1)) | BigInt(readNumber(bits, start + lo, i - lo + 1));
  }
  return v;
}

function checksumIndex(tag: number, bits: Uint8Array, nbits: number): number {
  let crc = crc12Update(crc12Update(0xfff, CHUNK_FORMAT_VERSION), tag);
  for (let b = 0; b < nbits; b += 8) {
    let byte = 0;
    for (let k = 0; k < 8 && b + k < nbits; k++) byte |= (bits[b + k] as number) << k;
    crc = crc12Update(crc, byte);
  }
  return crc;
}

function fieldProduct(bits: Uint8Array, nbits: number): bigint {
  let acc = 1n;
  let small = 1;
  for (let i = 0; i < nbits; i++) {
    if (bits[i] === 0) continue;
    const p = FIELD_PRIMES[i] as number;
    if (small * p >= MAX_SAFE_PRODUCT) {
      acc *= BigInt(small);
      small = 1;
    }
    small *= p;
  }
  return acc * BigInt(small);
}

// ---------------------------------------------------------------------------------------------
// data fast path

const DATA_OFFSET_PART: bigint[] = [];
const DATA_VALUE_PART: bigint[] = [];
for (let x = 0; x < 256; x++) {
  let a = 2n;
  let b = 1n;
  for (let i = 0; i < 8; i++) {
    if ((x >> i) & 1) {
      a *= BigInt(FIELD_PRIMES[i] as number);
      b *= BigInt(FIELD_PRIMES[8 + i] as number);
    }
  }
  DATA_OFFSET_PART.push(a);
  DATA_VALUE_PART.push(b);
}
const CHECKSUM_POWERS_LOCAL = CHECKSUM_POWERS;
const DATA_CRC_PREFIX = crc12Update(crc12Update(0xfff, CHUNK_FORMAT_VERSION), CHUNK_KIND_TAGS.data);
const DATA_CACHE: (bigint | undefined)[] = new Array<bigint | undefined>(65536);

/** Checksum index of a data chunk. */
function dataChecksumIndex(offset: number, value: number): number {
  return crc12Update(crc12Update(DATA_CRC_PREFIX, offset), value);
}

function encodeDataUnchecked(offset: number, value: number): bigint {
  const key = (offset << 8) | value;
  let c = DATA_CACHE[key];
  if (c === undefined) {
    c =
      (DATA_OFFSET_PART[offset] as bigint) *
      (DATA_VALUE_PART[value] as bigint) *
      (CHECKSUM_POWERS_LOCAL[dataChecksumIndex(offset, value)] as bigint);
    DATA_CACHE[key] = c;
  }
  return c;
}

// ---------------------------------------------------------------------------------------------
// field (de)serialisation per kind

function zigzag(v: bigint): bigint {
  return v >= 0n ? v << 1n : (-v << 1n) - 1n;
}

function unzigzag(u: bigint): bigint {
  return (u & 1n) === 0n ? u >> 1n : -((u + 1n) >> 1n);
}

function rangeError(message: string, details?: Record<string, unknown>): PrimeosError {
  return new PrimeosError('E_RANGE', message, details);
}

function isByte(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 255;
}

/** Validate a chunk's fields and write its field word; throws `E_RANGE` on a bad field. */
function fieldsToBits(c: ValidChunk): Uint8Array {
  const bits = new Uint8Array(FIELD_WORD_BITS[c.kind]);
  switch (c.kind) {
    case 'data':
      if (!isByte(c.offset)) throw rangeError(`data offset must be an integer in 0..255, got ${String(c.offset)}`);
      if (!isByte(c.value)) throw rangeError(`data value must be a byte in 0..255, got ${String(c.value)}`);
      writeNumber(bits, 0, 8, c.offset);
      writeNumber(bits, 8, 8, c.value);
      return bits;
    case 'operation': {
      if (!isByte(c.opcode)) throw rangeError(`opcode must be an integer in 0..255, got ${String(c.opcode)}`);
      writeNumber(bits, 0, 8, c.opcode);
      if (c.operand !== undefined) {
        const v: unknown = c.operand;
        if (typeof v !== 'bigint' || v < -TWO_63 || v >= TWO_63) {
          throw rangeError(`operand must be a bigint in [-2^63, 2^63), got ${String(v)}`);
        }
        bits[8] = 1;
        writeBigInt(bits, 9, 64, zigzag(v));
      }
      return bits;
    }
    case 'block_header':
      if (!Number.isInteger(c.index) || c.index < 0 || c.index > MAX_BLOCK_INDEX) {
        throw rangeError(`block index must be an integer in 0..2^32-1, got ${String(c.index)}`);
      }
      if (!Number.isInteger(c.length) || c.length < 0 || c.length > MAX_BLOCK_LENGTH) {
        throw rangeError(`block length must be an integer in 0..256, got ${String(c.length)}`);
      }
      if (!Number.isInteger(c.payloadHash) || c.payloadHash < 0 || c.payloadHash > 0xffff) {
        throw rangeError(`payloadHash must be an integer in 0..65535, got ${String(c.payloadHash)}`);
      }
      writeNumber(bits, 0, 32, c.index);
      writeNumber(bits, 32, 9, c.length);
      bits[41] = c.last ? 1 : 0;
      writeNumber(bits, 42, 16, c.payloadHash);
      return bits;
    case 'ntt_header':
      if (!Number.isInteger(c.log2Length) || c.log2Length < 0 || c.log2Length > 31) {
        throw rangeError(`log2Length must be an integer in 0..31, got ${String(c.log2Length)}`);
      }
      if (c.domain !== 'coefficients' && c.domain !== 'evaluations') {
        throw rangeError(`domain must be 'coefficients' or 'evaluations'`);
      }
      if (typeof c.modulus !== 'bigint' || c.modulus < 3n || c.modulus >= TWO_64) {
        throw rangeError(`modulus must be a bigint in [3, 2^64)`);
      }
      if (typeof c.root !== 'bigint' || c.root < 1n || c.root >= c.modulus) {
        throw rangeError(`root must be a bigint in [1, modulus)`);
      }
      writeNumber(bits, 0, 5, c.log2Length);
      bits[5] = c.domain === 'evaluations' ? 1 : 0;
      writeBigInt(bits, 6, 64, c.modulus);
      writeBigInt(bits, 70, 64, c.root);
      return bits;
    default:
      throw rangeError(`unknown chunk kind ${String((c as { kind: unknown }).kind)}`);
  }
}

/** Read a kind's fields from its field word; returns a reason string when the word is not canonical. */
function bitsToFields(kind: ChunkKind, bits: Uint8Array): ValidChunk | string {
  switch (kind) {
    case 'data':
      return { kind, offset: readNumber(bits, 0, 8), value: readNumber(bits, 8, 8) };
    case 'operation': {
      const opcode = readNumber(bits, 0, 8);
      const operandBits = readBigInt(bits, 9, 64);
      if (bits[8] === 0) {
        if (operandBits !== 0n) return 'operation without operand carries operand bits';
        return { kind, opcode };
      }
      return { kind, opcode, operand: unzigzag(operandBits) };
    }
    case 'block_header': {
      const length = readNumber(bits, 32, 9);
      if (length > MAX_BLOCK_LENGTH) return `block length ${length} exceeds ${MAX_BLOCK_LENGTH}`;
      return {
        kind,
        index: readNumber(bits, 0, 32),
        length,
        last: bits[41] === 1,
        payloadHash: readNumber(bits, 42, 16),
      };
    }
    case 'ntt_header': {
      const modulus = readBigInt(bits, 6, 64);
      const root = readBigInt(bits, 70, 64);
      if (modulus < 3n) return 'NTT modulus below 3';
      if (root < 1n || root >= modulus) return 'NTT root outside [1, modulus)';
      return {
        kind,
        log2Length: readNumber(bits, 0, 5),
        domain: bits[5] === 1 ? 'evaluations' : 'coefficients',
        modulus,
        root,
      };
    }
  }
}

/**
 * Encode a chunk from its kind and fields (the canonical form).
 *
 * @param chunk - a valid chunk description (as returned by {@link decodeChunk})
 * @returns the chunk bigint
 * @throws PrimeosError `E_RANGE` when a field is out of range
 *
 * @example
 * ```ts
 * import { encodeChunk, decodeChunk } from 'primeos/encoding';
 * const c = encodeChunk({ kind: 'operation', opcode: 2, operand: 5n });
 * decodeChunk(c); // { kind: 'operation', opcode: 2, operand: 5n }
 * ```
 */
export function encodeChunk(chunk: ValidChunk): bigint {
  if (chunk.kind === 'data' && isByte(chunk.offset) && isByte(chunk.value)) {
    return encodeDataUnchecked(chunk.offset, chunk.value);
  }
  const bits = fieldsToBits(chunk);
  const tag = CHUNK_KIND_TAGS[chunk.kind];
  const nbits = bits.length;
  const q = CHECKSUM_POWERS[checksumIndex(tag, bits, nbits)] as bigint;
  return (fieldProduct(bits, nbits) << BigInt(tag)) * q;
}

/**
 * The checksum prime `q` a chunk's fields select (its 6th power is part of the chunk).
 *
 * @param chunk - a valid chunk description
 * @returns q, a member of `CHECKSUM_PRIMES`
 * @throws PrimeosError `E_RANGE` when a field is out of range
 *
 * @example
 * ```ts
 * import { checksumPrimeOf } from 'primeos/encoding';
 * checksumPrimeOf({ kind: 'data', offset: 0, value: 0x41 }); // 20509
 * ```
 */
export function checksumPrimeOf(chunk: ValidChunk): number {
  const bits = fieldsToBits(chunk);
  return CHECKSUM_PRIMES[checksumIndex(CHUNK_KIND_TAGS[chunk.kind], bits, bits.length)] as number;
}

/**
 * The bytes the checksum hashes for a chunk: format version, kind tag, then the field word
 * little-endian (`ceil(bits / 8)` bytes). `CHECKSUM_PRIMES[crc12(bytes)]` is the chunk's `q`.
 *
 * @param chunk - a valid chunk description
 * @returns the hashed bytes
 * @throws PrimeosError `E_RANGE` when a field is out of range
 *
 * @example
 * ```ts
 * import { checksumBytesOf } from 'primeos/encoding';
 * checksumBytesOf({ kind: 'data', offset: 0, value: 0x41 }); // Uint8Array [1, 1, 0, 65]
 * ```
 */
export function checksumBytesOf(chunk: ValidChunk): Uint8Array {
  const bits = fieldsToBits(chunk);
  const out = [CHUNK_FORMAT_VERSION, CHUNK_KIND_TAGS[chunk.kind]];
  for (let b = 0; b < bits.length; b += 8) {
    let byte = 0;
    for (let k = 0; k < 8 && b + k < bits.length; k++) byte |= (bits[b + k] as number) << k;
    out.push(byte);
  }
  return Uint8Array.from(out);
}

// ---------------------------------------------------------------------------------------------
// decoding

interface PrimeGroup {
  /** ∏ p over the group (< 2^53). */
  readonly modulus: bigint;
  readonly primeArray: Int32Array;
  readonly firstBit: number;
}

/**
 * 1 when p divides a number whose residue modulo a multiple of p is r (an integer < 2^53), else 0.
 * Uses floor division rather than `%` on doubles (fmod is slow); the quotient is exact as r < 2^53.
 */
function primeBit(r: number, p: number): number {
  return r - floor(r / p) * p === 0 ? 1 : 0;
}

function groupsFor(nbits: number): PrimeGroup[] {
  const groups: PrimeGroup[] = [];
  let i = 0;
  while (i < nbits) {
    const firstBit = i;
    const primes: number[] = [];
    let m = 1;
    while (i < nbits) {
      const p = FIELD_PRIMES[i] as number;
      if (m * p >= MAX_SAFE_PRODUCT) break;
      m *= p;
      primes.push(p);
      i++;
    }
    groups.push({ modulus: BigInt(m), primeArray: Int32Array.from(primes), firstBit });
  }
  return groups;
}

const GROUPS: Readonly<Record<ChunkKind, readonly PrimeGroup[]>> = {
  data: groupsFor(FIELD_WORD_BITS.data),
  operation: groupsFor(FIELD_WORD_BITS.operation),
  block_header: groupsFor(FIELD_WORD_BITS.block_header),
  ntt_header: groupsFor(FIELD_WORD_BITS.ntt_header),
};

function invalid(code: InvalidChunk['code'], reason: string): InvalidChunk {
  return { kind: 'invalid', code, reason };
}

/** Binary search in the reserved checksum set. */
function isChecksumPrime(q: number): boolean {
  let lo = 0;
  let hi = CHECKSUM_PRIMES.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = CHECKSUM_PRIMES[mid] as number;
    if (v === q) return true;
    if (v < q) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** Exact 6th root of `r` (≤ MAX_CHECKSUM_POWER), or -1. */
function exactSixthRoot(r: bigint): number {
  const guess = Math.round(Number(r) ** (1 / 6));
  for (let x = max(0, guess - 1); x <= guess + 1; x++) {
    if (BigInt(x) ** 6n === r) return x;
  }
  return -1;
}

/** Explain why a non-canonical chunk with well-formed fields fails (slow path, invalid inputs only). */
function classify(chunk: bigint, tag: number, bits: Uint8Array, nbits: number, fields: ValidChunk): InvalidChunk {
  const f = fieldProduct(bits, nbits) << BigInt(tag);
  const rest = chunk / f; // exact: the tag was measured and every prime with bit 1 divides the chunk
  for (let i = 0; i < nbits; i++) {
    const p = FIELD_PRIMES[i] as number;
    if (bits[i] === 1 && rest % BigInt(p) === 0n)
      return invalid('E_CHUNK_INVALID', `field prime ${p} has exponent above 1`);
  }
  if (rest > MAX_CHECKSUM_POWER) return invalid('E_CHUNK_INVALID', 'cofactor exceeds the largest q^6');
  const q = exactSixthRoot(rest);
  if (q < 0) return invalid('E_CHUNK_INVALID', 'cofactor is not a 6th power');
  if (!isChecksumPrime(q))
    return invalid('E_CHUNK_INVALID', `cofactor is ${q}^6 and ${q} is not a reserved checksum prime`);
  const expected = CHECKSUM_PRIMES[checksumIndex(tag, bits, nbits)] as number;
  return invalid('E_CHECKSUM', `${fields.kind} chunk carries checksum prime ${q}, its fields hash to ${expected}`);
}

const DATA_GROUPS = GROUPS.data;
/** Module-local copies of imported constants: CommonJS transforms (tsx, jest) read imports through getters. */
const LIMIT = CHUNK_LIMIT;
const POWERS = CHECKSUM_POWERS;
const SCRATCH = new Uint8Array(FIELD_WORD_BITS.ntt_header);

/**
 * Decode one chunk. Total: any value (any bigint, of any size or sign — or a non-bigint) gives a
 * valid chunk or a typed invalid result; it never throws. Time O(bit length); inputs of more than
 * `MAX_CHUNK_BITS` bits are rejected at once.
 *
 * @param chunk - the chunk
 * @returns the decoded chunk, discriminated on `kind` (`'invalid'` with `code` and `reason` on failure)
 *
 * @example
 * ```ts
 * import { decodeChunk, encodeData } from 'primeos/encoding';
 * decodeChunk(encodeData(0, 0x41)); // { kind: 'data', offset: 0, value: 65 }
 * decodeChunk(12345n);              // { kind: 'invalid', code: 'E_CHUNK_INVALID', reason: '…' }
 * ```
 */
export function decodeChunk(chunk: bigint): DecodedChunk {
  if (typeof chunk !== 'bigint') return invalid('E_CHUNK_INVALID', 'chunk is not a bigint');
  if (chunk <= 0n) return invalid('E_CHUNK_INVALID', 'chunk must be positive');
  if (chunk >= LIMIT) return invalid('E_CHUNK_INVALID', `chunk exceeds ${MAX_CHUNK_BITS} bits`);
  const low = Number(BigInt.asUintN(8, chunk));
  if (low === 0) return invalid('E_CHUNK_INVALID', 'kind tag exponent is not 1..4');
  const tag = 31 - clz32(low & -low);
  const kind = KIND_BY_TAG[tag];
  if (kind === undefined) return invalid('E_CHUNK_INVALID', `kind tag exponent ${tag} is not 1..4`);

  if (kind === 'data') {
    // fast path: 16 field bits in 3 remainders
    let word = 0;
    for (let gi = 0; gi < DATA_GROUPS.length; gi++) {
      const g = DATA_GROUPS[gi] as PrimeGroup;
      const r = Number(chunk % g.modulus);
      const ps = g.primeArray;
      for (let j = 0; j < ps.length; j++) {
        word |= primeBit(r, ps[j] as number) << (g.firstBit + j);
      }
    }
    const offset = word & 0xff;
    const value = word >>> 8;
    if (chunk === encodeDataUnchecked(offset, value)) return { kind, offset, value } satisfies DataChunk;
    SCRATCH.fill(0);
    writeNumber(SCRATCH, 0, 16, word);
    return classify(chunk, tag, SCRATCH, 16, { kind, offset, value });
  }

  const nbits = FIELD_WORD_BITS[kind];
  const bits = SCRATCH;
  bits.fill(0);
  for (const g of GROUPS[kind]) {
    const r = Number(chunk % g.modulus);
    const ps = g.primeArray;
    for (let j = 0; j < ps.length; j++) {
      bits[g.firstBit + j] = primeBit(r, ps[j] as number);
    }
  }
  const fields = bitsToFields(kind, bits);
  if (typeof fields === 'string') return invalid('E_CHUNK_INVALID', fields);
  const q = POWERS[checksumIndex(tag, bits, nbits)] as bigint;
  const expected = (fieldProduct(bits, nbits) << BigInt(tag)) * q;
  if (chunk === expected) return fields;
  return classify(chunk, tag, bits, nbits, fields);
}
