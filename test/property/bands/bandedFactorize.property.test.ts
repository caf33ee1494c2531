import fc from 'fast-check';
import { isProbablyPrime } from 'bigint-crypto-utils';
import { bandedFactorize, DEFAULT_CROSSOVERS } from '../../../src/bands/index.js';
import { randomPrime, rng } from '../../../bench/bandCorpus.js';

describe('bandedFactorize (properties)', () => {
  it('multiplies back to n with factors that another library proves prime, for any n below 2^90', async () => {
    await fc.assert(
      fc.asyncProperty(fc.bigInt({ min: -(1n << 90n), max: 1n << 90n }), async (n) => {
        fc.pre(n !== 0n);
        const f = bandedFactorize(n);
        expect(f.status).toBe('complete');
        let prod = BigInt(f.sign);
        let last = 0n;
        for (const { prime, exponent } of f.factors) {
          expect(prime).toBeGreaterThan(last);
          last = prime;
          expect(exponent).toBeGreaterThanOrEqual(1);
          expect(await isProbablyPrime(prime, 16, true)).toBe(true);
          prod *= prime ** BigInt(exponent);
        }
        expect(prod).toBe(n);
      }),
      { numRuns: 300 },
    );
  });

  it('splits p·q (p of 8–32 bits, q prime, 111–150 bits) into p and q; tdiv alone when p < 2^20', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 8, max: 32 }),
        // p·q has bits − 1 or bits bits: at least pretestMinBits, where trial division goes to 2^20
        fc.integer({ min: DEFAULT_CROSSOVERS.pretestMinBits + 1, max: 150 }),
        fc.integer({ min: 1, max: 0x7fffffff }),
        async (small, bits, seed) => {
          const next = rng(seed);
          const p = randomPrime(next, small);
          const q = randomPrime(next, bits - small);
          const f = bandedFactorize(p * q);
          expect(f.status).toBe('complete');
          expect(f.factors).toEqual([
            { prime: p, exponent: 1, certainty: expect.any(String) },
            { prime: q, exponent: 1, certainty: expect.any(String) },
          ]);
          // an independent check of q (p < 2^32 is small enough for the other library's test to be exact)
          expect(await isProbablyPrime(q, 16, true)).toBe(true);
          if (small <= 20) expect(f.method).toEqual(['tdiv']);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('is deterministic: the same n gives the same factors and methods', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 2n, max: 1n << 72n }), (n) => {
        const a = bandedFactorize(n);
        const b = bandedFactorize(n);
        expect(b.factors).toEqual(a.factors);
        expect(b.method).toEqual(a.method);
      }),
      { numRuns: 100 },
    );
  });
});
