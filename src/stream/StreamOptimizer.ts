import { availableParallelism } from 'node:os';
import { BatchSizer } from './BatchSizer.js';
import type { StreamMetrics, StreamPerformanceMetrics } from './MetricsRecorder.js';
import type { StreamConfiguration } from './streamConfiguration.js';
import { STREAM_DEFAULTS } from './streamDefaults.js';

/** PrimeOS `BufferConfig`: the buffer settings the optimizer proposes. */
export interface BufferConfig {
  /** Credits per run (items in flight). */
  readonly bufferSize: number;
  /** Memory budget, bytes (the configured `memoryLimit`). */
  readonly maxBufferSize: number;
  /** Buffer level (0..1) reported as `high` pressure. */
  readonly backpressureThreshold: number;
}

/** One setting the optimizer would change, and why. */
export interface OptimizationSuggestion {
  readonly setting: 'defaultChunkSize' | 'maxConcurrency' | 'bufferSize';
  readonly current: number;
  readonly suggested: number;
  readonly reason: string;
}

/** PrimeOS `PerformanceReport`: the measured metrics, the configuration, and what the optimizer suggests. */
export interface PerformanceReport {
  readonly metrics: StreamMetrics;
  readonly configuration: StreamConfiguration;
  readonly profiling: boolean;
  /** Metric snapshots taken every `metricsInterval` while profiling (most recent last, at most 100). */
  readonly samples: readonly StreamPerformanceMetrics[];
  readonly suggestions: readonly OptimizationSuggestion[];
}

/** Memory fraction of `memoryLimit` above which the optimizer sheds work. */
const MEMORY_HIGH = 0.8;
/** Memory fraction below which the optimizer may grow buffers. */
const MEMORY_LOW = 0.5;
/** Error rate (percent) above which concurrency is halved. */
const ERROR_RATE_HIGH = 10;
/** Largest `bufferSize` the optimizer proposes. */
const MAX_BUFFER = 4096;
const MAX_SAMPLES = 100;
/** Largest chunk size the optimizer proposes. */
const MAX_CHUNK = 1 << 16;

/**
 * The PrimeOS stream optimizer: every proposal is derived from measured metrics — the chunk size is steered so a
 * chunk takes about `targetBatchMs` at the measured mean item latency (at most ×2 per step), concurrency is
 * bounded by the CPUs and halved when memory is above 80% of `memoryLimit` or more than 10% of items fail, and
 * the buffer doubles when sources waited for credits while memory is below half its limit (halves above 80%).
 *
 * @example
 * ```ts
 * import { createAndInitializeStream } from 'primeos/stream';
 * const sp = await createAndInitializeStream();
 * sp.suggestOptimizations(); // [] until something was measured
 * ```
 */
export class StreamOptimizer {
  readonly #config: () => StreamConfiguration;
  readonly #samples: StreamPerformanceMetrics[] = [];
  #profiling = false;
  #lastBackpressure = 0;

  /** @param config - the live configuration */
  constructor(config: () => StreamConfiguration) {
    this.#config = config;
  }

  /** True once {@link StreamOptimizer.enableProfiling} was called. */
  get profiling(): boolean {
    return this.#profiling;
  }

  /**
   * The chunk size for the measured item latency.
   *
   * @param metrics - measured metrics
   * @returns the proposed chunk size
   */
  adaptChunkSize(metrics: StreamPerformanceMetrics): number {
    const current = this.#config().defaultChunkSize;
    if (!(metrics.latency > 0)) return current;
    // a fresh sizer each time: the proposal depends on these metrics only (smoothing over calls would not)
    const sizer = new BatchSizer({ initialSize: current, maxSize: MAX_CHUNK, smoothing: 1 });
    const next = sizer.record(metrics.latency * current, current);
    return this.#memoryFraction(metrics) > MEMORY_HIGH ? Math.max(1, Math.min(next, Math.floor(current / 2))) : next;
  }

