/**
 * Stable error codes used across primeos. Errors cross worker threads and lose their prototype,
 * so callers check `err.code`, never `instanceof`.
 */
export type ErrorCode =
  | 'E_PARSE'
  | 'E_RANGE'
  | 'E_STATE'
  | 'E_PROCESS'
  | 'E_CHUNK_INVALID'
  | 'E_CHECKSUM'
  | 'E_VM_STACK'
  | 'E_VM_STEPS'
  | 'E_VM_MEMORY'
  | 'E_VM_OUTPUT'
  | 'E_VM_OPERAND'
  | 'E_VM_ARITH'
  | 'E_VM_PROGRAM'
  | 'E_BUDGET'
  | 'E_ABORTED'
  | 'E_USAGE'
  | 'E_PROTOCOL'
  | 'E_CREDIT'
  | 'E_OVERFLOW'
  | 'E_HEARTBEAT'
  | 'E_IDLE'
  | 'E_CLOSED'
  | 'E_UNAUTHORIZED'
  | 'E_NOT_FOUND'
  | 'E_BUSY'
  | 'E_UNAVAILABLE'
  | 'E_TIMEOUT'
  | 'E_BACKPRESSURE'
  | 'E_PIPELINE'
  | 'E_CHUNK'
  | 'E_MEMORY'
  | 'E_CONFIG'
  | 'E_LIMIT'
  | 'E_WASM'
  | 'E_POOL_FULL'
  | 'E_CHECKPOINT'
  | 'E_INTERNAL';

/**
 * The base error of primeos: a message plus a stable {@link ErrorCode} and optional details.
 *
 * @example
 * ```ts
 * import { PrimeosError } from 'primeos/model';
 * throw new PrimeosError('E_RANGE', 'n must be positive');
 * ```
 */
export class PrimeosError extends Error {
  /** The stable code; compare this, not the class. */
  readonly code: ErrorCode;
  /** Structured context (serialisable). */
  readonly details: Readonly<Record<string, unknown>> | undefined;

  /**
   * @param code - stable error code
   * @param message - human-readable message
   * @param details - optional structured context
   * @param options - standard `ErrorOptions` (e.g. `cause`)
   */
  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.details = details;
  }

  override get name(): string {
    return 'PrimeosError';
  }
}

/**
 * True when `err` carries the given primeos code (works across worker threads, where the prototype is lost).
 *
 * @param err - any thrown value
 * @param code - the code to test for; omit to accept any primeos code
 * @returns whether `err` is an object with a matching string `code`
 */
export function hasErrorCode(err: unknown, code?: ErrorCode): err is { code: ErrorCode; message: string } {
  if (typeof err !== 'object' || err === null || !('code' in err)) return false;
  const c = (err as { code: unknown }).code;
  return typeof c === 'string' && (code === undefined ? c.startsWith('E_') : c === code);
}

/**
 * Normalise any thrown value into a {@link PrimeosError} (keeping its code if it has one).
 *
 * @param err - any thrown value
 * @param fallback - code used when `err` has none
 * @returns a PrimeosError
 */
export function toPrimeosError(err: unknown, fallback: ErrorCode = 'E_INTERNAL'): PrimeosError {
  if (err instanceof PrimeosError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const code = hasErrorCode(err) ? err.code : fallback;
  return new PrimeosError(code, message, undefined, { cause: err });
}
