/**
 * primeos/stream — the PrimeOS stream module on one engine: the `StreamProcessor` model and its
 * `createPipeline<T, R>()` builder, chunk processing, the error family, and the credit-bridged RxJS operators
 * the builder composes (sources and sinks that bound the items in flight, batching, worker-pool parallelism,
 * ordering, retry, circuit breaking, error policies, codec and factorisation). Engine parts (metrics recorder,
 * batch sizer, worker task envelopes, defaults resolution) are imported from their files by primeos itself and
 * are not part of this entry point.
 * @packageDocumentation
 */

// the PrimeOS model and builder
export { StreamProcessor, createStreamProcessor, createStream, createAndInitializeStream } from './StreamProcessor.js';
export type { StreamProcessorOptions, StreamConfiguration } from './StreamProcessor.js';
export { StreamPipeline, Pipeline, createPipeline } from './StreamPipeline.js';
export type { PipelineResult, PipelineProgress } from './StreamPipeline.js';
export { ChunkProcessor } from './ChunkProcessor.js';
export type { ChunkProcessingConfig } from './ChunkProcessor.js';
export type { StreamPerformanceMetrics, StreamMetrics } from './MetricsRecorder.js';
export type { BackpressureController } from './BackpressureController.js';
export type { PrimeStreamProcessor, ProcessedChunk } from './PrimeStreamProcessor.js';
export type { EncodingStreamBridge } from './EncodingStreamBridge.js';
export type { EncodingInterface, PrimeRegistryInterface, BandsInterface } from './StreamIntegrations.js';
export { STREAM_DEFAULTS } from './streamDefaults.js';

// errors: one family, stable codes
export { StreamProcessingError } from './errors/StreamProcessingError.js';
export { BackpressureError } from './errors/BackpressureError.js';
export { PipelineError } from './errors/PipelineError.js';
export { ChunkProcessingError } from './errors/ChunkProcessingError.js';
export { MemoryLimitError } from './errors/MemoryLimitError.js';

// the engine: credit bridge, sources, sinks, operators
export { CreditGate } from './CreditGate.js';
export { fromPull } from './sources/fromPull.js';
export type { PullSource } from './sources/fromPull.js';
export { fromPush } from './sources/fromPush.js';
export type { OverflowPolicy } from './sources/fromPush.js';
export { fromFile } from './sources/fromFile.js';
export { readLines } from './sources/readLines.js';
export { toAsyncIterable } from './sinks/toAsyncIterable.js';
export { toWritable } from './sinks/toWritable.js';
export { toReadableStream } from './sinks/toReadableStream.js';
export { adaptiveBatch } from './operators/adaptiveBatch.js';
export type { BatchMode } from './operators/adaptiveBatch.js';
export { parallel } from './operators/parallel.js';
export { ordered } from './operators/ordered.js';
export { mapWithPolicy } from './operators/mapWithPolicy.js';
export { createErrorRecord, SKIP } from './errorPolicy.js';
export type { ErrorPolicy, ErrorRecord } from './errorPolicy.js';
export { retryWithBackoff } from './operators/retryWithBackoff.js';
export { circuitBreaker } from './operators/circuitBreaker.js';
export { CircuitBreaker } from './CircuitBreaker.js';
export { decodeChunks } from './operators/decodeChunks.js';
export { verifyIntegrity } from './operators/verifyIntegrity.js';
export { encodeText } from './operators/encodeText.js';
export { encodeBytes } from './operators/encodeBytes.js';
export { executeProgram } from './operators/executeProgram.js';
export { factorize } from './operators/factorize.js';
export { factorizeAsync } from './factorizeAsync.js';
export type { FactorizeAsyncOptions } from './factorizeAsync.js';
export { siqsParallel, SIQS_PARALLEL_BATCHES_PER_THREAD } from './siqsParallel.js';
export type { SiqsParallelOptions } from './siqsParallel.js';
export { ecmParallel, ECM_PARALLEL_SINGLE_CURVE_B1, ECM_PARALLEL_TASKS_PER_THREAD } from './ecmParallel.js';
export type { EcmParallelOptions } from './ecmParallel.js';
export { WorkerPool } from './WorkerPool.js';
export type { PoolTask, TimedTaskResult, WorkerPoolOptions } from './WorkerPool.js';
export { defaultStreamWorkerFile } from './workers/defaultStreamWorkerFile.js';

// the streaming factorisation job behind `primeos factor`
export { runFactorJob } from './jobs/runFactorJob.js';
export type { FactorJobOptions, FactorJobSummary } from './jobs/runFactorJob.js';
