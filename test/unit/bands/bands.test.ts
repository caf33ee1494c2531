import { isProbablyPrime } from 'bigint-crypto-utils';
import {
  BAND_RANGES,
  BAND_TABLE,
  DEFAULT_CROSSOVERS,
  adaptCrossovers,
  bandedFactorize,
  buildBandTable,
  classify,
  createAndInitializeBands,
  planFor,
  selectOptimalBand,
  type EngineObservation,
} from '../../../src/bands/index.js';
import { modPow } from '../../../src/primes/arith.js';
import type { Factorization } from '../../../src/primes/Factorization.js';
import { balancedSemiprimes, randomBits, randomPrime, rng } from '../../../bench/bandCorpus.js';

/** Independent verification: product matches and every factor is prime by another library's test. */
async function verify(n: bigint, f: Factorization): Promise<void> {
  let prod = BigInt(f.sign);
  for (const { prime, exponent } of f.factors) {
    expect(await isProbablyPrime(prime, 20, true)).toBe(true);
    prod *= prime ** BigInt(exponent);
  }
  if (f.status === 'partial') {
    expect(await isProbablyPrime(f.cofactor, 20, true)).toBe(false);
    prod *= f.cofactor;
  }
  expect(prod).toBe(n);
  const primes = f.factors.map((x) => x.prime);
  expect([...primes].sort((a, b) => (a < b ? -1 : 1))).toEqual(primes);
}

/** Miller–Rabin: true when base a proves n composite (independent of the library's primality code). */
function isStrongWitness(a: bigint, n: bigint): boolean {
  let d = n - 1n;
  let s = 0;
  while ((d & 1n) === 0n) {
    d >>= 1n;
    s++;
  }
  let x = modPow(a, d, n);
  if (x === 1n || x === n - 1n) return false;
  for (let i = 1; i < s; i++) {
    x = (x * x) % n;
    if (x === n - 1n) return false;
  }
  return true;
}

describe('band table', () => {
  it('covers every bit length once, with the PrimeOS names and ranges', () => {
    expect(BAND_RANGES.map((b) => [b.name, b.minBits, b.maxBits])).toEqual([
      ['DIRECT', 0, 15],
      ['ULTRABASS', 16, 32],
      ['BASS', 33, 64],
      ['MIDRANGE', 65, 128],
      ['UPPER_MID', 129, 256],
      ['TREBLE', 257, 512],
      ['SUPER_TREBLE', 513, 1024],
      ['ULTRASONIC_1', 1025, 2048],
      ['ULTRASONIC_2', 2049, 4096],
    ]);
    for (let i = 1; i < BAND_RANGES.length; i++) {
      expect(BAND_RANGES[i]!.minBits).toBe(BAND_RANGES[i - 1]!.maxBits + 1);
    }
  });

  it('classifies at every band edge', () => {
    for (const b of BAND_TABLE.slice(1)) {
      expect(classify(1n << BigInt(b.minBits - 1)).name).toBe(b.name);
      expect(classify((1n << BigInt(b.maxBits)) - 1n).name).toBe(b.name);
      expect(classify(-(1n << BigInt(b.maxBits - 1))).name).toBe(b.name);
    }
    expect(classify(1n << 5000n).name).toBe('ULTRASONIC_2');
    expect(classify(0n).name).toBe('DIRECT');
  });

  it('gives each band a plan that starts with trial division and covers every cofactor size up to its top', () => {
    for (const b of BAND_TABLE) {
      expect(b.plan[0]?.engine).toBe('tdiv');
      for (const s of b.plan) expect(s.minBits ?? 0).toBeLessThanOrEqual(b.maxBits);
      // some splitting engine beyond trial division applies at every composite size 17..top
      for (let bits = 17; bits <= Math.min(b.maxBits, 600); bits++) {
        const usable = b.plan.filter(
          (s) => s.engine !== 'tdiv' && (s.minBits ?? 0) <= bits && (s.maxBits ?? Infinity) >= bits,
        );
        expect(usable.length).toBeGreaterThan(0);
      }
    }
    const mid = BAND_TABLE.find((b) => b.name === 'MIDRANGE')!;
    expect(mid.plan.map((s) => s.engine)).toContain('siqs');
    const treble = BAND_TABLE.find((b) => b.name === 'SUPER_TREBLE')!;
    // SIQS only ever runs on cofactors within its range, never on a SUPER_TREBLE-sized composite
    for (const s of treble.plan.filter((x) => x.engine === 'siqs')) {
      expect(s.maxBits).toBeLessThanOrEqual(DEFAULT_CROSSOVERS.siqsMaxBits);
    }
    expect(treble.plan.filter((s) => s.engine === 'ecm').length).toBeGreaterThanOrEqual(5);
  });

  it('moves SIQS in or out of a band when the crossovers move', () => {
    const t = buildBandTable({ ...DEFAULT_CROSSOVERS, siqsMinBits: 70, rhoMainMaxBits: 70 });
    const bass = t.find((b) => b.name === 'BASS')!;
    expect(bass.plan.map((s) => s.engine)).not.toContain('siqs');
  });
});

