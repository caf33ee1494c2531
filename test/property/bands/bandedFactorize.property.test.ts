import fc from 'fast-check';
import { isProbablyPrime } from 'bigint-crypto-utils';
import { bandedFactorize } from '../../../src/bands/index.js';

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
