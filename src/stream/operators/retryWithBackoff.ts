import { asyncScheduler, retry, throwError, timer, type MonoTypeOperatorFunction, type SchedulerLike } from 'rxjs';
import { classifyError, type ErrorClass } from '../classifyError.js';
import { STREAM_DEFAULTS } from '../streamDefaults.js';

/** Default attempts in total (first try included). */
export const DEFAULT_RETRY_ATTEMPTS = STREAM_DEFAULTS.retryAttempts;
/** Default first delay, in milliseconds. */
export const DEFAULT_RETRY_DELAY_MS = STREAM_DEFAULTS.retryDelay;
/** Default longest delay, in milliseconds. */
export const DEFAULT_MAX_RETRY_DELAY_MS = STREAM_DEFAULTS.maxRetryDelay;
/** Default growth factor between delays. */
export const DEFAULT_BACKOFF_FACTOR = STREAM_DEFAULTS.backoffFactor;
/** Error classes retried by default. */
export const DEFAULT_RETRY_ON: readonly ErrorClass[] = ['transient', 'timeout', 'resource-exhausted'];

/** One retry decision, reported to `onRetry`. */
export interface RetryEvent {
  /** The attempt that failed (1 = first try). */
  readonly attempt: number;
  readonly errorClass: ErrorClass;
  /** Delay before the next attempt, in milliseconds. */
  readonly delayMs: number;
  readonly error: unknown;
}

/** Options of {@link retryWithBackoff}. */
export interface RetryWithBackoffOptions {
  /** Attempts in total, first try included (default 3). */
  readonly maxAttempts?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly factor?: number;
  /** Jitter: `full` draws the delay uniformly in [0, d]; `none` uses d (default `full`). */
  readonly jitter?: 'full' | 'none';
  /** Random source in [0, 1) for jitter (inject for determinism; default Math.random). */
  readonly random?: () => number;
  /** Classes that are retried (default transient, timeout, resource-exhausted). */
  readonly retryOn?: readonly ErrorClass[];
  /** Classifier (default {@link classifyError}). */
  readonly classify?: (err: unknown) => ErrorClass;
  /** Called before each retry. */
  readonly onRetry?: (event: RetryEvent) => void;
  /** Scheduler of the delays (a TestScheduler in tests). */
  readonly scheduler?: SchedulerLike;
}

/**
 * Fill the defaults of {@link RetryWithBackoffOptions}.
 *
 * @param options - user options
 * @returns complete options (without `onRetry`)
 */
export function resolveRetryOptions(
  options: RetryWithBackoffOptions = {},
): Required<Omit<RetryWithBackoffOptions, 'onRetry'>> & Pick<RetryWithBackoffOptions, 'onRetry'> {
  return {
    maxAttempts: Math.max(1, options.maxAttempts ?? DEFAULT_RETRY_ATTEMPTS),
    baseDelayMs: options.baseDelayMs ?? DEFAULT_RETRY_DELAY_MS,
    maxDelayMs: options.maxDelayMs ?? DEFAULT_MAX_RETRY_DELAY_MS,
    factor: options.factor ?? DEFAULT_BACKOFF_FACTOR,
    jitter: options.jitter ?? 'full',
    random: options.random ?? Math.random,
    retryOn: options.retryOn ?? DEFAULT_RETRY_ON,
    classify: options.classify ?? classifyError,
    onRetry: options.onRetry,
    scheduler: options.scheduler ?? asyncScheduler,
  };
}

/**
 * Resubscribe to the source after a retryable error, waiting `min(maxDelay, base · factor^(k-1))` (with full
 * jitter) before attempt k+1. Permanent errors, and the last attempt's error, pass through. Use it on a
 * per-item inner Observable: `mergeMap(x => defer(() => work(x)).pipe(retryWithBackoff()))`.
 *
 * @param options - attempts, delays, jitter, classification, scheduler
 * @returns a mono-type operator
 * @throws the source error when it is not retryable or attempts are exhausted
 *
 * @example
 * ```ts
 * import { defer, mergeMap } from 'rxjs';
 * import { retryWithBackoff } from 'primeos/stream';
 * ids$.pipe(mergeMap((id) => defer(() => fetchChunk(id)).pipe(retryWithBackoff({ maxAttempts: 5 }))));
 * ```
 */
export function retryWithBackoff<T>(options: RetryWithBackoffOptions = {}): MonoTypeOperatorFunction<T> {
  const o = resolveRetryOptions(options);
  return retry<T>({
    count: o.maxAttempts - 1,
    delay: (error: unknown, retryCount: number) => {
      const errorClass = o.classify(error);
      if (!o.retryOn.includes(errorClass)) return throwError(() => error);
      const ceiling = Math.min(o.maxDelayMs, o.baseDelayMs * o.factor ** (retryCount - 1));
      const delayMs = o.jitter === 'full' ? Math.floor(o.random() * (ceiling + 1)) : ceiling;
      o.onRetry?.({ attempt: retryCount, errorClass, delayMs, error });
      return timer(delayMs, o.scheduler);
    },
  });
}
