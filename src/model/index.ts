/**
 * primeos/model — the PrimeOS lifecycle base, results, logger and coded errors.
 * @packageDocumentation
 */
export { BaseModel, initializeOrThrow } from './BaseModel.js';
export type { ModelOptions, ModelState, OperationCounts } from './BaseModel.js';
export { ModelLifecycleState } from './lifecycle.js';
export type { ModelResult } from './ModelResult.js';
export { PrimeosError, hasErrorCode, toPrimeosError } from './PrimeosError.js';
export type { ErrorCode } from './PrimeosError.js';
export { silentLogger, createJsonLogger, toLogger } from './logger.js';
export type { Logger, LogLevel } from './logger.js';
