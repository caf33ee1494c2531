/**
 * Small multi-precision integers in Number limbs for the sieve's candidates: Q(x) = (a·x + 2b)·x + c is
 * evaluated and divided by factor-base primes without a BigInt per step (each BigInt operation allocates;
 * a 96-bit SIQS checks some 300 candidates, and allocating ~30 BigInts for each was a third of its garbage).
 *
 * A vector holds base-2^26 limbs, least significant first. A limb times a sieve offset (|x| < 2^26), plus a
 * limb and a carry, stays below 2^53, as does a remainder (< p < 2^26) times the base plus a limb: every
 * step is exact double arithmetic.
 * @packageDocumentation
 */

/** Bits per limb. */
export const LIMB_BITS = 26;
/** 2^26, the base. */
export const LIMB_BASE = 2 ** LIMB_BITS;
const PAIR_SHIFT = BigInt(2 * LIMB_BITS);

/**
 * Writes v into `out[0..len)` as signed limbs: the limbs of |v|, negated when v < 0 (so Σ out[k]·2^(26k) = v).
 *
 * @param v - the value; |v| < 2^(26·len)
 * @param out - the vector (at least `len` long)
 * @param len - limbs to write
 * @throws RangeError when |v| needs more than `len` limbs
 */
export function limbsOf(v: bigint, out: Float64Array, len: number): void {
  const sign = v < 0n ? -1 : 1;
  let mag = sign < 0 ? -v : v;
  let k = 0;
  // two limbs per BigInt step (52 bits are exact in a double), none once the rest is zero
  for (; k < len && mag !== 0n; k += 2) {
    const pair = Number(BigInt.asUintN(2 * LIMB_BITS, mag));
    const high = Math.floor(pair / LIMB_BASE);
    out[k] = sign * (pair - high * LIMB_BASE);
    if (k + 1 < len) out[k + 1] = sign * high;
    else if (high !== 0) break;
    mag >>= PAIR_SHIFT;
  }
  if (k < len) out.fill(0, k, len);
  if (mag !== 0n) throw new RangeError(`limbsOf: the value needs more than ${len} limbs`);
}

/**
 * Limbs needed for values below 2^bits in magnitude, with one more for the sign carry of signed arithmetic.
 *
 * @param bits - a bound on the bit length of every value involved
 * @returns the vector length to use
 */
export function limbsFor(bits: number): number {
  return Math.ceil(bits / LIMB_BITS) + 1;
}

/**
 * q = (a·x + twoB)·x + c for signed limb vectors of length `len` (|a·x + twoB| and |q| below 2^(26·(len − 1))).
 * Writes |q| normalised (every limb in [0, 2^26)) into `out` and returns the number of significant limbs,
 * negated when q < 0 (0 when q = 0). `t` is scratch of length `len`.
 *
 * The arithmetic is modulo 2^(26·len) (the carry out of the top limb is dropped): q is known to lie in
 * (−2^(26·(len − 1)), 2^(26·(len − 1))), so its residue's top limb is 0 or 2^26 − 1 and tells the sign.
 *
 * @param a - limbs of a (≥ 0)
 * @param twoB - signed limbs of 2b
 * @param c - signed limbs of c
 * @param x - the sieve offset, |x| < 2^26
 * @param len - vector length
 * @param t - scratch
 * @param out - receives |q|
 * @returns ±(significant limbs of q), the sign being q's
 * @throws RangeError when the residue's top limb is neither 0 nor all ones: q did not fit (a check, not a
 *   proof: sizing the vectors is the caller's duty)
 */
export function evaluateQ(
  a: Float64Array,
  twoB: Float64Array,
  c: Float64Array,
  x: number,
  len: number,
  t: Float64Array,
  out: Float64Array,
): number {
  const { floor } = Math;
  mulAdd(a, x, twoB, len, t);
  mulAdd(t, x, c, len, out);
  const top = out[len - 1] as number;
  if (top !== 0 && top !== LIMB_BASE - 1) throw new RangeError('evaluateQ: q overflows the limbs');
  const negative = top !== 0;
  if (negative) {
    // |q| ≡ −q: negate every limb and normalise again
    let carry = 0;
    for (let k = 0; k < len; k++) {
      const v = -(out[k] as number) + carry;
      carry = floor(v / LIMB_BASE);
      out[k] = v - carry * LIMB_BASE;
    }
  }
  let n = len;
  while (n > 0 && out[n - 1] === 0) n--;
  return negative ? -n : n;
}

/** dst ≡ src·x + add (mod 2^(26·len)), normalised: every limb of dst in [0, 2^26), the top carry dropped. */
function mulAdd(src: Float64Array, x: number, add: Float64Array, len: number, dst: Float64Array): void {
  let carry = 0;
  for (let k = 0; k < len; k++) {
    const v = (src[k] as number) * x + (add[k] as number) + carry;
    carry = Math.floor(v / LIMB_BASE);
    dst[k] = v - carry * LIMB_BASE;
  }
}

/**
 * The remainder of the normalised vector `v[0..n)` modulo p, and when `divide` is set the quotient written
 * over v (the caller trims its top). p < 2^26; `inv` = 1/p.
 *
 * @param v - normalised limbs
 * @param n - significant limbs
 * @param p - the divisor
 * @param inv - 1/p
 * @param divide - whether to replace v by ⌊v/p⌋
 * @returns v mod p
 */
export function divRemLimbs(v: Float64Array, n: number, p: number, inv: number, divide: boolean): number {
  const { floor } = Math;
  let r = 0;
  for (let k = n - 1; k >= 0; k--) {
    const cur = r * LIMB_BASE + (v[k] as number);
    let q = floor(cur * inv);
    r = cur - q * p;
    if (r < 0) {
      q--;
      r += p;
    } else if (r >= p) {
      q++;
      r -= p;
    }
    if (divide) v[k] = q;
  }
  return r;
}
