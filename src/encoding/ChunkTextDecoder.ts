import { parseBigInt } from '../primes/parseBigInt.js';
import { decodeChunk as decodeChunkImport } from './chunkCodec.js';
import { MAX_CHUNK_BITS } from './chunkLayout.js';
import type { DataChunk, DecodedChunk } from './DecodedChunk.js';

/** Module-local copy of the hot import: CommonJS transforms (tsx, jest) read imports through getters. */
const decodeChunk = decodeChunkImport;

/** Options of {@link ChunkTextDecoder}. */
export interface ChunkTextDecoderOptions {
  /** Largest accepted integer, in bits (default `MAX_CHUNK_BITS`). */
  readonly maxBits?: number;
  /** Most texts remembered (default 2^17: every data chunk in decimal and in hex). */
  readonly cacheSize?: number;
}

/** Default number of texts a {@link ChunkTextDecoder} remembers. */
export const DEFAULT_CHUNK_TEXT_CACHE_SIZE = 1 << 17;

/**
 * Decode chunks written as text (decimal or `0x` hex, one integer per text, as the CLI writes them). A byte
 * stream is made of only 65,536 distinct data chunks, so the decoder remembers the texts of the valid data
 * chunks it has seen and answers a repeated text without parsing or decoding it again; every other text
 * goes through `parseBigInt` and `decodeChunk`. The cache is bounded (`cacheSize`); results are the same
 * with or without it.
 *
 * @example
 * ```ts
 * import { ChunkTextDecoder, encodeData } from 'primeos/encoding';
 * const texts = new ChunkTextDecoder();
 * texts.decode(encodeData(0, 0x41).toString()); // { kind: 'data', offset: 0, value: 65 }
 * ```
 */
export class ChunkTextDecoder {
  private readonly maxBits: number;
  private readonly cacheSize: number;
  private readonly cache = new Map<string, DataChunk>();

  /**
   * @param options - bit limit, cache size
   */
  constructor(options: ChunkTextDecoderOptions = {}) {
    this.maxBits = options.maxBits ?? MAX_CHUNK_BITS;
    this.cacheSize = options.cacheSize ?? DEFAULT_CHUNK_TEXT_CACHE_SIZE;
  }

  /**
   * Decode one chunk text.
   *
   * @param text - an integer literal (surrounding whitespace ignored)
   * @returns the decoded chunk (`kind: 'invalid'` for an integer that is not a valid chunk)
   * @throws PrimeosError `E_PARSE` when the text is not a non-negative integer literal, `E_RANGE` above `maxBits`
   */
  decode(text: string): DecodedChunk {
    const hit = this.cache.get(text);
    if (hit !== undefined) return hit;
    const d = decodeChunk(parseBigInt(text, { maxBits: this.maxBits, allowNegative: false }));
    if (d.kind === 'data' && this.cache.size < this.cacheSize) this.cache.set(text, d);
    return d;
  }
}
