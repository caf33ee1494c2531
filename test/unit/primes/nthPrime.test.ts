import { nthPrime, NTH_PRIME_MAX_INDEX } from '../../../src/primes/nthPrime.js';
import { primesUpTo } from '../../../src/primes/smallPrimes.js';

describe('nthPrime', () => {
  it('agrees with a plain sieve for the first 20000 indices (sampled)', () => {
    const table = primesUpTo(300_000);
    for (let n = 1; n <= 20000; n += n < 100 ? 1 : 97) expect([n, nthPrime(n)]).toEqual([n, table[n - 1]]);
  });

  it('matches the published p(10^k) (OEIS A006988)', () => {
    expect(nthPrime(1e6)).toBe(15485863);
    expect(nthPrime(1e7)).toBe(179424673);
    expect(nthPrime(1e8)).toBe(2038074743);
    expect(nthPrime(1e9)).toBe(22801763489);
  });

  it('rejects bad indices with E_RANGE', () => {
    expect(() => nthPrime(0)).toThrow(expect.objectContaining({ code: 'E_RANGE' }));
    expect(() => nthPrime(1.5)).toThrow(expect.objectContaining({ code: 'E_RANGE' }));
    expect(() => nthPrime(NTH_PRIME_MAX_INDEX + 1)).toThrow(expect.objectContaining({ code: 'E_RANGE' }));
  });
});
