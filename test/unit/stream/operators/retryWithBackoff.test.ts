import { defer, of, throwError } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { PrimeosError } from '../../../../src/model/PrimeosError.js';
import { retryWithBackoff, type RetryEvent } from '../../../../src/stream/operators/retryWithBackoff.js';

const transient = (): Error => Object.assign(new Error('reset'), { code: 'ECONNRESET' });

describe('retryWithBackoff', () => {
  it('retries transient errors after exponentially growing delays, then succeeds', () => {
    const ts = new TestScheduler((a, b) => expect(a).toEqual(b));
    ts.run(({ expectObservable }) => {
      let calls = 0;
      const events: RetryEvent[] = [];
      const src = defer(() => (++calls < 4 ? throwError(transient) : of('ok')));
      const out = src.pipe(
        retryWithBackoff({
          maxAttempts: 5,
          baseDelayMs: 10,
          factor: 2,
          jitter: 'none',
          scheduler: ts,
          onRetry: (e) => events.push(e),
        }),
      );
      // delays 10, 20, 40 → success at frame 70
      expectObservable(out).toBe('70ms (a|)', { a: 'ok' });
      ts.flush();
      expect(calls).toBe(4);
      expect(events.map((e) => [e.attempt, e.delayMs, e.errorClass])).toEqual([
        [1, 10, 'transient'],
        [2, 20, 'transient'],
        [3, 40, 'transient'],
      ]);
    });
  });

  it('caps the delay, applies full jitter from the injected random source, and gives up after maxAttempts', () => {
    const ts = new TestScheduler((a, b) => expect(a).toEqual(b));
    ts.run(({ expectObservable }) => {
      const err = transient();
      const delays: number[] = [];
      const out = throwError(() => err).pipe(
        retryWithBackoff({
          maxAttempts: 4,
          baseDelayMs: 100,
          maxDelayMs: 150,
          random: () => 0.5,
          scheduler: ts,
          onRetry: (e) => delays.push(e.delayMs),
        }),
      );
      // ceilings 100, 150 (capped), 150 → jittered halves 50, 75, 75
      expectObservable(out).toBe('200ms #', undefined, err);
      ts.flush();
      expect(delays).toEqual([50, 75, 75]);
    });
  });

  it('does not retry permanent errors (invalid input, checksum, abort)', () => {
    const ts = new TestScheduler((a, b) => expect(a).toEqual(b));
    ts.run(({ expectObservable }) => {
      let calls = 0;
      const err = new PrimeosError('E_CHECKSUM', 'bad checksum');
      const out = defer(() => {
        calls++;
        return throwError(() => err);
      }).pipe(retryWithBackoff({ maxAttempts: 5, scheduler: ts }));
      expectObservable(out).toBe('#', undefined, err);
      ts.flush();
      expect(calls).toBe(1);
    });
  });
});
