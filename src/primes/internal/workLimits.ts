/**
 * Limits that long synchronous arithmetic checks while it runs (a deadline and an abort signal), without
 * threading them through every helper: {@link withinLimits} installs them for the duration of one call, and the
 * loops of the big-number paths (modular powers, Lucas ladders, ECM ladders, integer roots) call
 * {@link checkLimits} every few steps. Outside {@link withinLimits}, {@link checkLimits} does nothing.
 * @packageDocumentation
 */

/** A deadline (`performance.now()` milliseconds) and an optional abort signal. */
export interface WorkLimits {
  readonly deadline: number;
  readonly signal?: AbortSignal | undefined;
}

/** Thrown by {@link checkLimits} when the installed limits are reached; caught by {@link withinLimits}. */
export class Interrupted {
  /** The deadline passed (`budget`) or the signal aborted (`aborted`). */
  readonly reason: 'budget' | 'aborted';
  /**
   * @param reason - why the work stopped
   */
  constructor(reason: 'budget' | 'aborted') {
    this.reason = reason;
  }
}

let current: WorkLimits | undefined;

/**
 * Throw {@link Interrupted} when the installed limits are reached (no-op when none are installed).
 *
 * @throws Interrupted when the deadline passed or the signal aborted
 */
export function checkLimits(): void {
  if (current === undefined) return;
  if (current.signal?.aborted) throw new Interrupted('aborted');
  if (performance.now() > current.deadline) throw new Interrupted('budget');
}

/**
 * Run `fn` with `limits` installed (combined with any outer ones: the earlier deadline, the inner signal or
 * else the outer one).
 *
 * @param limits - deadline and signal
 * @param fn - the synchronous work
 * @returns what `fn` returned, or the {@link Interrupted} that stopped it
 */
export function withinLimits<T>(limits: WorkLimits, fn: () => T): T | Interrupted {
  const outer = current;
  current =
    outer === undefined
      ? limits
      : { deadline: Math.min(outer.deadline, limits.deadline), signal: limits.signal ?? outer.signal };
  try {
    return fn();
  } catch (err) {
    if (err instanceof Interrupted) return err;
    throw err;
  } finally {
    current = outer;
  }
}
