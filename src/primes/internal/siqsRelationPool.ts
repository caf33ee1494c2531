import type { SiqsRelation } from './siqsCollect.js';

/**
 * A relation ready for the matrix: ∏ ys² ≡ (−1)^e₀ · ∏ primes^e · sqrtFactor² (mod n). Full relations
 * have one y and sqrtFactor 1; a pair of partial relations sharing the large prime L has two ys and
 * sqrtFactor L.
 */
export interface SiqsMatrixRelation {
  readonly ys: readonly bigint[];
  /** Columns with multiplicity (0 = sign, j + 1 = primes[j]). */
  readonly columns: readonly number[];
  readonly sqrtFactor: bigint;
}

/**
 * Merges relations from any number of batches (workers): drops duplicates (same y), keeps full
 * relations, and combines each partial relation with the first earlier partial of the same large
 * prime, so a group of g partials yields g − 1 matrix relations.
 *
 * @example
 * ```ts
 * import { SiqsRelationPool, collectRelations } from 'primeos/primes';
 * const pool = new SiqsRelationPool();
 * pool.addAll(collectRelations(ctx, { seed: 1, aCount: 4 }).relations);
 * pool.size; // matrix relations available
 * ```
 */
export class SiqsRelationPool {
  readonly #seen = new Set<bigint>();
  readonly #partials = new Map<number, SiqsRelation>();
  readonly #rows: SiqsMatrixRelation[] = [];
  #fulls = 0;
  #partialCount = 0;

  /**
   * Adds one relation.
   *
   * @param rel - a relation from `collectRelations`
   * @returns true when it was new
   */
  add(rel: SiqsRelation): boolean {
    const key = rel.y < 0n ? -rel.y : rel.y;
    if (this.#seen.has(key)) return false;
    this.#seen.add(key);
    if (rel.largePrime === 1) {
      this.#fulls++;
      this.#rows.push({ ys: [rel.y], columns: rel.columns, sqrtFactor: 1n });
      return true;
    }
    this.#partialCount++;
    const first = this.#partials.get(rel.largePrime);
    if (first === undefined) {
      this.#partials.set(rel.largePrime, rel);
      return true;
    }
    this.#rows.push({
      ys: [first.y, rel.y],
      // concat keeps the elements kind of both (small-integer arrays), as `slice` does for full relations:
      // gf2Dependencies then sees one array map in every row
      columns: first.columns.concat(rel.columns),
      sqrtFactor: BigInt(rel.largePrime),
    });
    return true;
  }

  /**
   * Adds many relations.
   *
   * @param rels - relations from one or more batches
   */
  addAll(rels: readonly SiqsRelation[]): void {
    for (const r of rels) this.add(r);
  }

  /** Matrix relations available (full + combined partials). */
  get size(): number {
    return this.#rows.length;
  }

  /** Full relations received. */
  get fullCount(): number {
    return this.#fulls;
  }

  /** Partial relations received. */
  get partialCount(): number {
    return this.#partialCount;
  }

  /** Every relation received (full and partial). */
  get received(): number {
    return this.#fulls + this.#partialCount;
  }

  /** The matrix relations collected so far (a snapshot). */
  rows(): readonly SiqsMatrixRelation[] {
    return this.#rows.slice();
  }
}
