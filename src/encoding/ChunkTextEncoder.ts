import { encodeBlockHeader } from './blockCodec.js';
import type { FramedBlock } from './BlockStreamEncoder.js';
import { encodeData } from './encodeData.js';

/** Options of {@link ChunkTextEncoder}. */
export interface ChunkTextEncoderOptions {
  /** Write `0x`-prefixed lowercase hex instead of decimal. Default false. */
  readonly hex?: boolean;
}

/**
 * Chunks as text lines (decimal or `0x` hex, each ending in `\n`, ASCII bytes), the form the CLI writes and
 * `ChunkTextDecoder` reads back. A byte stream has only 65,536 distinct data chunks, so the line of each one is
 * rendered once and then reused: {@link ChunkTextEncoder.blockLines} costs one table lookup per byte.
 *
 * @example
 * ```ts
 * import { ChunkTextEncoder } from 'primeos/encoding';
 * const lines: Uint8Array[] = [];
 * new ChunkTextEncoder().blockLines({ index: 0, bytes: new Uint8Array([72, 105]), last: true }, (l) => lines.push(l));
 * Buffer.concat(lines).toString(); // three lines: the header, then the data chunks of 'H' and 'i'
 * ```
 */
export class ChunkTextEncoder {
  private readonly hex: boolean;
  /** Line of the data chunk (offset << 8 | value), rendered on first use. */
  private readonly dataLines: (Uint8Array | undefined)[] = new Array<Uint8Array | undefined>(65536);

  /**
   * @param options - decimal or hex
   */
  constructor(options: ChunkTextEncoderOptions = {}) {
    this.hex = options.hex ?? false;
  }

  /**
   * The text of one chunk, without line end.
   *
   * @param chunk - the chunk
   * @returns decimal, or `0x` hex
   */
  text(chunk: bigint): string {
    return this.hex ? '0x' + chunk.toString(16) : chunk.toString();
  }

  /**
   * The line of one chunk.
   *
   * @param chunk - the chunk
   * @returns its text and `\n`, as ASCII bytes
   */
  line(chunk: bigint): Uint8Array {
    return Buffer.from(this.text(chunk) + '\n', 'latin1');
  }

  /**
   * The lines of a block's chunks, the same chunks as `encodeByteBlock(bytes, index, last)`: the header, then one
   * data chunk per byte.
   *
   * @param block - the block
   * @param emit - receives each line in order (shared, read-only bytes: copy them, do not keep or change them)
   * @throws PrimeosError `E_RANGE` when the block is too long or its index out of range
   */
  blockLines(block: FramedBlock, emit: (line: Uint8Array) => void): void {
    const { bytes } = block;
    emit(this.line(encodeBlockHeader(bytes, block.index, block.last)));
    const lines = this.dataLines;
    for (let i = 0; i < bytes.length; i++) {
      const key = (i << 8) | (bytes[i] as number);
      let l = lines[key];
      if (l === undefined) {
        l = this.line(encodeData(i, bytes[i] as number));
        lines[key] = l;
      }
      emit(l);
    }
  }
}
