/** A monotonic millisecond clock; inject a fake one in tests for deterministic timing. */
export type Clock = () => number;

/** The default clock: `performance.now()`. */
export const systemClock: Clock = () => performance.now();
