import { ChunkProcessingError } from './errors/ChunkProcessingError.js';
import { processChunks } from './processChunks.js';
import type { PullSource } from './sources/fromPull.js';
import { STREAM_DEFAULTS } from './streamDefaults.js';

/** PrimeOS `ChunkProcessingConfig` (and `StreamMemoryConfig`): how a chunk processor cuts and bounds its work. */
export interface ChunkProcessingConfig {
  /** Items per chunk (default: the stream's `defaultChunkSize`). */
  readonly chunkSize?: number;
  /** Memory budget in bytes that backpressure is measured against (default: the stream's `memoryLimit`). */
  readonly maxBufferSize?: number;
  /** Fraction (0..1) of `maxBufferSize` in use at which backpressure applies (default 0.8). */
  readonly backpressureThreshold?: number;
  /** PrimeOS garbage-collection hint interval, ms (accepted; the engine's memory stays bounded by credits). */
  readonly gcInterval?: number;
}

/**
 * What `processChunkedStream` accepts: a {@link ChunkProcessor} or any object with its shape (`processChunk` at
 * least). The chunk size is read from `chunkSize`, else `config.chunkSize`, else the stream's default.
 *
 * @typeParam T - input items
 * @typeParam R - output items
 */
export interface ChunkProcessorLike<T, R = T> {
  readonly chunkSize?: number;
  readonly config?: ChunkProcessingConfig;
  processChunk(chunk: T[], chunkIndex: number): readonly R[] | Promise<readonly R[]>;
  flush?(): readonly R[] | Promise<readonly R[]>;
  shouldApplyBackpressure?(): boolean;
  handleProcessingError?(error: Error, chunk: T[]): R[] | null;
}

/**
 * The PrimeOS chunk processor: items are handed over in chunks of `chunkSize`, `flush()` emits what is left at
 * the end, memory is measured (`getMemoryUsage`) and backpressure applies above `backpressureThreshold` of
 * `maxBufferSize`; a chunk that fails goes to `handleProcessingError` (return a replacement, or `null` to skip the
 * chunk). Subclass it and override `processChunk` (the base class passes chunks through).
 *
 * @typeParam T - input items
 * @typeParam R - output items (default T)
 *
 * @example
 * ```ts
 * import { ChunkProcessor } from 'primeos/stream';
 * class Upper extends ChunkProcessor<string> {
 *   override async processChunk(chunk: string[]): Promise<string[]> { return chunk.map((s) => s.toUpperCase()); }
 * }
 * for await (const s of await new Upper({ chunkSize: 2 }).processStream(['a', 'b', 'c'])) console.log(s);
 * ```
 */
export class ChunkProcessor<T, R = T> implements ChunkProcessorLike<T, R> {
  /** The configuration, defaults filled in. */
  readonly config: Required<Omit<ChunkProcessingConfig, 'gcInterval'>> & Pick<ChunkProcessingConfig, 'gcInterval'>;

  /**
   * @param config - chunk size, memory budget, backpressure threshold
   * @throws ChunkProcessingError `E_RANGE` for a chunk size that is not a positive integer
   */
  constructor(config: ChunkProcessingConfig = {}) {
    const chunkSize = config.chunkSize ?? STREAM_DEFAULTS.chunkSize;
    if (!Number.isInteger(chunkSize) || chunkSize < 1) {
      throw new ChunkProcessingError(`chunkSize must be a positive integer, got ${chunkSize}`, undefined, {
        code: 'E_RANGE',
      });
    }
    this.config = {
      chunkSize,
      maxBufferSize: config.maxBufferSize ?? STREAM_DEFAULTS.memoryLimit,
      backpressureThreshold: config.backpressureThreshold ?? STREAM_DEFAULTS.backpressureThreshold,
      ...(config.gcInterval === undefined ? {} : { gcInterval: config.gcInterval }),
    };
  }

  /** Items per chunk. */
  get chunkSize(): number {
    return this.config.chunkSize;
  }

  /**
   * Process one chunk (the base class passes it through).
   *
   * @param chunk - the items
   * @param _chunkIndex - 0-based chunk number
   * @returns the outputs of this chunk
   */
  async processChunk(chunk: T[], _chunkIndex = 0): Promise<R[]> {
    return chunk as unknown as R[];
  }

  /**
   * Emit what the processor still holds after the last chunk (the base class holds nothing).
   *
   * @returns the remaining outputs
   */
  async flush(): Promise<R[]> {
    return [];
  }

  /**
   * Measured memory in use by the process (heap), bytes.
   *
   * @returns bytes
   */
  getMemoryUsage(): number {
    return process.memoryUsage().heapUsed;
  }

  /**
   * Whether memory in use is at or above `backpressureThreshold` of `maxBufferSize` (the next chunk then waits).
   *
   * @returns true to hold back the next chunk
   */
  shouldApplyBackpressure(): boolean {
    return this.getMemoryUsage() >= this.config.backpressureThreshold * this.config.maxBufferSize;
  }

  /**
   * Decide what a failed chunk becomes: a replacement, or `null` to skip it. The base class fails the stream with
   * a {@link ChunkProcessingError} (`E_CHUNK`) carrying the cause; override it to recover.
   *
   * @param error - the failure
   * @param chunk - the chunk that failed
   * @returns the replacement outputs, or null to skip
   * @throws ChunkProcessingError unless overridden
   */
  handleProcessingError(error: Error, chunk: T[]): R[] | null {
    throw new ChunkProcessingError(
      `chunk of ${chunk.length} items failed: ${error.message}`,
      { items: chunk.length },
      {
        cause: error,
      },
    );
  }

  /**
   * Process a stream in chunks of `chunkSize`, streaming: outputs come as chunks complete (never materialised),
   * `flush()` output last.
   *
   * @param input - the items
   * @returns the outputs
   */
  async processStream(input: PullSource<T>): Promise<AsyncIterable<R>> {
    return processChunks(input, this);
  }
}