describe('selectOptimalBand', () => {
  it('weighs by cost, not by count', () => {
    const small = Array.from({ length: 1000 }, (_, i) => BigInt(i + 2));
    const sel = selectOptimalBand([...small, (1n << 150n) + 1n]);
    expect(sel.band.name).toBe('UPPER_MID');
    expect(sel.counts).toMatchObject({ DIRECT: 1000, UPPER_MID: 1 });
    const shares = Object.values(sel.costShare).reduce((a, b) => a + b, 0);
    expect(shares).toBeCloseTo(1, 9);
  });

  it('rejects an empty batch', () => {
    expect(() => selectOptimalBand([])).toThrow(RangeError);
  });
});

describe('bandedFactorize', () => {
  const sizes = [32, 48, 64, 80, 96, 112, 128];
  it.each(sizes)('factors 5 balanced %i-bit semiprimes into their two primes', async (bits) => {
    for (const { n, p, q } of balancedSemiprimes(bits, 5, 11)) {
      const f = bandedFactorize(n);
      expect(f.status).toBe('complete');
      expect(f.factors.map((x) => x.prime)).toEqual([p, q]);
      await verify(n, f);
    }
  });

  it('takes factors below 2^20 off pretest-sized numbers by trial division alone', async () => {
    const next = rng(2020);
    for (const bits of [DEFAULT_CROSSOVERS.pretestMinBits, 128, 160, 200]) {
      const p = randomPrime(next, 20);
      const n = p * randomPrime(next, bits - 20);
      const f = bandedFactorize(n);
      expect(f.status).toBe('complete');
      expect(f.method).toEqual(['tdiv']);
      expect(f.factors[0]?.prime).toBe(p);
      await verify(n, f);
    }
  });

  it('splits a 24–32-bit factor off 112–192-bit numbers by the ECM pretest, before SIQS', async () => {
    const next = rng(2026);
    for (const small of [24, 28, 32]) {
      for (const bits of [112, 128, 160, 192]) {
        const p = randomPrime(next, small);
        const n = p * randomPrime(next, bits - small);
        const f = bandedFactorize(n);
        expect(f.status).toBe('complete');
        expect(f.method).toEqual(['ecm']);
        expect(f.factors[0]?.prime).toBe(p);
        await verify(n, f);
      }
    }
  });

  it('factors random 128-bit numbers completely', async () => {
    const next = rng(128);
    for (let i = 0; i < 5; i++) {
      const n = randomBits(next, 128);
      const f = bandedFactorize(n);
      expect(f.status).toBe('complete');
      await verify(n, f);
    }
  });

  it('returns complete or an honest partial on random 256-bit numbers within a small budget', async () => {
    const next = rng(256);
    for (let i = 0; i < 3; i++) {
      const n = randomBits(next, 256);
      const f = bandedFactorize(n, { budgetMs: 3_000 });
      expect(['complete', 'partial']).toContain(f.status);
      expect(f.band).toBe('UPPER_MID');
      await verify(n, f);
    }
  });

  it('reports a 512-bit product of two 256-bit primes as partial with a compositeness witness', async () => {
    const next = rng(512);
    const n = randomPrime(next, 256) * randomPrime(next, 256);
    const f = bandedFactorize(n, { budgetMs: 1_500 });
    expect(f.status).toBe('partial');
    if (f.status !== 'partial') return;
    expect(f.cofactor).toBe(n);
    expect(f.reason).toBe('budget');
    expect(isStrongWitness(f.witness, n)).toBe(true);
    expect(f.effort.ecmCurves ?? 0).toBeGreaterThan(0);
    await verify(n, f);
  });

  it('stops promptly with reason aborted when the signal fires', () => {
    const next = rng(777);
    const n = randomPrime(next, 150) * randomPrime(next, 150);
    const ac = new AbortController();
    ac.abort();
    const f = bandedFactorize(n, { signal: ac.signal });
    expect(f.status).toBe('partial');
    if (f.status === 'partial') expect(f.reason).toBe('aborted');
  });

  it('planFor scales budgets and names the band', () => {
    const { band, stages } = planFor(1n << 100n, { budgetScale: 0.5 });
    expect(band.name).toBe('MIDRANGE');
    expect(stages.map((s) => s.budgetMs)).toEqual(band.plan.map((s) => s.budgetMs * 0.5));
  });
});

