/**
 * primeos/stream — credit-bridged RxJS streams of big integers: sources and sinks that bound the items in flight,
 * operators (batching, worker-pool parallelism, ordering, retry, circuit breaking, error policies, codec and
 * factorisation), and the PrimeOS `StreamProcessor` model.
 * @packageDocumentation
 */
export { CreditGate, DEFAULT_HIGH_WATER_MARK } from './CreditGate.js';
export type { PressureEvent } from './CreditGate.js';
export { systemClock } from './Clock.js';
export type { Clock } from './Clock.js';
export {
  BatchSizer,
  resolveBatchSizerOptions,
  DEFAULT_TARGET_BATCH_MS,
  DEFAULT_MIN_BATCH,
  DEFAULT_MAX_BATCH,
  DEFAULT_INITIAL_BATCH,
} from './BatchSizer.js';
export type { BatchSizerOptions } from './BatchSizer.js';
export { classifyError } from './classifyError.js';
export type { ErrorClass } from './classifyError.js';
export { CircuitBreaker, DEFAULT_FAILURE_THRESHOLD, DEFAULT_RESET_TIMEOUT_MS } from './CircuitBreaker.js';
export type { CircuitBreakerOptions, CircuitState } from './CircuitBreaker.js';
export { WorkerPool, DEFAULT_IDLE_TIMEOUT_MS } from './WorkerPool.js';
export type { WorkerPoolOptions, PoolTask } from './WorkerPool.js';
export { workerTask, isTaskEnvelope } from './workers/workerTask.js';
export type { TaskEnvelope } from './workers/workerTask.js';
export { defaultStreamWorkerFile } from './workers/defaultStreamWorkerFile.js';
export type { WorkerFactorizeOptions, FactorizeBatchInput } from './workers/streamWorker.js';

export { fromPull, resolveFromPullOptions, DEFAULT_YIELD_EVERY } from './sources/fromPull.js';
export type { PullSource, FromPullOptions, ResolvedFromPullOptions } from './sources/fromPull.js';
export { fromPush, createOverflowStats } from './sources/fromPush.js';
export type { OverflowPolicy, OverflowStats, FromPushOptions } from './sources/fromPush.js';
export { readLines, resolveReadLinesOptions, DEFAULT_MAX_LINE_BYTES, DEFAULT_READ_BYTES } from './sources/readLines.js';
export type { LineRecord, ReadLinesOptions } from './sources/readLines.js';
export { fromFile } from './sources/fromFile.js';
export type { FromFileOptions } from './sources/fromFile.js';

export type { SinkOptions } from './sinks/SinkOptions.js';
export { toAsyncIterable } from './sinks/toAsyncIterable.js';
export { toWritable } from './sinks/toWritable.js';
export type { ToWritableOptions, WriteSummary } from './sinks/toWritable.js';
export { toReadableStream } from './sinks/toReadableStream.js';

export { adaptiveBatch, DEFAULT_BATCH_MAX } from './operators/adaptiveBatch.js';
export type { AdaptiveBatchOptions, AdaptiveBatchCommon, BatchMode } from './operators/adaptiveBatch.js';
export { parallel } from './operators/parallel.js';
export type { ParallelWork, ParallelOptions } from './operators/parallel.js';
export { ordered } from './operators/ordered.js';
export type { Indexed, OrderedOptions } from './operators/ordered.js';
export {
  retryWithBackoff,
  resolveRetryOptions,
  DEFAULT_RETRY_ON,
  DEFAULT_BACKOFF_FACTOR,
  DEFAULT_MAX_RETRY_DELAY_MS,
  DEFAULT_RETRY_DELAY_MS,
} from './operators/retryWithBackoff.js';
export type { RetryWithBackoffOptions, RetryEvent } from './operators/retryWithBackoff.js';
export { circuitBreaker } from './operators/circuitBreaker.js';
export { mapWithPolicy, createErrorRecord } from './operators/mapWithPolicy.js';
export type { ErrorPolicy, ErrorRecord, ItemFailure, MapWithPolicyOptions } from './operators/mapWithPolicy.js';
export { decodeChunks } from './operators/decodeChunks.js';
export { verifyIntegrity } from './operators/verifyIntegrity.js';
export type { VerifyIntegrityOptions } from './operators/verifyIntegrity.js';
export { encodeText } from './operators/encodeText.js';
export { encodeBytes } from './operators/encodeBytes.js';
export { executeProgram } from './operators/executeProgram.js';
export type { ExecuteProgramOptions } from './operators/executeProgram.js';
export { factorize, DEFAULT_FACTORIZE_BATCH } from './operators/factorize.js';
export type { FactorizeStreamOptions } from './operators/factorize.js';

