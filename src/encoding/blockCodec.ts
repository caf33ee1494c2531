/**
 * Block framing of byte streams: each block is a `block_header` chunk (index, length, last flag,
 * 16-bit payload hash) followed by one data chunk per byte with block-relative offsets 0..length−1.
 * Decoding reports every missing, duplicated or out-of-order block and offset — nothing is dropped
 * silently.
 */
import { PrimeosError, type ErrorCode } from '../model/PrimeosError.js';
import {
  decodeChunk as decodeChunkImport,
  encodeChunk as encodeChunkImport,
  MAX_BLOCK_INDEX,
  MAX_BLOCK_LENGTH,
} from './chunkCodec.js';

/** Module-local copies of the hot imports: CommonJS transforms (tsx, jest) read imports through getters. */
const decodeChunk = decodeChunkImport;
const encodeChunk = encodeChunkImport;

/** Default number of bytes per block (the maximum the format allows). */
export const DEFAULT_BLOCK_SIZE = MAX_BLOCK_LENGTH;
/** At most this many issues are listed in a report (the rest are counted). */
export const MAX_REPORTED_ISSUES = 100;

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

/** Options of {@link encodeBytes}. */
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

/**
 * Encode one block: its header followed by one data chunk per byte.
 *
 * @param bytes - the block's bytes (at most 256)
 * @param index - the block's index in its stream, 0..2^32−1
 * @param last - whether this is the stream's final block
 * @returns the block's chunks
 * @throws PrimeosError `E_RANGE` when the block is too long or the index out of range
 *
 * @example
 * ```ts
 * import { encodeBlock } from 'primeos/encoding';
 * encodeBlock(new Uint8Array([72, 105]), 0, true); // [header, data(0, 72), data(1, 105)]
 * ```
 */
export function encodeBlock(bytes: Uint8Array, index: number, last: boolean): bigint[] {
  if (bytes.length > MAX_BLOCK_LENGTH) {
    throw new PrimeosError('E_RANGE', `a block holds at most ${MAX_BLOCK_LENGTH} bytes, got ${bytes.length}`);
  }
  const out: bigint[] = [
    encodeChunk({ kind: 'block_header', index, length: bytes.length, last, payloadHash: blockPayloadHash(bytes) }),
  ];
  for (let i = 0; i < bytes.length; i++) out.push(encodeChunk({ kind: 'data', offset: i, value: bytes[i] as number }));
  return out;
}

/**
 * Encode bytes as a block-framed chunk stream. The empty input gives one empty final block.
 *
 * @param bytes - the bytes
 * @param options - block size
 * @returns the chunks: per block a header then its data chunks
 * @throws PrimeosError `E_RANGE` for a bad block size or more than 2^32 blocks
 *
 * @example
 * ```ts
 * import { encodeBytes, decodeBytes } from 'primeos/encoding';
 * decodeBytes(encodeBytes(new Uint8Array([1, 2, 3]))); // Uint8Array [1, 2, 3]
 * ```
 */
export function encodeBytes(bytes: Uint8Array, options?: EncodeBytesOptions): bigint[] {
  const { blockSize } = resolveEncodeBytesOptions(options);
  const blocks = Math.max(1, Math.ceil(bytes.length / blockSize));
  if (blocks - 1 > MAX_BLOCK_INDEX) throw new PrimeosError('E_RANGE', 'too many blocks for one stream');
  const out: bigint[] = [];
  for (let b = 0; b < blocks; b++) {
    const block = bytes.subarray(b * blockSize, Math.min(bytes.length, (b + 1) * blockSize));
    for (const c of encodeBlock(block, b, b === blocks - 1)) out.push(c);
  }
  return out;
}

/**
 * Encode a string as UTF-8, block-framed. Lone surrogates become U+FFFD (WHATWG UTF-8 encoding), so
 * `decodeText(encodeText(s)) === s` holds for every well-formed string and returns `s` with each lone
 * surrogate replaced by U+FFFD otherwise.
 *
 * @param text - the text
 * @param options - block size
 * @returns the chunks
 *
 * @example
 * ```ts
 * import { encodeText, decodeText } from 'primeos/encoding';
 * decodeText(encodeText('Hello World')); // 'Hello World'
 * ```
 */
export function encodeText(text: string, options?: EncodeBytesOptions): bigint[] {
  return encodeBytes(new TextEncoder().encode(text), options);
}

