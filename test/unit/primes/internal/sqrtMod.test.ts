import fc from 'fast-check';
import { hasErrorCode } from '../../../../src/model/PrimeosError.js';
import { primesUpTo } from '../../../../src/primes/smallPrimes.js';
import { SQRT_MOD_MAX_PRIME, sqrtModPrime } from '../../../../src/primes/internal/sqrtMod.js';

describe('sqrtModPrime', () => {
  test('agrees with brute force for every residue of every prime below 1000', () => {
    for (const p of primesUpTo(1000)) {
      const roots = new Map<number, number>();
      for (let r = p - 1; r >= 0; r--) roots.set((r * r) % p, r); // ends with the smallest root
      for (let a = 0; a < p; a++) {
        const got = sqrtModPrime(a, p);
        const expected = roots.get(a);
        if (expected === undefined) expect(got).toBeUndefined();
        else expect(got).toBe(expected);
      }
    }
  });

  test('reduces negative and large inputs', () => {
    expect(sqrtModPrime(-3, 13)).toBe(sqrtModPrime(10, 13));
    expect(sqrtModPrime(10 + 13 * 1000, 13)).toBe(6);
  });

  test('property: squares of random residues modulo large primes have a root', () => {
    const big = [33554393, 16777213, 9999991, 1048573, 65537, 7340033]; // 7340033 = 7·2^20 + 1 (deep 2-adic)
    fc.assert(
      fc.property(fc.constantFrom(...big), fc.integer({ min: 0, max: 2 ** 31 }), (p, x) => {
        const a = Number((BigInt(x) * BigInt(x)) % BigInt(p));
        const r = sqrtModPrime(a, p);
        expect(r).toBeDefined();
        expect(Number((BigInt(r as number) * BigInt(r as number)) % BigInt(p))).toBe(a);
        expect(r as number).toBeLessThanOrEqual(p - (r as number));
      }),
      { numRuns: 1000, seed: 51 },
    );
  });

  test('property: non-residues (Euler criterion −1) give undefined', () => {
    const p = 7340033;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: p - 1 }), (a) => {
        let e = BigInt((p - 1) / 2);
        let b = BigInt(a);
        let acc = 1n;
        const P = BigInt(p);
        while (e > 0n) {
          if (e & 1n) acc = (acc * b) % P;
          b = (b * b) % P;
          e >>= 1n;
        }
        expect(sqrtModPrime(a, p) === undefined).toBe(acc === P - 1n);
      }),
      { numRuns: 1000, seed: 52 },
    );
  });

  test('rejects moduli outside [2, 2^26)', () => {
    for (const p of [0, 1, SQRT_MOD_MAX_PRIME, 2.5]) {
      let caught: unknown;
      try {
        sqrtModPrime(1, p);
      } catch (err) {
        caught = err;
      }
      expect(hasErrorCode(caught, 'E_RANGE')).toBe(true);
    }
  });
});
