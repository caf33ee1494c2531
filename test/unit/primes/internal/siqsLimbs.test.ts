import fc from 'fast-check';
import {
  divRemLimbs,
  evaluateQ,
  LIMB_BASE,
  LIMB_BITS,
  limbsFor,
  limbsOf,
} from '../../../../src/primes/internal/siqsLimbs.js';

/** The value of normalised limbs v[0..n). */
const valueOf = (v: Float64Array, n: number): bigint => {
  let x = 0n;
  for (let k = n - 1; k >= 0; k--) x = (x << BigInt(LIMB_BITS)) + BigInt(v[k] as number);
  return x;
};

const signed = (bits: number): fc.Arbitrary<bigint> =>
  fc.bigInt({ min: -(1n << BigInt(bits)) + 1n, max: (1n << BigInt(bits)) - 1n });

describe('siqsLimbs', () => {
  test('limbsOf writes signed limbs summing to the value, and refuses a value too large', () => {
    fc.assert(
      fc.property(signed(200), (v) => {
        const len = limbsFor(201);
        const out = new Float64Array(len);
        limbsOf(v, out, len);
        let sum = 0n;
        for (let k = len - 1; k >= 0; k--) sum = sum * BigInt(LIMB_BASE) + BigInt(out[k] as number);
        expect(sum).toBe(v);
        for (const limb of out) expect(Math.abs(limb)).toBeLessThan(LIMB_BASE);
      }),
    );
    expect(() => limbsOf(1n << 52n, new Float64Array(2), 2)).toThrow(RangeError);
    expect(() => limbsOf(-(1n << 26n), new Float64Array(1), 1)).toThrow(RangeError);
    expect(() => limbsOf(1n << 78n, new Float64Array(3), 3)).toThrow(RangeError);
  });

  test('evaluateQ gives (a·x + 2b)·x + c exactly: |q| normalised, its sign and length (BigInt oracle)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 20, max: 160 }),
        fc.bigInt({ min: 0n, max: 1n << 200n }),
        signed(200),
        signed(260),
        fc.integer({ min: -(2 ** 20), max: 2 ** 20 }),
        (aBits, aRaw, bRaw, cRaw, x) => {
          const a = aRaw % (1n << BigInt(aBits));
          const twoB = 2n * (bRaw % (1n << BigInt(aBits)));
          const c = cRaw % (1n << BigInt(aBits + 50));
          const X = BigInt(x);
          const q = (a * X + twoB) * X + c;
          const bound = aBits + 50 + 4;
          const len = limbsFor(bound);
          const [aL, bL, cL, t, out] = [0, 1, 2, 3, 4].map(() => new Float64Array(len)) as Float64Array[];
          limbsOf(a, aL as Float64Array, len);
          limbsOf(twoB, bL as Float64Array, len);
          limbsOf(c, cL as Float64Array, len);
          const r = evaluateQ(
            aL as Float64Array,
            bL as Float64Array,
            cL as Float64Array,
            x,
            len,
            t as Float64Array,
            out as Float64Array,
          );
          const n = Math.abs(r);
          expect(r < 0 ? -valueOf(out as Float64Array, n) : valueOf(out as Float64Array, n)).toBe(q);
          if (n > 0) expect((out as Float64Array)[n - 1]).not.toBe(0);
          for (let k = 0; k < n; k++) {
            const limb = (out as Float64Array)[k] as number;
            expect(Number.isInteger(limb) && limb >= 0 && limb < LIMB_BASE).toBe(true);
          }
          expect(r === 0).toBe(q === 0n);
        },
      ),
    );
  });

  test('evaluateQ refuses a result whose top limb shows it did not fit', () => {
    const len = 2;
    const aValue = 3n * 2n ** 20n + 5n;
    const x = 2 ** 20 + 7;
    const q = aValue * BigInt(x) * BigInt(x); // ~2^61.6 ≥ 2^(26·(len − 1))
    const top = (q >> 26n) & BigInt(LIMB_BASE - 1);
    expect(top !== 0n && top !== BigInt(LIMB_BASE - 1)).toBe(true); // the premise: the residue's top limb is neither
    const a = new Float64Array(len);
    limbsOf(aValue, a, len);
    const zero = new Float64Array(len);
    expect(() => evaluateQ(a, zero, zero, x, len, new Float64Array(len), new Float64Array(len))).toThrow(RangeError);
  });

  test('divRemLimbs gives v mod p, and ⌊v/p⌋ in place when asked (BigInt oracle)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 1n << 230n }), fc.integer({ min: 2, max: LIMB_BASE - 1 }), (v, p) => {
        const len = limbsFor(231);
        const limbs = new Float64Array(len);
        limbsOf(v, limbs, len);
        let n = len;
        while (n > 0 && limbs[n - 1] === 0) n--;
        expect(divRemLimbs(limbs, n, p, 1 / p, false)).toBe(Number(v % BigInt(p)));
        expect(valueOf(limbs, n)).toBe(v);
        expect(divRemLimbs(limbs, n, p, 1 / p, true)).toBe(Number(v % BigInt(p)));
        expect(valueOf(limbs, n)).toBe(v / BigInt(p));
      }),
    );
  });
});