/** What went wrong in a chunk stream. */
export type StreamIssueType =
  | 'invalid_chunk'
  | 'unexpected_kind'
  | 'data_outside_block'
  | 'missing_block'
  | 'duplicate_block'
  | 'out_of_order_block'
  | 'missing_offset'
  | 'duplicate_offset'
  | 'out_of_order_offset'
  | 'offset_out_of_range'
  | 'block_hash_mismatch'
  | 'chunk_after_last'
  | 'missing_last_block';

/** One problem found while decoding a block-framed stream. */
export interface StreamIssue {
  readonly type: StreamIssueType;
  /** `E_CHECKSUM` for checksum failures (chunk or block hash), `E_CHUNK_INVALID` otherwise. */
  readonly code: 'E_CHUNK_INVALID' | 'E_CHECKSUM';
  /** Index of the offending chunk in the input, when there is one. */
  readonly position?: number;
  /** Block index concerned. */
  readonly block?: number;
  /** Offset concerned. */
  readonly offset?: number;
  /** Number of consecutive items concerned (missing blocks). */
  readonly count?: number;
  readonly message: string;
}

/** The outcome of {@link decodeBytesReport}, discriminated on `ok`. */
export type BytesDecodeReport =
  | { readonly ok: true; readonly bytes: Uint8Array; readonly blocks: number }
  | {
      readonly ok: false;
      readonly code: 'E_CHUNK_INVALID' | 'E_CHECKSUM';
      /** The first {@link MAX_REPORTED_ISSUES} issues, in input order. */
      readonly issues: readonly StreamIssue[];
      /** Total number of issues found. */
      readonly issueCount: number;
    };

interface OpenBlock {
  index: number;
  length: number;
  hash: number;
  bytes: Uint8Array;
  filled: Uint8Array;
  next: number;
}

/**
 * Decode a block-framed chunk stream to bytes, reporting every problem: invalid chunks, chunks of
 * other kinds, data outside a block, missing/duplicated/out-of-order blocks and offsets, offsets past
 * the block length, payload-hash mismatches, chunks after the last block and a missing last block.
 * Never throws on chunk content.
 *
 * @param chunks - the chunks, in stream order
 * @returns `{ ok: true, bytes }` or `{ ok: false, code, issues }`
 *
 * @example
 * ```ts
 * import { encodeBytes, decodeBytesReport } from 'primeos/encoding';
 * const chunks = encodeBytes(new Uint8Array([1, 2, 3]));
 * decodeBytesReport(chunks.slice(0, 3)); // { ok: false, issues: [{ type: 'missing_offset', … }], … }
 * ```
 */
