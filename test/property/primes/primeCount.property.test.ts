import { fc, test } from '@fast-check/jest';
import { lmo, primeCount } from '../../../src/primes/primeCount.js';
import { countPrimes, countPrimesInRange } from '../../../src/primes/sieve.js';

describe('primeCount properties', () => {
  test.prop([fc.integer({ min: 400, max: 3_000_000 }), fc.double({ min: 1, max: 60, noNaN: true })], {
    numRuns: 500,
  })('lmo(x, α) equals the sieve count for small x and any α (every leaf kind, partial segments)', (x, alpha) => {
    expect(lmo(x, alpha)).toBe(countPrimes(x));
  });

  test.prop([fc.integer({ min: 2, max: 1e9 }), fc.integer({ min: 1, max: 1e6 })], { numRuns: 200 })(
    'π(x) − π(w) is the sieve count of primes in (w, x] for w < x < 10^9, x − w < 10^6',
    (x, d) => {
      const w = Math.max(0, x - d);
      expect(primeCount(x) - primeCount(w)).toBe(countPrimesInRange(w + 1, x + 1));
    },
  );
});
