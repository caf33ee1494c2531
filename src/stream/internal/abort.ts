import { PrimeosError } from '../../model/PrimeosError.js';

/**
 * The error a stream function rejects with when its signal aborts.
 *
 * @param signal - the aborted signal (its reason becomes the cause)
 * @returns a PrimeosError with code `E_ABORTED`
 */
export function abortError(signal?: AbortSignal): PrimeosError {
  return new PrimeosError('E_ABORTED', 'aborted', undefined, { cause: signal?.reason });
}

/**
 * An AbortController that also aborts when any of `parents` aborts. Call `dispose()` to detach.
 *
 * @param parents - signals to follow (undefined entries ignored)
 * @returns the controller and a detach function
 */
export function linkedController(...parents: (AbortSignal | undefined)[]): {
  controller: AbortController;
  dispose: () => void;
} {
  const controller = new AbortController();
  const cleanups: (() => void)[] = [];
  for (const p of parents) {
    if (p === undefined) continue;
    if (p.aborted) {
      controller.abort(p.reason);
      continue;
    }
    const on = (): void => controller.abort(p.reason);
    p.addEventListener('abort', on, { once: true });
    cleanups.push(() => p.removeEventListener('abort', on));
  }
  return { controller, dispose: () => cleanups.splice(0).forEach((f) => f()) };
}
