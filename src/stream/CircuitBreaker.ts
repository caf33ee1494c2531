import { systemClock, type Clock } from './Clock.js';
import { STREAM_DEFAULTS } from './streamDefaults.js';

/** Default consecutive failures that open the circuit. */
export const DEFAULT_FAILURE_THRESHOLD = STREAM_DEFAULTS.failureThreshold;
/** Default time the circuit stays open before a trial call, in milliseconds. */
export const DEFAULT_RESET_TIMEOUT_MS = STREAM_DEFAULTS.resetTimeoutMs;

/** Circuit states. */
export type CircuitState = 'closed' | 'open' | 'half-open';

/** Options of {@link CircuitBreaker}. */
export interface CircuitBreakerOptions {
  readonly failureThreshold?: number;
  readonly resetTimeoutMs?: number;
  /** Which failures count (default: all). */
  readonly isFailure?: (err: unknown) => boolean;
  readonly clock?: Clock;
}

/**
 * A circuit breaker's state machine: `closed` counts consecutive failures and opens at the threshold; `open`
 * rejects calls until `resetTimeoutMs` has passed, then lets one trial call through (`half-open`), whose
 * success closes and failure reopens the circuit. Use with the {@link circuitBreaker} operator.
 *
 * @example
 * ```ts
 * import { CircuitBreaker } from 'primeos/stream';
 * const cb = new CircuitBreaker({ failureThreshold: 3, resetTimeoutMs: 1000 });
 * if (cb.tryEnter()) { try { work(); cb.onSuccess(); } catch (e) { cb.onFailure(e); } }
 * ```
 */
export class CircuitBreaker {
  readonly #threshold: number;
  readonly #resetMs: number;
  readonly #isFailure: (err: unknown) => boolean;
  readonly #clock: Clock;
  #state: CircuitState = 'closed';
  #failures = 0;
  #openedAt = 0;
  #trialInFlight = false;
  #rejected = 0;
  #opened = 0;

  /** @param options - threshold, reset timeout, failure predicate, clock */
  constructor(options: CircuitBreakerOptions = {}) {
    this.#threshold = options.failureThreshold ?? DEFAULT_FAILURE_THRESHOLD;
    this.#resetMs = options.resetTimeoutMs ?? DEFAULT_RESET_TIMEOUT_MS;
    this.#isFailure = options.isFailure ?? (() => true);
    this.#clock = options.clock ?? systemClock;
  }

  /** The current state (an open circuit whose timeout elapsed reports `half-open`). */
  get state(): CircuitState {
    if (this.#state === 'open' && this.#clock() - this.#openedAt >= this.#resetMs) return 'half-open';
    return this.#state;
  }
  /** Counters: calls rejected while open, times opened, current consecutive failures. */
  get stats(): { readonly rejected: number; readonly opened: number; readonly consecutiveFailures: number } {
    return { rejected: this.#rejected, opened: this.#opened, consecutiveFailures: this.#failures };
  }

  /**
   * Ask to make a call.
   *
   * @returns true when the call may proceed (closed, or the single half-open trial)
   */
  tryEnter(): boolean {
    const s = this.state;
    if (s === 'closed') return true;
    if (s === 'half-open' && !this.#trialInFlight) {
      this.#state = 'half-open';
      this.#trialInFlight = true;
      return true;
    }
    this.#rejected++;
    return false;
  }

  /** Report that an admitted call succeeded. */
  onSuccess(): void {
    this.#failures = 0;
    this.#trialInFlight = false;
    this.#state = 'closed';
  }

  /**
   * Report that an admitted call was cancelled before it settled: not an outcome. Consecutive failures are kept;
   * a cancelled half-open trial lets the next call be the trial.
   */
  onCancel(): void {
    this.#trialInFlight = false;
  }

  /**
   * Report that an admitted call failed.
   *
   * @param err - the failure (ignored when `isFailure(err)` is false)
   */
  onFailure(err: unknown): void {
    const wasTrial = this.#trialInFlight;
    this.#trialInFlight = false;
    if (!this.#isFailure(err)) {
      if (wasTrial) this.#state = 'closed';
      return;
    }
    this.#failures++;
    if (wasTrial || this.#failures >= this.#threshold) {
      this.#state = 'open';
      this.#openedAt = this.#clock();
      this.#opened++;
    }
  }
}
