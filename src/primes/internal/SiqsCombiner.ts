import { gcd } from '../arith.js';
import type { SplitOutcome } from '../Splitter.js';
import type { SiqsRelation } from './siqsCollect.js';
import type { SiqsContext } from './siqsContext.js';
import type { SiqsParams } from './siqsParams.js';
import { SiqsRelationPool } from './siqsRelationPool.js';
import { siqsSolve } from './siqsSolve.js';

/** Consecutive batches without a new relation after which SIQS gives up (tiny or degenerate inputs). */
export const SIQS_MAX_STALLED_BATCHES = 50;
/** How many times the linear algebra is retried with more relations before giving up. */
export const SIQS_MAX_SOLVE_ROUNDS = 6;

/**
 * The combining side of one SIQS run, whoever sieves (`siqs` on this thread, `siqsParallel` on a pool): it takes
 * each batch's relations, and once the relation pool has enough rows solves; each failed solve asks for
 * `extraRelations` more. It also holds the run's stop test (signal, deadline), which the sieve polls.
 */
export class SiqsCombiner {
  /** The relations received so far. */
  readonly relations = new SiqsRelationPool();
  readonly #ctx: SiqsContext;
  readonly #extra: number;
  readonly #signal: AbortSignal | undefined;
  readonly #deadline: number;
  #needed: number;
  #rounds = 0;
  #stalled = 0;
  #stopReason: 'aborted' | 'budget' | undefined;

  /**
   * @param ctx - the run's context
   * @param params - its parameters (`extraRelations`)
   * @param signal - aborts the run
   * @param deadline - `Date.now()` time at which the budget ends
   */
  constructor(ctx: SiqsContext, params: SiqsParams, signal: AbortSignal | undefined, deadline: number) {
    this.#ctx = ctx;
    this.#extra = params.extraRelations;
    this.#signal = signal;
    this.#deadline = deadline;
    this.#needed = ctx.primes.length + 1 + params.extraRelations;
  }

  /** Rows the next solve waits for. */
  get needed(): number {
    return this.#needed;
  }

  /** Consecutive batches that brought no new relation. */
  get stalled(): number {
    return this.#stalled;
  }

  /**
   * The stop test: true once the signal aborted or the deadline passed (the reason is kept for the outcome).
   *
   * @returns whether the run must stop
   */
  readonly shouldStop = (): boolean => {
    if (this.#signal?.aborted) this.#stopReason = 'aborted';
    else if (Date.now() > this.#deadline) this.#stopReason = 'budget';
    return this.#stopReason !== undefined;
  };

  /**
   * Takes one batch's relations: the run's outcome when it ends here (stopped, stalled, solved, or out of solve
   * rounds), else undefined (sieve on).
   *
   * @param rels - the batch's relations
   * @returns the outcome, or undefined
   */
  add(rels: readonly SiqsRelation[]): SplitOutcome | undefined {
    const pool = this.relations;
    const before = pool.received;
    pool.addAll(rels);
    this.#stalled = pool.received === before ? this.#stalled + 1 : 0;
    const effort = { siqsRelations: pool.received };
    if (this.#stopReason === 'aborted') return { status: 'aborted', effort };
    if (this.#stopReason === 'budget') return { status: 'exhausted', effort };
    if (this.#stalled >= SIQS_MAX_STALLED_BATCHES) return { status: 'exhausted', effort };
    if (pool.size < this.#needed) return undefined;
    const d = siqsSolve(this.#ctx, pool.rows(), this.shouldStop);
    if (d !== undefined && gcd(d, this.#ctx.n) === d) return { status: 'found', divisor: d, effort };
    if (this.#stopReason === 'aborted') return { status: 'aborted', effort };
    if (this.#stopReason === 'budget') return { status: 'exhausted', effort };
    if (++this.#rounds >= SIQS_MAX_SOLVE_ROUNDS) return { status: 'exhausted', effort };
    this.#needed += this.#extra;
    return undefined;
  }
}
