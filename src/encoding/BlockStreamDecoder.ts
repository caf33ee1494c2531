/**
 * The incremental decoder of block-framed byte streams: chunks go in one at a time, each block comes out
 * as soon as the next header (or the end) closes it, and every problem is reported as it is found. Memory
 * is one open block plus the list of block-index gaps still unfilled.
 */
import { blockPayloadHash } from './blockPayloadHash.js';
import { decodeChunk as decodeChunkImport } from './chunkCodec.js';
import type { DecodedChunk } from './DecodedChunk.js';
import type { StreamIssue } from './StreamIssue.js';

/** Module-local copy of the hot import: CommonJS transforms (tsx, jest) read imports through getters. */
const decodeChunk = decodeChunkImport;

/** A block closed by {@link BlockStreamDecoder}. */
export interface DecodedBlock {
  /** The block's index in its stream. */
  readonly index: number;
  /**
   * The block's bytes (`length` of them as its header says). When `ok` is false, bytes that never arrived
   * are 0.
   */
  readonly bytes: Uint8Array;
  /** Whether the header marks the stream's final block. */
  readonly last: boolean;
  /**
   * True when the bytes are the block's exact payload at its place in the stream: every offset arrived, the
   * payload hash matches the header, and the block is neither late (after a later block) nor after the last
   * block. A block with `ok: false` has at least one issue naming it.
   */
  readonly ok: boolean;
}

/** Where a {@link BlockStreamDecoder} delivers its results, synchronously and in input order. */
export interface BlockStreamHandlers {
  /** A block was closed (by the next header or by `end()`). */
  block(block: DecodedBlock): void;
  /** A problem was found. */
  issue(issue: StreamIssue): void;
}

interface OpenBlock {
  index: number;
  length: number;
  hash: number;
  last: boolean;
  /** Placed where its index says: not late, not after the last block. */
  placed: boolean;
  bytes: Uint8Array;
  filled: Uint8Array;
  next: number;
}

/**
 * Decode a block-framed chunk stream (see `encodeBytes`) incrementally. Push the chunks in stream order, then
 * call {@link BlockStreamDecoder.end}. Blocks are handed over as they close, with `ok` saying whether their
 * bytes can be trusted; issues (invalid chunks, chunks of other kinds, data outside a block,
 * missing/duplicated/out-of-order blocks and offsets, offsets past the block length, payload-hash mismatches,
 * chunks after the last block, a missing last block) are handed over as they are found, so a damaged block
 * never stops the blocks after it. Never throws on chunk content.
 *
 * @example
 * ```ts
 * import { BlockStreamDecoder, encodeBytes } from 'primeos/encoding';
 * const parts: Uint8Array[] = [];
 * const decoder = new BlockStreamDecoder({
 *   block: (b) => b.ok && parts.push(b.bytes),
 *   issue: (i) => console.error(i.message),
 * });
 * for (const c of encodeBytes(new Uint8Array([1, 2, 3]))) decoder.push(c);
 * decoder.end(); // parts: [Uint8Array [1, 2, 3]]
 * ```
 */
export class BlockStreamDecoder {
  private readonly handlers: BlockStreamHandlers;
  /** Next block index in order. */
  private expected = 0;
  /** Sorted, disjoint `[from, to)` ranges of indices below `expected` not seen yet. */
  private readonly gaps: [number, number][] = [];
  private lastSeen = false;
  private open: OpenBlock | undefined;
  private position = -1;
  private ended = false;
  private blockCount = 0;
  private damagedCount = 0;
  private issueTotal = 0;

  /**
   * @param handlers - receive closed blocks and issues
   */
  constructor(handlers: BlockStreamHandlers) {
    this.handlers = handlers;
  }

  /** Blocks closed so far. */
  get blocks(): number {
    return this.blockCount;
  }

  /** Blocks closed so far with `ok: false`. */
  get damagedBlocks(): number {
    return this.damagedCount;
  }

  /** Issues reported so far. */
  get issues(): number {
    return this.issueTotal;
  }

  /**
   * Decode and take the next chunk.
   *
   * @param chunk - the next chunk of the stream
   */
  push(chunk: bigint): void {
    this.pushDecoded(decodeChunk(chunk));
  }

