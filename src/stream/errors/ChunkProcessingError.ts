import { streamErrorClass } from '../internal/streamErrorClass.js';
import { StreamProcessingError } from './StreamProcessingError.js';

/**
 * A chunk could not be processed (a chunk processor failed, or a chunk failed its integrity check; then `code` is the codec's code).
 * Code `E_CHUNK` unless a more precise code is given; check `err.code` across threads, `instanceof` within one.
 *
 * @example
 * ```ts
 * import { ChunkProcessingError } from 'primeos/stream';
 * try { await run(); } catch (err) { if (err instanceof ChunkProcessingError) console.error(err.code, err.details); }
 * ```
 */
export const ChunkProcessingError: typeof StreamProcessingError = streamErrorClass(
  'ChunkProcessingError',
  'E_CHUNK',
  StreamProcessingError,
);
/** An instance of {@link ChunkProcessingError}. */
export type ChunkProcessingError = InstanceType<typeof ChunkProcessingError>;
