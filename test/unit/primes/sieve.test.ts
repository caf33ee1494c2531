import { isPrime } from '../../../src/primes/primality.js';
import { countPrimes, countPrimesInRange, primesFrom, primesInRange } from '../../../src/primes/sieve.js';

describe('sieve', () => {
  it('matches known values of π(x) (OEIS A006880)', () => {
    expect(countPrimes(0)).toBe(0);
    expect(countPrimes(1)).toBe(0);
    expect(countPrimes(2)).toBe(1);
    expect(countPrimes(10)).toBe(4);
    expect(countPrimes(100)).toBe(25);
    expect(countPrimes(1000)).toBe(168);
    expect(countPrimes(10 ** 4)).toBe(1229);
    expect(countPrimes(10 ** 5)).toBe(9592);
    expect(countPrimes(10 ** 6)).toBe(78498);
    expect(countPrimes(10 ** 7)).toBe(664579);
    expect(countPrimes(10 ** 8)).toBe(5761455);
    expect(countPrimes(10 ** 9)).toBe(50847534);
  });

  it('counts π(2^32) = 203280221 and π(10^10) = 455052511', () => {
    expect(countPrimes(2 ** 32)).toBe(203280221);
    expect(countPrimes(10 ** 10)).toBe(455052511);
  });

  it('counts exactly at values that are prime and their neighbours', () => {
    // 999999937 is the largest prime below 10^9
    expect(countPrimes(999999937)).toBe(50847534);
    expect(countPrimes(999999936)).toBe(50847533);
    expect(countPrimesInRange(999999937, 999999938)).toBe(1);
    expect(countPrimesInRange(999999938, 10 ** 9 + 1)).toBe(0);
  });

  it('works far from the origin with bounded memory (checked by an independent primality test)', () => {
    const start = 10 ** 12;
    const got = primesInRange(start, start + 2000);
    const expected: number[] = [];
    for (let x = start; x < start + 2000; x++) if (isPrime(x)) expected.push(x);
    expect(got).toEqual(expected);
    expect(countPrimesInRange(start, start + 2000)).toBe(expected.length);
    const it = primesFrom(start);
    expect(it.next().value).toBe(expected[0]);
  });

  it('sieves near the top of the range (2^52) like the primality test', () => {
    const start = 2 ** 52 - 600;
    const expected: number[] = [];
    for (let x = start; x <= 2 ** 52; x++) if (isPrime(x)) expected.push(x);
    expect(primesInRange(start, 2 ** 52 + 1)).toEqual(expected);
    expect(countPrimesInRange(start, 2 ** 52 + 1)).toBe(expected.length);
  });

  it('crosses segment boundaries consistently', () => {
    const a = 3_900_000;
    const b = 4_100_000;
    const listed = primesInRange(a, b);
    expect(listed.length).toBe(countPrimesInRange(a, b));
    expect(listed.every((p) => isPrime(p))).toBe(true);
    expect(countPrimes(b - 1) - countPrimes(a - 1)).toBe(listed.length);
  });

  it('handles empty and tiny ranges', () => {
    for (const a of [0, 1, 2, 7, 29, 30, 31, 1_000_003]) {
      expect(primesInRange(a, a)).toEqual([]);
      expect(countPrimesInRange(a, a)).toBe(0);
      expect(countPrimesInRange(a, a + 1)).toBe(isPrime(a) ? 1 : 0);
      expect(primesInRange(a, a + 1)).toEqual(isPrime(a) ? [a] : []);
    }
    expect(primesInRange(0, 30)).toEqual([2, 3, 5, 7, 11, 13, 17, 19, 23, 29]);
    expect(countPrimesInRange(0, 31)).toBe(10);
    expect(countPrimesInRange(0, 32)).toBe(11);
  });

  it('rejects bad ranges with E_RANGE', () => {
    expect(() => primesInRange(5, 2)).toThrow(expect.objectContaining({ code: 'E_RANGE' }));
    expect(() => countPrimes(-1)).toThrow(expect.objectContaining({ code: 'E_RANGE' }));
    expect(() => countPrimes(1.5)).toThrow(expect.objectContaining({ code: 'E_RANGE' }));
    expect(() => countPrimes(2 ** 52 + 1)).toThrow(expect.objectContaining({ code: 'E_RANGE' }));
    expect(() => primesFrom(2 ** 60).next()).toThrow(expect.objectContaining({ code: 'E_RANGE' }));
  });
});
