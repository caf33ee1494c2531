import type { Factorization } from '../primes/Factorization.js';
import { isPrime } from '../primes/primality.js';

/**
 * Check the laws every {@link Factorization} obeys, for any n: the factors ascend, each is prime with
 * a positive exponent, and sign · Π p^e (· cofactor, for `partial`) = n; a `partial` cofactor is
 * composite; `complete` has no cofactor. Throws an Error naming the first broken law.
 *
 * @param n - the number that was factored
 * @param f - its factorisation
 * @throws Error when a law does not hold
 * @example
 * ```ts
 * import { assertFactorization } from 'primeos/testing';
 * import { factorize } from 'primeos/primes';
 * assertFactorization(360n, factorize(360n));
 * ```
 */
export function assertFactorization(n: bigint, f: Factorization): void {
  const fail = (law: string): never => {
    throw new Error(
      `factorisation of ${n} breaks "${law}": ${JSON.stringify(f, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}`,
    );
  };
  if (f.n !== n) fail('n is the input');
  if (f.status === 'failed') return;
  if (f.sign !== (n < 0n ? -1 : 1)) fail('sign matches the input');
  let product = BigInt(f.sign);
  let last = 1n;
  for (const { prime, exponent } of f.factors) {
    if (prime <= last) fail('factors strictly ascend');
    if (!Number.isInteger(exponent) || exponent < 1) fail('exponents are positive integers');
    if (!isPrime(prime)) fail('every factor is prime');
    product *= prime ** BigInt(exponent);
    last = prime;
  }
  if (f.status === 'partial') {
    if (f.cofactor < 4n || isPrime(f.cofactor)) fail('a partial cofactor is composite');
    product *= f.cofactor;
  }
  if (product !== n) fail('sign · product of factors (· cofactor) = n');
}
