import { gcd } from '../arith.js';
import { gf2Dependencies } from './gf2.js';
import type { SiqsContext } from './siqsContext.js';
import type { SiqsMatrixRelation } from './siqsRelationPool.js';

/**
 * Dependencies asked of the GF(2) solver by {@link siqsSolve}; each splits n with probability ≥ ½, so all
 * failing has probability ≤ 2^−32 (then `siqs` collects more relations and solves again). Fewer
 * dependencies keep the matrix smaller: the solver keeps at most columns + this + 8 rows.
 */
export const SIQS_DEPENDENCIES = 32;

/** y values multiplied together before each reduction mod n in {@link siqsSolve}. */
const Y_RUN = 8;

/** Products of factor-base primes are accumulated in doubles while below this bound (exact). */
const EXACT_PRODUCT_LIMIT = 2 ** 53;

/**
 * The combine step: finds GF(2) dependencies among the matrix relations and, for each, X = ∏ y and
 * Y = ∏ p^(e/2) · ∏ L (mod n); returns the first non-trivial gcd(X − Y, n).
 *
 * @param ctx - the context the relations were sieved with
 * @param rows - matrix relations (e.g. `SiqsRelationPool.rows()`)
 * @param shouldStop - polled during the elimination; true abandons the solve (returns undefined)
 * @returns a divisor 1 < d < n, or undefined when every dependency was trivial
 * @throws RangeError when a dependency has an odd exponent (a bug: relations not from this context)
 * @example
 * ```ts
 * import { siqsSolve } from 'primeos/primes';
 * const d = siqsSolve(ctx, pool.rows());
 * ```
 */
export function siqsSolve(
  ctx: SiqsContext,
  rows: readonly SiqsMatrixRelation[],
  shouldStop?: () => boolean,
): bigint | undefined {
  const { n, primes } = ctx;
  const F = primes.length;
  // pushed, not mapped: `map` builds a holey array first, and the elimination then saw two array maps (a
  // deoptimisation and a second compile of this function per thread)
  const columns: (readonly number[])[] = [];
  for (const r of rows) columns.push(r.columns);
  const deps = gf2Dependencies(columns, F + 1, SIQS_DEPENDENCIES, shouldStop);
  const counts = new Int32Array(F + 1);
  for (const dep of deps) {
    counts.fill(0);
    let x = 1n;
    let y = 1n;
    // the y values are multiplied in runs of Y_RUN before one reduction mod n (a remainder costs more than
    // the products it saves)
    let run = 1n;
    let inRun = 0;
    for (const i of dep) {
      const r = rows[i] as SiqsMatrixRelation;
      for (const v of r.ys) {
        run *= v;
        if (++inRun === Y_RUN) {
          x = (x * run) % n;
          run = 1n;
          inRun = 0;
        }
      }
      for (const c of r.columns) counts[c]!++;
      if (r.sqrtFactor !== 1n) y = (y * r.sqrtFactor) % n;
    }
    x = (x * run) % n;
    // Y = ∏ p^(e/2): multiply primes into a double while the product stays exact, then fold it in
    let acc = 1;
    for (let c = 1; c <= F; c++) {
      const e = counts[c] as number;
      if (e % 2 !== 0) throw new RangeError('siqsSolve: dependency with an odd exponent');
      const p = primes[c - 1] as number;
      for (let h = e >> 1; h > 0; h--) {
        if (acc * p >= EXACT_PRODUCT_LIMIT) {
          y = (y * BigInt(acc)) % n;
          acc = 1;
        }
        acc *= p;
      }
    }
    if ((counts[0] as number) % 2 !== 0) throw new RangeError('siqsSolve: dependency with an odd exponent');
    y = (y * BigInt(acc)) % n;
    const d = gcd(x - y, n);
    if (d > 1n && d < n) return d;
  }
  return undefined;
}
