import {
  createMicroEcmSplitter,
  MICRO_ECM_MIN,
  MICRO_ECM_PLANS,
  microEcm,
  microEcmStage1Scalar,
} from '../../../src/primes/microEcm.js';
import { wasmRho, wasmStrongProbablePrime } from '../../../src/primes/internal/wasmKernel.js';

const P32 = [4294967291n, 4294967279n, 4294967231n, 4294967197n];
const gcdOracle = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcdOracle(b, a % b));

describe('microEcm', () => {
  it('splits products of 32-bit primes (near 2^64) into their primes', () => {
    for (let i = 0; i + 1 < P32.length; i++) {
      const n = (P32[i] as bigint) * (P32[i + 1] as bigint);
      const out = microEcm(n, { seed: i });
      expect(out.status).toBe('found');
      if (out.status === 'found') expect([P32[i], P32[i + 1]]).toContain(out.divisor);
      expect(out.effort.ecmCurves).toBeGreaterThan(0);
      expect(MICRO_ECM_PLANS.map((p) => p.b1)).toContain(out.effort.ecmB1);
    }
  });

  it('splits a 37-bit, a 40-bit and a 48-bit semiprime', () => {
    for (const [p, q] of [
      [262147n, 262151n],
      [1048573n, 1048583n],
      [16777213n, 16777259n],
    ] as const) {
      const out = microEcm(p * q, { seed: 3 });
      expect(out.status === 'found' && (out.divisor === p || out.divisor === q)).toBe(true);
    }
  });

  it('is deterministic for a seed', () => {
    const n = 4294967291n * 4294967231n;
    expect(microEcm(n, { seed: 5 })).toEqual(microEcm(n, { seed: 5 }));
    const a = createMicroEcmSplitter({ maxCurves: 3 });
    expect(a(n, { seed: 9 })).toEqual(a(n, { seed: 9 }));
  });

  it('gives the same result when other kernel calls on other moduli come in between', () => {
    const n = 4294967291n * 4294967231n;
    const alone = microEcm(n, { seed: 12 });
    const split = createMicroEcmSplitter({ maxCurves: 1 });
    const interleaved: unknown[] = [];
    for (let curves = 1; curves <= (alone.effort.ecmCurves ?? 0); curves++) {
      // one curve at a time, with the rho and sprp kernels on other moduli in between
      interleaved.push(createMicroEcmSplitter({ maxCurves: curves })(n, { seed: 12 }).status);
      wasmRho(1000003n * 1000033n, 1n, 2n, 1 << 16);
      wasmStrongProbablePrime(2n ** 61n - 1n, [2n]);
      split(1048573n * 1048583n, { seed: 1 });
    }
    const k = alone.effort.ecmCurves ?? 0;
    expect(alone.status).toBe('found');
    expect(interleaved).toEqual([...Array.from({ length: k - 1 }, () => 'exhausted'), 'found']);
    expect(microEcm(n, { seed: 12 })).toEqual(alone);
  });

  it('reports exhausted, with no curves, for n out of range', () => {
    // below 2^36, 2^64 and above, even
    for (const n of [MICRO_ECM_MIN - 1n, 65521n * 65537n, 1n << 64n, (1n << 64n) + 13n, 2n * 4294967291n * 1031n]) {
      expect(microEcm(n, { seed: 1 })).toEqual({ status: 'exhausted', effort: { ecmCurves: 0 } });
    }
    const small = createMicroEcmSplitter({ minN: 1n << 30n });
    expect(small(65521n * 65537n, { seed: 1 }).status).toBe('found');
  });

  it('never claims a divisor of a prime (2^64 − 59)', () => {
    const out = createMicroEcmSplitter({ maxCurves: 30 })((1n << 64n) - 59n, { seed: 1 });
    expect(out).toEqual({ status: 'exhausted', effort: { ecmCurves: 30, ecmB1: 175 } });
  });

  it('stops at the curve cap, on a past deadline and on an aborted signal', () => {
    const n = 4294967291n * 4294967279n;
    expect(createMicroEcmSplitter({ maxCurves: 0 })(n, { seed: 1 }).status).toBe('exhausted');
    expect(microEcm(n, { seed: 1, budgetMs: -1 })).toEqual({
      status: 'exhausted',
      effort: { ecmCurves: 0, ecmB1: 175 },
    });
    const ac = new AbortController();
    ac.abort();
    expect(microEcm(n, { seed: 1, signal: ac.signal }).status).toBe('aborted');
  });

  it('uses Π p^⌊log_p B1⌋ as the stage-1 scalar (= lcm(1..B1))', () => {
    for (const b1 of [2, 10, 20, 35, 85]) {
      let lcm = 1n;
      for (let k = 2n; k <= BigInt(b1); k++) lcm = (lcm * k) / gcdOracle(lcm, k);
      expect(microEcmStage1Scalar(b1)).toBe(lcm);
    }
    for (let i = 1; i < MICRO_ECM_PLANS.length; i++) {
      expect(MICRO_ECM_PLANS[i]?.maxBits).toBeGreaterThan(MICRO_ECM_PLANS[i - 1]?.maxBits ?? 0);
    }
    expect(MICRO_ECM_PLANS[MICRO_ECM_PLANS.length - 1]?.maxBits).toBe(64);
  });
});
