import { fc, test } from '@fast-check/jest';
import { primesUpTo } from '../../../src/primes/smallPrimes.js';
import {
  createTrialDivisionSplitter,
  TRIAL_DIVISION_MAX_BOUND,
  trialDivide,
  trialDivision,
} from '../../../src/primes/trialDivision.js';

const PRIMES_MAX = Array.from(primesUpTo(TRIAL_DIVISION_MAX_BOUND), (p) => BigInt(p));

/** The oracle: one BigInt `%` per prime ≤ bound. */
function naiveTrialDivide(n: bigint, bound: number): { factors: [bigint, number][]; cofactor: bigint } {
  const factors: [bigint, number][] = [];
  for (const p of PRIMES_MAX) {
    if (p > BigInt(bound)) break;
    let e = 0;
    while (n % p === 0n) {
      n /= p;
      e++;
    }
    if (e > 0) factors.push([p, e]);
  }
  return { factors, cofactor: n };
}

/** n = (random cofactor) · Π (small prime)^e from the generated picks. */
const smoothTimesRandom = fc
  .tuple(
    fc.bigInt({ min: 1n, max: 2n ** 600n }),
    fc.array(fc.tuple(fc.nat({ max: PRIMES_MAX.length - 1 }), fc.integer({ min: 1, max: 3 })), { maxLength: 6 }),
  )
  .map(([c, picks]) => picks.reduce((n, [i, e]) => n * (PRIMES_MAX[i] as bigint) ** BigInt(e), c));

function naiveFactor(n: number): Map<number, number> {
  const m = new Map<number, number>();
  for (let p = 2; p * p <= n; p++) {
    while (n % p === 0) {
      m.set(p, (m.get(p) ?? 0) + 1);
      n /= p;
    }
  }
  if (n > 1) m.set(n, (m.get(n) ?? 0) + 1);
  return m;
}

describe('trialDivide', () => {
  it('removes exactly the prime factors ≤ bound (compared with naive factoring)', () => {
    for (let n = 1; n < 5000; n += 7) {
      const r = trialDivide(BigInt(n), { bound: 50 });
      const naive = naiveFactor(n);
      let rest = n;
      for (const [p, e] of naive) if (p <= 50) rest /= p ** e;
      expect(r.cofactor).toBe(BigInt(rest));
      expect(r.factors.map((f) => [Number(f.prime), f.exponent])).toEqual(
        [...naive.entries()].filter(([p]) => p <= 50).sort((a, b) => a[0] - b[0]),
      );
    }
  });

  it('works on bigints above 2^53 and reports a prime cofactor ≤ bound as a factor', () => {
    const n = 2n ** 70n * 3n ** 5n * 65521n * 1000003n * 1000033n;
    const r = trialDivide(n, { bound: 65536 });
    expect(r.factors).toEqual([
      { prime: 2n, exponent: 70 },
      { prime: 3n, exponent: 5 },
      { prime: 65521n, exponent: 1 },
    ]);
    expect(r.cofactor).toBe(1000003n * 1000033n);
    expect(trialDivide(8n * 1009n, { bound: 65536 }).factors).toEqual([
      { prime: 2n, exponent: 3 },
      { prime: 1009n, exponent: 1 },
    ]);
  });
});

describe('trialDivide on every size path (below 2^31, one 32-bit limb, several limbs)', () => {
  it('agrees with per-prime BigInt division on random products across 2^53 and 2^64', () => {
    const small = primesUpTo(2000);
    let seed = 99;
    const rnd = (k: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % k;
    };
    for (let t = 0; t < 400; t++) {
      let n = BigInt(1 + rnd(1 << 30)) * BigInt(1 + rnd(1 << 30));
      for (let j = rnd(6); j > 0; j--) n *= BigInt(small[rnd(small.length)] as number);
      if (t % 3 === 0) n *= 2n ** BigInt(rnd(40));
      const expected: [bigint, number][] = [];
      let rest = n;
      for (const p of small) {
        const P = BigInt(p);
        let e = 0;
        while (rest % P === 0n) {
          rest /= P;
          e++;
        }
        if (e > 0) expected.push([P, e]);
      }
      const r = trialDivide(n, { bound: 2000 });
      expect(r.factors.map((f) => [f.prime, f.exponent])).toEqual(expected);
      expect(r.cofactor).toBe(rest);
    }
  });
});

