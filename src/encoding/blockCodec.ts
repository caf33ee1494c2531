/**
 * Block framing of byte streams: each block is a `block_header` chunk (index, length, last flag,
 * 16-bit payload hash) followed by one data chunk per byte with block-relative offsets 0..length−1.
 * Decoding reports every missing, duplicated or out-of-order block and offset — nothing is dropped
 * silently.
 */
import { PrimeosError, type ErrorCode } from '../model/PrimeosError.js';
import { BlockStreamDecoder } from './BlockStreamDecoder.js';
import { BlockStreamEncoder } from './BlockStreamEncoder.js';
import { blockPayloadHash } from './blockPayloadHash.js';
import { encodeChunk as encodeChunkImport, MAX_BLOCK_INDEX, MAX_BLOCK_LENGTH } from './chunkCodec.js';
import { resolveEncodeBytesOptions, type EncodeBytesOptions } from './EncodeBytesOptions.js';
import type { StreamIssue } from './StreamIssue.js';

export { blockPayloadHash } from './blockPayloadHash.js';
export { DEFAULT_BLOCK_SIZE, resolveEncodeBytesOptions } from './EncodeBytesOptions.js';
export type { EncodeBytesOptions } from './EncodeBytesOptions.js';
export type { StreamIssue, StreamIssueType } from './StreamIssue.js';

/** Module-local copy of the hot import: CommonJS transforms (tsx, jest) read imports through getters. */
const encodeChunk = encodeChunkImport;

/** At most this many issues are listed in a report (the rest are counted). */
export const MAX_REPORTED_ISSUES = 100;

/**
 * The header chunk of a block: its index, length, last flag and payload hash.
 *
 * @param bytes - the block's bytes (at most 256)
 * @param index - the block's index in its stream, 0..2^32−1
 * @param last - whether this is the stream's final block
 * @returns the `block_header` chunk
 * @throws PrimeosError `E_RANGE` when the block is too long or the index out of range
 *
 * @example
 * ```ts
 * import { encodeBlockHeader, decodeChunk } from 'primeos/encoding';
 * decodeChunk(encodeBlockHeader(new Uint8Array([72, 105]), 0, true)); // { kind: 'block_header', index: 0, length: 2, … }
 * ```
 */
export function encodeBlockHeader(bytes: Uint8Array, index: number, last: boolean): bigint {
  if (bytes.length > MAX_BLOCK_LENGTH) {
    throw new PrimeosError('E_RANGE', `a block holds at most ${MAX_BLOCK_LENGTH} bytes, got ${bytes.length}`);
  }
  return encodeChunk({ kind: 'block_header', index, length: bytes.length, last, payloadHash: blockPayloadHash(bytes) });
}

/**
 * Encode one block: its header ({@link encodeBlockHeader}) followed by one data chunk per byte, offsets
 * 0..length−1.
 *
 * @param bytes - the block's bytes (at most 256)
 * @param index - the block's index in its stream, 0..2^32−1
 * @param last - whether this is the stream's final block
 * @returns the block's chunks
 * @throws PrimeosError `E_RANGE` when the block is too long or the index out of range
 *
 * @example
 * ```ts
 * import { encodeByteBlock } from 'primeos/encoding';
 * encodeByteBlock(new Uint8Array([72, 105]), 0, true); // [header, data(0, 72), data(1, 105)]
 * ```
 */
export function encodeByteBlock(bytes: Uint8Array, index: number, last: boolean): bigint[] {
  const out: bigint[] = [encodeBlockHeader(bytes, index, last)];
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
  if (Math.ceil(bytes.length / blockSize) - 1 > MAX_BLOCK_INDEX) {
    throw new PrimeosError('E_RANGE', 'too many blocks for one stream');
  }
  const framer = new BlockStreamEncoder({ blockSize });
  const out: bigint[] = [];
  for (const b of [...framer.push(bytes), framer.end()]) {
    for (const c of encodeByteBlock(b.bytes, b.index, b.last)) out.push(c);
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

/**
 * Decode a block-framed chunk stream to bytes, reporting every problem: invalid chunks, chunks of
 * other kinds, data outside a block, missing/duplicated/out-of-order blocks and offsets, offsets past
 * the block length, payload-hash mismatches, chunks after the last block and a missing last block.
 * Never throws on chunk content. The whole stream at once: {@link BlockStreamDecoder} does the same
 * incrementally, block by block.
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
  const parts: Uint8Array[] = [];
  let total = 0;
  const decoder = new BlockStreamDecoder({
    block: (b) => {
      parts.push(b.bytes);
      total += b.bytes.length;
    },
    issue: (issue) => {
      issueCount++;
      if (issue.code !== 'E_CHECKSUM') checksumOnly = false;
      if (issues.length < MAX_REPORTED_ISSUES) issues.push(issue);
    },
  });
  for (const chunk of chunks) decoder.push(chunk);
  decoder.end();
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
