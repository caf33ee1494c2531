import { fc, test } from '@fast-check/jest';
import { isProbablyPrime } from 'bigint-crypto-utils';
import { compositeWitness, isPrime, isStrongProbablePrime, primalityOf } from '../../../src/primes/primality.js';

function trialIsPrime(n: number): boolean {
  if (n < 2) return false;
  if (n % 2 === 0) return n === 2;
  for (let d = 3; d * d <= n; d += 2) if (n % d === 0) return false;
  return true;
}

describe('primality properties', () => {
  test.prop([fc.integer({ min: 0, max: 10 ** 12 })], { numRuns: 500 })(
    'isPrime equals trial division below 10^12',
    (n) => {
      expect(isPrime(n)).toBe(trialIsPrime(n));
    },
  );

  test.prop([fc.bigInt({ min: 2n ** 40n, max: 2n ** 200n })], { numRuns: 500 })(
    'isPrime agrees with an independent Miller–Rabin (bigint-crypto-utils) on large n',
    async (n) => {
      expect(isPrime(n)).toBe(await isProbablyPrime(n, 16, true));
    },
  );

  test.prop([fc.bigInt({ min: 2n, max: 2n ** 64n }), fc.bigInt({ min: 2n, max: 2n ** 64n })], { numRuns: 500 })(
    'products of two integers ≥ 2 are composite and have a Miller–Rabin witness',
    (a, b) => {
      const n = a * b;
      expect(primalityOf(n)).toBe('composite');
      const w = compositeWitness(n);
      if ((n & 1n) === 1n) expect(isStrongProbablePrime(n, w)).toBe(false);
      else expect(w).toBe(2n);
    },
  );
});
