import { isProbablyPrime } from 'bigint-crypto-utils';
import type { Factorization } from '../../../src/primes/Factorization.js';
import type { FactorStage } from '../../../src/primes/factorize.js';
import { factorize, factorizeWith, resolveFactorizeOptions } from '../../../src/primes/factorize.js';
import { bandedFactorize } from '../../../src/bands/bandedFactorize.js';
import fc from 'fast-check';
import { isStrongProbablePrime } from '../../../src/primes/primality.js';
import { isqrt } from '../../../src/primes/arith.js';
import { factorStageSpecs } from '../../../src/primes/factorPlan.js';
import type { Splitter } from '../../../src/primes/Splitter.js';

function pairs(f: Factorization): [bigint, number][] {
  return f.factors.map((x) => [x.prime, x.exponent]);
}

describe('factorize', () => {
  it('follows the documented conventions for 0, ±1 and negatives', () => {
    const zero = factorize(0n);
    expect(zero.status).toBe('failed');
    if (zero.status === 'failed') expect(zero.error.code).toBe('E_RANGE');
    expect(factorize(1n)).toMatchObject({ status: 'complete', factors: [], sign: 1 });
    expect(factorize(-1n)).toMatchObject({ status: 'complete', factors: [], sign: -1 });
    const neg = factorize(-360);
    expect(neg).toMatchObject({ status: 'complete', sign: -1, n: -360n, bits: 9, method: ['tdiv'] });
    expect(pairs(neg)).toEqual([
      [2n, 3],
      [3n, 2],
      [5n, 1],
    ]);
    expect(() => factorize(0.5)).toThrow(expect.objectContaining({ code: 'E_RANGE' }));
  });

  it('refuses inputs above maxBits with E_RANGE', () => {
    const f = factorize(2n ** 100n, { maxBits: 64 });
    expect(f.status).toBe('failed');
    if (f.status === 'failed') expect(f.error.code).toBe('E_RANGE');
  });

  it('factors Fermat numbers, prime powers and mixed products exactly', () => {
    expect(pairs(factorize(2n ** 64n + 1n))).toEqual([
      [274177n, 1],
      [67280421310721n, 1],
    ]);
    const m61 = 2n ** 61n - 1n;
    const f = factorize(m61 ** 3n * 17n ** 2n);
    expect(pairs(f)).toEqual([
      [17n, 2],
      [m61, 3],
    ]);
    expect(f.method).toEqual(['tdiv', 'power']);
    expect(f.factors.every((x) => x.certainty === 'proven')).toBe(true);
    const m127 = 2n ** 127n - 1n;
    const g = factorize(m127 * 3n);
    expect(g.factors.at(-1)).toEqual({ prime: m127, exponent: 1, certainty: 'probable' });
  });

  it('is deterministic for a given seed', () => {
    const n = 1000000000039n * 1000000000061n * 4294967291n;
    const a = factorize(n, { seed: 9 });
    const b = factorize(n, { seed: 9 });
    expect(pairs(a)).toEqual(pairs(b));
    expect(a.method).toEqual(b.method);
    expect(a.effort).toEqual(b.effort);
  });

  it('returns partial with a cofactor and a Miller–Rabin witness when the budget runs out', () => {
    const hard = (2n ** 89n - 1n) * (2n ** 107n - 1n) * 6n;
    const f = factorize(hard, { budgetMs: 200 });
    expect(f.status).toBe('partial');
    if (f.status === 'partial') {
      expect(f.reason).toBe('budget');
      expect(f.cofactor).toBe((2n ** 89n - 1n) * (2n ** 107n - 1n));
      expect(isStrongProbablePrime(f.cofactor, f.witness)).toBe(false);
      expect(pairs(f)).toEqual([
        [2n, 1],
        [3n, 1],
      ]);
    }
    const ac = new AbortController();
    ac.abort();
    const g = factorize(hard, { signal: ac.signal });
    expect(g).toMatchObject({ status: 'partial', reason: 'aborted' });
  });

  it('runs an injected plan: a custom Fermat stage finds close factors and is named in method', () => {
    const fermat: Splitter = (n) => {
      let a = isqrt(n);
      if (a * a < n) a++;
      for (let i = 0; i < 1000; i++, a++) {
        const b2 = a * a - n;
        const b = isqrt(b2);
        if (b * b === b2) return { status: 'found', divisor: a - b, effort: {} };
      }
      return { status: 'exhausted', effort: {} };
    };
    const plan: FactorStage[] = [{ name: 'fermat', split: fermat, budgetMs: 1000 }];
    const p = 2n ** 89n - 1n;
    let q = p + 2n;
    while (!isStrongProbablePrime(q, 2n) || !isStrongProbablePrime(q, 3n)) q += 2n;
    const f = factorize(p * q, { plan });
    expect(f.status).toBe('complete');
    expect(f.method).toEqual(['fermat']);
    expect(pairs(f)).toEqual([
      [p, 1],
      [q, 1],
    ]);
    // an empty plan can only strip tiny primes
    expect(factorize(p * q * 5n, { plan: [] })).toMatchObject({ status: 'partial', cofactor: p * q });
    // the default plan is the one measured plan (every stage of factorStageSpecs), as the band planner uses it
    expect(resolveFactorizeOptions({}).plan.map((s) => s.name)).toEqual(factorStageSpecs().map((s) => s.engine));
  });

  it('runs a stage only on composites within its bit range, cofactors included', () => {
    const seen: number[] = [];
    const smallest: Splitter = (n) => {
      seen.push(n.toString(2).length);
      for (let d = 3n; d * d <= n; d += 2n) if (n % d === 0n) return { status: 'found', divisor: d, effort: {} };
      return { status: 'exhausted', effort: {} };
    };
    // 1031 · 1033 · 1039 · 1049 has 41 bits; 31 after the first split, 21 after the second
    const n = 1031n * 1033n * 1039n * 1049n;
    const plan: FactorStage[] = [
      { name: 'big', split: smallest, budgetMs: 1000, minBits: 25 },
      { name: 'small', split: smallest, budgetMs: 1000, maxBits: 24 },
    ];
    const f = factorize(n, { plan });
    expect(f.status).toBe('complete');
    expect(f.method).toEqual(['big', 'small']);
    expect(seen).toEqual([41, 31, 21]);
    // a plan whose only stage is out of range leaves the composite unsplit, honestly
    expect(factorize(n, { plan: [{ name: 'big', split: smallest, budgetMs: 1000, minBits: 64 }] })).toMatchObject({
      status: 'partial',
      cofactor: n,
    });
  });

  it('uses SIQS by default between 65 and 240 bits (a 97-bit semiprime)', async () => {
    let p = 2n ** 47n + 1n;
    while (!(await isProbablyPrime(p, 20, true))) p += 2n;
    let q = 2n ** 49n + 1n;
    while (!(await isProbablyPrime(q, 20, true))) q += 2n;
    const f = factorize(p * q);
    expect(f.status).toBe('complete');
    expect(f.method).toEqual(['siqs']);
    expect(pairs(f)).toEqual([
      [p, 1],
      [q, 1],
    ]);
  });

  it('rejects a lying engine with E_INTERNAL instead of returning a wrong result', () => {
    const liar: Splitter = () => ({ status: 'found', divisor: 7n, effort: {} });
    const f = factorize(1000003n * 1000033n, { plan: [{ name: 'liar', split: liar, budgetMs: 10 }] });
    expect(f.status).toBe('failed');
    if (f.status === 'failed') expect(f.error.code).toBe('E_INTERNAL');
  });

  it('factors a 100-bit balanced semiprime whose factors an independent test calls prime', async () => {
    const p = 1125899906842679n; // 2^50 + 55
    const q = 1125899906842723n; // 2^50 + 99
    expect(await isProbablyPrime(p, 16, true)).toBe(true);
    expect(await isProbablyPrime(q, 16, true)).toBe(true);
    const f = factorize(p * q);
    expect(f.status).toBe('complete');
    expect(pairs(f)).toEqual([
      [p, 1],
      [q, 1],
    ]);
  });
});

