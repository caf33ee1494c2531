import { Observable, type MonoTypeOperatorFunction } from 'rxjs';
import type { CircuitBreaker } from '../CircuitBreaker.js';
import { StreamProcessingError } from '../errors/StreamProcessingError.js';

/**
 * Guard a (per-call, usually per-item inner) Observable with a shared {@link CircuitBreaker}: while the circuit
 * is open, subscribing fails at once with a `StreamProcessingError` (code `E_BUDGET`, `details.circuit: 'open'`)
 * instead of calling the failing dependency; outcomes are reported to the breaker (a call unsubscribed before it
 * settled is reported as cancelled: it neither closes nor opens the circuit).
 *
 * @param breaker - the shared breaker
 * @returns a mono-type operator
 * @throws StreamProcessingError `E_BUDGET` (as an Observable error) when the circuit is open
 *
 * @example
 * ```ts
 * import { defer, mergeMap } from 'rxjs';
 * import { CircuitBreaker, circuitBreaker } from 'primeos/stream';
 * const cb = new CircuitBreaker({ failureThreshold: 3 });
 * jobs$.pipe(mergeMap((j) => defer(() => post(j)).pipe(circuitBreaker(cb))));
 * ```
 */
export function circuitBreaker<T>(breaker: CircuitBreaker): MonoTypeOperatorFunction<T> {
  return (source) =>
    new Observable<T>((subscriber) => {
      if (!breaker.tryEnter()) {
        subscriber.error(
          new StreamProcessingError('circuit open', { circuit: 'open', ...breaker.stats }, { code: 'E_BUDGET' }),
        );
        return;
      }
      let settled = false;
      const sub = source.subscribe({
        next: (v) => subscriber.next(v),
        error: (e: unknown) => {
          settled = true;
          breaker.onFailure(e);
          subscriber.error(e);
        },
        complete: () => {
          settled = true;
          breaker.onSuccess();
          subscriber.complete();
        },
      });
      return () => {
        sub.unsubscribe();
        // cancelled before an outcome: neither a success nor a failure (a half-open trial is given back)
        if (!settled) breaker.onCancel();
      };
    });
}
