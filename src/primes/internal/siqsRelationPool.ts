import type { SiqsRelation } from './siqsCollect.js';

/**
 * A relation ready for the matrix: ∏ ys² ≡ (−1)^e₀ · ∏ primes^e · sqrtFactor² (mod n). Full relations
 * have one y and sqrtFactor 1; a cycle of partial relations has one y per relation and sqrtFactor the
 * product of the large primes on the cycle (each of them divides exactly two of its relations).
 */
export interface SiqsMatrixRelation {
  readonly ys: readonly bigint[];
  /** Columns with multiplicity (0 = sign, j + 1 = primes[j]). */
  readonly columns: readonly number[];
  readonly sqrtFactor: bigint;
}

/**
 * Merges relations from any number of batches (workers): drops duplicates (same |y|), keeps full relations,
 * and combines partial relations through the large-prime graph. Its vertices are the large primes and 1; a
 * relation with one large prime L is the edge 1–L, one with two is the edge L₁–L₂. The pool keeps a spanning
 * forest of the edges; an edge whose ends are already connected closes a cycle, and the relations on that
 * cycle multiply to a square times factor-base primes: one matrix relation. So a group of g partials sharing
 * one large prime yields g − 1 matrix relations, and double-large-prime partials count as soon as they close
 * a cycle, however long.
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
  /** The forest: each vertex points to its parent, a root to itself (vertex 1 is a root while absent)... */
  readonly #parent = new Map<number, number>();
  /** ...through this relation (the edge vertex–parent). */
  readonly #edge = new Map<number, SiqsRelation>();
  readonly #rows: SiqsMatrixRelation[] = [];
  #fulls = 0;
  #partialCount = 0;
  #doubleCount = 0;
  #cycles = 0;

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
    const u = rel.largePrime2 === 1 ? 1 : rel.largePrime;
    const v = rel.largePrime2 === 1 ? rel.largePrime : rel.largePrime2;
    if (u !== 1) this.#doubleCount++;
    if (u === v) {
      // the cofactor is L²: a loop, a cycle of one relation with L in the square root
      this.#cycles++;
      this.#rows.push({ ys: [rel.y], columns: rel.columns, sqrtFactor: BigInt(u) });
      return true;
    }
    const inU = u === 1 || this.#parent.has(u);
    const inV = this.#parent.has(v);
    if (!inV) return this.#attach(v, u, rel, inU);
    if (!inU) return this.#attach(u, v, rel, true);
    const up = this.#pathToRoot(u);
    const vp = this.#pathToRoot(v);
    if (up[up.length - 1] !== vp[vp.length - 1]) {
      // two trees: the shorter path is reversed so that its start becomes its tree's root, then hung below the other end
      if (up.length <= vp.length) this.#reroot(up);
      else this.#reroot(vp);
      return up.length <= vp.length ? this.#attach(u, v, rel, true) : this.#attach(v, u, rel, true);
    }
    this.#closeCycle(up, vp, rel);
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

  /** Matrix relations available (full relations and cycles of partials). */
  get size(): number {
    return this.#rows.length;
  }

  /** Full relations received. */
  get fullCount(): number {
    return this.#fulls;
  }

  /** Partial relations received (one or two large primes). */
  get partialCount(): number {
    return this.#partialCount;
  }

  /** Partial relations with two large primes received. */
  get doubleCount(): number {
    return this.#doubleCount;
  }

  /** Matrix relations made of cycles of partial relations (a relation whose two large primes are equal is a loop). */
  get cycleCount(): number {
    return this.#cycles;
  }

  /** Every relation received (full and partial). */
  get received(): number {
    return this.#fulls + this.#partialCount;
  }

  /** The matrix relations collected so far (a snapshot). */
  rows(): readonly SiqsMatrixRelation[] {
    return this.#rows.slice();
  }

  /** Hangs `child` (a new vertex or a tree's root) below `parent` through `rel`; a new `parent` becomes a root. */
  #attach(child: number, parent: number, rel: SiqsRelation, parentKnown: boolean): true {
    if (!parentKnown && parent !== 1) this.#parent.set(parent, parent);
    this.#parent.set(child, parent);
    this.#edge.set(child, rel);
    return true;
  }

  /** The vertices from `x` up to its tree's root, both included (a root is its own parent; so is 1 until it gets one). */
  #pathToRoot(x: number): number[] {
    const path = [x];
    for (let p = this.#parent.get(x); p !== undefined && p !== path[path.length - 1]; p = this.#parent.get(p)) {
      path.push(p);
    }
    return path;
  }

  /** Reverses the edges along `path` (a vertex up to its root): its first vertex becomes the root. */
  #reroot(path: readonly number[]): void {
    for (let i = path.length - 1; i > 0; i--) {
      const child = path[i - 1] as number;
      const parent = path[i] as number;
      this.#edge.set(parent, this.#edge.get(child) as SiqsRelation);
      this.#parent.set(parent, child);
    }
    const root = path[0] as number;
    this.#parent.set(root, root);
    this.#edge.delete(root);
  }

  /** The cycle u → … → common ancestor ← … ← v, closed by `rel`, as one matrix relation. */
  #closeCycle(up: readonly number[], vp: readonly number[], rel: SiqsRelation): void {
    const onU = new Set(up);
    let j = 0;
    while (!onU.has(vp[j] as number)) j++;
    const meet = vp[j] as number;
    const ys: bigint[] = [rel.y];
    let columns = rel.columns;
    let sqrtFactor = 1n;
    const take = (x: number): void => {
      if (x !== 1) sqrtFactor *= BigInt(x);
      if (x === meet) return;
      const e = this.#edge.get(x) as SiqsRelation;
      ys.push(e.y);
      // concat keeps the elements kind of both (small-integer arrays): gf2Dependencies then sees one array map
      columns = columns.concat(e.columns);
    };
    for (const x of up) {
      take(x);
      if (x === meet) break;
    }
    for (let i = 0; i < j; i++) take(vp[i] as number);
    this.#cycles++;
    this.#rows.push({ ys, columns, sqrtFactor });
  }
}
