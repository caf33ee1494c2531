import type { CreditGate } from '../CreditGate.js';

/** Options shared by the sinks. */
export interface SinkOptions<T> {
  /** The gate shared with the source: one credit (or `credits(item)`) returns per item once it is written. */
  readonly gate?: CreditGate;
  /** Credits an item stands for (e.g. `batch => batch.length` after batching); default 1. */
  readonly credits?: (item: T) => number;
  /** Aborting unsubscribes from the upstream and fails the sink with `E_ABORTED`. */
  readonly signal?: AbortSignal;
}
