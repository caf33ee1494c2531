/**
 * primeos — prime-encoded streams. The root entry re-exports the main entry points of each module;
 * import from `primeos/<module>` for the full API of one module (and to load less).
 * @packageDocumentation
 */
export {
  BaseModel,
  initializeOrThrow,
  ModelLifecycleState,
  PrimeosError,
  hasErrorCode,
  toPrimeosError,
  silentLogger,
  createJsonLogger,
} from './model/index.js';
export type {
  ModelOptions,
  ModelState,
  OperationCounts,
  ModelResult,
  ErrorCode,
  Logger,
  LogLevel,
} from './model/index.js';

export {
  isPrime,
  primalityOf,
  factorize,
  parseBigInt,
  primeCount,
  nthPrime,
  primesFrom,
  createPrimeRegistry,
  createAndInitializePrimeRegistry,
  PrimeRegistry,
} from './primes/index.js';
export type {
  Factor,
  PrimeFactor,
  Certainty,
  Factorization,
  FactorizeOptions,
  FactorStage,
  Splitter,
  PrimeRegistryOptions,
} from './primes/index.js';

export {
  BandName,
  classify,
  planFor,
  bandedFactorize,
  selectOptimalBand,
  createBands,
  createAndInitializeBands,
  BandsModel,
} from './bands/index.js';
export type { Band, BandedFactorizeOptions, FactorPlan } from './bands/index.js';

export {
  encodeData,
  encodeOperation,
  encodeProgram,
  decodeProgram,
  encodeText,
  decodeText,
  encodeBytes,
  decodeBytes,
  encodeBlock,
  encodeNTTBlock,
  decodeChunk,
  verifyChunkIntegrity,
  executeProgram,
  ChunkVM,
  assemble,
  disassemble,
  applyNTT,
  applyInverseNTT,
  verifyNTTRoundTrip,
  StandardOpcodes,
  createEncoding,
  createAndInitializeEncoding,
} from './encoding/index.js';
export type { DecodedChunk, ProgramOperation, ChunkVMOptions } from './encoding/index.js';

export {
  StreamProcessor,
  createStream,
  createAndInitializeStream,
  CreditGate,
  fromPull,
  fromFile,
  toWritable,
  toAsyncIterable,
  adaptiveBatch,
  parallel,
  ordered,
  WorkerPool,
  runFactorJob,
  factorizeAsync,
} from './stream/index.js';
export type { FactorJobOptions, FactorJobSummary, FactorizeAsyncOptions } from './stream/index.js';