  /**
   * The concurrency for the measured memory and error rate.
   *
   * @param metrics - measured metrics
   * @returns the proposed concurrency
   */
  optimizeConcurrency(metrics: StreamPerformanceMetrics): number {
    const cpus = Math.max(1, availableParallelism());
    let c = Math.min(this.#config().maxConcurrency, cpus);
    if (this.#memoryFraction(metrics) > MEMORY_HIGH || metrics.errorRate > ERROR_RATE_HIGH)
      c = Math.max(1, Math.floor(c / 2));
    return c;
  }

  /**
   * The buffer settings for the measured backpressure and memory.
   *
   * @param metrics - measured metrics
   * @returns the proposed buffer configuration
   */
  adjustBufferSizes(metrics: StreamPerformanceMetrics): BufferConfig {
    const c = this.#config();
    const waited = metrics.backpressureEvents > this.#lastBackpressure;
    const mem = this.#memoryFraction(metrics);
    let bufferSize = c.bufferSize;
    if (mem > MEMORY_HIGH) bufferSize = Math.max(1, Math.floor(bufferSize / 2));
    else if (waited && mem < MEMORY_LOW) bufferSize = Math.min(MAX_BUFFER, bufferSize * 2);
    return { bufferSize, maxBufferSize: c.memoryLimit, backpressureThreshold: c.backpressureThreshold };
  }

  /** Keep metric snapshots (see {@link StreamOptimizer.sample}) for the performance report. */
  enableProfiling(): void {
    this.#profiling = true;
  }

  /**
   * Record a metrics snapshot (called every `metricsInterval` while profiling or optimising).
   *
   * @param metrics - the snapshot
   */
  sample(metrics: StreamPerformanceMetrics): void {
    if (!this.#profiling) return;
    this.#samples.push(metrics);
    if (this.#samples.length > MAX_SAMPLES) this.#samples.shift();
  }

  /**
   * What the three proposals would change now.
   *
   * @param metrics - measured metrics
   * @returns the suggestions (empty when nothing would change)
   */
  suggest(metrics: StreamMetrics): OptimizationSuggestion[] {
    const c = this.#config();
    const chunk = this.adaptChunkSize(metrics);
    const conc = this.optimizeConcurrency(metrics);
    const buf = this.adjustBufferSizes(metrics).bufferSize;
    const cpus = availableParallelism();
    const proposals: OptimizationSuggestion[] = [
      {
        setting: 'defaultChunkSize',
        current: c.defaultChunkSize,
        suggested: chunk,
        reason: `mean item latency ${metrics.latency.toFixed(3)} ms vs a ${STREAM_DEFAULTS.targetBatchMs} ms chunk target`,
      },
      {
        setting: 'maxConcurrency',
        current: c.maxConcurrency,
        suggested: conc,
        reason:
          conc < Math.min(c.maxConcurrency, cpus)
            ? `memory at ${(100 * this.#memoryFraction(metrics)).toFixed(0)}% of memoryLimit, error rate ${metrics.errorRate.toFixed(1)}%`
            : `bounded by ${cpus} CPUs`,
      },
      {
        setting: 'bufferSize',
        current: c.bufferSize,
        suggested: buf,
        reason:
          buf > c.bufferSize ? 'sources waited for credits with memory to spare' : 'memory above 80% of memoryLimit',
      },
    ];
    return proposals.filter((p) => p.suggested !== p.current);
  }

  /**
   * Mark the current backpressure count as seen (after applying suggestions), so growth needs new waits.
   *
   * @param metrics - the metrics the suggestions were applied from
   */
  applied(metrics: StreamPerformanceMetrics): void {
    this.#lastBackpressure = metrics.backpressureEvents;
  }

  /**
   * The performance report.
   *
   * @param metrics - current metrics
   * @returns metrics, configuration, samples and suggestions
   */
  report(metrics: StreamMetrics): PerformanceReport {
    return {
      metrics,
      configuration: this.#config(),
      profiling: this.#profiling,
      samples: [...this.#samples],
      suggestions: this.suggest(metrics),
    };
  }

  #memoryFraction(metrics: StreamPerformanceMetrics): number {
    return metrics.memoryUsage / this.#config().memoryLimit;
  }
}
