import { backoffDelay, isTransientError, retryAfterMs, sleep } from '../../../../src/client/internal/retry.js';

describe('client retry policy', () => {
  it('backs off exponentially with jitter in the upper half, capped, never below Retry-After', () => {
    expect(backoffDelay(0, 100, 5000, 0, () => 0)).toBe(50);
    expect(backoffDelay(0, 100, 5000, 0, () => 0.999)).toBeCloseTo(100, 0);
    expect(backoffDelay(3, 100, 5000, 0, () => 0.5)).toBe(600);
    expect(backoffDelay(20, 100, 5000, 0, () => 1)).toBe(5000);
    expect(backoffDelay(0, 100, 5000, 2000, () => 0)).toBe(2000);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterMs(null)).toBe(0);
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs('Thu, 01 Jan 1970 00:00:10 GMT', 4000)).toBe(6000);
    expect(retryAfterMs('soon')).toBe(0);
  });

  it('retries network failures (codes anywhere in the cause chain, cut bodies), not others', () => {
    const wrap = (code: string): Error =>
      new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code }) });
    for (const code of ['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'UND_ERR_SOCKET'])
      expect(isTransientError(wrap(code))).toBe(true);
    expect(isTransientError(new TypeError('terminated'))).toBe(true);
    expect(isTransientError(wrap('ENOTFOUND'))).toBe(false);
    expect(isTransientError(new Error('E_PARSE'))).toBe(false);
    expect(isTransientError(undefined)).toBe(false);
  });

  it('sleep rejects with E_ABORTED when its signal aborts', async () => {
    const c = new AbortController();
    const p = sleep(10_000, c.signal);
    c.abort();
    await expect(p).rejects.toMatchObject({ code: 'E_ABORTED' });
  });
});