describe('adaptCrossovers', () => {
  const obs = (engine: 'rho' | 'siqs', bits: number, ms: number, n = 3): EngineObservation[] =>
    Array.from({ length: n }, () => ({ engine, bits, ms, found: true }));

  it('keeps the crossovers without evidence', () => {
    expect(adaptCrossovers(DEFAULT_CROSSOVERS, obs('rho', 50, 1, 2))).toBe(DEFAULT_CROSSOVERS);
  });

  it('moves the rho → SIQS crossover to the first bucket where SIQS is faster', () => {
    const next = adaptCrossovers(DEFAULT_CROSSOVERS, [
      ...obs('rho', 49, 1),
      ...obs('siqs', 49, 5),
      ...obs('rho', 53, 9),
      ...obs('siqs', 53, 4),
      ...obs('rho', 57, 30),
      ...obs('siqs', 57, 6),
    ]);
    expect(next.siqsMinBits).toBe(52);
    expect(next.rhoMainMaxBits).toBe(52);
  });

  it('ignores calls that found nothing', () => {
    const failed = obs('siqs', 53, 0.1).map((o) => ({ ...o, found: false }));
    expect(adaptCrossovers(DEFAULT_CROSSOVERS, [...obs('rho', 53, 9), ...failed])).toBe(DEFAULT_CROSSOVERS);
  });
});

describe('BandsModel', () => {
  it('factorises through process(), measures per band and adapts from its own observations', async () => {
    const bands = await createAndInitializeBands();
    expect(bands.classifyNumber(1n << 40n)).toBe('BASS');
    const ns = balancedSemiprimes(56, 3, 5).map((x) => x.n);
    for (const n of ns) {
      const r = await bands.process(n);
      expect(r.success && r.data.status).toBe('complete');
    }
    const perf = bands.getPerformanceMetrics();
    expect(perf.bands.BASS?.count).toBe(3);
    expect(perf.bands.BASS?.complete).toBe(3);
    expect(perf.bands.BASS?.totalMs).toBeGreaterThan(0);
    expect(perf.observations).toBeGreaterThan(0);
    expect(bands.adapt()).toEqual(DEFAULT_CROSSOVERS); // rho only: no comparison possible yet
    const opt = bands.optimizeBatch([3n, 1n << 100n]);
    expect(opt.band.name).toBe('MIDRANGE');
    expect(opt.batchSize).toBe(opt.band.processing.batchSize);
    await bands.reset();
    expect(bands.getPerformanceMetrics().observations).toBe(0);
    await bands.terminate();
  });
});

describe('plan fallbacks', () => {
  it('factors 2^64 + 1 (a base-2 strong pseudoprime that once made SIQS give up)', () => {
    const f = bandedFactorize(2n ** 64n + 1n);
    expect(f.status).toBe('complete');
    expect(f.factors.map((x) => x.prime)).toEqual([274177n, 67280421310721n]);
  });

  it('keeps rho and ECM after SIQS in the SIQS range, for any number SIQS gives up on', () => {
    const plan = (BAND_TABLE.find((b) => b.name === 'MIDRANGE')?.plan ?? []).map((s) => s.engine);
    const at = plan.indexOf('siqs');
    expect(at).toBeGreaterThan(0);
    expect(plan.slice(at + 1)).toEqual(expect.arrayContaining(['rho', 'ecm']));
  });
});