export function decodeBytesReport(chunks: Iterable<bigint>): BytesDecodeReport {
  const issues: StreamIssue[] = [];
  let issueCount = 0;
  let checksumOnly = true;
  const report = (issue: StreamIssue): void => {
    issueCount++;
    if (issue.code !== 'E_CHECKSUM') checksumOnly = false;
    if (issues.length < MAX_REPORTED_ISSUES) issues.push(issue);
  };
  const parts: Uint8Array[] = [];
  const seen = new Set<number>();
  let expected = 0;
  let lastSeen = false;
  let total = 0;
  let open: OpenBlock | undefined;

  const close = (b: OpenBlock): void => {
    let missing = false;
    for (let o = 0; o < b.length; o++) {
      if (b.filled[o] === 0) {
        missing = true;
        report({
          type: 'missing_offset',
          code: 'E_CHUNK_INVALID',
          block: b.index,
          offset: o,
          message: `block ${b.index}: byte at offset ${o} is missing`,
        });
      }
    }
    if (!missing && blockPayloadHash(b.bytes) !== b.hash) {
      report({
        type: 'block_hash_mismatch',
        code: 'E_CHECKSUM',
        block: b.index,
        message: `block ${b.index}: payload hash does not match its header`,
      });
    }
    parts.push(b.bytes);
    total += b.length;
  };

  let position = -1;
  for (const chunk of chunks) {
    position++;
    const d = decodeChunk(chunk);
    if (d.kind === 'invalid') {
      report({ type: 'invalid_chunk', code: d.code, position, message: `chunk ${position}: ${d.reason}` });
      continue;
    }
    if (d.kind === 'block_header') {
      if (open) close(open);
      open = undefined;
      if (lastSeen) {
        report({
          type: 'chunk_after_last',
          code: 'E_CHUNK_INVALID',
          position,
          block: d.index,
          message: `block ${d.index} follows the last block`,
        });
      }
      if (seen.has(d.index)) {
        report({
          type: 'duplicate_block',
          code: 'E_CHUNK_INVALID',
          position,
          block: d.index,
          message: `block ${d.index} appears again at chunk ${position}`,
        });
        continue;
      }
      seen.add(d.index);
      if (d.index < expected) {
        report({
          type: 'out_of_order_block',
          code: 'E_CHUNK_INVALID',
          position,
          block: d.index,
          message: `block ${d.index} arrives after block ${expected - 1}`,
        });
      } else if (d.index > expected) {
        report({
          type: 'missing_block',
          code: 'E_CHUNK_INVALID',
          position,
          block: expected,
          count: d.index - expected,
          message: `blocks ${expected}..${d.index - 1} are missing`,
        });
      }
      expected = Math.max(expected, d.index + 1);
      if (d.last) lastSeen = true;
      open = {
        index: d.index,
        length: d.length,
        hash: d.payloadHash,
        bytes: new Uint8Array(d.length),
        filled: new Uint8Array(d.length),
        next: 0,
      };
      continue;
    }
    if (d.kind !== 'data') {
      report({
        type: 'unexpected_kind',
        code: 'E_CHUNK_INVALID',
        position,
        message: `chunk ${position} is a ${d.kind} chunk inside a byte stream`,
      });
      continue;
    }
    if (!open) {
      report({
        type: 'data_outside_block',
        code: 'E_CHUNK_INVALID',
        position,
        offset: d.offset,
        message: `chunk ${position}: data before any block header`,
      });
      continue;
    }
    const o = d.offset;
    if (o >= open.length) {
      report({
        type: 'offset_out_of_range',
        code: 'E_CHUNK_INVALID',
        position,
        block: open.index,
        offset: o,
        message: `block ${open.index}: offset ${o} is past its length ${open.length}`,
      });
      continue;
    }
    if (open.filled[o] === 1) {
      report({
        type: 'duplicate_offset',
        code: 'E_CHUNK_INVALID',
        position,
        block: open.index,
        offset: o,
        message: `block ${open.index}: offset ${o} appears twice`,
      });
      continue;
    }
    if (o < open.next) {
      report({
        type: 'out_of_order_offset',
        code: 'E_CHUNK_INVALID',
        position,
        block: open.index,
        offset: o,
        message: `block ${open.index}: offset ${o} arrives after offset ${open.next - 1}`,
      });
    }
    open.filled[o] = 1;
    open.bytes[o] = d.value;
    open.next = Math.max(open.next, o + 1);
  }
  if (open) close(open);
  if (!lastSeen) {
    report({ type: 'missing_last_block', code: 'E_CHUNK_INVALID', message: 'the stream ends before its last block' });
  }
  if (issueCount > 0) return { ok: false, code: checksumOnly ? 'E_CHECKSUM' : 'E_CHUNK_INVALID', issues, issueCount };
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.length;
  }
  return { ok: true, bytes, blocks: parts.length };
}

function failure(report: Extract<BytesDecodeReport, { ok: false }>): PrimeosError {
  const first = report.issues[0];
  const code: ErrorCode = report.code;
  return new PrimeosError(code, `chunk stream has ${report.issueCount} issue(s): ${first?.message ?? ''}`, {
    issues: report.issues,
    issueCount: report.issueCount,
  });
}

/**
 * Decode a block-framed chunk stream to bytes.
 *
 * @param chunks - the chunks, in stream order
 * @returns the bytes
 * @throws PrimeosError `E_CHUNK_INVALID` or `E_CHECKSUM` with `details.issues` (see {@link decodeBytesReport})
 *
 * @example
 * ```ts
 * import { encodeBytes, decodeBytes } from 'primeos/encoding';
 * decodeBytes(encodeBytes(new Uint8Array([0, 255]))); // Uint8Array [0, 255]
 * ```
 */
export function decodeBytes(chunks: Iterable<bigint>): Uint8Array {
  const report = decodeBytesReport(chunks);
  if (!report.ok) throw failure(report);
  return report.bytes;
}

/**
 * Decode a block-framed chunk stream of UTF-8 text. A byte-order mark is kept as U+FEFF (not
 * stripped); malformed UTF-8 is an error, never replaced.
 *
 * @param chunks - the chunks, in stream order
 * @returns the text
 * @throws PrimeosError `E_CHUNK_INVALID`/`E_CHECKSUM` for stream problems, `E_PARSE` for malformed UTF-8
 *
 * @example
 * ```ts
 * import { encodeText, decodeText } from 'primeos/encoding';
 * decodeText(encodeText('héllo 👋')); // 'héllo 👋'
 * ```
 */
export function decodeText(chunks: Iterable<bigint>): string {
  const bytes = decodeBytes(chunks);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch (err) {
    throw new PrimeosError('E_PARSE', 'decoded bytes are not well-formed UTF-8', undefined, { cause: err });
  }
}
