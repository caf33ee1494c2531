import { fc, test } from '@fast-check/jest';
import { isProbablyPrime } from 'bigint-crypto-utils';
import { factorize } from '../../../src/primes/factorize.js';

async function nextPrimeIndependent(x: bigint): Promise<bigint> {
  let p = x < 2n ? 2n : x;
  while (!(await isProbablyPrime(p, 16, true))) p++;
  return p;
}

describe('factorize properties', () => {
  test.prop([fc.bigInt({ min: -(2n ** 72n), max: 2n ** 72n }).filter((n) => n !== 0n)], { numRuns: 500 })(
    'sign · product of factors = n, factors ascending, each prime by an independent test',
    async (n) => {
      const f = factorize(n, { seed: 3 });
      expect(f.status).toBe('complete');
      let product = 1n;
      let prev = 0n;
      for (const { prime, exponent } of f.factors) {
        expect(prime).toBeGreaterThan(prev);
        prev = prime;
        expect(exponent).toBeGreaterThanOrEqual(1);
        expect(await isProbablyPrime(prime, 16, true)).toBe(true);
        product *= prime ** BigInt(exponent);
      }
      expect(BigInt(f.sign) * product).toBe(n);
    },
  );

  test.prop(
    [
      fc.array(fc.tuple(fc.bigInt({ min: 2n, max: 2n ** 24n }), fc.integer({ min: 1, max: 2 })), {
        minLength: 1,
        maxLength: 4,
      }),
    ],
    { numRuns: 500 },
  )('recovers exactly the prime multiset a number was built from', async (parts) => {
    const expected = new Map<bigint, number>();
    let n = 1n;
    for (const [x, e] of parts) {
      const p = await nextPrimeIndependent(x);
      expected.set(p, (expected.get(p) ?? 0) + e);
      n *= p ** BigInt(e);
    }
    const f = factorize(n);
    expect(f.status).toBe('complete');
    expect(f.factors.map((x) => [x.prime, x.exponent])).toEqual(
      [...expected.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)),
    );
  });
});
