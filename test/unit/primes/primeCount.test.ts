import { approxNthPrime, approxPrimeCount, primeCount, PRIME_COUNT_MAX } from '../../../src/primes/primeCount.js';
import { countPrimes } from '../../../src/primes/sieve.js';

/** π(10^k), OEIS A006880. */
const PI_POWERS_OF_TEN: readonly [number, number][] = [
  [1e7, 664579],
  [1e8, 5761455],
  [1e9, 50847534],
  [1e10, 455052511],
  [1e11, 4118054813],
];

describe('primeCount (Meissel–Lehmer)', () => {
  it('matches the published values of π(10^k)', () => {
    for (const [x, pi] of PI_POWERS_OF_TEN) expect(primeCount(x)).toBe(pi);
  });

  it('matches the sieve count at random points above the sieve cut-off', () => {
    let seed = 12345;
    for (let i = 0; i < 12; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const x = 10_000_000 + (seed % 40_000_000);
      expect([x, primeCount(x)]).toEqual([x, countPrimes(x)]);
    }
    // around prime squares and cubes, where the cut-offs change
    for (const p of [3163, 3167, 215, 216, 217]) {
      const x = Math.max(p * p * (p < 1000 ? p : 1), 10_000_001);
      expect(primeCount(x)).toBe(countPrimes(x));
      expect(primeCount(x - 1)).toBe(countPrimes(x - 1));
    }
  });

  it('accepts bigint input and small x', () => {
    expect(primeCount(0)).toBe(0);
    expect(primeCount(2n)).toBe(1);
    expect(primeCount(100n)).toBe(25);
  });

  it('rejects what it cannot count exactly with E_RANGE', () => {
    expect(() => primeCount(PRIME_COUNT_MAX + 1)).toThrow(expect.objectContaining({ code: 'E_RANGE' }));
    expect(() => primeCount(-1)).toThrow(expect.objectContaining({ code: 'E_RANGE' }));
    expect(() => primeCount(2.5)).toThrow(expect.objectContaining({ code: 'E_RANGE' }));
  });

  it('labels estimates and keeps them close (π(10^12) = 37607912018, p(10^6) = 15485863)', () => {
    const e = approxPrimeCount(1e12);
    expect(e.estimate).toBe(true);
    expect(Math.abs(e.value - 37607912018) / 37607912018).toBeLessThan(1e-6);
    expect(Math.abs(approxNthPrime(1e6).value - 15485863) / 15485863).toBeLessThan(1e-3);
    expect(approxPrimeCount(1).value).toBe(0);
  });
});
