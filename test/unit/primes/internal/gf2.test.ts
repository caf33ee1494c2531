import fc from 'fast-check';
import { gf2Dependencies, gf2DependenciesPortable } from '../../../../src/primes/internal/gf2.js';
import { GF2_KERNEL_MAX_MATRIX_BYTES, gf2MatrixBytes } from '../../../../src/primes/internal/siqsKernel.js';

/** Rank over GF(2) of bit-vectors given as bigints (independent oracle). */
function rank(vectors: bigint[]): number {
  const basis = new Map<number, bigint>();
  let r = 0;
  for (let v of vectors) {
    while (v !== 0n) {
      const top = v.toString(2).length - 1;
      const b = basis.get(top);
      if (b === undefined) {
        basis.set(top, v);
        r++;
        break;
      }
      v ^= b;
    }
  }
  return r;
}

function rowVector(row: readonly number[]): bigint {
  let v = 0n;
  for (const c of row) v ^= 1n << BigInt(c);
  return v;
}

describe('gf2Dependencies', () => {
  test('finds the single dependency of a small example', () => {
    expect(gf2Dependencies([[0], [1], [0, 1]], 2)).toEqual([[0, 1, 2]]);
  });

  test('repeated columns cancel and an empty row is a dependency by itself', () => {
    expect(gf2Dependencies([[3, 3], [1]], 4)).toEqual([[0]]);
  });

  test('independent rows give no dependency', () => {
    expect(gf2Dependencies([[0], [1], [2, 0]], 3)).toEqual([]);
  });

  test('a stop request abandons the elimination', () => {
    const rows = Array.from({ length: 200 }, (_, i) => [i % 150, (i * 7) % 150, (i * 13) % 150]);
    expect(gf2Dependencies(rows, 150, 10).length).toBeGreaterThan(0);
    let polls = 0;
    expect(
      gf2Dependencies(rows, 150, 10, () => {
        polls++;
        return true;
      }),
    ).toEqual([]);
    expect(polls).toBe(1);
  });

  test('rejects out-of-range columns', () => {
    expect(() => gf2Dependencies([[5]], 3)).toThrow(RangeError);
  });

  test('property: dependencies sum to zero, are independent and as many as rows − rank', () => {
    const matrix = fc.integer({ min: 1, max: 70 }).chain((ncols) =>
      fc.tuple(
        fc.constant(ncols),
        fc.array(fc.array(fc.integer({ min: 0, max: ncols - 1 }), { maxLength: 8 }), {
          minLength: 1,
          maxLength: 90,
        }),
      ),
    );
    fc.assert(
      fc.property(matrix, ([ncols, rows]) => {
        const deps = gf2Dependencies(rows, ncols, 1000);
        for (const dep of deps) {
          expect(dep.length).toBeGreaterThan(0);
          let sum = 0n;
          for (const i of dep) sum ^= rowVector(rows[i] as number[]);
          expect(sum).toBe(0n);
        }
        const depVectors = deps.map((d) => d.reduce((acc, i) => acc | (1n << BigInt(i)), 0n));
        expect(rank(depVectors)).toBe(deps.length);
        // the null space of the rows has dimension rows − rank; all of it is found when not capped
        expect(deps.length).toBe(rows.length - rank(rows.map(rowVector)));
      }),
      { numRuns: 500, seed: 53 },
    );
  });

  test('property: the cap is honoured and met when the matrix has enough surplus rows', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 29 }), { minLength: 1, maxLength: 5 }), {
          minLength: 60,
          maxLength: 80,
        }),
        fc.integer({ min: 1, max: 20 }),
        (rows, cap) => {
          const deps = gf2Dependencies(rows, 30, cap);
          expect(deps.length).toBe(Math.min(cap, rows.length - rank(rows.map(rowVector))));
        },
      ),
      { numRuns: 500, seed: 54 },
    );
  });

  test('property: the WebAssembly kernel returns exactly the portable dependencies, in the same order', () => {
    // empty rows, repeated columns, duplicate rows and caps below and above the null space's dimension
    const matrix = fc.integer({ min: 1, max: 90 }).chain((ncols) =>
      fc.tuple(
        fc.constant(ncols),
        fc
          .array(fc.array(fc.integer({ min: 0, max: ncols - 1 }), { maxLength: 9 }), { minLength: 1, maxLength: 140 })
          .chain((rows) => fc.shuffledSubarray([...rows, ...rows.slice(0, 5), [], []])),
        fc.integer({ min: 0, max: 40 }),
      ),
    );
    fc.assert(
      fc.property(matrix, ([ncols, rows, cap]) => {
        expect(gf2Dependencies(rows, ncols, cap)).toEqual(gf2DependenciesPortable(rows, ncols, cap));
      }),
      { numRuns: 400, seed: 55 },
    );
  });

  test('the kernel finds the dependencies of a SIQS-sized matrix as the portable code does', () => {
    // 700 rows of 12 columns out of 640 (sparse, like relations over a factor base)
    let x = 12345;
    const next = (): number => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const rows = Array.from({ length: 700 }, () => Array.from({ length: 12 }, () => Math.floor(next() ** 2 * 640)));
    const deps = gf2Dependencies(rows, 640, 32);
    expect(deps.length).toBe(32);
    expect(deps).toEqual(gf2DependenciesPortable(rows, 640, 32));
  });

  test('matrices above the kernel limit are solved by the portable code', () => {
    // 9,008 rows over 9,000 columns: their bound is above 16 MiB, so the kernel's memory does not grow for them
    // (singleton removal leaves only the eight duplicated rows: cheap for the portable code)
    expect(gf2MatrixBytes(9008, 9000, 8)).toBeGreaterThan(GF2_KERNEL_MAX_MATRIX_BYTES);
    expect(gf2MatrixBytes(700, 640, 32)).toBeLessThanOrEqual(GF2_KERNEL_MAX_MATRIX_BYTES);
    const rows = [...Array.from({ length: 9000 }, (_, i) => [i]), ...Array.from({ length: 8 }, (_, i) => [i])];
    const deps = gf2Dependencies(rows, 9000, 8).sort((a, b) => (a[0] as number) - (b[0] as number));
    expect(deps).toEqual(Array.from({ length: 8 }, (_, i) => [i, 9000 + i]));
  });
});
