import { PrimeosError, type ErrorCode } from '../../model/PrimeosError.js';

/**
 * A pipeline was built or run incorrectly (no source, used twice, stage failure wrapped with its stage name).
 * Code `E_STATE` by default; check `err.code`, not the class, across threads.
 *
 * @example
 * ```ts
 * import { PipelineError } from 'primeos/stream';
 * throw new PipelineError('pipeline has no source');
 * ```
 */
export class PipelineError extends PrimeosError {
  /**
   * @param message - human-readable message
   * @param details - structured context
   * @param options - `cause` and an override of the default code
   */
  constructor(message: string, details?: Record<string, unknown>, options?: ErrorOptions & { code?: ErrorCode }) {
    super(options?.code ?? 'E_STATE', message, details, options);
  }

  override get name(): string {
    return 'PipelineError';
  }
}
