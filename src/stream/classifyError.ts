/** How a failure should be treated by retries and circuit breakers. */
export type ErrorClass = 'transient' | 'permanent' | 'timeout' | 'resource-exhausted';

const TRANSIENT = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'EAGAIN',
  'EBUSY',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EHOSTUNREACH',
]);
const TIMEOUT = new Set([
  'E_TIMEOUT',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
]);
const EXHAUSTED = new Set([
  'E_BUDGET',
  'E_BACKPRESSURE',
  'E_MEMORY',
  'ENOMEM',
  'EMFILE',
  'ENFILE',
  'ENOSPC',
  'ERR_WORKER_OUT_OF_MEMORY',
]);

/**
 * Classify a thrown value: network hiccups and unknown plain errors are `transient`; time-outs `timeout`;
 * budget, memory and descriptor exhaustion `resource-exhausted`; every other primeos code (bad input, invalid
 * chunk, checksum, abort, …) is `permanent` — retrying cannot help. Works on errors that crossed a thread
 * (reads `code` and `name`, not the prototype).
 *
 * @param err - any thrown value
 * @returns its {@link ErrorClass}
 *
 * @example
 * ```ts
 * // an engine part (primeos's own modules import it from this file; not exported from primeos/stream)
 * classifyError(Object.assign(new Error('reset'), { code: 'ECONNRESET' })); // 'transient'
 * ```
 */
export function classifyError(err: unknown): ErrorClass {
  if (typeof err !== 'object' || err === null) return 'transient';
  const code = 'code' in err && typeof err.code === 'string' ? err.code : undefined;
  const name = 'name' in err && typeof err.name === 'string' ? err.name : '';
  if (name === 'TimeoutError' || (code !== undefined && TIMEOUT.has(code))) return 'timeout';
  if (code !== undefined && EXHAUSTED.has(code)) return 'resource-exhausted';
  if (code !== undefined && TRANSIENT.has(code)) return 'transient';
  if (name === 'AbortError') return 'permanent';
  if (code !== undefined && code.startsWith('E_')) return 'permanent';
  return 'transient';
}