describe('perfect powers (float-screened roots below 2^40, Newton roots above)', () => {
  /** Exact p-th root by bisection: the independent oracle. */
  const rootOracle = (n: bigint, p: number): bigint => {
    let lo = 0n;
    let hi = 1n << BigInt(Math.ceil(n.toString(2).length / p) + 1);
    while (lo < hi) {
      const mid = (lo + hi + 1n) / 2n;
      if (mid ** BigInt(p) <= n) lo = mid;
      else hi = mid - 1n;
    }
    return lo;
  };

  it('b^k · s (b above the tiny bound, roots on both sides of 2^40) factors back with the right exponents', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1025n, max: (1n << 56n) - 1n }),
        fc.integer({ min: 2, max: 7 }),
        fc.constantFrom(1n, 2n, 12n, 1021n),
        (b, k, s) => {
          const n = b ** BigInt(k) * s;
          if (n.toString(2).length > 200) return;
          const f = factorize(n, { budgetMs: 30_000 });
          expect(f.status).toBe('complete');
          let product = 1n;
          for (const x of f.factors) product *= x.prime ** BigInt(x.exponent);
          expect(product).toBe(n);
          for (const x of f.factors) {
            for (const a of [2n, 3n, 5n, 7n]) if (x.prime > a) expect(isStrongProbablePrime(x.prime, a)).toBe(true);
          }
          // every exponent of n is a multiple of k's contribution: the largest exponent is at least k
          expect(Math.max(...f.factors.map((x) => x.exponent))).toBeGreaterThanOrEqual(k);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('near-powers (b^k ± 1, b^k ± 2^20) are not taken for powers', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1025n, max: (1n << 24n) - 1n }),
        fc.integer({ min: 2, max: 3 }),
        fc.constantFrom(1n, -1n, 1n << 20n, -(1n << 20n)),
        (b, k, d) => {
          const n = b ** BigInt(k) + d;
          const f = factorize(n, { budgetMs: 30_000 });
          expect(f.status).toBe('complete');
          let product = 1n;
          for (const x of f.factors) product *= x.prime ** BigInt(x.exponent);
          expect(product).toBe(n);
          if (f.method.includes('power')) {
            // a power was found somewhere: the oracle must confirm one of the pieces is a true power
            expect(f.factors.some((x) => x.exponent >= 2)).toBe(true);
          }
          expect(rootOracle(n, k) ** BigInt(k) === n).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('factorizeWith', () => {
  it('gives the same result as factorize with the same options', () => {
    const o = resolveFactorizeOptions({ budgetMs: 10_000, seed: 3 });
    for (const n of [0n, 1n, -1n, 360n, -(2n ** 64n + 1n), 1000003n * 1000033n, 2n ** 61n - 1n]) {
      const a = factorizeWith(n, o);
      const b = factorize(n, { budgetMs: 10_000, seed: 3 });
      expect({ ...a, elapsedMs: 0 }).toEqual({ ...b, elapsedMs: 0 });
    }
  });

  it('bandedFactorize honours an options object changed in place between calls', () => {
    const options: { maxBits: number } = { maxBits: 4096 };
    expect(bandedFactorize(2n ** 70n + 1n, options).status).toBe('complete');
    options.maxBits = 64;
    expect(bandedFactorize(2n ** 70n + 1n, options)).toMatchObject({ status: 'failed', error: { code: 'E_RANGE' } });
  });
});

describe('budgets hold at every size (primality tests, roots and trial division stop at the deadline)', () => {
  /** A deterministic odd number of exactly `bits` bits. */
  function oddOfBits(bits: number, seed: number): bigint {
    let n = 1n;
    let s = BigInt(seed);
    for (let i = 0; i < bits; i += 31) {
      s = (s * 1103515245n + 12345n) % 2147483648n;
      n = (n << 31n) | s;
    }
    return (n >> BigInt(n.toString(2).length - bits)) | 1n;
  }

  it('a 190,000-bit input with a 1 s budget gives a typed non-complete result (it took minutes before)', () => {
    const n = oddOfBits(190_000, 7);
    const t = performance.now();
    const f = factorize(n, { budgetMs: 1000, maxBits: 200_000 });
    const ms = performance.now() - t;
    expect(f.status).toBe('failed');
    if (f.status === 'failed') expect(f.error.code).toBe('E_BUDGET');
    // 1 s of budget plus generous slack for a loaded machine; unbounded (≈ 500 s) without the deadline checks
    expect(ms).toBeLessThan(6000);
    // whatever was found is real
    for (const { prime, exponent } of f.factors) expect(n % prime ** BigInt(exponent)).toBe(0n);
  });

  it('a random 16k-bit odd number with a 100 ms budget returns promptly, typed (it took 12 s before)', () => {
    const n = oddOfBits(16_384, 11);
    const t = performance.now();
    const f = bandedFactorize(n, { budgetMs: 100, maxBits: 20_000 });
    expect(performance.now() - t).toBeLessThan(2000);
    expect(f.status).not.toBe('complete');
    if (f.status === 'failed') expect(f.error.code).toBe('E_BUDGET');
  });

  it('an aborted signal stops a huge primality test with E_ABORTED', () => {
    const ac = new AbortController();
    ac.abort();
    const f = factorize(oddOfBits(20_000, 3), { signal: ac.signal, maxBits: 20_000 });
    expect(f.status).toBe('failed');
    if (f.status === 'failed') expect(f.error.code).toBe('E_ABORTED');
  });

  it('a partial result of a composite beyond 2^2048 carries a real witness without overrunning its budget', () => {
    const n = oddOfBits(3000, 5);
    const t = performance.now();
    const f = factorize(n, { budgetMs: 300 });
    expect(performance.now() - t).toBeLessThan(5000); // ≈ 0.35 s idle; generous for a loaded machine
    // The trial-division stage may use the whole budget, so whether the cofactor's base-2 test still fits
    // is a race: either a partial whose witness really proves the cofactor composite, or a typed budget failure.
    if (f.status === 'partial') expect(isStrongProbablePrime(f.cofactor, f.witness)).toBe(false);
    else expect(f).toMatchObject({ status: 'failed', error: { code: 'E_BUDGET' } });
    for (const { prime, exponent } of f.factors) expect(n % prime ** BigInt(exponent)).toBe(0n);
  });
});
