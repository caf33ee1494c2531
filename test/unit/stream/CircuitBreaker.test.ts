import { defer, lastValueFrom, of, throwError } from 'rxjs';
import { CircuitBreaker } from '../../../src/stream/CircuitBreaker.js';
import { circuitBreaker } from '../../../src/stream/operators/circuitBreaker.js';

describe('CircuitBreaker + circuitBreaker()', () => {
  it('opens after the threshold, rejects while open, lets one trial through after the timeout', async () => {
    let now = 0;
    const cb = new CircuitBreaker({ failureThreshold: 2, resetTimeoutMs: 100, clock: () => now });
    let calls = 0;
    let healthy = false;
    const call = () =>
      lastValueFrom(
        defer(() => {
          calls++;
          return healthy ? of('ok') : throwError(() => new Error('down'));
        }).pipe(circuitBreaker(cb)),
      );
    await expect(call()).rejects.toThrow('down');
    expect(cb.state).toBe('closed');
    await expect(call()).rejects.toThrow('down');
    expect(cb.state).toBe('open');
    await expect(call()).rejects.toMatchObject({ code: 'E_BUDGET', details: { circuit: 'open' } });
    expect(calls).toBe(2); // the dependency was not called while open
    now = 100;
    expect(cb.state).toBe('half-open');
    await expect(call()).rejects.toThrow('down'); // trial fails → reopens
    expect(cb.state).toBe('open');
    now = 200;
    healthy = true;
    await expect(call()).resolves.toBe('ok');
    expect(cb.state).toBe('closed');
    expect(cb.stats).toMatchObject({ rejected: 1, opened: 2, consecutiveFailures: 0 });
  });

  it('only one trial call is admitted while half-open', () => {
    let now = 0;
    const cb = new CircuitBreaker({ failureThreshold: 1, resetTimeoutMs: 10, clock: () => now });
    expect(cb.tryEnter()).toBe(true);
    cb.onFailure(new Error('x'));
    now = 10;
    expect(cb.tryEnter()).toBe(true);
    expect(cb.tryEnter()).toBe(false);
    cb.onSuccess();
    expect(cb.tryEnter()).toBe(true);
  });
});