describe('trialDivide against one BigInt % per prime', () => {
  test.prop([smoothTimesRandom, fc.integer({ min: 0, max: 20000 })], { numRuns: 500 })(
    'same factors and cofactor as the naive oracle (bounds up to 20000, n up to ~700 bits)',
    (n, bound) => {
      const r = trialDivide(n, { bound });
      const o = naiveTrialDivide(n, bound);
      expect(r.factors.map((f) => [f.prime, f.exponent])).toEqual(o.factors);
      expect(r.cofactor).toBe(o.cofactor);
      expect(r.stopped).toBeUndefined();
    },
  );

  test.prop([smoothTimesRandom], { numRuns: 25 })(
    'same result at the largest bound 2^21 (the one-limb path for primes above 2^20)',
    (n) => {
      const r = trialDivide(n, { bound: TRIAL_DIVISION_MAX_BOUND });
      const o = naiveTrialDivide(n, TRIAL_DIVISION_MAX_BOUND);
      expect(r.factors.map((f) => [f.prime, f.exponent])).toEqual(o.factors);
      expect(r.cofactor).toBe(o.cofactor);
    },
  );

  test.prop([fc.bigInt({ min: 1n, max: 2n ** 31n }), fc.integer({ min: 2, max: 3000 })], { numRuns: 500 })(
    'n < 2^31 (multiply-by-inverse test) agrees with the oracle',
    (n, bound) => {
      const r = trialDivide(n, { bound });
      const o = naiveTrialDivide(n, bound);
      expect(r.factors.map((f) => [f.prime, f.exponent])).toEqual(o.factors);
      expect(r.cofactor).toBe(o.cofactor);
    },
  );

  it('finds primes just below 2^20, across the 2^20 switch and just below 2^21 in large n', () => {
    const big = PRIMES_MAX.filter((p) => p > 2n ** 20n - 200n && p < 2n ** 20n + 200n);
    const top = PRIMES_MAX.slice(-3);
    const n = (2n ** 127n - 1n) * big.reduce((a, b) => a * b, 1n) * top.reduce((a, b) => a * b ** 2n, 1n);
    const r = trialDivide(n, { bound: TRIAL_DIVISION_MAX_BOUND });
    expect(r.factors).toEqual([
      ...big.map((p) => ({ prime: p, exponent: 1 })),
      ...top.map((p) => ({ prime: p, exponent: 2 })),
    ]);
    expect(r.cofactor).toBe(2n ** 127n - 1n);
  });

  it('returns a verified partial result when the budget runs out', () => {
    const n = 3n ** 4n * 5n * 1009n * (2n ** 127n - 1n) * (2n ** 61n - 1n);
    const r = trialDivide(n, { bound: TRIAL_DIVISION_MAX_BOUND, budgetMs: 0 });
    expect(r.stopped).toBe('budget');
    expect(r.reached).toBeLessThan(TRIAL_DIVISION_MAX_BOUND);
    expect(r.factors).toEqual([
      { prime: 3n, exponent: 4 },
      { prime: 5n, exponent: 1 },
      { prime: 1009n, exponent: 1 },
    ]);
    expect(r.factors.reduce((a, f) => a * f.prime ** BigInt(f.exponent), r.cofactor)).toBe(n);
    // every prime ≤ reached was tried: the cofactor has no factor ≤ reached
    expect(naiveTrialDivide(r.cofactor, r.reached).factors).toEqual([]);
  });

  it('firstOnly stops at the smallest prime factor and reports it as reached', () => {
    const r = trialDivide(7n ** 3n * 11n * (2n ** 89n - 1n), { bound: 65536, firstOnly: true });
    expect(r.factors).toEqual([{ prime: 7n, exponent: 3 }]);
    expect(r.reached).toBe(7);
    expect(r.cofactor).toBe(11n * (2n ** 89n - 1n));
  });
});

describe('trialDivision splitter', () => {
  it('returns the smallest prime factor within the bound, else exhausted', () => {
    const out = trialDivision(65537n * 65539n * 3001n * 3011n, {});
    expect(out).toMatchObject({ status: 'found', divisor: 3001n });
    expect(trialDivision(65537n * 65539n, {}).status).toBe('exhausted');
    const big = createTrialDivisionSplitter({ bound: 70000 });
    expect(big(65537n * 65539n, {})).toMatchObject({ status: 'found', divisor: 65537n });
  });

  it('stops on an aborted signal', () => {
    const ac = new AbortController();
    ac.abort();
    const split = createTrialDivisionSplitter({ bound: 1 << 24 });
    expect(split(2n ** 127n - 1n, { signal: ac.signal }).status).toBe('aborted');
  });
});
