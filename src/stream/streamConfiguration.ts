import { availableParallelism } from 'node:os';
import { PrimeosError } from '../model/PrimeosError.js';
import { STREAM_DEFAULTS } from './streamDefaults.js';

/** The PrimeOS stream configuration (option names as PrimeOS gives them). */
export interface StreamConfiguration {
  /** Items per chunk for chunked processing. */
  readonly defaultChunkSize: number;
  /** Concurrent tasks of `parallel()` stages and worker threads. */
  readonly maxConcurrency: number;
  /** Heap bytes above which a run fails with `MemoryLimitError`. */
  readonly memoryLimit: number;
  /** Attempts in total of `retry()` stages (first try included). */
  readonly retryAttempts: number;
  /** First retry delay, ms. */
  readonly retryDelay: number;
  /** Failed items a run tolerates, in percent (0..100) of all its items, before it fails. */
  readonly errorTolerance: number;
  /** Per-item deadline of async stages, ms (0: none). */
  readonly timeoutMs: number;
  /** False lifts the credit bound (not recommended). */
  readonly enableBackpressure: boolean;
  /** Buffer level (0..1) reported as `high` pressure. */
  readonly backpressureThreshold: number;
  /** Credits per run: the most items in flight between a source and its sink. */
  readonly bufferSize: number;
  /** Apply the optimizer's suggestions every `metricsInterval` ms. */
  readonly enableOptimization: boolean;
  /** Interval of metrics-driven optimisation, ms. */
  readonly metricsInterval: number;
  /** Keep per-stage timings for `getPerformanceReport()`. */
  readonly profilingEnabled: boolean;
}

/**
 * Fill the defaults of the stream configuration (`chunkSize` is accepted as a PrimeOS alias of
 * `defaultChunkSize`).
 *
 * @param options - partial configuration
 * @returns the full configuration
 * @throws PrimeosError `E_RANGE` for out-of-range values
 */
export function resolveStreamConfiguration(
  options: Partial<StreamConfiguration> & { readonly chunkSize?: number } = {},
): StreamConfiguration {
  const d = STREAM_DEFAULTS;
  const c: StreamConfiguration = {
    defaultChunkSize: options.defaultChunkSize ?? options.chunkSize ?? d.chunkSize,
    maxConcurrency: options.maxConcurrency ?? Math.max(1, availableParallelism()),
    memoryLimit: options.memoryLimit ?? d.memoryLimit,
    retryAttempts: options.retryAttempts ?? d.retryAttempts,
    retryDelay: options.retryDelay ?? d.retryDelay,
    errorTolerance: options.errorTolerance ?? d.errorTolerance,
    timeoutMs: options.timeoutMs ?? d.timeoutMs,
    enableBackpressure: options.enableBackpressure ?? true,
    backpressureThreshold: options.backpressureThreshold ?? d.backpressureThreshold,
    bufferSize: options.bufferSize ?? d.bufferSize,
    enableOptimization: options.enableOptimization ?? false,
    metricsInterval: options.metricsInterval ?? d.metricsInterval,
    profilingEnabled: options.profilingEnabled ?? false,
  };
  for (const k of ['defaultChunkSize', 'maxConcurrency', 'bufferSize', 'retryAttempts'] as const) {
    if (!Number.isInteger(c[k]) || c[k] < 1)
      throw new PrimeosError('E_RANGE', `${k} must be a positive integer, got ${c[k]}`);
  }
  if (!(c.errorTolerance >= 0 && c.errorTolerance <= 100)) {
    throw new PrimeosError('E_RANGE', `errorTolerance is a percentage in [0, 100], got ${c.errorTolerance}`);
  }
  if (!(c.backpressureThreshold >= 0 && c.backpressureThreshold <= 1)) {
    throw new PrimeosError('E_RANGE', `backpressureThreshold must be in [0, 1], got ${c.backpressureThreshold}`);
  }
  if (!(c.memoryLimit > 0) || !(c.timeoutMs >= 0) || !(c.retryDelay >= 0) || !(c.metricsInterval > 0)) {
    throw new PrimeosError('E_RANGE', 'memoryLimit and metricsInterval must be > 0, timeoutMs and retryDelay >= 0');
  }
  return c;
}
