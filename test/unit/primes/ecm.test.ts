import { createEcmSplitter, ecm, ECM_LEVELS } from '../../../src/primes/ecm.js';

describe('ecm', () => {
  it('splits an 80-bit balanced semiprime and a 40-bit factor of a 140-bit number', () => {
    const p = 1000000000039n;
    const q = 1000000000061n;
    const out = ecm(p * q, { seed: 1 });
    expect(out.status).toBe('found');
    if (out.status === 'found') expect([p, q]).toContain(out.divisor);
    const big = p * (2n ** 100n - 15n); // 2^100 − 15 is prime
    const out2 = ecm(big, { seed: 2 });
    expect(out2.status).toBe('found');
    if (out2.status === 'found') expect(big % out2.divisor).toBe(0n);
    expect(out2.effort.ecmCurves).toBeGreaterThan(0);
  });

  it('is deterministic for a seed and stops on budget or signal', () => {
    const n = 1000000007n * 998244353n * 1000000009n;
    expect(ecm(n, { seed: 3 })).toEqual(ecm(n, { seed: 3 }));
    const hard = (2n ** 89n - 1n) * (2n ** 107n - 1n);
    const few = createEcmSplitter({ levels: [{ digits: 12, B1: 100, B2: 1000, curves: 3 }] });
    expect(few(hard, { seed: 1 })).toMatchObject({ status: 'exhausted', effort: { ecmCurves: 3, ecmB1: 100 } });
    const ac = new AbortController();
    ac.abort();
    expect(ecm(hard, { seed: 1, signal: ac.signal }).status).toBe('aborted');
    expect(ecm(hard, { seed: 1, budgetMs: 50 }).status).toBe('exhausted');
  });

  it('documents an increasing schedule with B2 = 100·B1', () => {
    for (let i = 0; i < ECM_LEVELS.length; i++) {
      const l = ECM_LEVELS[i];
      expect(l?.B2).toBe(100 * (l?.B1 ?? 0));
      if (i > 0) expect(l?.B1).toBeGreaterThan(ECM_LEVELS[i - 1]?.B1 ?? 0);
    }
  });
});

describe('ecm in the WebAssembly multi-limb kernel', () => {
  it('finds the same divisors as the BigInt arithmetic for fixed seeds (128–256 bits, B1 = 2000)', () => {
    const cases = [
      1000000000039n * 340282366920938463463374607431768211507n, // 40-bit × 128-bit
      1099511627791n * 1267650600228229401496703205653n, // 40-bit × 100-bit
      (2n ** 61n - 1n) * (2n ** 127n - 1n), // Mersenne primes: p − 1 smooth for neither
    ];
    const levels = [{ digits: 15, B1: 2000, B2: 200_000, curves: 4 }];
    for (const n of cases) {
      for (const seed of [1, 2, 3]) {
        const a = createEcmSplitter({ levels })(n, { seed });
        const b = createEcmSplitter({ levels, arithmetic: 'bigint' })(n, { seed });
        expect(a).toEqual(b);
      }
    }
  });

  it('reaches a prime in the second block of normalised giants, exactly up to B2, in both arithmetics', () => {
    // PARI/GP (ellcard of the Suyama curve of seed 16 over F_p): the group order is 2^3·3^2·7·193·706463, so
    // B1 = 11 000 needs stage 2 to reach 706 463 = 305·2310 + 913, a giant of the second block of 256 (m0 = 5)
    const p = 68719476767n;
    const n = p * 1237940039285380274899124357n;
    const curve = (B2: number, arithmetic: 'auto' | 'bigint') =>
      createEcmSplitter({ levels: [{ digits: 0, B1: 11_000, B2, curves: 1 }], arithmetic })(n, { seed: 16 });
    for (const arithmetic of ['auto', 'bigint'] as const) {
      expect(curve(11_000, arithmetic).status).toBe('exhausted');
      expect(curve(706_462, arithmetic).status).toBe('exhausted');
      expect(curve(706_463, arithmetic)).toMatchObject({ status: 'found', divisor: p });
    }
  });

  it('agrees with the BigInt arithmetic across block boundaries of giants (256, 257 and 597 giants)', () => {
    const n = 1099511627791n * 1267650600228229401496703205653n;
    // m0 = 5 at B1 = 11 000: B2 = 598 290 ends at m1 = 260 (256 giants), 600 600 at 261, 1 386 000 at 601
    for (const B2 of [598_290, 600_600, 1_386_000]) {
      const levels = [{ digits: 0, B1: 11_000, B2, curves: 2 }];
      for (const seed of [1, 2]) {
        expect(createEcmSplitter({ levels })(n, { seed })).toEqual(
          createEcmSplitter({ levels, arithmetic: 'bigint' })(n, { seed }),
        );
      }
    }
  });

  it('covers m0 = 1 (B1 < D/2) and stage 1 alone (B2 = B1) identically', () => {
    const n = 1000003n * 340282366920938463463374607431768211507n;
    for (const levels of [[{ digits: 0, B1: 50, B2: 5000, curves: 5 }], [{ digits: 0, B1: 300, B2: 300, curves: 5 }]]) {
      for (const seed of [4, 5]) {
        expect(createEcmSplitter({ levels })(n, { seed })).toEqual(
          createEcmSplitter({ levels, arithmetic: 'bigint' })(n, { seed }),
        );
      }
    }
  });
});
