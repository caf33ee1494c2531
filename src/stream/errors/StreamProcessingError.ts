import { PrimeosError, type ErrorCode } from '../../model/PrimeosError.js';

/**
 * A stream item or stage failed.
 * Code `E_PROCESS` by default; check `err.code`, not the class, across threads.
 *
 * @example
 * ```ts
 * import { StreamProcessingError } from 'primeos/stream';
 * throw new StreamProcessingError('stage failed');
 * ```
 */
export class StreamProcessingError extends PrimeosError {
  /**
   * @param message - human-readable message
   * @param details - structured context
   * @param options - `cause` and an override of the default code
   */
  constructor(message: string, details?: Record<string, unknown>, options?: ErrorOptions & { code?: ErrorCode }) {
    super(options?.code ?? 'E_PROCESS', message, details, options);
  }

  override get name(): string {
    return 'StreamProcessingError';
  }
}
