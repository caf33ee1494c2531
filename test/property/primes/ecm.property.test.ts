import { fc, test } from '@fast-check/jest';
import { isProbablyPrime } from 'bigint-crypto-utils';
import { createEcmSplitter } from '../../../src/primes/ecm.js';

/** The next probable prime ≥ x (bigint-crypto-utils, independent of our primality code). */
async function nextPrime(x: bigint): Promise<bigint> {
  let p = x | 1n;
  while (!(await isProbablyPrime(p, 16, true))) p += 2n;
  return p;
}

const show = (o: unknown): string => JSON.stringify(o, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));

describe('ECM properties', () => {
  test.prop(
    [
      fc.integer({ min: 14, max: 40 }),
      fc.integer({ min: 60, max: 600 }),
      fc.bigInt({ min: 0n, max: (1n << 600n) - 1n }),
      fc.bigInt({ min: 0n, max: (1n << 40n) - 1n }),
      fc.integer({ min: 20, max: 400 }),
      fc.constantFrom(0, 1, 30, 100),
      fc.integer({ min: 1, max: 2 ** 31 - 1 }),
    ],
    { numRuns: 150 },
  )(
    'the kernel and BigInt arithmetic give the same outcome and divisor for the same seed (60–600-bit n)',
    async (pBits, restBits, r, s, B1, b2Factor, seed) => {
      const p = await nextPrime((1n << BigInt(pBits - 1)) | BigInt.asUintN(pBits - 1, s));
      const q = await nextPrime((1n << BigInt(restBits - 1)) | BigInt.asUintN(restBits - 1, r));
      fc.pre(p !== q);
      const n = p * q;
      const levels = [{ digits: 0, B1, B2: b2Factor * B1, curves: 3 }];
      const kernel = createEcmSplitter({ levels })(n, { seed });
      const bigint = createEcmSplitter({ levels, arithmetic: 'bigint' })(n, { seed });
      expect(show(kernel)).toBe(show(bigint));
      if (kernel.status === 'found') expect(n % kernel.divisor).toBe(0n);
    },
  );
});
