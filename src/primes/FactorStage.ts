import type { Splitter } from './Splitter.js';

/**
 * One stage of a factorisation plan: a named {@link Splitter} with a per-call budget, applied to the
 * composites whose size is within its bit range (so one plan serves the input and every cofactor met on
 * the way down).
 */
export interface FactorStage {
  /** Name reported in `Factorization.method` when this stage finds a factor (e.g. 'ecm'). */
  readonly name: string;
  /** The splitting engine. */
  readonly split: Splitter;
  /** Wall-clock budget for one call of `split` (capped by what is left of the total budget). */
  readonly budgetMs: number;
  /** The stage is skipped on composites of fewer bits (default 0). */
  readonly minBits?: number;
  /** The stage is skipped on composites of more bits (default: no limit). */
  readonly maxBits?: number;
}
