/**
 * A chunk processor (PrimeOS `processChunkedStream` contract): items are handed over in chunks of `chunkSize`
 * (the processor's own size, else the stream's `defaultChunkSize`), and `flush()` is called once at the end.
 *
 * @typeParam T - input items
 * @typeParam R - output items
 */
export interface ChunkProcessor<T, R> {
  /** Items per chunk (default: the processor's `defaultChunkSize`). */
  readonly chunkSize?: number;
  /**
   * Process one chunk.
   *
   * @param chunk - the items
   * @param chunkIndex - 0-based chunk number
   * @returns the outputs of this chunk
   */
  processChunk(chunk: readonly T[], chunkIndex: number): readonly R[] | Promise<readonly R[]>;
  /**
   * Emit whatever the processor still holds after the last chunk.
   *
   * @returns the remaining outputs
   */
  flush?(): readonly R[] | Promise<readonly R[]>;
}
