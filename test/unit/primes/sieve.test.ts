import { isPrime } from '../../../src/primes/primality.js';
import { countPrimes, countPrimesInRange, primesFrom, primesInRange } from '../../../src/primes/sieve.js';

describe('sieve', () => {
  it('matches known values of π(x) (OEIS A006880)', () => {
    expect(countPrimes(0)).toBe(0);
    expect(countPrimes(1)).toBe(0);
    expect(countPrimes(2)).toBe(1);
    expect(countPrimes(10)).toBe(4);
    expect(countPrimes(100)).toBe(25);
    expect(countPrimes(10 ** 6)).toBe(78498);
    expect(countPrimes(10 ** 7)).toBe(664579);
    expect(countPrimes(10 ** 8)).toBe(5761455);
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

  it('crosses segment boundaries consistently', () => {
    const a = 3_900_000;
    const b = 4_100_000;
    const listed = primesInRange(a, b);
    expect(listed.length).toBe(countPrimesInRange(a, b));
    expect(listed.every((p) => isPrime(p))).toBe(true);
    expect(countPrimes(b - 1) - countPrimes(a - 1)).toBe(listed.length);
  });

  it('rejects bad ranges with E_RANGE', () => {
    expect(() => primesInRange(5, 2)).toThrow(expect.objectContaining({ code: 'E_RANGE' }));
    expect(() => countPrimes(-1)).toThrow(expect.objectContaining({ code: 'E_RANGE' }));
    expect(() => countPrimes(1.5)).toThrow(expect.objectContaining({ code: 'E_RANGE' }));
    expect(() => primesFrom(2 ** 60).next()).toThrow(expect.objectContaining({ code: 'E_RANGE' }));
  });
});
