import { streamErrorClass } from '../internal/streamErrorClass.js';
import { StreamProcessingError } from './StreamProcessingError.js';

/**
 * Process memory went above the configured `memoryLimit`.
 * Code `E_MEMORY` unless a more precise code is given; check `err.code` across threads, `instanceof` within one.
 *
 * @example
 * ```ts
 * import { MemoryLimitError } from 'primeos/stream';
 * try { await run(); } catch (err) { if (err instanceof MemoryLimitError) console.error(err.code, err.details); }
 * ```
 */
export const MemoryLimitError: typeof StreamProcessingError = streamErrorClass(
  'MemoryLimitError',
  'E_MEMORY',
  StreamProcessingError,
);
/** An instance of {@link MemoryLimitError}. */
export type MemoryLimitError = InstanceType<typeof MemoryLimitError>;
