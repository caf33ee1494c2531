import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { BaseModel, initializeOrThrow, type ModelOptions } from '../model/BaseModel.js';
import { PrimeosError } from '../model/PrimeosError.js';
import type { DecodedChunk } from '../encoding/index.js';
import { decodeChunk } from '../encoding/index.js';
import { BackpressureController } from './BackpressureController.js';
import { BatchSizer } from './BatchSizer.js';
import type { ChunkProcessor } from './ChunkProcessor.js';
import { createEncodingStreamBridgeOver, type EncodingStreamBridge } from './EncodingStreamBridge.js';
import { MetricsRecorder, type StreamMetrics } from './MetricsRecorder.js';
import { StreamPipeline, type PipelineContext } from './StreamPipeline.js';
import { resolveStreamConfiguration, type StreamConfiguration } from './streamConfiguration.js';
import { STREAM_DEFAULTS } from './streamDefaults.js';
import { createPrimeStreamProcessorOver, type PrimeStreamProcessor } from './PrimeStreamProcessor.js';
import { readLines, type LineRecord } from './sources/readLines.js';
import type { PullSource } from './sources/fromPull.js';
import { WorkerPool } from './WorkerPool.js';
import { defaultStreamWorkerFile } from './workers/defaultStreamWorkerFile.js';

/** Default items per chunk. */
export const DEFAULT_CHUNK_SIZE = STREAM_DEFAULTS.chunkSize;
/** Default heap limit of a run, bytes. */
export const DEFAULT_MEMORY_LIMIT = STREAM_DEFAULTS.memoryLimit;
/** Default retry attempts of `retry()` stages. */
export const DEFAULT_RETRY_ATTEMPTS = STREAM_DEFAULTS.retryAttempts;
/** Default first retry delay, ms. */
export const DEFAULT_RETRY_DELAY = STREAM_DEFAULTS.retryDelay;
/** Default tolerated failures, percent (0: any uncaught failure fails the run). */
export const DEFAULT_ERROR_TOLERANCE = STREAM_DEFAULTS.errorTolerance;
/** Default per-item timeout of async stages, ms. */
export const DEFAULT_TIMEOUT_MS = STREAM_DEFAULTS.timeoutMs;
/** Default buffer level at which `onPressure` reports `high`. */
export const DEFAULT_BACKPRESSURE_THRESHOLD = STREAM_DEFAULTS.backpressureThreshold;
/** Default credits per run (items in flight). */
export const DEFAULT_BUFFER_SIZE = STREAM_DEFAULTS.bufferSize;

export { resolveStreamConfiguration };
export type { StreamConfiguration };

/** Options of {@link StreamProcessor}: the configuration plus model options and the worker module. */
export interface StreamProcessorOptions extends ModelOptions, Partial<StreamConfiguration> {
  /** PrimeOS alias of `defaultChunkSize`. */
  readonly chunkSize?: number;
  /** Worker module for `parallel('task')` and factorisation (default: the package's built stream worker). */
  readonly workerFile?: string;
  /** `workerData` for the worker threads (e.g. for a loader shim). */
  readonly workerData?: unknown;
}

/** Process memory with the configured limit. */
export interface StreamMemoryUsage {
  readonly rss: number;
  readonly heapUsed: number;
  readonly heapTotal: number;
  readonly external: number;
  readonly arrayBuffers: number;
  readonly memoryLimit: number;
  /** heapUsed / memoryLimit. */
  readonly fraction: number;
}

/** One change made by `optimizePerformance()`. */
export interface OptimizationChange {
  readonly setting: 'defaultChunkSize' | 'maxConcurrency';
  readonly from: number;
  readonly to: number;
  readonly reason: string;
}

/** What `optimizePerformance()` did. */
export interface OptimizationReport {
  readonly changes: readonly OptimizationChange[];
  readonly configuration: StreamConfiguration;
}

/** Progress of `processLargeFile`. */
export interface FileProgress {
  readonly bytesProcessed: number;
  readonly totalBytes: number;
  readonly lines: number;
  readonly chunks: number;
  /** bytesProcessed / totalBytes (1 for an empty file). */
  readonly fraction: number;
}

