import { PrimeosError } from '../../model/PrimeosError.js';

/** Network error codes after which a request is retried (node, undici). */
const TRANSIENT_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'ECONNABORTED',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** HTTP statuses after which a request is retried. */
export const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([429, 502, 503]);

/**
 * Whether a thrown fetch or body-read error is a transient network failure (the error or one of its causes has a
 * code such as `ECONNRESET`, `ECONNREFUSED`, `ETIMEDOUT` or undici's `UND_ERR_SOCKET`; undici's "terminated" when a
 * response body is cut).
 *
 * @param err - the error
 * @returns true when retrying may succeed
 */
export function isTransientError(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e !== undefined && e !== null && depth < 6; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && TRANSIENT_CODES.has(code)) return true;
    if (e instanceof Error && e.message === 'terminated') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * Delay before retry number `attempt` (0-based): exponential from `minMs`, capped at `maxMs`, with full jitter in
 * its upper half (so many clients cut at once do not come back in step); never less than `retryAfterMs`.
 *
 * @param attempt - retries made so far
 * @param minMs - first delay
 * @param maxMs - largest delay
 * @param retryAfterMs - the server's `Retry-After`, if any
 * @param random - source of [0, 1) numbers (injectable for tests)
 * @returns milliseconds to wait
 */
export function backoffDelay(
  attempt: number,
  minMs: number,
  maxMs: number,
  retryAfterMs = 0,
  random: () => number = Math.random,
): number {
  const exp = Math.min(maxMs, minMs * 2 ** Math.min(attempt, 30));
  return Math.max(retryAfterMs, exp / 2 + random() * (exp / 2));
}

/**
 * The `Retry-After` header in milliseconds (seconds or an HTTP date), 0 when absent or unreadable.
 *
 * @param value - the header value
 * @param now - current time in ms since the epoch
 * @returns milliseconds
 */
export function retryAfterMs(value: string | null, now: number = Date.now()): number {
  if (value === null || value.trim() === '') return 0;
  const s = Number(value);
  if (Number.isFinite(s)) return Math.max(0, s * 1000);
  const t = Date.parse(value);
  return Number.isNaN(t) ? 0 : Math.max(0, t - now);
}

/**
 * Wait `ms`, or reject with `E_ABORTED` when `signal` aborts first.
 *
 * @param ms - milliseconds
 * @param signal - cancels the wait
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new PrimeosError('E_ABORTED', 'aborted', undefined, { cause: signal.reason }));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new PrimeosError('E_ABORTED', 'aborted', undefined, { cause: signal?.reason }));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
