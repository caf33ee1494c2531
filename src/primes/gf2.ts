/** How many dependencies {@link gf2Dependencies} returns when not told otherwise. */
export const GF2_DEFAULT_MAX_DEPENDENCIES = 64;

/**
 * Linear dependencies over GF(2) among sparse rows: subsets of rows in which every column occurs an
 * even number of times (the exponent-vector step of the quadratic sieve).
 *
 * Method: repeated singleton removal (a column met by one row cannot be in any dependency), columns
 * renumbered sparse-first, surplus rows trimmed, then Gaussian elimination on bit-packed
 * `Uint32Array` rows carrying an identity "history" block; rows that reduce to zero give the
 * dependencies. Dense cost ≈ R²·(R + C)/64 word operations, fine up to several thousand rows.
 *
 * @param rows - each row lists column indices (a column listed twice cancels, as over GF(2))
 * @param ncols - number of columns; every index must be in [0, ncols)
 * @param maxDependencies - stop after this many (default {@link GF2_DEFAULT_MAX_DEPENDENCIES})
 * @param shouldStop - polled every 64 pivots; when it returns true the elimination stops and `[]` is
 *   returned (for budgets and abort signals on large matrices)
 * @returns up to `maxDependencies` distinct non-empty sets of row indices (ascending), each summing
 *   to zero; at least min(maxDependencies, rows − ncols) of them when there are more rows than columns
 * @throws RangeError when a column index is out of range
 * @example
 * ```ts
 * import { gf2Dependencies } from 'primeos/primes';
 * gf2Dependencies([[0], [1], [0, 1]], 2); // [[0, 1, 2]]
 * ```
 */
export function gf2Dependencies(
  rows: readonly ArrayLike<number>[],
  ncols: number,
  maxDependencies: number = GF2_DEFAULT_MAX_DEPENDENCIES,
  shouldStop?: () => boolean,
): number[][] {
  // 1. odd-multiplicity columns of each row
  const odd: number[][] = rows.map((row) => {
    const cols = Array.from(row).sort((x, y) => x - y);
    const out: number[] = [];
    for (let i = 0; i < cols.length;) {
      const c = cols[i] as number;
      if (!Number.isInteger(c) || c < 0 || c >= ncols) throw new RangeError(`gf2Dependencies: bad column ${c}`);
      let j = i;
      while (j < cols.length && cols[j] === c) j++;
      if ((j - i) % 2 === 1) out.push(c);
      i = j;
    }
    return out;
  });

  // 2. singleton removal
  const alive = new Uint8Array(odd.length).fill(1);
  const weight = new Int32Array(ncols);
  for (const r of odd) for (const c of r) weight[c]!++;
  for (let changed = true; changed;) {
    changed = false;
    for (let i = 0; i < odd.length; i++) {
      if (!alive[i]) continue;
      const r = odd[i] as number[];
      if (r.some((c) => weight[c] === 1)) {
        alive[i] = 0;
        for (const c of r) weight[c]!--;
        changed = true;
      }
    }
  }
  const deps: number[][] = [];
  const kept: number[] = [];
  for (let i = 0; i < odd.length; i++) {
    if (!alive[i]) continue;
    // an empty row is a dependency by itself
    if ((odd[i] as number[]).length === 0) {
      if (deps.length < maxDependencies) deps.push([i]);
    } else kept.push(i);
  }
  if (deps.length >= maxDependencies) return deps;

  // 3. active columns, sparse first
  const active: number[] = [];
  for (let c = 0; c < ncols; c++) if ((weight[c] as number) > 0) active.push(c);
  active.sort((x, y) => (weight[x] as number) - (weight[y] as number) || x - y);
  const colIndex = new Int32Array(ncols).fill(-1);
  active.forEach((c, i) => (colIndex[c] = i));
  const C = active.length;
  const R = Math.min(kept.length, C + (maxDependencies - deps.length) + 8);
  if (R === 0) return deps;

  // 4. dense elimination with history
  const W1 = (C + 31) >>> 5;
  const W2 = (R + 31) >>> 5;
  const W = W1 + W2;
  const m = new Uint32Array(R * W);
  for (let r = 0; r < R; r++) {
    const base = r * W;
    for (const c of odd[kept[r] as number] as number[]) {
      const k = colIndex[c] as number;
      m[base + (k >>> 5)]! ^= 1 << (k & 31);
    }
    m[base + W1 + (r >>> 5)]! |= 1 << (r & 31);
  }
  const used = new Uint8Array(R);
  const histLo = new Int32Array(R);
  const histHi = new Int32Array(R);
  for (let r = 0; r < R; r++) histLo[r] = histHi[r] = r >>> 5;
  for (let k = 0; k < C; k++) {
    if ((k & 63) === 63 && shouldStop?.() === true) return [];
    const w = k >>> 5;
    const bit = 1 << (k & 31);
    let piv = -1;
    for (let r = 0; r < R; r++) {
      if (!used[r] && (m[r * W + w]! & bit) !== 0) {
        piv = r;
        break;
      }
    }
    if (piv < 0) continue;
    used[piv] = 1;
    const pb = piv * W;
    const lo = histLo[piv] as number;
    const hi = histHi[piv] as number;
    for (let r = piv + 1; r < R; r++) {
      const rb = r * W;
      if (used[r] || (m[rb + w]! & bit) === 0) continue;
      for (let j = w; j < W1; j++) m[rb + j]! ^= m[pb + j]!;
      // the pivot's history is zero outside its [lo, hi] word range
      for (let j = W1 + lo; j <= W1 + hi; j++) m[rb + j]! ^= m[pb + j]!;
      if (lo < (histLo[r] as number)) histLo[r] = lo;
      if (hi > (histHi[r] as number)) histHi[r] = hi;
    }
  }
  for (let r = 0; r < R && deps.length < maxDependencies; r++) {
    if (used[r]) continue;
    const rb = r * W;
    const dep: number[] = [];
    for (let j = 0; j < W2; j++) {
      let word = m[rb + W1 + j]!;
      while (word !== 0) {
        const t = 31 - Math.clz32(word & -word);
        dep.push(kept[j * 32 + t] as number);
        word &= word - 1;
      }
    }
    dep.sort((x, y) => x - y);
    deps.push(dep);
  }
  return deps;
}
