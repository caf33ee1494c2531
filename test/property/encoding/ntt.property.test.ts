import fc from 'fast-check';
import { applyInverseNTT, applyNTT, convolve } from '../../../src/encoding/ntt.js';

const PARAMS = [
  { modulus: 998244353n, root: 3n },
  { modulus: 7340033n, root: 3n },
  { modulus: 4179340454199820289n, root: 3n },
];

const naive = (a: bigint[], b: bigint[], p: bigint, cyclic: boolean): bigint[] => {
  const n = cyclic ? a.length : a.length + b.length - 1;
  const c = new Array<bigint>(Math.max(n, 0)).fill(0n);
  a.forEach((x, i) =>
    b.forEach((y, j) => {
      const k = cyclic ? (i + j) % n : i + j;
      c[k] = ((c[k] as bigint) + x * y) % p;
    }),
  );
  return c;
};

describe('NTT laws', () => {
  it('linear convolution equals the naive convolution mod p', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PARAMS),
        fc.array(fc.bigInt({ min: 0n, max: 1n << 62n }), { minLength: 1, maxLength: 40 }),
        fc.array(fc.bigInt({ min: 0n, max: 1n << 62n }), { minLength: 1, maxLength: 40 }),
        (o, a0, b0) => {
          const a = a0.map((v) => v % o.modulus);
          const b = b0.map((v) => v % o.modulus);
          expect(convolve(a, b, o)).toEqual(naive(a, b, o.modulus, false));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('cyclic convolution equals the naive cyclic convolution mod p', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PARAMS),
        fc.integer({ min: 0, max: 6 }),
        fc.infiniteStream(fc.bigInt({ min: 0n, max: 1n << 62n })),
        (o, k, s) => {
          const n = 2 ** k;
          const vals = s.take(2 * n);
          const all = [...vals].map((v) => v % o.modulus);
          const a = all.slice(0, n);
          const b = all.slice(n);
          expect(convolve(a, b, { ...o, mode: 'cyclic' })).toEqual(naive(a, b, o.modulus, true));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('the inverse transform of the transform is the identity', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PARAMS),
        fc.integer({ min: 0, max: 9 }),
        fc.bigInt({ min: 0n, max: 1n << 62n }),
        (o, k, seed) => {
          const n = 2 ** k;
          const x = Array.from({ length: n }, (_, i) => (seed * BigInt(i + 1) * 2654435761n) % o.modulus);
          expect(applyInverseNTT(applyNTT(x, o), o)).toEqual(x);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
