import { stat } from 'node:fs/promises';
import { BaseModel, initializeOrThrow, type ModelOptions } from '../model/BaseModel.js';
import { PrimeosError } from '../model/PrimeosError.js';
import type { DecodedChunk } from '../encoding/index.js';
import { decodeChunk } from '../encoding/index.js';
import { BackpressureController } from './BackpressureController.js';
import { ChunkProcessor, type ChunkProcessingConfig, type ChunkProcessorLike } from './ChunkProcessor.js';
import { processChunks } from './processChunks.js';
import {
  StreamOptimizer,
  type BufferConfig,
  type OptimizationSuggestion,
  type PerformanceReport,
} from './StreamOptimizer.js';
import type { BandSelector, StreamIntegrations } from './StreamIntegrations.js';
import {
  createEncodingStreamBridgeOver,
  type EncodedStreamResult,
  type EncodingStreamBridge,
} from './EncodingStreamBridge.js';
import { MetricsRecorder, type StreamMetrics, type StreamPerformanceMetrics } from './MetricsRecorder.js';
import { StreamPipeline, type PipelineContext } from './StreamPipeline.js';
import { resolveStreamConfiguration, type StreamConfiguration } from './streamConfiguration.js';
import { STREAM_DEFAULTS } from './streamDefaults.js';
import {
  createPrimeStreamProcessorOver,
  type BandProcessedData,
  type PrimeStreamProcessor,
} from './PrimeStreamProcessor.js';
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
export interface StreamProcessorOptions extends ModelOptions, Partial<StreamConfiguration>, StreamIntegrations {
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

/** PrimeOS `ProcessingMetrics`: what `processStream` reports — the run's measured metrics and counts. */
export interface ProcessingMetrics extends StreamPerformanceMetrics {
  readonly itemsProcessed: number;
  readonly chunks: number;
  readonly elapsedMs: number;
}

/** Options of `processStream` (PrimeOS `OptimizationConfig`). */
export interface ProcessStreamConfig<T> extends ChunkProcessingConfig {
  /** The work on each chunk (default: none; the items are only counted). */
  readonly processor?: (chunk: T[]) => unknown;
  readonly signal?: AbortSignal;
}

/** One change made by `optimizePerformance()`. */
export interface OptimizationChange {
  readonly setting: 'defaultChunkSize' | 'maxConcurrency' | 'bufferSize';
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
  readonly #optimizer: StreamOptimizer;
  readonly #integrations: StreamIntegrations;
  #timer: ReturnType<typeof setInterval> | undefined;
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
    this.#optimizer = new StreamOptimizer(() => this.#config);
    if (this.#config.profilingEnabled) this.#optimizer.enableProfiling();
    this.#integrations = {
      ...(options.encodingModule === undefined ? {} : { encodingModule: options.encodingModule }),
      ...(options.primeRegistry === undefined ? {} : { primeRegistry: options.primeRegistry }),
      ...(options.bandsOptimizer === undefined ? {} : { bandsOptimizer: options.bandsOptimizer }),
    };
    this.#workerFile = options.workerFile;
    this.#workerData = options.workerData;
  }

  protected override defaultName(): string {
    return 'stream';
  }