export { StreamProcessingError } from './errors/StreamProcessingError.js';
export { BackpressureError } from './errors/BackpressureError.js';
export { PipelineError } from './errors/PipelineError.js';
export { ChunkProcessingError } from './errors/ChunkProcessingError.js';
export { MemoryLimitError } from './errors/MemoryLimitError.js';

export { MetricsRecorder, DEFAULT_LATENCY_SAMPLES } from './MetricsRecorder.js';
export type { StreamMetrics, StreamPerformanceMetrics, LatencyPercentiles } from './MetricsRecorder.js';
export { BackpressureController } from './BackpressureController.js';
export type { PressureNotice } from './BackpressureController.js';
export { StreamPipeline, Pipeline, createPipeline } from './StreamPipeline.js';
export type {
  PipelineContext,
  StageOptions,
  CatchPolicy,
  CatchHandler,
  RunOptions,
  PipelineRunSummary,
  PipelineResult,
  PipelineProgress,
  ProgressCallback,
} from './StreamPipeline.js';
export { STREAM_DEFAULTS } from './streamDefaults.js';
export type { StreamDefaults } from './streamDefaults.js';
export { SKIP } from './errorPolicy.js';
export type { ChunkProcessor } from './ChunkProcessor.js';
export { createPrimeStreamProcessorOver } from './PrimeStreamProcessor.js';
export type {
  PrimeStreamProcessor,
  PrimeStreamResult,
  StreamIntegrityReport,
  StreamFactorizationOptions,
  PrimeStreamDeps,
} from './PrimeStreamProcessor.js';
export { createEncodingStreamBridgeOver, DEFAULT_MAX_PROGRAM_LENGTH } from './EncodingStreamBridge.js';
export type { EncodingStreamBridge, StreamingProgramOptions } from './EncodingStreamBridge.js';
export {
  StreamProcessor,
  createStream,
  createAndInitializeStream,
  resolveStreamConfiguration,
  DEFAULT_CHUNK_SIZE,
  DEFAULT_MEMORY_LIMIT,
  DEFAULT_RETRY_ATTEMPTS,
  DEFAULT_RETRY_DELAY,
  DEFAULT_ERROR_TOLERANCE,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_BACKPRESSURE_THRESHOLD,
  DEFAULT_BUFFER_SIZE,
} from './StreamProcessor.js';
export type {
  StreamConfiguration,
  StreamProcessorOptions,
  StreamMemoryUsage,
  OptimizationChange,
  OptimizationReport,
  FileProgress,
  LargeFileOptions,
  LargeFileSummary,
  StreamProcessInput,
  StreamProcessOutput,
  StreamCustomState,
} from './StreamProcessor.js';

// jobs: the streaming factorisation job behind `primeos factor`
export { splitLines, splitLineBatches } from './sources/splitLines.js';
export { LineSplitter } from './sources/LineSplitter.js';
export type { LineSplitterOptions, LineTextEncoding } from './sources/LineSplitter.js';
export type { SplitLinesOptions } from './sources/splitLines.js';
export { readStreamLines } from './sources/readStreamLines.js';
export { runFactorJob, FACTOR_JOB_BATCH, FACTOR_JOB_IDLE_FLUSH_MS } from './jobs/runFactorJob.js';
export type { FactorJobOptions, FactorJobOutput, FactorJobProgress, FactorJobSummary } from './jobs/runFactorJob.js';
export type { FactorJobExecutor } from './jobs/FactorJobExecutor.js';
export { parseJobLine, echoInput, ECHO_MAX_CHARS } from './jobs/jobLine.js';
export type { JobLine, JobLineOptions, JobInputFormat } from './jobs/jobLine.js';
export { factorRecord, factorRecordJson, failedLineRecord, factorTextLine } from './jobs/factorRecord.js';
export { factorJobBatch } from './jobs/factorJobBatch.js';
export type { FactorJobBatchInput, FactorJobBatchOutput } from './jobs/factorJobBatch.js';
export type { FactorRecord, FactorRecordOptions } from './jobs/factorRecord.js';
export { verifyRecordJson } from './jobs/verifyRecord.js';
export type { VerifyInput } from './jobs/verifyRecord.js';
export {
  saveCheckpoint,
  loadCheckpoint,
  checkpointProblem,
  writeFileDurably,
  CHECKPOINT_VERSION,
} from './jobs/JobCheckpoint.js';
export type { JobCheckpoint, FactorJobSettings, InputFingerprint, OutputFingerprint } from './jobs/JobCheckpoint.js';
export { JobLock } from './jobs/JobLock.js';
