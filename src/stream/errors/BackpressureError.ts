import { PrimeosError, type ErrorCode } from '../../model/PrimeosError.js';

/**
 * A push source overflowed its buffer under the `error`/`buffer(n)` overflow policy, or a bounded buffer was exceeded.
 * Code `E_BUDGET` by default; check `err.code`, not the class, across threads.
 *
 * @example
 * ```ts
 * import { BackpressureError } from 'primeos/stream';
 * throw new BackpressureError('buffer full');
 * ```
 */
export class BackpressureError extends PrimeosError {
  /**
   * @param message - human-readable message
   * @param details - structured context
   * @param options - `cause` and an override of the default code
   */
  constructor(message: string, details?: Record<string, unknown>, options?: ErrorOptions & { code?: ErrorCode }) {
    super(options?.code ?? 'E_BUDGET', message, details, options);
  }

  override get name(): string {
    return 'BackpressureError';
  }
}
