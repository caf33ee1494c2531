import { gf2DependenciesInKernel } from './siqsKernel.js';

/** How many dependencies {@link gf2Dependencies} returns when not told otherwise. */
export const GF2_DEFAULT_MAX_DEPENDENCIES = 64;

/**
 * Linear dependencies over GF(2) among sparse rows: subsets of rows in which every column occurs an
 * even number of times (the exponent-vector step of the quadratic sieve).
 *
 * Method: repeated singleton removal (a column met by one row cannot be in any dependency), columns
 * renumbered sparse-first, surplus rows trimmed, then Gaussian elimination on bit-packed
 * `Uint32Array` rows carrying an identity "history" block; rows that reduce to zero give the
 * dependencies. Dense cost ≈ R²·(R + C)/64 word operations, fine up to several thousand rows. The steps
 * run in the WebAssembly SIQS kernel when it is available, else in portable JS; the results are the same.
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
  let total = 0;
  for (const row of rows) {
    for (let t = 0; t < row.length; t++) {
      const c = row[t] as number;
      if (!Number.isInteger(c) || c < 0 || c >= ncols) throw new RangeError(`gf2Dependencies: bad column ${c}`);
    }
    total += row.length;
  }
  // the kernel takes 32-bit counts; anything else (never from SIQS) stays with the portable code
  const fits = (x: number): boolean => Number.isInteger(x) && x >= 0 && x < 2 ** 30;
  const inKernel =
    fits(ncols) && fits(maxDependencies) && fits(total) && fits(rows.length)
      ? gf2DependenciesInKernel(rows, total, ncols, maxDependencies, shouldStop)
      : undefined;
  return inKernel ?? gf2DependenciesPortable(rows, ncols, maxDependencies, shouldStop);
}

/**
 * {@link gf2Dependencies} in portable JS only (never the WebAssembly kernel): the reference the kernel is
 * tested against, and the fallback.
 *
 * @param rows - each row lists column indices
 * @param ncols - number of columns
 * @param maxDependencies - stop after this many
 * @param shouldStop - polled every 64 pivots; true returns `[]`
 * @returns the same dependencies as {@link gf2Dependencies}
 * @throws RangeError when a column index is out of range
 */
