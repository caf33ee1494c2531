import fc from 'fast-check';
import { isPrime } from '../../../src/primes/primality.js';
import { primesBetween } from '../../../src/primes/primesBetween.js';
import { primesFrom } from '../../../src/primes/sieve.js';

describe('primesBetween', () => {
  it('equals the Number sieve on ranges below 2^52 (including 0, 1, 2 and segment edges)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 52n - 70000n }), fc.integer({ min: 0, max: 70000 }), (a, len) => {
        const got = [...primesBetween(a, a + BigInt(len))];
        const want = [...primesFrom(Number(a), Number(a) + len)].map(BigInt);
        expect(got).toEqual(want);
      }),
      { numRuns: 8 },
    );
    expect([...primesBetween(0n, 30n)]).toEqual([2n, 3n, 5n, 7n, 11n, 13n, 17n, 19n, 23n, 29n]);
  });

  it('above 2^52 lists exactly the numbers isPrime accepts', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 2n ** 52n, max: 2n ** 64n - 600n }), (a) => {
        const got = [...primesBetween(a, a + 600n)];
        const want: bigint[] = [];
        for (let n = a; n < a + 600n; n++) if (isPrime(n)) want.push(n);
        expect(got).toEqual(want);
      }),
      { numRuns: 4 },
    );
  });

  it('refuses reversed or out-of-range bounds with E_RANGE', () => {
    expect(() => [...primesBetween(10n, 5n)]).toThrow(expect.objectContaining({ code: 'E_RANGE' }));
    expect(() => [...primesBetween(0n, 2n ** 64n + 2n)]).toThrow(expect.objectContaining({ code: 'E_RANGE' }));
  });
});
