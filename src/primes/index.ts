/**
 * primeos/primes — sieve, prime counting, primality, factor engines and the PrimeRegistry model.
 * @packageDocumentation
 */
export { bitLength, abs, gcd, mod, modPow, modInverse, isqrt, iroot, isSquare, perfectPower, jacobi } from './arith.js';
export { primesUpTo } from './smallPrimes.js';
export {
  primalityOf,
  isPrime,
  compositeWitness,
  isStrongProbablePrime,
  isStrongLucasProbablePrime,
  DETERMINISTIC_MR_LIMIT,
} from './primality.js';
export type { Primality } from './primality.js';
export { primesInRange, primesFrom, countPrimes, countPrimesInRange } from './sieve.js';
export { SegmentedSieve, SIEVE_MAX, WHEEL } from './SegmentedSieve.js';
export { primeCount, approxPrimeCount, approxNthPrime, PRIME_COUNT_MAX } from './primeCount.js';
export type { PrimeCountEstimate } from './primeCount.js';
export { nthPrime, NTH_PRIME_MAX_INDEX } from './nthPrime.js';
export type {
  Factor,
  Certainty,
  PrimeFactor,
  FactorEffort,
  Factorization,
  CompleteFactorization,
  PartialFactorization,
  FailedFactorization,
} from './Factorization.js';
export type { Splitter, SplitOptions, SplitOutcome } from './Splitter.js';
// SIQS exports (siqs.ts, gf2.ts, sqrtMod.ts) will be added here by the integrator.
