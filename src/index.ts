/**
 * primeos — prime-encoded streams. The root entry re-exports the stable public API of each module;
 * import from `primeos/<module>` to load less.
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
