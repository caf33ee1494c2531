import type { PrimeosError } from './PrimeosError.js';

/**
 * The outcome of every model operation (PrimeOS shape). Discriminated on `success`.
 *
 * @typeParam T - the data type of a successful result
 */
export type ModelResult<T> =
  | {
      readonly success: true;
      readonly data: T;
      readonly error?: undefined;
      /** Epoch milliseconds at completion. */
      readonly timestamp: number;
      /** The model name that produced the result. */
      readonly source: string;
      /** Wall-clock duration of the operation in milliseconds. */
      readonly duration: number;
    }
  | {
      readonly success: false;
      readonly data?: undefined;
      readonly error: PrimeosError;
      readonly timestamp: number;
      readonly source: string;
      readonly duration: number;
    };