export function gf2DependenciesPortable(
  rows: readonly ArrayLike<number>[],
  ncols: number,
  maxDependencies: number = GF2_DEFAULT_MAX_DEPENDENCIES,
  shouldStop?: () => boolean,
): number[][] {
  const nrows = rows.length;
  // 1. odd-multiplicity columns of each row, flattened: row i owns oddCols[start[i] .. start[i + 1])
  let total = 0;
  for (let i = 0; i < nrows; i++) total += (rows[i] as ArrayLike<number>).length;
  const oddCols = new Int32Array(total);
  const start = new Int32Array(nrows + 1);
  const parity = new Uint8Array(ncols);
  let fill = 0;
  for (let i = 0; i < nrows; i++) {
    const row = rows[i] as ArrayLike<number>;
    start[i] = fill;
    for (let t = 0; t < row.length; t++) {
      const c = row[t] as number;
      if (!Number.isInteger(c) || c < 0 || c >= ncols) throw new RangeError(`gf2Dependencies: bad column ${c}`);
      parity[c]! ^= 1;
    }
    // emit each odd column once (clearing its parity on the way)
    for (let t = 0; t < row.length; t++) {
      const c = row[t] as number;
      if (parity[c] === 1) {
        oddCols[fill++] = c;
        parity[c] = 0;
      }
    }
  }
  start[nrows] = fill;

  // 2. singleton removal
  const alive = new Uint8Array(nrows).fill(1);
  const weight = new Int32Array(ncols);
  for (let t = 0; t < fill; t++) weight[oddCols[t] as number]!++;
  for (let changed = true; changed;) {
    changed = false;
    for (let i = 0; i < nrows; i++) {
      if (alive[i] === 0) continue;
      const e = start[i + 1] as number;
      let single = false;
      for (let t = start[i] as number; t < e; t++) {
        if (weight[oddCols[t] as number] === 1) {
          single = true;
          break;
        }
      }
      if (!single) continue;
      alive[i] = 0;
      for (let t = start[i] as number; t < e; t++) weight[oddCols[t] as number]!--;
      changed = true;
    }
  }
  const deps: number[][] = [];
  const kept: number[] = [];
  for (let i = 0; i < nrows; i++) {
    if (alive[i] === 0) continue;
    // an empty row is a dependency by itself
    if (start[i] === start[i + 1]) {
      if (deps.length < maxDependencies) deps.push([i]);
    } else kept.push(i);
  }
  if (deps.length >= maxDependencies) return deps;

  // 3. active columns, sparse first
  // counting sort by weight (stable: ties stay in column order)
  let maxWeight = 0;
  for (let c = 0; c < ncols; c++) if ((weight[c] as number) > maxWeight) maxWeight = weight[c] as number;
  const firstOfWeight = new Int32Array(maxWeight + 2);
  for (let c = 0; c < ncols; c++) firstOfWeight[(weight[c] as number) + 1]!++;
  for (let w = 1; w <= maxWeight + 1; w++) firstOfWeight[w]! += firstOfWeight[w - 1] as number;
  const C = ncols - (firstOfWeight[1] as number); // columns of weight > 0
  const colIndex = new Int32Array(ncols).fill(-1);
  for (let c = 0; c < ncols; c++) {
    const w = weight[c] as number;
    if (w > 0) colIndex[c] = firstOfWeight[w]!++ - (ncols - C);
  }
  const R = Math.min(kept.length, C + (maxDependencies - deps.length) + 8);
  if (R === 0) return deps;

  // 4. dense elimination with history; `open` lists the rows not used as pivots yet
  const W1 = (C + 31) >>> 5;
  const W2 = (R + 31) >>> 5;
  const W = W1 + W2;
  const m = new Int32Array(R * W);
  for (let r = 0; r < R; r++) {
    const base = r * W;
    const i = kept[r] as number;
    const e = start[i + 1] as number;
    for (let t = start[i] as number; t < e; t++) {
      const k = colIndex[oddCols[t] as number] as number;
      m[base + (k >>> 5)]! ^= 1 << (k & 31);
    }
    m[base + W1 + (r >>> 5)]! |= 1 << (r & 31);
  }
  const open = new Int32Array(R);
  for (let r = 0; r < R; r++) open[r] = r;
  let openCount = R;
  const histLo = new Int32Array(R);
  const histHi = new Int32Array(R);
  for (let r = 0; r < R; r++) histLo[r] = histHi[r] = r >>> 5;
  for (let k = 0; k < C && openCount > 0; k++) {
    if ((k & 63) === 63 && shouldStop?.() === true) return [];
    const w = k >>> 5;
    const bit = 1 << (k & 31);
    let at = -1;
    for (let u = 0; u < openCount; u++) {
      if ((m[(open[u] as number) * W + w]! & bit) !== 0) {
        at = u;
        break;
      }
    }
    if (at < 0) continue;
    const piv = open[at] as number;
    open[at] = open[--openCount] as number;
    const pb = piv * W;
    const lo = histLo[piv] as number;
    const hi = histHi[piv] as number;
    for (let u = at; u < openCount; u++) {
      const r = open[u] as number;
      const rb = r * W;
      if ((m[rb + w]! & bit) === 0) continue;
      for (let j = w; j < W1; j++) m[rb + j]! ^= m[pb + j]!;
      // the pivot's history is zero outside its [lo, hi] word range
      for (let j = W1 + lo; j <= W1 + hi; j++) m[rb + j]! ^= m[pb + j]!;
      if (lo < (histLo[r] as number)) histLo[r] = lo;
      if (hi > (histHi[r] as number)) histHi[r] = hi;
    }
  }
  // the open rows reduced to zero: their histories are the dependencies (in row order, for determinism)
  const zeroRows = open.subarray(0, openCount).sort();
  for (const r of zeroRows) {
    if (deps.length >= maxDependencies) break;
    const rb = r * W;
    const dep: number[] = [];
    for (let j = 0; j < W2; j++) {
      let word = m[rb + W1 + j]!;
      while (word !== 0) {
        const t = 31 - Math.clz32(word & -word);
        dep.push(kept[j * 32 + t] as number); // ascending: kept is ascending, bits are read low to high
        word &= word - 1;
      }
    }
    deps.push(dep);
  }
  return deps;
}
