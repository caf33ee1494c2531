import { gcd, modPow } from './arith.js';
import { gf2Dependencies } from './gf2.js';
import type { SiqsContext } from './siqsContext.js';
import type { SiqsMatrixRelation } from './siqsRelationPool.js';

/** Dependencies tried by {@link siqsSolve}; each splits n with probability ≥ ½. */
export const SIQS_DEPENDENCIES = 64;

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
  const deps = gf2Dependencies(
    rows.map((r) => r.columns),
    F + 1,
    SIQS_DEPENDENCIES,
    shouldStop,
  );
  const counts = new Int32Array(F + 1);
  for (const dep of deps) {
    counts.fill(0);
    let x = 1n;
    let y = 1n;
    for (const i of dep) {
      const r = rows[i] as SiqsMatrixRelation;
      for (const v of r.ys) x = (x * v) % n;
      for (const c of r.columns) counts[c]!++;
      y = (y * r.sqrtFactor) % n;
    }
    for (let c = 0; c <= F; c++) {
      const e = counts[c] as number;
      if (e % 2 !== 0) throw new RangeError('siqsSolve: dependency with an odd exponent');
      if (c === 0 || e === 0) continue;
      y = (y * modPow(BigInt(primes[c - 1] as number), BigInt(e / 2), n)) % n;
    }
    const d = gcd(x - y, n);
    if (d > 1n && d < n) return d;
  }
  return undefined;
}
