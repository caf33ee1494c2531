import { isPrimeBigInt } from '../../../src/encoding/isPrimeBigInt.js';
import { naivePrimes } from './oracle.js';

describe('isPrimeBigInt', () => {
  it('agrees with trial division below 20 000', () => {
    const primes = new Set(naivePrimes(2262)); // all primes < 20 011
    for (let n = -5; n < 20000; n++) expect(isPrimeBigInt(BigInt(n))).toBe(primes.has(n));
  });

  it('knows Mersenne primes and rejects strong pseudoprimes and Carmichael numbers', () => {
    for (const e of [61n, 89n, 107n, 127n, 521n]) expect(isPrimeBigInt(2n ** e - 1n)).toBe(true);
    for (const e of [67n, 101n, 257n]) expect(isPrimeBigInt(2n ** e - 1n)).toBe(false);
    // strong pseudoprimes to several small bases, and Carmichael numbers
    for (const n of [2047n, 3215031751n, 3825123056546413051n, 318665857834031151167461n, 561n, 41041n, 825265n]) {
      expect(isPrimeBigInt(n)).toBe(false);
    }
    expect(isPrimeBigInt(998244353n)).toBe(true);
    expect(isPrimeBigInt(4179340454199820289n)).toBe(true);
  });
});
