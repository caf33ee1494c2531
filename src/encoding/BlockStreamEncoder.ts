import { PrimeosError } from '../model/PrimeosError.js';
import { resolveEncodeBytesOptions, type EncodeBytesOptions } from './EncodeBytesOptions.js';
import { MAX_BLOCK_INDEX } from './chunkCodec.js';

/** A block of bytes cut by {@link BlockStreamEncoder}, ready for `encodeByteBlock(bytes, index, last)`. */
export interface FramedBlock {
  /** The block's index in its stream. */
  readonly index: number;
  /** The block's bytes (its own copy). */
  readonly bytes: Uint8Array;
  /** Whether this is the stream's final block. */
  readonly last: boolean;
}

/**
 * Cut a byte stream into blocks incrementally, as `encodeBytes` frames it: push the bytes in order, take the
 * complete blocks each push yields, and the final block from {@link BlockStreamEncoder.end}. A block is only
 * handed over once a later byte shows it is not the last one, so at most one block of bytes is held back.
 * The empty stream gives one empty final block.
 *
 * @example
 * ```ts
 * import { BlockStreamEncoder, encodeByteBlock } from 'primeos/encoding';
 * const framer = new BlockStreamEncoder({ blockSize: 2 });
 * const blocks = [...framer.push(new Uint8Array([1, 2, 3])), framer.end()];
 * // [{ index: 0, bytes: [1, 2], last: false }, { index: 1, bytes: [3], last: true }]
 * blocks.flatMap((b) => encodeByteBlock(b.bytes, b.index, b.last)); // the chunks
 * ```
 */
export class BlockStreamEncoder {
  private readonly blockSize: number;
  /** Bytes not handed over yet: at most one block. */
  private pending: Uint8Array = new Uint8Array(0);
  private index = 0;
  private ended = false;

  /**
   * @param options - block size
   * @throws PrimeosError `E_RANGE` for a bad block size
   */
  constructor(options?: EncodeBytesOptions) {
    this.blockSize = resolveEncodeBytesOptions(options).blockSize;
  }

  /**
   * Take the next bytes of the stream.
   *
   * @param bytes - the bytes (copied; the caller may reuse its buffer)
   * @returns the blocks these bytes complete, none of them the last
   * @throws PrimeosError `E_RANGE` past 2^32 blocks, `E_USAGE` after {@link BlockStreamEncoder.end}
   */
  push(bytes: Uint8Array): FramedBlock[] {
    if (this.ended) throw new PrimeosError('E_USAGE', 'push after end');
    const size = this.blockSize;
    const total = this.pending.length + bytes.length;
    const out: FramedBlock[] = [];
    if (total <= size) {
      const joined = new Uint8Array(total);
      joined.set(this.pending);
      joined.set(bytes, this.pending.length);
      this.pending = joined;
      return out;
    }
    // every full block but the one holding the stream's last byte so far is not the last
    const joined = new Uint8Array(total);
    joined.set(this.pending);
    joined.set(bytes, this.pending.length);
    let at = 0;
    while (total - at > size) {
      out.push({ index: this.nextIndex(), bytes: joined.subarray(at, at + size), last: false });
      at += size;
    }
    this.pending = joined.slice(at);
    return out;
  }

  /**
   * End of the stream.
   *
   * @returns the final block (empty for an empty stream)
   * @throws PrimeosError `E_RANGE` past 2^32 blocks, `E_USAGE` when called twice
   */
  end(): FramedBlock {
    if (this.ended) throw new PrimeosError('E_USAGE', 'end called twice');
    this.ended = true;
    return { index: this.nextIndex(), bytes: this.pending, last: true };
  }

  private nextIndex(): number {
    if (this.index > MAX_BLOCK_INDEX) throw new PrimeosError('E_RANGE', 'too many blocks for one stream');
    return this.index++;
  }
}