  protected override onInitialize(): void {
    this.#schedule();
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
    clearInterval(this.#timer);
    this.#timer = undefined;
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
   * PrimeOS `processChunkedStream`: run `input` through `processor` in chunks of the processor's `chunkSize` (on
   * the processor or its `config`; default `defaultChunkSize`), streaming — outputs come as chunks complete, never
   * materialised — then its `flush()` output last. A failing chunk goes to `handleProcessingError` when the
   * processor has one.
   *
   * @param input - the items
   * @param processor - a {@link ChunkProcessor} (or an object of its shape)
   * @param options - signal
   * @returns the outputs, in order
   * @throws (from the iteration) the processor's error, `E_ABORTED` on abort
   */
  async processChunkedStream<T, R = T>(
    input: PullSource<T>,
    processor: ChunkProcessorLike<T, R>,
    options: { readonly signal?: AbortSignal } = {},
  ): Promise<AsyncIterable<R>> {
    return processChunks(input, processor, {
      pipeline: this.createPipeline(),
      defaultChunkSize: this.#config.defaultChunkSize,
      onBackpressure: () => this.#metrics.recordBackpressure(),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  }

  /**
   * PrimeOS `processWithBackpressure`: process `input` in chunks with `processor`, streaming, holding back the next
   * chunk while memory is above `backpressureThreshold` of `maxBufferSize` (each such wait is a backpressure
   * event); memory that stays above the budget fails the stream with `MemoryLimitError`.
   *
   * @param input - the items
   * @param processor - the work on one chunk
   * @param config - PrimeOS `StreamMemoryConfig`: maxBufferSize, chunkSize, backpressureThreshold, gcInterval
   * @returns the outputs, in order
   */
  async processWithBackpressure<T, R = T>(
    input: PullSource<T>,
    processor: (chunk: T[]) => Promise<R[]> | R[],
    config: ChunkProcessingConfig = {},
  ): Promise<AsyncIterable<R>> {
    const cp = new (class extends ChunkProcessor<T, R> {
      override async processChunk(chunk: T[]): Promise<R[]> {
        return processor(chunk);
      }
    })({
      chunkSize: this.#config.defaultChunkSize,
      maxBufferSize: this.#config.memoryLimit,
      backpressureThreshold: this.#config.backpressureThreshold,
      ...config,
    });
    return this.processChunkedStream(input, cp);
  }

  /**
   * PrimeOS `processStream` (the high-throughput form): drain `input` in chunks (optionally through
   * `config.processor`) under the processor's credits and memory limits, and report what was measured.
   *
   * @param input - the items
   * @param config - chunk size, memory budget, the work per chunk, signal
   * @returns the run's metrics and counts
   */
  async processStream<T>(input: PullSource<T>, config: ProcessStreamConfig<T> = {}): Promise<ProcessingMetrics> {
    const { processor, signal, ...memory } = config;
    const t0 = performance.now();
    const pipeline = this.createPipeline();
    let items = 0;
    let chunks = 0;
    const out = processChunks(
      input,
      new (class extends ChunkProcessor<T, T> {
        override async processChunk(chunk: T[]): Promise<T[]> {
          chunks++;
          items += chunk.length;
          if (processor !== undefined) await processor(chunk);
          return [];
        }
      })({ chunkSize: this.#config.defaultChunkSize, maxBufferSize: this.#config.memoryLimit, ...memory }),
      {
        pipeline,
        onBackpressure: () => this.#metrics.recordBackpressure(),
        ...(signal === undefined ? {} : { signal }),
      },
    );
    for await (const _ of out) {
      // the processor keeps nothing: the chunks are only counted
    }
    const { throughput, latency, memoryUsage, errorRate, backpressureEvents } = pipeline.getMetrics();
    return {
      ...{ throughput, latency, memoryUsage, errorRate, backpressureEvents },
      itemsProcessed: items,
      chunks,
      elapsedMs: performance.now() - t0,
    };
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
    processor: ChunkProcessorLike<string, R>,
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
      .source(records)
      .batch(processor.chunkSize ?? processor.config?.chunkSize ?? this.#config.defaultChunkSize)
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
    return this.createPipeline<T>()
      .source(input)
      .batch(chunkSize ?? this.#config.defaultChunkSize)
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
      ...this.#integrations,
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
    return createEncodingStreamBridgeOver(() => this.createPipeline(), this.#integrations.encodingModule);
  }

  /**
   * PrimeOS `processEncodedStream`: decode a chunk stream block by block and report what it holds (see
   * `EncodingStreamBridge.processEncodedStream`).
   *
   * @param chunks - the chunks
   * @returns counts, blocks, bytes and issues
   */
  async processEncodedStream(chunks: PullSource<bigint>): Promise<EncodedStreamResult> {
    return this.createEncodingStreamBridge().processEncodedStream(chunks);
  }

  /**
   * PrimeOS `streamEncodeText`: the pieces of text as one block-framed chunk stream, encoded as they arrive.
   *
   * @param text - the pieces of text
   * @returns the chunks
   */
  async streamEncodeText(text: PullSource<string>): Promise<AsyncIterable<bigint>> {
    return this.createEncodingStreamBridge().streamEncodeText(text);
  }

  /**
   * PrimeOS `streamDecodeText`: decode a block-framed chunk stream block by block into its text.
   *
   * @param chunks - the chunks
   * @returns the text
   * @throws ChunkProcessingError (`E_CHUNK_INVALID` / `E_CHECKSUM`) when the stream is damaged
   */
  async streamDecodeText(chunks: PullSource<bigint>): Promise<string> {
    return this.createEncodingStreamBridge().streamDecodeText(chunks);
  }

  /**
   * PrimeOS `streamPrimeGeneration`: the first `count` primes, generated as they are consumed.
   *
   * @param count - how many primes
   * @returns 2, 3, 5, …
   */
  streamPrimeGeneration(count: number): AsyncIterable<bigint> {
    return this.createPrimeStreamProcessor().streamPrimeGeneration(count);
  }

  /**
   * PrimeOS `processBandOptimizedStream`: numbers grouped by the chosen band and factorised with the band plans.
   *
   * @param data - the numbers
   * @param bandSelector - a function or a bands module (default: the injected `bandsOptimizer`, else `classify`)
   * @returns the results, in input order
   */
  async processBandOptimizedStream(
    data: PullSource<bigint>,
    bandSelector?: BandSelector,
  ): Promise<AsyncIterable<BandProcessedData>> {
    return this.createPrimeStreamProcessor().processBandOptimizedStream(data, bandSelector);
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
   * The chunk size the optimizer proposes for the given metrics (mean item latency steered toward a 20 ms chunk,
   * halved when memory is above 80% of `memoryLimit`).
   *
   * @param metrics - measured metrics (e.g. `getMetrics()`)
   * @returns the proposed `defaultChunkSize`
   */
  adaptChunkSize(metrics: StreamPerformanceMetrics): number {
    return this.#optimizer.adaptChunkSize(metrics);
  }

  /**
   * The concurrency the optimizer proposes (bounded by the CPUs, halved under memory pressure or an error rate
   * above 10%).
   *
   * @param metrics - measured metrics
   * @returns the proposed `maxConcurrency`
   */
  optimizeConcurrency(metrics: StreamPerformanceMetrics): number {
    return this.#optimizer.optimizeConcurrency(metrics);
  }

  /**
   * The buffer settings the optimizer proposes (doubled when sources waited for credits with memory to spare,
   * halved above 80% of `memoryLimit`).
   *
   * @param metrics - measured metrics
   * @returns the proposed buffer configuration
   */
  adjustBufferSizes(metrics: StreamPerformanceMetrics): BufferConfig {
    return this.#optimizer.adjustBufferSizes(metrics);
  }

  /** Keep a metrics snapshot every `metricsInterval` for `getPerformanceReport()`. */
  enableProfiling(): void {
    this.#optimizer.enableProfiling();
    this.#schedule();
  }

  /**
   * The measured metrics, the configuration, the profiling samples and the current suggestions.
   *
   * @returns the report
   */
  getPerformanceReport(): PerformanceReport {
    return this.#optimizer.report(this.#metrics.snapshot());
  }

  /**
   * What the optimizer would change now, from the measured metrics.
   *
   * @returns the suggestions (empty when nothing would change)
   */
  suggestOptimizations(): OptimizationSuggestion[] {
    return this.#optimizer.suggest(this.#metrics.snapshot());
  }

  /**
   * Apply the optimizer's suggestions (chunk size, concurrency, buffer size) derived from the measured metrics;
   * with `enableOptimization` this runs every `metricsInterval`.
   *
   * @returns the changes and the new configuration
   */
  optimizePerformance(): OptimizationReport {
    const m = this.#metrics.snapshot();
    const suggestions = this.#optimizer.suggest(m);
    const changes: OptimizationChange[] = suggestions.map((x) => ({
      setting: x.setting,
      from: x.current,
      to: x.suggested,
      reason: x.reason,
    }));
    if (changes.length > 0) {
      const next: Partial<StreamConfiguration> = {};
      for (const c of changes) (next as Record<string, number>)[c.setting] = c.to;
      this.configure(next);
    }
    this.#optimizer.applied(m);
    return { changes, configuration: this.getConfiguration() };
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
    const reschedule =
      next.enableOptimization !== this.#config.enableOptimization ||
      next.metricsInterval !== this.#config.metricsInterval;
    this.#config = next;
    this.#backpressure.setThreshold(next.backpressureThreshold);
    if (reschedule && this.isReady()) this.#schedule();
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

  /** Start (or restart) the metrics timer when optimisation or profiling is on; it never keeps the process alive. */
  #schedule(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    if (!this.#config.enableOptimization && !this.#optimizer.profiling) return;
    this.#timer = setInterval(() => {
      this.#optimizer.sample(this.#metrics.snapshot());
      if (this.#config.enableOptimization && this.isReady()) this.optimizePerformance();
    }, this.#config.metricsInterval);
    this.#timer.unref();
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
 * PrimeOS `createStreamProcessor(options)`: create a stream processor; call `initialize()` before use.
 *
 * @param options - configuration (PrimeOS option names), injected modules, model options
 * @returns an uninitialised processor
 * @throws PrimeosError `E_RANGE` for an invalid configuration
 *
 * @example
 * ```ts
 * import { createStreamProcessor } from 'primeos/stream';
 * const processor = createStreamProcessor({ memoryLimit: 100 * 1024 * 1024, backpressureThreshold: 0.8, chunkSize: 1000 });
 * await processor.initialize();
 * ```
 */
export function createStreamProcessor(options: StreamProcessorOptions = {}): StreamProcessor {
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
