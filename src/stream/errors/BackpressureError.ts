import { streamErrorClass } from '../internal/streamErrorClass.js';
import { StreamProcessingError } from './StreamProcessingError.js';

/**
 * A bounded buffer overflowed: a push source beyond its overflow policy, or a reorder buffer beyond its bound.
 * Code `E_BACKPRESSURE` unless a more precise code is given; check `err.code` across threads, `instanceof` within one.
 *
 * @example
 * ```ts
 * import { BackpressureError } from 'primeos/stream';
 * try { await run(); } catch (err) { if (err instanceof BackpressureError) console.error(err.code, err.details); }
 * ```
 */
export const BackpressureError: typeof StreamProcessingError = streamErrorClass(
  'BackpressureError',
  'E_BACKPRESSURE',
  StreamProcessingError,
);
/** An instance of {@link BackpressureError}. */
export type BackpressureError = InstanceType<typeof BackpressureError>;
