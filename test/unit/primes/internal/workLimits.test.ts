import { checkLimits, Interrupted, withinLimits } from '../../../../src/primes/internal/workLimits.js';

describe('workLimits', () => {
  it('checkLimits does nothing outside withinLimits', () => {
    expect(() => checkLimits()).not.toThrow();
  });

  it('stops work at a passed deadline with reason budget, and on an aborted signal with reason aborted', () => {
    const spin = (): number => {
      for (let i = 0; ; i++) checkLimits();
    };
    const late = withinLimits({ deadline: performance.now() + 5 }, spin);
    expect(late).toBeInstanceOf(Interrupted);
    expect((late as Interrupted).reason).toBe('budget');
    const ac = new AbortController();
    ac.abort();
    const stopped = withinLimits({ deadline: Infinity, signal: ac.signal }, spin);
    expect((stopped as Interrupted).reason).toBe('aborted');
  });

  it('returns the value of work that finishes, and nested limits keep the earlier deadline', () => {
    expect(withinLimits({ deadline: Infinity }, () => 42)).toBe(42);
    const inner = withinLimits({ deadline: performance.now() + 5 }, () =>
      withinLimits({ deadline: Infinity }, () => {
        for (;;) checkLimits();
      }),
    );
    expect(inner).toBeInstanceOf(Interrupted);
    expect(() => checkLimits()).not.toThrow(); // limits are removed afterwards
  });

  it('lets other errors through', () => {
    expect(() =>
      withinLimits({ deadline: Infinity }, () => {
        throw new RangeError('x');
      }),
    ).toThrow(RangeError);
  });
});