/** Options of `processLargeFile`. */
export interface LargeFileOptions<R> {
  readonly onProgress?: (p: FileProgress) => void;
  /** Receives each chunk's outputs (they are not accumulated). */
  readonly onResults?: (results: readonly R[]) => void | Promise<void>;
  readonly signal?: AbortSignal;
  /** Byte offset to start at (resume). */
  readonly start?: number;
  /** Longest line accepted; longer lines are counted in `tooLong` and skipped. */
  readonly maxLineBytes?: number;
}

/** What `processLargeFile` reports. */
export interface LargeFileSummary {
  readonly lines: number;
  readonly tooLong: number;
  readonly chunks: number;
  readonly results: number;
  /** Byte offset just past the last processed line (resume point). */
  readonly bytesProcessed: number;
}

/** Inputs of `process()` (PrimeOS `process({ operation, … })`). */
export type StreamProcessInput =
  | { readonly operation: 'decode'; readonly chunks: PullSource<bigint> }
  | { readonly operation: 'verify'; readonly chunks: PullSource<bigint> }
  | { readonly operation: 'encodeText'; readonly text: string };

/** Outputs of `process()`. */
export type StreamProcessOutput =
  | { readonly operation: 'decode'; readonly chunks: DecodedChunk[] }
  | {
      readonly operation: 'verify';
      readonly report: Awaited<ReturnType<PrimeStreamProcessor['verifyStreamIntegrity']>>;
    }
  | { readonly operation: 'encodeText'; readonly chunks: bigint[] };

/** Custom state of the model. */
export interface StreamCustomState {
  readonly configuration: StreamConfiguration;
  readonly metrics: StreamMetrics;
  readonly workers: number;
}

/**
 * The PrimeOS stream model: configuration, lifecycle, metrics and the pipeline builder over the credit bridge,
 * the operators and a worker pool. `terminate()` aborts running pipelines and destroys the pool.
 *
 * @example
 * ```ts
 * import { createAndInitializeStream } from 'primeos/stream';
 * const sp = await createAndInitializeStream({ bufferSize: 32, maxConcurrency: 2 });
 * const out = await sp.createPipeline<number>().source([1, 2, 3]).transform((x) => x * 2).collect();
 * await sp.terminate();
 * ```
 */
export class StreamProcessor extends BaseModel<StreamProcessInput, StreamProcessOutput, StreamCustomState> {
  #config: StreamConfiguration;
  readonly #metrics = new MetricsRecorder();
  readonly #backpressure: BackpressureController;
  readonly #sizer: BatchSizer;
  #terminate = new AbortController();
  #pool: Promise<WorkerPool> | undefined;
  readonly #workerFile: string | undefined;
  readonly #workerData: unknown;

  /**
   * @param options - configuration, worker module, model options
   * @throws PrimeosError `E_RANGE` for an invalid configuration
   */
  constructor(options: StreamProcessorOptions = {}) {
    super(options);
    this.#config = resolveStreamConfiguration(options);
    this.#backpressure = new BackpressureController(this.#config.backpressureThreshold);
    this.#sizer = new BatchSizer({ initialSize: this.#config.defaultChunkSize, maxSize: 1 << 16 });
    this.#workerFile = options.workerFile;
    this.#workerData = options.workerData;
  }

  protected override defaultName(): string {
    return 'stream';
  }

  protected override async onProcess(input: StreamProcessInput): Promise<StreamProcessOutput> {
    switch (input.operation) {
      case 'decode':
        return {
          operation: 'decode',
          chunks: await this.createPipeline()
            .source(input.chunks)
            .transform((c) => decodeChunk(c))
            .collect(),
        };
      case 'verify':
        return {
          operation: 'verify',
          report: await this.createPrimeStreamProcessor().verifyStreamIntegrity(input.chunks),
        };
      case 'encodeText': {
        const { encodeText } = await import('../encoding/index.js');
        return { operation: 'encodeText', chunks: encodeText(input.text) };
      }
      default:
        throw new PrimeosError('E_USAGE', `unknown operation ${(input as { operation: string }).operation}`);
    }
  }

  protected override onReset(): void {
    this.#metrics.reset();
  }

  protected override async onTerminate(): Promise<void> {
    this.#terminate.abort(new PrimeosError('E_ABORTED', 'stream processor terminated'));
    this.#backpressure.close();
    const pool = this.#pool;
    this.#pool = undefined;
    if (pool !== undefined) await (await pool.catch(() => undefined))?.destroy();
  }

