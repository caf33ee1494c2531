import { createRhoSplitter, rho } from '../../../src/primes/rho.js';

const P32 = [4294967291n, 4294967279n, 4294967231n, 4294967197n];

describe('rho', () => {
  it('splits products of 32-bit primes', () => {
    for (let i = 0; i + 1 < P32.length; i++) {
      const n = (P32[i] as bigint) * (P32[i + 1] as bigint);
      const out = rho(n, { seed: i });
      expect(out.status).toBe('found');
      if (out.status === 'found') expect([P32[i], P32[i + 1]]).toContain(out.divisor);
      expect(out.effort.rhoIterations).toBeGreaterThan(0);
    }
  });

  it('is deterministic for a seed', () => {
    const n = 1000003n * 1000033n * 1000037n;
    expect(rho(n, { seed: 5 })).toEqual(rho(n, { seed: 5 }));
  });

  it('reports exhausted at the iteration cap and aborted on a signal', () => {
    const n = 1000000000039n * 1000000000061n;
    expect(createRhoSplitter({ maxIterations: 1000 })(n, { seed: 1 }).status).toBe('exhausted');
    const ac = new AbortController();
    ac.abort();
    expect(rho(n, { seed: 1, signal: ac.signal }).status).toBe('aborted');
  });
});
