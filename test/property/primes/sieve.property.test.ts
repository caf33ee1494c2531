import { fc, test } from '@fast-check/jest';
import { isPrime } from '../../../src/primes/primality.js';
import { SegmentedSieve, WHEEL } from '../../../src/primes/SegmentedSieve.js';
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

/** Primes ≥ 7 listed by a SegmentedSieve over bytes [from, to), and the sum of its per-segment counts. */
function sievePrimes(from: number, to: number, segmentBytes: number): { primes: number[]; counted: number } {
  const s = new SegmentedSieve(from, to, segmentBytes);
  const primes: number[] = [];
  let counted = 0;
  while (s.next()) {
    counted += s.countPrimeBits(0, s.length);
    for (let i = 0; i < s.length; i++) {
      for (let k = 0; k < 8; k++) {
        if (!((s.bytes[i] as number) & (1 << k))) primes.push(30 * (s.byteStart + i) + (WHEEL[k] as number));
      }
    }
  }
  return { primes, counted };
}

const LIMIT = 1_000_000;
const LIMIT_BYTES = Math.floor(LIMIT / 30);
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

  test.prop(
    [fc.integer({ min: 0, max: LIMIT_BYTES }), fc.integer({ min: 0, max: 2500 }), fc.integer({ min: 64, max: 5000 })],
    { numRuns: 500 },
  )(
    'SegmentedSieve of any segment size equals the naive sieve below 10^6 (bucket primes included)',
    (from, w, size) => {
      const to = Math.min(LIMIT_BYTES, from + w);
      const expected: number[] = [];
      for (let x = Math.max(7, 30 * from); x < 30 * to; x++) if (NAIVE[x]) expected.push(x);
      const { primes, counted } = sievePrimes(from, to, size);
      expect(primes).toEqual(expected);
      expect(counted).toBe(expected.length);
    },
  );

  test.prop(
    [fc.integer({ min: 10 ** 9, max: 10 ** 13 }), fc.integer({ min: 1, max: 600 }), fc.integer({ min: 64, max: 3000 })],
    { numRuns: 100 },
  )('far from the origin, SegmentedSieve lists exactly the primes of the primality test', (x, w, size) => {
    const from = Math.floor(x / 30);
    const expected: number[] = [];
    for (let v = 30 * from; v < 30 * (from + w); v++) if (isPrime(v)) expected.push(v);
    const { primes, counted } = sievePrimes(from, from + w, size);
    expect(primes).toEqual(expected);
    expect(counted).toBe(expected.length);
  });

  test.prop(
    [fc.integer({ min: 0, max: 10 ** 8 }), fc.integer({ min: 0, max: 10 ** 8 }), fc.integer({ min: 0, max: 10 ** 8 })],
    {
      numRuns: 50,
    },
  )('counts add up over adjacent ranges that cross many segment edges', (x, y, z) => {
    const [a, b, c] = [x, y, z].sort((u, v) => u - v) as [number, number, number];
    const ab = countPrimesInRange(a, b);
    const bc = countPrimesInRange(b, c);
    expect(ab + bc).toBe(countPrimesInRange(a, c));
    expect(countPrimesInRange(a, c)).toBe(countPrimes(c - 1 < 0 ? 0 : c - 1) - (a === 0 ? 0 : countPrimes(a - 1)));
  });
});
