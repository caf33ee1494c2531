import { primesUpTo } from '../../../src/primes/smallPrimes.js';
import { createTrialDivisionSplitter, trialDivide, trialDivision } from '../../../src/primes/trialDivision.js';

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

describe('trialDivide on every size path (Number, two 32-bit limbs, bigint groups)', () => {
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
