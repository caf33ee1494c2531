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
  isExtraStrongLucasProbablePrime,
  isStrongLucasProbablePrime,
  DETERMINISTIC_MR_LIMIT,
} from './primality.js';
export type { Primality } from './primality.js';
export { primesInRange, primesFrom, countPrimes, countPrimesInRange } from './sieve.js';
export { primesBetween, PRIMES_BETWEEN_MAX } from './primesBetween.js';
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
export { seededRandom } from './seededRandom.js';
export {
  trialDivide,
  trialDivision,
  createTrialDivisionSplitter,
  TRIAL_DIVISION_DEFAULT_BOUND,
  TRIAL_DIVISION_DEFAULT_BUDGET_MS,
  TRIAL_DIVISION_MAX_BOUND,
} from './trialDivision.js';
export type { TrialDivideOptions, TrialDivideResult, TrialDivisionParams } from './trialDivision.js';
export {
  rho,
  createRhoSplitter,
  RHO_BATCH,
  RHO_DEFAULT_MAX_ITERATIONS,
  RHO_DEFAULT_BUDGET_MS,
  RHO_WASM_SLICE,
} from './rho.js';
export {
  wasmBigEcmBabies,
  wasmBigEcmGiants,
  wasmBigEcmStage1,
  wasmBigExtraStrongLucas,
  wasmBigJacobi,
  wasmBigMulMod,
  wasmBigPowMod,
  wasmBigStrongProbablePrime,
  wasmBigStrongProbablePrime2,
  wasmInverseMod,
  wasmMicroEcmCurve,
  wasmMulMod,
  wasmRho,
  wasmStrongProbablePrime,
  WASM_BIG_LIMIT,
  WASM_KERNEL_LIMIT,
  WASM_RHO32_LIMIT,
} from './wasmKernel.js';
export type { WasmEcmPlan, WasmEcmStage2Plan, WasmRhoResult } from './wasmKernel.js';
export {
  createMicroEcmSplitter,
  microEcm,
  microEcmStage1Scalar,
  MICRO_ECM_DEFAULT_BUDGET_MS,
  MICRO_ECM_DEFAULT_MAX_CURVES,
  MICRO_ECM_LIMIT,
  MICRO_ECM_MIN,
  MICRO_ECM_PLANS,
} from './microEcm.js';
export type { MicroEcmParams, MicroEcmPlan } from './microEcm.js';
export type { RhoParams } from './rho.js';
export { ecm, createEcmSplitter, ECM_LEVELS, ECM_DEFAULT_BUDGET_MS } from './ecm.js';
export type { EcmLevel, EcmParams } from './ecm.js';
export {
  factorize,
  factorizeWith,
  resolveFactorizeOptions,
  DEFAULT_FACTOR_PLAN,
  DEFAULT_PLAN_RHO_ITERATIONS,
  DEFAULT_PLAN_RHO_ITERATIONS_WASM,
  DEFAULT_PLAN_SIQS_MAX_BITS,
  DEFAULT_PLAN_SIQS_MIN_BITS,
  FACTORIZE_DEFAULT_BUDGET_MS,
  FACTORIZE_DEFAULT_MAX_BITS,
  FACTORIZE_DEFAULT_TINY_BOUND,
} from './factorize.js';
export type { FactorStage, FactorizeOptions, ResolvedFactorizeOptions } from './factorize.js';
export { parseBigInt, PARSE_DEFAULT_MAX_BITS } from './parseBigInt.js';
export type { ParseBigIntLimits } from './parseBigInt.js';
export {
  PrimeRegistry,
  createPrimeRegistry,
  createAndInitializePrimeRegistry,
  PRIME_TABLE_DEFAULT_CAP,
} from './PrimeRegistry.js';
export type {
  PrimeRegistryOptions,
  PrimeRegistryRequest,
  PrimeRegistryResponse,
  PrimeRegistryState,
  DualIterable,
} from './PrimeRegistry.js';
export {
  siqs,
  siqsSplit,
  resolveSiqsOptions,
  SIQS_DEFAULT_BUDGET_MS,
  SIQS_DEFAULT_SEED,
  SIQS_MIN_BITS,
  SIQS_MAX_SOLVE_ROUNDS,
  SIQS_MAX_STALLED_BATCHES,
} from './siqs.js';
export type { SiqsOptions, ResolvedSiqsOptions } from './siqs.js';
export { collectRelations, createSiqsWorkspace } from './siqsCollect.js';
export type { SiqsRelation, SiqsBatch, SiqsBatchResult, SiqsWorkspace } from './siqsCollect.js';
export { prepareSiqs } from './siqsContext.js';
export type { SiqsContext } from './siqsContext.js';
export { digits12, residueMod, siqsMultiplier, SIQS_MULTIPLIERS } from './siqsMultiplier.js';
export {
  siqsParams,
  SIQS_EXTRA_RELATIONS,
  SIQS_LOW_PRIME_LIMIT,
  SIQS_LOW_PRIME_RANGE,
  SIQS_PARAM_TABLE,
  SIQS_SMALL_PRIME_LIMIT,
} from './siqsParams.js';
export type { SiqsParams } from './siqsParams.js';
export { SiqsRelationPool } from './siqsRelationPool.js';
export type { SiqsMatrixRelation } from './siqsRelationPool.js';
export { siqsSolve, SIQS_DEPENDENCIES } from './siqsSolve.js';
export { gf2Dependencies, GF2_DEFAULT_MAX_DEPENDENCIES } from './gf2.js';
export { sqrtModPrime, SQRT_MOD_MAX_PRIME } from './sqrtMod.js';