  protected override getCustomState(): StreamCustomState {
    return {
      configuration: this.#config,
      metrics: this.#metrics.snapshot(),
      workers: this.#pool === undefined ? 0 : this.#config.maxConcurrency,
    };
  }

  /**
   * A new pipeline builder bound to this processor (its configuration, metrics, backpressure and pool).
   *
   * @returns an empty pipeline; start it with `.source(…)`
   * @throws PrimeosError `E_STATE` when the processor is not ready
   */
  createPipeline<T = unknown, R = T>(): StreamPipeline<T, R> {
    this.#assertReady();
    return new StreamPipeline<T, R>(() => this.#context());
  }

  /**
   * Run `input` through `processor` in chunks of the processor's `chunkSize` (default `defaultChunkSize`), then
   * call its `flush()`; outputs in order.
   *
   * @param input - the items
   * @param processor - the chunk processor
   * @param options - signal
   * @returns every output, in order
   * @throws the processor's error (as a PipelineError with its code), E_ABORTED on abort
   */
  async processChunkedStream<T, R>(
    input: PullSource<T>,
    processor: ChunkProcessor<T, R>,
    options: { readonly signal?: AbortSignal } = {},
  ): Promise<R[]> {
    const out: R[] = [];
    let chunkIndex = 0;
    await this.createPipeline()
      .source(chunked(input, processor.chunkSize ?? this.#config.defaultChunkSize))
      .asyncTransform(async (chunk) => processor.processChunk(chunk, chunkIndex++))
      .catch('propagate')
      .sink((rs) => {
        for (const r of rs) out.push(r);
      }, options);
    if (processor.flush !== undefined) for (const r of await processor.flush()) out.push(r);
    return out;
  }

  /**
   * Process a file larger than memory: lines (with byte offsets) are read on demand, grouped into chunks of the
   * processor's `chunkSize`, processed in order; progress is reported after each chunk. Only one chunk of lines
   * per credit is held; outputs go to `onResults` and are not accumulated.
   *
   * @param path - the file
   * @param processor - the chunk processor over lines
   * @param options - onProgress, onResults, signal, start offset, line limit
   * @returns the summary (with the resume offset)
   * @throws PrimeosError `E_ABORTED` when aborted (the file is closed); file-system errors
   */
  async processLargeFile<R>(
    path: string,
    processor: ChunkProcessor<string, R>,
    options: LargeFileOptions<R> = {},
  ): Promise<LargeFileSummary> {
    this.#assertReady();
    const totalBytes = (await stat(path)).size;
    let lines = 0;
    let tooLong = 0;
    let chunks = 0;
    let results = 0;
    let bytesProcessed = options.start ?? 0;
    const records = readLines(path, {
      ...(options.start === undefined ? {} : { start: options.start }),
      ...(options.maxLineBytes === undefined ? {} : { maxLineBytes: options.maxLineBytes }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    await this.createPipeline()
      .source(chunked(records, processor.chunkSize ?? this.#config.defaultChunkSize))
      .asyncTransform(async (batch: LineRecord[]) => {
        const texts: string[] = [];
        for (const r of batch) {
          if (r.kind === 'line') texts.push(r.text);
          else tooLong++;
        }
        const out = texts.length === 0 ? [] : await processor.processChunk(texts, chunks);
        return { out, lines: texts.length, end: batch[batch.length - 1]?.end ?? bytesProcessed };
      })
      .catch('propagate')
      .sink(
        async ({ out, lines: n, end }) => {
          chunks++;
          lines += n;
          results += out.length;
          bytesProcessed = end;
          if (out.length > 0) await options.onResults?.(out);
          options.onProgress?.({
            bytesProcessed,
            totalBytes,
            lines,
            chunks,
            fraction: totalBytes === 0 ? 1 : bytesProcessed / totalBytes,
          });
        },
        options.signal === undefined ? {} : { signal: options.signal },
      );
    if (processor.flush !== undefined) {
      const rest = await processor.flush();
      results += rest.length;
      if (rest.length > 0) await options.onResults?.(rest);
    }
    return { lines, tooLong, chunks, results, bytesProcessed };
  }

  /**
   * Group a source into chunks of `chunkSize` (default `defaultChunkSize`), credit-bridged.
   *
   * @param input - the items
   * @param chunkSize - items per chunk
   * @returns the chunks
   */
  createChunkedStream<T>(input: PullSource<T>, chunkSize?: number): AsyncIterable<T[]> {
    return this.createPipeline<T[]>()
      .source(chunked(input, chunkSize ?? this.#config.defaultChunkSize))
      .toAsyncIterable();
  }

  /**
   * Prime-aware streams (primality, factorisation on the worker pool, chunk integrity).
   *
   * @returns the prime stream processor
   */
  createPrimeStreamProcessor(): PrimeStreamProcessor {
    this.#assertReady();
    return createPrimeStreamProcessorOver({
      pipeline: () => this.createPipeline(),
      pool: () => this.#getPool(),
      batchSize: Math.min(16, this.#config.defaultChunkSize),
    });
  }

  /**
   * The chunk codec and VM as streams.
   *
   * @returns the encoding stream bridge
   */
  createEncodingStreamBridge(): EncodingStreamBridge {
    this.#assertReady();
    return createEncodingStreamBridgeOver(() => this.createPipeline());
  }

  /**
   * Measured metrics of every pipeline run by this processor.
   *
   * @returns throughput, latency percentiles, memory, error rate, backpressure events
   */
  getMetrics(): StreamMetrics {
    return this.#metrics.snapshot();
  }

  /**
   * Process memory and the configured limit.
   *
   * @returns memory figures in bytes
   */
  getMemoryUsage(): StreamMemoryUsage {
    const m = process.memoryUsage();
    return {
      rss: m.rss,
      heapUsed: m.heapUsed,
      heapTotal: m.heapTotal,
      external: m.external,
      arrayBuffers: m.arrayBuffers,
      memoryLimit: this.#config.memoryLimit,
      fraction: m.heapUsed / this.#config.memoryLimit,
    };
  }

  /**
   * Tune the configuration from the measured metrics: the chunk size is steered toward a 20 ms chunk latency
   * from the observed per-item latency (p50), the concurrency is bounded by the CPU count (and lowered when
   * memory is above 80% of the limit). Changes are applied and reported.
   *
   * @returns the changes and the new configuration
   */
  optimizePerformance(): OptimizationReport {
    const m = this.#metrics.snapshot();
    const changes: OptimizationChange[] = [];
    const before = this.#config;
    let chunk = before.defaultChunkSize;
    if (m.latencyMs.samples > 0) {
      this.#sizer.setSize(chunk);
      chunk = this.#sizer.record(m.latencyMs.p50 * chunk, chunk);
      if (chunk !== before.defaultChunkSize) {
        changes.push({
          setting: 'defaultChunkSize',
          from: before.defaultChunkSize,
          to: chunk,
          reason: `p50 item latency ${m.latencyMs.p50.toFixed(3)} ms vs a ${this.#sizer.options.targetBatchMs} ms chunk target`,
        });
      }
    }
    const cpus = Math.max(1, availableParallelism());
    let conc = Math.min(before.maxConcurrency, cpus);
    let reason = `bounded by ${cpus} CPUs`;
    if (this.getMemoryUsage().fraction > 0.8 && conc > 1) {
      conc = Math.max(1, Math.floor(conc / 2));
      reason = 'heap above 80% of memoryLimit';
    }
    if (conc !== before.maxConcurrency)
      changes.push({ setting: 'maxConcurrency', from: before.maxConcurrency, to: conc, reason });
    this.#config = { ...before, defaultChunkSize: chunk, maxConcurrency: conc };
    return { changes, configuration: this.#config };
  }

  /**
   * Control of the credit gates of running pipelines.
   *
   * @returns the backpressure controller
   */
  getBackpressureController(): BackpressureController {
    return this.#backpressure;
  }

  /**
   * Change the configuration (applies to runs started afterwards; a new `maxConcurrency` recreates the pool).
   *
   * @param options - the settings to change
   * @returns the new configuration
   * @throws PrimeosError `E_RANGE` for invalid values (nothing is changed then)
   */
  configure(options: Partial<StreamConfiguration>): StreamConfiguration {
    const next = resolveStreamConfiguration({ ...this.#config, ...options });
    if (next.maxConcurrency !== this.#config.maxConcurrency && this.#pool !== undefined) {
      const old = this.#pool;
      this.#pool = undefined;
      void old.then((p) => p.destroy()).catch(() => undefined);
    }
    this.#config = next;
    this.#backpressure.setThreshold(next.backpressureThreshold);
    return next;
  }

  /**
   * The current configuration.
   *
   * @returns a copy of the configuration
   */
  getConfiguration(): StreamConfiguration {
    return { ...this.#config };
  }

  #assertReady(): void {
    if (!this.isReady()) throw new PrimeosError('E_STATE', `${this.name}: not ready (state '${this.lifecycle}')`);
  }

  #getPool(): Promise<WorkerPool> {
    this.#assertReady();
    if (this.#pool === undefined) {
      const threads = this.#config.maxConcurrency;
      this.#pool = (async () =>
        new WorkerPool({
          filename: this.#workerFile ?? (await defaultStreamWorkerFile()),
          threads,
          ...(this.#workerData === undefined ? {} : { workerData: this.#workerData }),
        }))();
    }
    return this.#pool;
  }

  #context(): PipelineContext {
    const c = this.#config;
    return {
      bufferSize: c.bufferSize,
      enableBackpressure: c.enableBackpressure,
      timeoutMs: c.timeoutMs,
      errorTolerance: c.errorTolerance,
      memoryLimit: c.memoryLimit,
      retryAttempts: c.retryAttempts,
      retryDelay: c.retryDelay,
      metrics: this.#metrics,
      backpressure: this.#backpressure,
      signal: this.#terminate.signal,
      pool: () => this.#getPool(),
      maxConcurrency: c.maxConcurrency,
    };
  }
}

/**
 * Group a pull source into arrays of exactly `size` items (the last may be shorter), pulling lazily: one credit
 * then stands for one chunk, so a chunk size larger than the buffer cannot be cut short.
 *
 * @param source - the items
 * @param size - items per chunk
 * @returns the chunks
 */
async function* chunked<T>(source: PullSource<T>, size: number): AsyncGenerator<T[]> {
  if (!Number.isInteger(size) || size < 1)
    throw new PrimeosError('E_RANGE', `chunkSize must be a positive integer, got ${size}`);
  let chunk: T[] = [];
  const it: AsyncIterable<T> | Iterable<T> =
    typeof (source as unknown as ReadableStream<T>).getReader === 'function' &&
    !(typeof source === 'object' && Symbol.asyncIterator in source)
      ? readableToIterable(source as unknown as ReadableStream<T>)
      : (source as AsyncIterable<T> | Iterable<T>);
  for await (const x of it) {
    chunk.push(x);
    if (chunk.length === size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

async function* readableToIterable<T>(rs: ReadableStream<T>): AsyncGenerator<T> {
  const reader = rs.getReader();
  try {
    for (;;) {
      const r = await reader.read();
      if (r.done) return;
      yield r.value;
    }
  } finally {
    reader.releaseLock();
  }
}

/**
 * Create a stream processor (PrimeOS `createStream`); call `initialize()` before use.
 *
 * @param options - configuration and model options
 * @returns an uninitialised processor
 * @throws PrimeosError `E_RANGE` for an invalid configuration
 *
 * @example
 * ```ts
 * import { createStream } from 'primeos/stream';
 * const sp = createStream({ bufferSize: 16 });
 * await sp.initialize();
 * ```
 */
export function createStream(options: StreamProcessorOptions = {}): StreamProcessor {
  return new StreamProcessor(options);
}

/**
 * Create and initialise a stream processor (PrimeOS `createAndInitializeStream`).
 *
 * @param options - configuration and model options
 * @returns a ready processor
 * @throws PrimeosError when initialisation fails
 *
 * @example
 * ```ts
 * import { createAndInitializeStream } from 'primeos/stream';
 * const sp = await createAndInitializeStream({ maxConcurrency: 2 });
 * for await (const f of sp.createPrimeStreamProcessor().streamFactorization([91n, 221n])) console.log(f.factors);
 * await sp.terminate();
 * ```
 */
export async function createAndInitializeStream(options: StreamProcessorOptions = {}): Promise<StreamProcessor> {
  return initializeOrThrow(createStream(options));
}
