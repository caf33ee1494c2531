import type { BandName } from './BandName.js';
import type { StageSpec } from '../primes/StageSpec.js';

/** Processing parameters of a band for stream batching and NTT headers. */
export interface BandProcessing {
  /** Default number of items per batch for numbers of this size. */
  readonly batchSize: number;
  /** NTT prime modulus used for this band's NTT blocks. */
  readonly nttModulus: number;
  /** A generator of the multiplicative group mod `nttModulus`. */
  readonly nttRoot: number;
}

/**
 * A band as data (docs/ARCHITECTURE.md §5): its bit range, its factor plan and its processing parameters.
 */
export interface Band {
  readonly name: BandName;
  /** Smallest bit length in the band. */
  readonly minBits: number;
  /** Largest bit length in the band (ULTRASONIC_2 also takes anything larger, up to the input limit). */
  readonly maxBits: number;
  /** Ordered engine stages; each applies to composites within its own bit limits. */
  readonly plan: readonly StageSpec[];
  readonly processing: BandProcessing;
  /**
   * Estimated cost in ms of the hardest input of the band (a balanced semiprime at the band's top),
   * from bench/bands-crossover.ts on the reference machine. Used to weigh bands against each other.
   */
  readonly costMs: number;
}
