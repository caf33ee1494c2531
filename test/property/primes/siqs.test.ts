import fc from 'fast-check';
import { isProbablyPrime } from 'bigint-crypto-utils';
import { siqs, siqsSplit } from '../../../src/primes/siqs.js';
import { collectRelations, collectRelationsPortable } from '../../../src/primes/internal/siqsCollect.js';
import { prepareSiqs } from '../../../src/primes/internal/siqsContext.js';
import { siqsParams } from '../../../src/primes/internal/siqsParams.js';
import { gf2Dependencies } from '../../../src/primes/internal/gf2.js';
import { GF2_KERNEL_MAX_MATRIX_BYTES, gf2MatrixBytes } from '../../../src/primes/internal/siqsKernel.js';

const isPrime = (n: bigint): Promise<boolean> => isProbablyPrime(n, 16, true);

async function nextPrime(n: bigint): Promise<bigint> {
  let c = n | 1n;
  while (!(await isPrime(c))) c += 2n;
  return c;
}

/** p, q ≈ [0.75, 1)·2^(bits/2): the product has exactly `bits` bits. */
async function balanced(bits: number, r1: bigint, r2: bigint): Promise<{ p: bigint; q: bigint }> {
  const half = bits >> 1;
  const span = (h: number): bigint => 1n << BigInt(h - 2);
  const p = await nextPrime((3n << BigInt(half - 2)) + (r1 % span(half)));
  const q = await nextPrime((3n << BigInt(bits - half - 2)) + (r2 % span(bits - half)));
  return { p, q };
}

const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });

describe('siqs property', () => {
  /** Random balanced semiprimes of minBits–maxBits bits split into exactly their two primes. */
  const splitsBalanced = (minBits: number, maxBits: number, numRuns: number, seed: number) => async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: minBits, max: maxBits }),
        u64,
        u64,
        fc.integer({ min: 0, max: 1000 }),
        async (bits, r1, r2, engineSeed) => {
          const { p, q } = await balanced(bits, r1, r2);
          fc.pre(p !== q);
          const out = siqsSplit(p * q, { seed: engineSeed });
          expect(out.status).toBe('found');
          if (out.status === 'found') expect(out.divisor === p || out.divisor === q).toBe(true);
        },
      ),
      { numRuns, seed },
    );
  };

  test(
    'splits random balanced semiprimes of 60–100 bits into their two primes',
    splitsBalanced(60, 100, 150, 20261130),
  );
  test(
    'splits random balanced semiprimes of 40–60 bits (few a-values: batches must not stall)',
    splitsBalanced(40, 60, 300, 20261130),
  );
  test('splits random balanced semiprimes of 100–120 bits', splitsBalanced(100, 120, 20, 20261123));

  test('the WebAssembly sieve kernel finds exactly the portable relations (random semiprimes and seeds, 40–150 bits)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 40, max: 150 }),
        u64,
        u64,
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        async (bits, r1, r2, seed) => {
          const { p, q } = await balanced(bits, r1, r2);
          fc.pre(p !== q);
          const ctx = prepareSiqs(p * q, siqsParams(bits));
          fc.pre(!('divisor' in ctx));
          if ('divisor' in ctx) return;
          expect(collectRelations(ctx, { seed, aCount: 2 })).toEqual(
            collectRelationsPortable(ctx, { seed, aCount: 2 }),
          );
        },
      ),
      { numRuns: 40, seed: 20261205 },
    );
  });

  test('a factor base stays loaded in the kernel across a GF(2) step that grows its memory', async () => {
    const { p, q } = await balanced(100, 12345n, 67890n);
    const ctx = prepareSiqs(p * q, siqsParams(100));
    if ('divisor' in ctx) throw new Error('unexpected small divisor');
    const expected = collectRelationsPortable(ctx, { seed: 3, aCount: 2 });
    expect(collectRelations(ctx, { seed: 3, aCount: 2 })).toEqual(expected); // loads ctx into the kernel
    // a 3000 × 2900 matrix needs megabytes above the sieve's region: the kernel's memory grows
    const rows = Array.from({ length: 3000 }, (_, i) => [i % 2900, (i * 7 + 1) % 2900, (i * 13 + 5) % 2900]);
    expect(gf2MatrixBytes(3000, 2900, 4)).toBeLessThanOrEqual(GF2_KERNEL_MAX_MATRIX_BYTES); // the kernel's job
    expect(gf2Dependencies(rows, 2900, 4).length).toBe(4);
    expect(collectRelations(ctx, { seed: 3, aCount: 2 })).toEqual(expected); // same ctx, fresh views
  });

  test('splits every odd composite of 40–100 bits, small factors and repeated primes included', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 40, max: 100 }), u64, u64, async (bits, r1, r2) => {
        const n = ((((r1 << 64n) | r2) % (1n << BigInt(bits - 1))) + (1n << BigInt(bits - 1))) | 1n;
        fc.pre(!(await isPrime(n)));
        const out = siqs(n, { seed: 1 });
        expect(out.status).toBe('found');
        if (out.status === 'found') expect(out.divisor > 1n && out.divisor < n && n % out.divisor === 0n).toBe(true);
      }),
      { numRuns: 300, seed: 20261130 },
    );
  });
});
