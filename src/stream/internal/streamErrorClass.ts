import { PrimeosError, type ErrorCode } from '../../model/PrimeosError.js';

/** Options of a stream error: the standard `cause` and an override of the class's default code. */
export interface StreamErrorOptions extends ErrorOptions {
  readonly code?: ErrorCode;
}

/** The constructor shape shared by every stream error class. */
export type StreamErrorConstructor = new (
  message: string,
  details?: Record<string, unknown>,
  options?: StreamErrorOptions,
) => PrimeosError;

/** The root of the stream error family: a {@link PrimeosError} built from (message, details, options). */
class StreamErrorRoot extends PrimeosError {
  constructor(message: string, details?: Record<string, unknown>, options?: StreamErrorOptions) {
    super(options?.code ?? 'E_PROCESS', message, details, options);
  }
}

/**
 * The one factory of the stream error classes (docs/ARCHITECTURE.md §3): a class named `name` whose
 * instances carry `defaultCode` unless the caller passes another `code`, extending `base` so that `instanceof`
 * works along the family (inside one thread; across threads compare `err.code`).
 *
 * @param name - the class name, also the instances' `name`
 * @param defaultCode - the stable code of the class
 * @param base - the parent class (default: the family root, a PrimeosError)
 * @returns the class
 */
export function streamErrorClass<B extends StreamErrorConstructor>(name: string, defaultCode: ErrorCode, base?: B): B {
  const Base = (base ?? StreamErrorRoot) as StreamErrorConstructor;
  const cls = class extends Base {
    constructor(message: string, details?: Record<string, unknown>, options?: StreamErrorOptions) {
      super(message, details, { ...options, code: options?.code ?? defaultCode });
    }
    override get name(): string {
      return name;
    }
  };
  Object.defineProperty(cls, 'name', { value: name });
  return cls as unknown as B;
}
