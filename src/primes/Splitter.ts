import type { FactorEffort } from './Factorization.js';

/** Options every factor engine takes. */
export interface SplitOptions {
  /** Wall-clock budget in milliseconds for this call (engine default when omitted). */
  readonly budgetMs?: number;
  /** Cancels the call; the engine returns `aborted` promptly (checks at least every few ms of work). */
  readonly signal?: AbortSignal;
  /** Seed for the engine's deterministic pseudo-random choices (same seed → same result). */
  readonly seed?: number;
}

/** The outcome of asking an engine to split a composite n. */
export type SplitOutcome =
  | {
      readonly status: 'found';
      /** A non-trivial divisor d of n: 1 < d < n, n % d === 0 (not necessarily prime). */
      readonly divisor: bigint;
      readonly effort: FactorEffort;
    }
  | { readonly status: 'exhausted' | 'aborted'; readonly effort: FactorEffort };

/**
 * A factor engine's splitting core: given an odd composite n that is not a perfect power and has no
 * tiny factors, find a non-trivial divisor within budget. Pure and synchronous.
 */
export type Splitter = (n: bigint, options: SplitOptions) => SplitOutcome;
