import fc from 'fast-check';
import { isProbablyPrime } from 'bigint-crypto-utils';
import { siqsSplit } from '../../../src/primes/siqs.js';

const isPrime = (n: bigint): Promise<boolean> => isProbablyPrime(n, 16, true);

async function nextPrime(n: bigint): Promise<bigint> {
  let c = n | 1n;
  while (!(await isPrime(c))) c += 2n;
  return c;
}

describe('siqs property', () => {
  test('splits random balanced semiprimes of 60–120 bits into their two primes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 60, max: 120 }),
        fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
        fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
        fc.integer({ min: 0, max: 1000 }),
        async (bits, r1, r2, seed) => {
          const half = bits >> 1;
          // p, q in [2^(h−1)·1.5, 2^h): the product has bits or bits − 1 bits... force exactly `bits`
          const span = (h: number): bigint => 1n << BigInt(h - 2);
          const p = await nextPrime((3n << BigInt(half - 2)) + (r1 % span(half)));
          const q = await nextPrime((3n << BigInt(bits - half - 2)) + (r2 % span(bits - half)));
          fc.pre(p !== q);
          const n = p * q;
          const out = siqsSplit(n, { seed });
          expect(out.status).toBe('found');
          if (out.status !== 'found') return;
          expect(out.divisor === p || out.divisor === q).toBe(true);
          expect(out.divisor * (n / out.divisor)).toBe(n);
        },
      ),
      { numRuns: 50, seed: 20261123 },
    );
  });
});
