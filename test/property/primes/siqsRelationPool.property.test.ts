import { fc, test } from '@fast-check/jest';
import type { SiqsRelation } from '../../../src/primes/internal/siqsCollect.js';
import { SiqsRelationPool } from '../../../src/primes/internal/siqsRelationPool.js';

/** Partial relations as edges between a few large primes (1 stands for "no second prime"); y numbers them. */
const edges = fc.array(
  fc.tuple(
    fc.constantFrom(1, 1, 101, 103, 107, 109, 113, 127, 131),
    fc.constantFrom(101, 103, 107, 109, 113, 127, 131),
  ),
  { maxLength: 60 },
);

function relationsOf(list: readonly (readonly [number, number])[]): SiqsRelation[] {
  return list.map(([a, b], i) => {
    const [p, q] = a === 1 ? [b, 1] : a <= b ? [a, b] : [b, a];
    return { y: BigInt(i + 2), columns: [i + 1], largePrime: p, largePrime2: q };
  });
}

/** Cycle rank E − V + C of the multigraph (loops included), by union–find: the rows a cycle basis has. */
function cycleRank(list: readonly (readonly [number, number])[]): number {
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    while (parent.has(x) && parent.get(x) !== x) x = parent.get(x) as number;
    return x;
  };
  let rank = 0;
  for (const [a, b] of list) {
    if (!parent.has(a)) parent.set(a, a);
    if (!parent.has(b)) parent.set(b, b);
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) rank++;
    else parent.set(ra, rb);
  }
  return rank;
}

describe('SIQS relation pool: the large-prime graph', () => {
  test.prop([edges], { numRuns: 300 })(
    'one row per independent cycle; each row pairs up its large primes and squares its sqrtFactor',
    (list) => {
      const rels = relationsOf(list);
      const pool = new SiqsRelationPool();
      pool.addAll(rels);
      expect(pool.size).toBe(cycleRank(list));
      expect(pool.cycleCount).toBe(pool.size);
      expect(pool.partialCount).toBe(rels.length);
      expect(pool.doubleCount).toBe(rels.filter((r) => r.largePrime2 !== 1).length);
      const byY = new Map(rels.map((r) => [r.y, r]));
      const used = new Set<bigint>();
      for (const row of pool.rows()) {
        // a fundamental cycle: its closing relation is in no earlier row
        expect(row.ys.some((y) => !used.has(y))).toBe(true);
        for (const y of row.ys) used.add(y);
        expect(new Set(row.ys).size).toBe(row.ys.length);
        // every large prime of the cycle divides exactly two of its relations (a loop: its one relation twice)
        const count = new Map<number, number>();
        for (const y of row.ys) {
          const r = byY.get(y) as SiqsRelation;
          for (const L of [r.largePrime, r.largePrime2]) if (L !== 1) count.set(L, (count.get(L) ?? 0) + 1);
        }
        let product = 1n;
        for (const [L, c] of count) {
          expect(c).toBe(2);
          product *= BigInt(L);
        }
        expect(row.sqrtFactor).toBe(product);
        // the columns are those of its relations
        expect([...row.columns].sort((a, b) => a - b)).toEqual(row.ys.map((y) => Number(y) - 1).sort((a, b) => a - b));
      }
    },
  );

  test.prop([edges], { numRuns: 100 })('a relation seen again (same |y|) adds nothing', (list) => {
    const rels = relationsOf(list);
    const once = new SiqsRelationPool();
    once.addAll(rels);
    const twice = new SiqsRelationPool();
    twice.addAll(rels);
    twice.addAll(rels.map((r) => ({ ...r, y: -r.y })));
    expect(twice.size).toBe(once.size);
    expect(twice.received).toBe(once.received);
  });
});
