import type { BandName } from '../bands/BandName.js';
import type { DecodedChunk } from '../encoding/DecodedChunk.js';
import type { Factor } from '../primes/Factorization.js';

/** A value or a promise of it (PrimeOS modules answer asynchronously, primeos synchronously). */
export type MaybePromise<T> = T | Promise<T>;

/** PrimeOS `EncodingInterface`: what the stream needs from an injected encoding module. */
export interface EncodingInterface {
  decodeChunk(chunk: bigint): MaybePromise<DecodedChunk>;
  encodeText?(text: string): MaybePromise<bigint[]>;
}

/** PrimeOS `PrimeRegistryInterface`: what the stream needs from an injected prime registry. */
export interface PrimeRegistryInterface {
  /** The prime at 0-based `index` (2 at index 0). */
  getPrime(index: number): MaybePromise<bigint>;
  isPrime?(n: bigint): MaybePromise<boolean>;
  factor?(n: bigint): MaybePromise<Factor[]>;
}

/** PrimeOS `BandsInterface`: what the stream needs from an injected bands optimizer. */
export interface BandsInterface {
  classifyNumber(n: bigint): MaybePromise<BandName | string>;
}

/** PrimeOS `BandSelector`: a function choosing a band for a number, or a bands module. */
export type BandSelector = ((n: bigint) => MaybePromise<BandName | string>) | BandsInterface;

/** The modules a stream processor works with (PrimeOS option names); absent ones default to primeos's own. */
export interface StreamIntegrations {
  readonly encodingModule?: EncodingInterface;
  readonly primeRegistry?: PrimeRegistryInterface;
  readonly bandsOptimizer?: BandsInterface;
}
