/**
 * Every default of the stream module, in one typed object (`primeos/stream` exports it as `STREAM_DEFAULTS`).
 * Files that need a default read it from here; nothing else holds a literal copy.
 */
export interface StreamDefaults {
  /** Credits of a bare credit gate (items in flight between a source and its sink). */
  readonly highWaterMark: number;
  /** Credits per pipeline run. */
  readonly bufferSize: number;
  /** Items per chunk of chunked processing. */
  readonly chunkSize: number;
  /** Heap bytes above which a run fails with `MemoryLimitError` (1 GiB). */
  readonly memoryLimit: number;
  /** Attempts in total of a retried call, first try included. */
  readonly retryAttempts: number;
  /** First retry delay, ms. */
  readonly retryDelay: number;
  /** Longest retry delay, ms. */
  readonly maxRetryDelay: number;
  /** Growth factor between retry delays. */
  readonly backoffFactor: number;
  /** Failed items a run tolerates, in percent of its items (0: the first uncaught failure fails the run). */
  readonly errorTolerance: number;
  /** Per-item deadline of async stages, ms (0: none). */
  readonly timeoutMs: number;
  /** Buffer level (0..1) at which pressure is reported `high` and chunk processors apply backpressure. */
  readonly backpressureThreshold: number;
  /** Interval of automatic optimisation (`enableOptimization`), ms. */
  readonly metricsInterval: number;
  /** Latency samples kept for percentiles. */
  readonly latencySamples: number;
  /** Synchronous sources yield to the event loop after this many items in a row. */
  readonly yieldEvery: number;
  /** Batch latency target of adaptive batching, ms. */
  readonly targetBatchMs: number;
  readonly minBatch: number;
  readonly maxBatch: number;
  readonly initialBatch: number;
  /** Weight of the newest observation in the adaptive batcher's per-item latency average. */
  readonly smoothing: number;
  /** Consecutive failures that open a circuit. */
  readonly failureThreshold: number;
  /** Time an open circuit waits before a trial call, ms. */
  readonly resetTimeoutMs: number;
  /** Numbers per factorisation worker task. */
  readonly factorizeBatch: number;
  /** Longest program `executeStreamingProgram` accepts (operations). */
  readonly maxProgramLength: number;
  /** Failures kept in an error record's `recent` list. */
  readonly keepFailures: number;
  /** Longest line `readLines` accepts, bytes. */
  readonly maxLineBytes: number;
  /** Bytes per file read of `readLines`. */
  readonly readBytes: number;
}

/** The stream module's defaults. */
export const STREAM_DEFAULTS: StreamDefaults = Object.freeze({
  highWaterMark: 16,
  bufferSize: 64,
  chunkSize: 64,
  memoryLimit: 1024 * 1024 * 1024,
  retryAttempts: 3,
  retryDelay: 100,
  maxRetryDelay: 10_000,
  backoffFactor: 2,
  errorTolerance: 0,
  timeoutMs: 30_000,
  backpressureThreshold: 0.8,
  metricsInterval: 1000,
  latencySamples: 4096,
  yieldEvery: 1024,
  targetBatchMs: 20,
  minBatch: 1,
  maxBatch: 1024,
  initialBatch: 16,
  smoothing: 0.5,
  failureThreshold: 5,
  resetTimeoutMs: 30_000,
  factorizeBatch: 8,
  maxProgramLength: 1_000_000,
  keepFailures: 100,
  maxLineBytes: 1 << 20,
  readBytes: 64 * 1024,
});
