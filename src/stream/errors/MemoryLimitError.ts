import { PrimeosError, type ErrorCode } from '../../model/PrimeosError.js';

/**
 * Process memory exceeded the configured `memoryLimit`.
 * Code `E_BUDGET` by default; check `err.code`, not the class, across threads.
 *
 * @example
 * ```ts
 * import { MemoryLimitError } from 'primeos/stream';
 * throw new MemoryLimitError('heap above limit');
 * ```
 */
export class MemoryLimitError extends PrimeosError {
  /**
   * @param message - human-readable message
   * @param details - structured context
   * @param options - `cause` and an override of the default code
   */
  constructor(message: string, details?: Record<string, unknown>, options?: ErrorOptions & { code?: ErrorCode }) {
    super(options?.code ?? 'E_BUDGET', message, details, options);
  }

  override get name(): string {
    return 'MemoryLimitError';
  }
}
