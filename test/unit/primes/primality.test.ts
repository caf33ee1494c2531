import { isProbablyPrime } from 'bigint-crypto-utils';
import {
  compositeWitness,
  isPrime,
  isStrongLucasProbablePrime,
  isStrongProbablePrime,
  primalityOf,
} from '../../../src/primes/primality.js';
import { primesUpTo } from '../../../src/primes/smallPrimes.js';

/** Strong pseudoprimes to many small bases (the ψ_k of Jaeschke / Zhang / Sorenson–Webster). */
const STRONG_PSEUDOPRIMES = [
  2047n,
  1373653n,
  25326001n,
  3215031751n,
  2152302898747n,
  3474749660383n,
  341550071728321n,
  3825123056546413051n,
  318665857834031151167461n,
  3317044064679887385961981n,
];
const CARMICHAEL = [561n, 1105n, 1729n, 2465n, 2821n, 6601n, 8911n, 10585n, 15841n, 29341n, 41041n, 46657n];

function trialIsPrime(n: number): boolean {
  if (n < 2) return false;
  for (let d = 2; d * d <= n; d++) if (n % d === 0) return false;
  return true;
}

describe('primalityOf / isPrime', () => {
  it('agrees with trial division on every n < 100000', () => {
    const mismatches: number[] = [];
    for (let n = 0; n < 100000; n++) if (isPrime(n) !== trialIsPrime(n)) mismatches.push(n);
    expect(mismatches).toEqual([]);
  });

  it('rejects the strong pseudoprimes to small prime bases and reports a witness that fails MR', () => {
    for (const n of STRONG_PSEUDOPRIMES) {
      expect(primalityOf(n)).toBe('composite');
      const w = compositeWitness(n);
      expect(isStrongProbablePrime(n, w)).toBe(false);
    }
    // they really are strong probable primes to base 2 (so the test is not vacuous)
    for (const n of STRONG_PSEUDOPRIMES) expect(isStrongProbablePrime(n, 2n)).toBe(true);
  });

  it('rejects Carmichael numbers, including large Chernick ones (6k+1)(12k+1)(18k+1)', async () => {
    for (const n of CARMICHAEL) expect(isPrime(n)).toBe(false);
    let found = 0;
    for (let k = 10n ** 12n; found < 3; k++) {
      const a = 6n * k + 1n;
      const b = 12n * k + 1n;
      const c = 18n * k + 1n;
      if (
        (await isProbablyPrime(a, 16, true)) &&
        (await isProbablyPrime(b, 16, true)) &&
        (await isProbablyPrime(c, 16, true))
      ) {
        const n = a * b * c;
        // Korselt: Carmichael, so a Fermat test to any coprime base passes
        expect(isPrime(n)).toBe(false);
        expect(isPrime(a)).toBe(true);
        found++;
      }
    }
  });

  it('classifies known primes by certainty', async () => {
    expect(primalityOf(2n ** 31n - 1n)).toBe('proven');
    expect(primalityOf(2n ** 61n - 1n)).toBe('proven');
    expect(primalityOf(2n ** 89n - 1n)).toBe('probable');
    expect(primalityOf(2n ** 127n - 1n)).toBe('probable');
    expect(primalityOf(2n ** 521n - 1n)).toBe('probable');
    expect(primalityOf(2n ** 67n - 1n)).toBe('composite'); // Cole: 193707721 · 761838257287
    expect(primalityOf((2n ** 61n - 1n) ** 2n)).toBe('composite');
    // a prime between 2^64 and 3.3·10^24 is proven: 2^64 + 13
    expect(await isProbablyPrime(2n ** 64n + 13n, 16, true)).toBe(true);
    expect(primalityOf(2n ** 64n + 13n)).toBe('proven');
  });

  it('handles edge inputs', () => {
    expect(isPrime(-7n)).toBe(false);
    expect(isPrime(0)).toBe(false);
    expect(isPrime(1)).toBe(false);
    expect(isPrime(2)).toBe(true);
    expect(() => isPrime(2 ** 60)).toThrow(expect.objectContaining({ code: 'E_RANGE' }));
    expect(() => compositeWitness(97n)).toThrow(expect.objectContaining({ code: 'E_RANGE' }));
    expect(compositeWitness(1000n)).toBe(2n);
  });

  it('strong Lucas test accepts primes and rejects the Lucas pseudoprime-free composites it should', () => {
    for (const p of primesUpTo(5000)) if (p > 100) expect(isStrongLucasProbablePrime(BigInt(p))).toBe(true);
    // 5459, 5777, 10877 are strong Lucas pseudoprimes (Selfridge A) but fail base-2 Miller–Rabin
    for (const n of [5459n, 5777n, 10877n]) {
      expect(isStrongLucasProbablePrime(n)).toBe(true);
      expect(isStrongProbablePrime(n, 2n)).toBe(false);
      expect(isPrime(n)).toBe(false);
    }
  });
});
