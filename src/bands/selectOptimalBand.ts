import type { Band } from './Band.js';
import { BAND_TABLE } from './bandTable.js';
import { classify } from './classify.js';

/** How a batch of numbers weighs on each band. */
export interface BandSelection {
  /** The band carrying the largest share of the estimated cost. */
  readonly band: Band;
  /** Count of numbers per band name (only bands that occur). */
  readonly counts: Readonly<Record<string, number>>;
  /** Estimated cost share per band name, summing to 1 (0 shares omitted). */
  readonly costShare: Readonly<Record<string, number>>;
}

/**
 * Choose the band whose parameters suit a batch best: the band that carries the largest share of the
 * estimated work (count × the band's measured cost), not simply the most frequent band — one 200-bit
 * semiprime outweighs a thousand 20-bit numbers.
 *
 * @param ns - the batch (non-empty)
 * @param table - the band table
 * @returns the selection with counts and cost shares
 * @throws RangeError when `ns` is empty
 * @example
 * ```ts
 * import { selectOptimalBand } from 'primeos/bands';
 * selectOptimalBand([7n, 11n, 2n ** 150n + 1n]).band.name; // 'UPPER_MID'
 * ```
 */
export function selectOptimalBand(ns: readonly bigint[], table: readonly Band[] = BAND_TABLE): BandSelection {
  if (ns.length === 0) throw new RangeError('selectOptimalBand: empty batch');
  const counts: Record<string, number> = {};
  const cost: Record<string, number> = {};
  let total = 0;
  for (const n of ns) {
    const b = classify(n, table);
    counts[b.name] = (counts[b.name] ?? 0) + 1;
    cost[b.name] = (cost[b.name] ?? 0) + b.costMs;
    total += b.costMs;
  }
  let best: Band | undefined;
  for (const b of table)
    if (cost[b.name] !== undefined && (!best || (cost[b.name] as number) > (cost[best.name] as number))) best = b;
  const costShare: Record<string, number> = {};
  for (const [k, v] of Object.entries(cost)) costShare[k] = v / total;
  return { band: best as Band, counts, costShare };
}
