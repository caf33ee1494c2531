import type { ChannelStats } from './internal/Channel.js';

/** Measured counters of one node. */
export interface NodeMetrics {
  readonly id: string;
  readonly type: string;
  /** Items taken from the inputs (sources: records read). */
  readonly in: number;
  /** Items emitted (sinks: items written). */
  readonly out: number;
  /** Items that failed, and of those dropped (`skip`) and replaced (`default`). */
  readonly errors: number;
  readonly skipped: number;
  readonly substituted: number;
  /** Retries of failed items (restart strategy `immediate` / `exponential`). */
  readonly restarts: number;
  /** Times the circuit opened (restart strategy `circuitBreaker`), and calls it refused while open. */
  readonly circuitOpens: number;
  readonly circuitRejected: number;
  /** The most recent item failures (at most 10): position in the node's input, code, message, what the policy did. */
  readonly recentErrors: readonly {
    readonly index: number;
    readonly code: string;
    readonly message: string;
    readonly action: string;
  }[];
  /** Processing time per item, in milliseconds. */
  readonly latencyMs: { readonly mean: number; readonly p50: number; readonly p95: number; readonly max: number };
  /** Occupancy of the node's input channels. */
  readonly channels: readonly ChannelStats[];
}
