import { systemClock, type Clock } from './Clock.js';
import { STREAM_DEFAULTS } from './streamDefaults.js';

/** Latency samples kept for percentiles (the most recent ones). */
export const DEFAULT_LATENCY_SAMPLES = STREAM_DEFAULTS.latencySamples;

/** The PrimeOS performance metrics of a stream: every figure measured, none estimated. */
export interface StreamPerformanceMetrics {
  /** Items written per second of activity. */
  readonly throughput: number;
  /** Mean source-to-sink latency per item, ms. */
  readonly latency: number;
  /** Current memory consumption (heap in use), bytes. */
  readonly memoryUsage: number;
  /** Failed items, in percent of the items handled (0..100). */
  readonly errorRate: number;
  /** Times a source had to wait for a credit. */
  readonly backpressureEvents: number;
}

/** Latency percentiles in milliseconds. */
export interface LatencyPercentiles {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly mean: number;
  readonly max: number;
  /** Samples the percentiles were computed from. */
  readonly samples: number;
}

/** Measured stream metrics: the PrimeOS figures plus counts and latency percentiles. */
export interface StreamMetrics extends StreamPerformanceMetrics {
  /** Items taken from sources. */
  readonly itemsIn: number;
  /** Items written by sinks. */
  readonly itemsOut: number;
  /** Items that failed (whatever the policy did with them). */
  readonly errors: number;
  /** Source-to-sink latency per item: percentiles. */
  readonly latencyMs: LatencyPercentiles;
  /** Current process memory. */
  readonly memory: { readonly rss: number; readonly heapUsed: number };
  /** Milliseconds during which at least one pipeline was running. */
  readonly activeMs: number;
}

/**
 * Records what pipelines do: items in/out, failures, per-item latency (bounded reservoir of recent samples),
 * activity time, backpressure events. All numbers are measured, none estimated.
 *
 * @example
 * ```ts
 * // an engine part (primeos's own modules import it from this file; not exported from primeos/stream)
 * const m = new MetricsRecorder();
 * m.recordOut(3.2);
 * m.snapshot().latencyMs.p50; // 3.2
 * ```
 */
export class MetricsRecorder {
  readonly #clock: Clock;
  readonly #samples: Float64Array;
  #next = 0;
  #count = 0;
  #in = 0;
  #out = 0;
  #errors = 0;
  #backpressure = 0;
  #active = 0;
  #activeSince = 0;
  #activeMs = 0;

  /**
   * @param clock - time source (default `performance.now`)
   * @param samples - latency reservoir size
   */
  constructor(clock: Clock = systemClock, samples = DEFAULT_LATENCY_SAMPLES) {
    this.#clock = clock;
    this.#samples = new Float64Array(Math.max(1, samples));
  }

  /** Mark a pipeline as started (activity time runs while any is active). */
  start(): void {
    if (this.#active++ === 0) this.#activeSince = this.#clock();
  }
  /** Mark a pipeline as finished. */
  stop(): void {
    if (this.#active === 0) return;
    if (--this.#active === 0) this.#activeMs += this.#clock() - this.#activeSince;
  }
  /** Count an item taken from a source. */
  recordIn(): void {
    this.#in++;
  }
  /**
   * Count an item written by a sink.
   *
   * @param latencyMs - its source-to-sink latency
   */
  recordOut(latencyMs: number): void {
    this.#out++;
    this.#samples[this.#next] = latencyMs;
    this.#next = (this.#next + 1) % this.#samples.length;
    if (this.#count < this.#samples.length) this.#count++;
  }
  /**
   * Count failed items.
   *
   * @param n - number of failures
   */
  recordError(n = 1): void {
    this.#errors += n;
  }
  /**
   * Add backpressure events (credit waits).
   *
   * @param n - number of events
   */
  recordBackpressure(n = 1): void {
    this.#backpressure += n;
  }
  /** Forget everything. */
  reset(): void {
    this.#next = this.#count = this.#in = this.#out = this.#errors = this.#backpressure = 0;
    this.#activeMs = 0;
    if (this.#active > 0) this.#activeSince = this.#clock();
  }

  /**
   * The current metrics.
   *
   * @returns a snapshot
   */
  snapshot(): StreamMetrics {
    const activeMs = this.#activeMs + (this.#active > 0 ? this.#clock() - this.#activeSince : 0);
    const sorted = Array.from(this.#samples.subarray(0, this.#count)).sort((a, b) => a - b);
    const pct = (p: number): number =>
      sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0);
    const mem = process.memoryUsage();
    const done = this.#out + this.#errors;
    const mean = sorted.length === 0 ? 0 : sorted.reduce((a, b) => a + b, 0) / sorted.length;
    return {
      throughput: activeMs > 0 ? (this.#out * 1000) / activeMs : 0,
      latency: mean,
      memoryUsage: mem.heapUsed,
      errorRate: done === 0 ? 0 : (100 * this.#errors) / done,
      backpressureEvents: this.#backpressure,
      itemsIn: this.#in,
      itemsOut: this.#out,
      errors: this.#errors,
      latencyMs: {
        p50: pct(50),
        p95: pct(95),
        p99: pct(99),
        mean,
        max: sorted.length === 0 ? 0 : (sorted[sorted.length - 1] ?? 0),
        samples: sorted.length,
      },
      memory: { rss: mem.rss, heapUsed: mem.heapUsed },
      activeMs,
    };
  }
}
