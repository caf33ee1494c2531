import { streamErrorClass, type StreamErrorConstructor } from '../internal/streamErrorClass.js';

/**
 * A stream item, stage or run failed (the parent of every stream error class).
 * Code `E_PROCESS` unless a more precise code is given; check `err.code` across threads, `instanceof` within one.
 *
 * @example
 * ```ts
 * import { StreamProcessingError } from 'primeos/stream';
 * try { await run(); } catch (err) { if (err instanceof StreamProcessingError) console.error(err.code, err.details); }
 * ```
 */
export const StreamProcessingError: StreamErrorConstructor = streamErrorClass('StreamProcessingError', 'E_PROCESS');
/** An instance of {@link StreamProcessingError}. */
export type StreamProcessingError = InstanceType<typeof StreamProcessingError>;
