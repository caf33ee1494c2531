import { fc, test } from '@fast-check/jest';
import { countPrimes, countPrimesInRange, primesFrom, primesInRange } from '../../../src/primes/sieve.js';

/** Naive reference: a plain byte-per-number sieve of Eratosthenes. */
function naiveSieve(limit: number): Uint8Array {
  const isPrime = new Uint8Array(limit + 1).fill(1);
  isPrime[0] = 0;
  if (limit >= 1) isPrime[1] = 0;
  for (let p = 2; p * p <= limit; p++) {
    if (isPrime[p]) for (let m = p * p; m <= limit; m += p) isPrime[m] = 0;
  }
  return isPrime;
}

const LIMIT = 1_000_000;
const NAIVE = naiveSieve(LIMIT);
const PREFIX = new Uint32Array(LIMIT + 2); // PREFIX[x] = #primes < x
for (let x = 0; x <= LIMIT; x++) PREFIX[x + 1] = (PREFIX[x] as number) + (NAIVE[x] as number);

describe('sieve properties', () => {
  it('lists exactly the naive sieve primes below 10^6', () => {
    const expected: number[] = [];
    for (let x = 0; x < LIMIT; x++) if (NAIVE[x]) expected.push(x);
    expect(primesInRange(0, LIMIT)).toEqual(expected);
  });

  test.prop([fc.integer({ min: 0, max: LIMIT }), fc.integer({ min: 0, max: 40000 })], { numRuns: 500 })(
    'primesInRange and countPrimesInRange equal the naive sieve on random windows below 10^6',
    (a, w) => {
      const b = Math.min(LIMIT + 1, a + w);
      const expected: number[] = [];
      for (let x = a; x < b; x++) if (NAIVE[x]) expected.push(x);
      expect(primesInRange(a, b)).toEqual(expected);
      expect(countPrimesInRange(a, b)).toBe(expected.length);
    },
  );

  test.prop([fc.integer({ min: 0, max: LIMIT })], { numRuns: 500 })('countPrimes(x) equals the naive π(x)', (x) => {
    expect(countPrimes(x)).toBe(PREFIX[x + 1]);
  });

  test.prop([fc.integer({ min: 0, max: LIMIT - 2000 })], { numRuns: 500 })(
    'primesFrom(start) yields the next naive primes in order',
    (start) => {
      const it = primesFrom(start);
      let x = start;
      for (let k = 0; k < 20; k++) {
        while (!NAIVE[x]) x++;
        expect(it.next().value).toBe(x);
        x++;
      }
    },
  );
});