  /**
   * Take the next chunk, already decoded (e.g. by a cache of chunk texts).
   *
   * @param d - the next chunk, as `decodeChunk` returns it
   */
  pushDecoded(d: DecodedChunk): void {
    const position = ++this.position;
    if (d.kind === 'data') {
      const open = this.open;
      if (open === undefined) {
        this.report({
          type: 'data_outside_block',
          code: 'E_CHUNK_INVALID',
          position,
          offset: d.offset,
          message: `chunk ${position}: data before any block header`,
        });
        return;
      }
      const o = d.offset;
      if (o >= open.length) {
        this.report({
          type: 'offset_out_of_range',
          code: 'E_CHUNK_INVALID',
          position,
          block: open.index,
          offset: o,
          message: `block ${open.index}: offset ${o} is past its length ${open.length}`,
        });
        return;
      }
      if (open.filled[o] === 1) {
        this.report({
          type: 'duplicate_offset',
          code: 'E_CHUNK_INVALID',
          position,
          block: open.index,
          offset: o,
          message: `block ${open.index}: offset ${o} appears twice`,
        });
        return;
      }
      if (o < open.next) {
        this.report({
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
      if (o >= open.next) open.next = o + 1;
      return;
    }
    if (d.kind === 'block_header') {
      this.header(d.index, d.length, d.last, d.payloadHash, position);
      return;
    }
    if (d.kind === 'invalid') {
      this.report({ type: 'invalid_chunk', code: d.code, position, message: `chunk ${position}: ${d.reason}` });
      return;
    }
    this.report({
      type: 'unexpected_kind',
      code: 'E_CHUNK_INVALID',
      position,
      message: `chunk ${position} is a ${d.kind} chunk inside a byte stream`,
    });
  }

  /**
   * End of the stream: closes the open block and reports a missing last block. Further calls do nothing.
   */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.open) this.close(this.open);
    this.open = undefined;
    if (!this.lastSeen) {
      this.report({
        type: 'missing_last_block',
        code: 'E_CHUNK_INVALID',
        message: 'the stream ends before its last block',
      });
    }
  }

  private report(issue: StreamIssue): void {
    this.issueTotal++;
    this.handlers.issue(issue);
  }

  private header(index: number, length: number, last: boolean, hash: number, position: number): void {
    if (this.open) this.close(this.open);
    this.open = undefined;
    const afterLast = this.lastSeen;
    if (afterLast) {
      this.report({
        type: 'chunk_after_last',
        code: 'E_CHUNK_INVALID',
        position,
        block: index,
        message: `block ${index} follows the last block`,
      });
    }
    let late = false;
    if (index < this.expected) {
      if (!this.takeFromGap(index)) {
        this.report({
          type: 'duplicate_block',
          code: 'E_CHUNK_INVALID',
          position,
          block: index,
          message: `block ${index} appears again at chunk ${position}`,
        });
        return;
      }
      late = true;
      this.report({
        type: 'out_of_order_block',
        code: 'E_CHUNK_INVALID',
        position,
        block: index,
        message: `block ${index} arrives after block ${this.expected - 1}`,
      });
    } else {
      if (index > this.expected) {
        this.gaps.push([this.expected, index]);
        this.report({
          type: 'missing_block',
          code: 'E_CHUNK_INVALID',
          position,
          block: this.expected,
          count: index - this.expected,
          message: `blocks ${this.expected}..${index - 1} are missing`,
        });
      }
      this.expected = index + 1;
    }
    if (last) this.lastSeen = true;
    this.open = {
      index,
      length,
      hash,
      last,
      placed: !late && !afterLast,
      bytes: new Uint8Array(length),
      filled: new Uint8Array(length),
      next: 0,
    };
  }

  /** Remove `index` from the unfilled gaps; false when it is not in one (a duplicate). */
  private takeFromGap(index: number): boolean {
    const gaps = this.gaps;
    let lo = 0;
    let hi = gaps.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const g = gaps[mid] as [number, number];
      if (index < g[0]) hi = mid - 1;
      else if (index >= g[1]) lo = mid + 1;
      else {
        if (g[1] - g[0] === 1) gaps.splice(mid, 1);
        else if (index === g[0]) g[0]++;
        else if (index === g[1] - 1) g[1]--;
        else {
          gaps.splice(mid + 1, 0, [index + 1, g[1]]);
          g[1] = index;
        }
        return true;
      }
    }
    return false;
  }

  private close(b: OpenBlock): void {
    let complete = true;
    for (let o = 0; o < b.length; o++) {
      if (b.filled[o] === 0) {
        complete = false;
        this.report({
          type: 'missing_offset',
          code: 'E_CHUNK_INVALID',
          block: b.index,
          offset: o,
          message: `block ${b.index}: byte at offset ${o} is missing`,
        });
      }
    }
    let hashOk = false;
    if (complete) {
      hashOk = blockPayloadHash(b.bytes) === b.hash;
      if (!hashOk) {
        this.report({
          type: 'block_hash_mismatch',
          code: 'E_CHECKSUM',
          block: b.index,
          message: `block ${b.index}: payload hash does not match its header`,
        });
      }
    }
    const ok = hashOk && b.placed;
    this.blockCount++;
    if (!ok) this.damagedCount++;
    this.handlers.block({ index: b.index, bytes: b.bytes, last: b.last, ok });
  }
}
