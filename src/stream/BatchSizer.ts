import { PrimeosError } from '../model/PrimeosError.js';
import { STREAM_DEFAULTS } from './streamDefaults.js';

/** Default batch latency target, in milliseconds. */
export const DEFAULT_TARGET_BATCH_MS = STREAM_DEFAULTS.targetBatchMs;
/** Default smallest batch. */
export const DEFAULT_MIN_BATCH = STREAM_DEFAULTS.minBatch;
/** Default largest batch. */
export const DEFAULT_MAX_BATCH = STREAM_DEFAULTS.maxBatch;
/** Default first batch size. */
export const DEFAULT_INITIAL_BATCH = STREAM_DEFAULTS.initialBatch;
/** Weight of the newest observation in the per-item latency average. */
export const DEFAULT_SMOOTHING = STREAM_DEFAULTS.smoothing;
/** A batch size changes by at most this factor per observation. */
export const MAX_STEP_FACTOR = 2;

/** Options of {@link BatchSizer}. */
export interface BatchSizerOptions {
  /** Latency one batch should take, in milliseconds. */
  readonly targetBatchMs?: number;
  readonly minSize?: number;
  readonly maxSize?: number;
  readonly initialSize?: number;
  /** Exponential smoothing weight in (0, 1]. */
  readonly smoothing?: number;
}

/**
 * Fill the defaults of {@link BatchSizerOptions}.
 *
 * @param options - user options
 * @returns complete options
 * @throws PrimeosError `E_RANGE` when the bounds are inconsistent
 */
export function resolveBatchSizerOptions(options: BatchSizerOptions = {}): Required<BatchSizerOptions> {
  const minSize = options.minSize ?? DEFAULT_MIN_BATCH;
  const maxSize = options.maxSize ?? DEFAULT_MAX_BATCH;
  const r = {
    targetBatchMs: options.targetBatchMs ?? DEFAULT_TARGET_BATCH_MS,
    minSize,
    maxSize,
    initialSize: Math.min(maxSize, Math.max(minSize, options.initialSize ?? DEFAULT_INITIAL_BATCH)),
    smoothing: options.smoothing ?? DEFAULT_SMOOTHING,
  };
  if (!(Number.isInteger(minSize) && Number.isInteger(maxSize) && minSize >= 1 && maxSize >= minSize)) {
    throw new PrimeosError('E_RANGE', `batch bounds must satisfy 1 <= minSize <= maxSize (got ${minSize}, ${maxSize})`);
  }
  if (!(r.targetBatchMs > 0) || !(r.smoothing > 0 && r.smoothing <= 1)) {
    throw new PrimeosError('E_RANGE', 'targetBatchMs must be > 0 and smoothing in (0, 1]');
  }
  return r;
}

/**
 * Steers a batch size toward a target batch latency from measured latencies: it keeps a smoothed per-item
 * latency and proposes `target / perItem`, bounded by `[minSize, maxSize]` and by a factor-2 step per
 * observation (so one outlier cannot swing the size).
 *
 * @example
 * ```ts
 * // an engine part (primeos's own modules import it from this file; not exported from primeos/stream)
 * const s = new BatchSizer({ targetBatchMs: 10 });
 * s.record(40, s.size); // a 16-item batch took 40 ms: too slow
 * s.size; // 8
 * ```
 */
export class BatchSizer {
  /** The resolved options. */
  readonly options: Required<BatchSizerOptions>;
  #size: number;
  #perItemMs: number | undefined;
  #observations = 0;

  /** @param options - target latency, bounds, initial size, smoothing */
  constructor(options: BatchSizerOptions = {}) {
    this.options = resolveBatchSizerOptions(options);
    this.#size = this.options.initialSize;
  }

  /** The current batch size. */
  get size(): number {
    return this.#size;
  }
  /** The smoothed per-item latency (undefined before the first observation). */
  get perItemMs(): number | undefined {
    return this.#perItemMs;
  }
  /** Number of latencies recorded. */
  get observations(): number {
    return this.#observations;
  }

  /**
   * Record that a batch of `items` took `latencyMs` and update the size.
   *
   * @param latencyMs - measured batch latency (≥ 0)
   * @param items - the batch's size (≥ 1)
   * @returns the new size
   */
  record(latencyMs: number, items: number): number {
    if (items < 1 || !(latencyMs >= 0)) return this.#size;
    this.#observations++;
    const sample = latencyMs / items;
    const a = this.options.smoothing;
    this.#perItemMs = this.#perItemMs === undefined ? sample : a * sample + (1 - a) * this.#perItemMs;
    const ideal = this.#perItemMs <= 0 ? this.options.maxSize : this.options.targetBatchMs / this.#perItemMs;
    const stepped = Math.min(this.#size * MAX_STEP_FACTOR, Math.max(this.#size / MAX_STEP_FACTOR, ideal));
    this.#size = Math.min(this.options.maxSize, Math.max(this.options.minSize, Math.round(stepped)));
    return this.#size;
  }

  /**
   * Force a size (clamped to the bounds), e.g. from `optimizePerformance()`.
   *
   * @param size - the wanted size
   * @returns the size applied
   */
  setSize(size: number): number {
    this.#size = Math.min(this.options.maxSize, Math.max(this.options.minSize, Math.round(size)));
    return this.#size;
  }
}
