import { Observable } from 'rxjs';
import { PrimeosError } from '../../model/PrimeosError.js';
import { abortError, linkedController } from './abort.js';

/**
 * One call of a per-item function as a cold Observable: the call gets its own AbortSignal, linked to `parent`;
 * after `timeoutMs` (> 0) that signal aborts and the call fails with `E_TIMEOUT`; when `parent` aborts it fails
 * with `E_ABORTED`; unsubscribing aborts it. Each subscription is a new call (so a retry is a fresh attempt with
 * a fresh deadline).
 *
 * @param call - the function, given the call's signal
 * @param parent - the run's signal
 * @param timeoutMs - deadline of the call (0: none)
 * @returns an Observable of the single result
 */
export function withDeadline<R>(
  call: (signal: AbortSignal) => R | Promise<R>,
  parent: AbortSignal | undefined,
  timeoutMs: number,
): Observable<R> {
  return new Observable<R>((subscriber) => {
    const { controller, dispose } = linkedController(parent);
    let timer: ReturnType<typeof setTimeout> | undefined;
    let settled = false;
    const onAbort = (): void => {
      const reason: unknown = controller.signal.reason;
      subscriber.error(reason instanceof PrimeosError && reason.code === 'E_TIMEOUT' ? reason : abortError(parent));
    };
    controller.signal.addEventListener('abort', onAbort, { once: true });
    if (timeoutMs > 0) {
      timer = setTimeout(
        () => controller.abort(new PrimeosError('E_TIMEOUT', `item timed out after ${timeoutMs} ms`, { timeoutMs })),
        timeoutMs,
      );
    }
    if (controller.signal.aborted) onAbort();
    else {
      // called synchronously: a task sees its signal before anything else can abort it
      let result: R | Promise<R>;
      try {
        result = call(controller.signal);
      } catch (err) {
        subscriber.error(err);
        result = undefined as R;
      }
      if (!subscriber.closed) {
        Promise.resolve(result).then(
          (v) => {
            settled = true;
            subscriber.next(v);
            subscriber.complete();
          },
          (e: unknown) => {
            settled = true;
            subscriber.error(e);
          },
        );
      }
    }
    return () => {
      clearTimeout(timer);
      controller.signal.removeEventListener('abort', onAbort);
      dispose();
      // a call still running when it is unsubscribed (cancelled) is aborted; a settled one is left alone
      if (!settled && !controller.signal.aborted) controller.abort(abortError());
    };
  });
}
