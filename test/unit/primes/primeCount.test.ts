import { approxNthPrime, approxPrimeCount, lmo, primeCount, PRIME_COUNT_MAX } from '../../../src/primes/primeCount.js';
import { countPrimes } from '../../../src/primes/sieve.js';

/** π(10^k) for k = 0 … 13, OEIS A006880. */
const PI_POWERS_OF_TEN: readonly [number, number][] = [
  [1, 0],
  [10, 4],
  [100, 25],
  [1e3, 168],
  [1e4, 1229],
  [1e5, 9592],
  [1e6, 78498],
  [1e7, 664579],
  [1e8, 5761455],
  [1e9, 50847534],
  [1e10, 455052511],
  [1e11, 4118054813],
  [1e12, 37607912018],
  [1e13, 346065536839],
];

/**
 * Values produced by Kim Walisch's `primecount` 7.x (`primecount X -t1`), run once by hand as a development
 * oracle and recorded here; the tool is not run by the tests.
 */
const PRIMECOUNT_ORACLE: readonly [number, number][] = [
  [1000000007, 50847535],
  [20000000000, 882206716],
  [123456789012, 5040193425],
  [271828182845, 10750458952],
  [1099511627776, 41203088796], // 2^40
  [3141592653589, 113264776332],
  [9876543210987, 341940316963],
  [9999999999999, 346065536839],
];

describe('primeCount (Lagarias–Miller–Odlyzko)', () => {
  it('matches the published values of π(10^k) for k ≤ 13 and π(2^32)', () => {
    for (const [x, pi] of PI_POWERS_OF_TEN) expect([x, primeCount(x)]).toEqual([x, pi]);
    expect(primeCount(2 ** 32)).toBe(203280221);
  });

  it('matches values computed by the primecount tool', () => {
    for (const [x, pi] of PRIMECOUNT_ORACLE) expect([x, primeCount(x)]).toEqual([x, pi]);
  });

  it('gives the same π(x) for every choice of y = α·∛x', () => {
    for (const alpha of [1, 2, 3, 5, 8, 13, 21, 40, 100]) {
      expect([alpha, lmo(1e11, alpha)]).toEqual([alpha, 4118054813]);
      expect([alpha, lmo(123456789012, alpha)]).toEqual([alpha, 5040193425]);
    }
  });

  it('is exact at primes and their predecessors around the cut-offs', () => {
    // 9999991 and 10000019 straddle the sieve cut-off 10^7; the others are p², p³ and p·q near y and √x
    const around = [9999991, 10000019, 10007 * 10007, 1009 ** 3, 215 ** 3, 216 ** 3, 3163 * 3167, 1e9 + 7];
    for (const v of around) {
      for (const x of [v - 1, v, v + 1]) expect([x, primeCount(x)]).toEqual([x, countPrimes(x)]);
    }
  });

  it('accepts bigint input and small x', () => {
    for (let x = 0; x < 200; x++) expect(primeCount(x)).toBe(countPrimes(x));
    expect(primeCount(2n)).toBe(1);
    expect(primeCount(100n)).toBe(25);
    expect(primeCount(10n ** 12n)).toBe(37607912018);
  });

  it('rejects what it cannot count exactly with E_RANGE', () => {
    const bad: (number | bigint)[] = [PRIME_COUNT_MAX + 1, 1e16, -1, -1n, 2.5, Number.NaN, Infinity, 2 ** 53];
    for (const x of bad) expect(() => primeCount(x)).toThrow(expect.objectContaining({ code: 'E_RANGE' }));
    expect(() => primeCount(BigInt(PRIME_COUNT_MAX) + 1n)).toThrow(expect.objectContaining({ code: 'E_RANGE' }));
  });

  it('labels estimates and keeps them close (π(10^12) = 37607912018, p(10^6) = 15485863)', () => {
    const e = approxPrimeCount(1e12);
    expect(e.estimate).toBe(true);
    expect(Math.abs(e.value - 37607912018) / 37607912018).toBeLessThan(1e-6);
    expect(Math.abs(approxNthPrime(1e6).value - 15485863) / 15485863).toBeLessThan(1e-3);
    expect(approxPrimeCount(1).value).toBe(0);
  });
});
