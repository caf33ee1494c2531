import { streamErrorClass } from '../internal/streamErrorClass.js';
import { StreamProcessingError } from './StreamProcessingError.js';

/**
 * A pipeline was built or run incorrectly, or a run failed (an item's failure under `propagate`, or failures beyond `errorTolerance`; then `code` is the item's code).
 * Code `E_PIPELINE` unless a more precise code is given; check `err.code` across threads, `instanceof` within one.
 *
 * @example
 * ```ts
 * import { PipelineError } from 'primeos/stream';
 * try { await run(); } catch (err) { if (err instanceof PipelineError) console.error(err.code, err.details); }
 * ```
 */
export const PipelineError: typeof StreamProcessingError = streamErrorClass(
  'PipelineError',
  'E_PIPELINE',
  StreamProcessingError,
);
/** An instance of {@link PipelineError}. */
export type PipelineError = InstanceType<typeof PipelineError>;
