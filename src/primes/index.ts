/**
 * primeos/primes — sieve, prime counting, primality, factor engines and the PrimeRegistry model. Engine
 * internals (the WebAssembly kernel's entry points, SIQS workspaces and parameter tables, linear algebra over
 * GF(2), the seeded generator) live in `internal/` and are not part of the API.
 * @packageDocumentation
 */
export { bitLength, gcd, modPow, modInverse, isqrt, iroot } from './arith.js';
export { primesUpTo } from './smallPrimes.js';
export { primalityOf, isPrime } from './primality.js';
export type { Primality } from './primality.js';
export { primesInRange, primesFrom, countPrimes, countPrimesInRange } from './sieve.js';
export { primesBetween } from './primesBetween.js';
export { SegmentedSieve } from './SegmentedSieve.js';
export { primeCount, approxPrimeCount, approxNthPrime } from './primeCount.js';
export type { PrimeCountEstimate } from './primeCount.js';
export { nthPrime } from './nthPrime.js';
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
export { trialDivision, createTrialDivisionSplitter } from './trialDivision.js';
export type { TrialDivisionParams } from './trialDivision.js';
export { rho, createRhoSplitter } from './rho.js';
export type { RhoParams } from './rho.js';
export { microEcm, createMicroEcmSplitter } from './microEcm.js';
export type { MicroEcmParams } from './microEcm.js';
export { ecm, createEcmSplitter } from './ecm.js';
export type { EcmParams } from './ecm.js';
export { siqs, siqsSplit } from './siqs.js';
export type { SiqsOptions } from './siqs.js';
export { factorize, factorizeWith, DEFAULT_FACTOR_PLAN } from './factorize.js';
export type { FactorStage, FactorizeOptions } from './factorize.js';
export { parseBigInt } from './parseBigInt.js';
export { factorStageSpecs, factorStages } from './factorPlan.js';
export type { StageSpec, StageLimits, EngineName } from './StageSpec.js';
export type { Crossovers } from './crossovers.js';
export type { ParseBigIntLimits } from './parseBigInt.js';
export { PrimeRegistry, createPrimeRegistry, createAndInitializePrimeRegistry } from './PrimeRegistry.js';
export type {
  PrimeRegistryOptions,
  PrimeRegistryRequest,
  PrimeRegistryResponse,
  PrimeRegistryState,
  DualIterable,
} from './PrimeRegistry.js';
export { PRIMES_DEFAULTS } from './primesDefaults.js';
export type { PrimesDefaults } from './primesDefaults.js';
