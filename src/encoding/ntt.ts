/**
 * Number-theoretic transform over a prime field Z/p: forward and inverse transforms, cyclic and linear
 * convolution. Moduli below 2^30 run in exact Number arithmetic (products split into 15-bit halves);
 * larger moduli run in BigInt. Inputs are validated, never truncated: every value must be an integer
 * in [0, p).
 */
import { PrimeosError } from '../model/PrimeosError.js';
import { modPow } from '../primes/arith.js';
import { isPrime } from '../primes/primality.js';

/** Hoisted Math functions: a global `Math` lookup in hot loops is slow in some hosts (e.g. jest's vm context). */
const { floor, imul } = Math;

/** The default NTT prime 998244353 = 119·2^23 + 1. */
export const DEFAULT_NTT_MODULUS = 998244353n;
/** The default generator for {@link DEFAULT_NTT_MODULUS}. */
export const DEFAULT_NTT_ROOT = 3n;
/** Largest supported transform length (2^24). */
export const MAX_NTT_LENGTH = 1 << 24;
/** Moduli below this run in Number arithmetic. */
const NUMBER_KERNEL_LIMIT = 1n << 30n;

/** Options of the NTT functions. */
export interface NTTOptions {
  /** A prime p with the transform length dividing p − 1. Default {@link DEFAULT_NTT_MODULUS}. */
  modulus?: bigint | number;
  /**
   * A generator g of the 2-Sylow subgroup of (Z/p)^* — a quadratic non-residue mod p, e.g. any
   * primitive root. The transform uses ω = g^((p−1)/n), which then has order exactly n.
   * Default {@link DEFAULT_NTT_ROOT} (valid for the default modulus only).
   */
  root?: bigint | number;
}

/** Validated NTT parameters. */
export interface ResolvedNTTOptions {
  readonly modulus: bigint;
  readonly root: bigint;
  /** The largest power of two dividing p − 1. */
  readonly maxLength: number;
}

const validated = new Map<string, number>();

/**
 * Validate and fill in {@link NTTOptions}: p must be an odd prime, g must satisfy g^((p−1)/2) ≡ −1 (mod p).
 *
 * @param options - partial options
 * @returns the modulus, root and the largest supported power-of-two length
 * @throws PrimeosError `E_RANGE` when the modulus is not an odd prime or the root is not a non-residue
 *
 * @example
 * ```ts
 * import { resolveNTTOptions } from 'primeos/encoding';
 * resolveNTTOptions({ modulus: 7340033n, root: 3n }).maxLength; // 1048576
 * ```
 */
export function resolveNTTOptions(options: NTTOptions = {}): ResolvedNTTOptions {
  const modulus = toBig(options.modulus ?? DEFAULT_NTT_MODULUS, 'modulus');
  const root = toBig(options.root ?? DEFAULT_NTT_ROOT, 'root');
  const key = `${modulus}:${root}`;
  let maxLength = validated.get(key);
  if (maxLength === undefined) {
    if (modulus < 3n || !isPrime(modulus))
      throw new PrimeosError('E_RANGE', `NTT modulus ${modulus} is not an odd prime`);
    if (root < 2n || root >= modulus) throw new PrimeosError('E_RANGE', `NTT root must be in [2, ${modulus})`);
    if (modPow(root, (modulus - 1n) / 2n, modulus) !== modulus - 1n) {
      throw new PrimeosError(
        'E_RANGE',
        `NTT root ${root} is a quadratic residue mod ${modulus}: it does not generate the 2-power roots of unity`,
      );
    }
    let m = modulus - 1n;
    let v = 0;
    while ((m & 1n) === 0n) {
      m >>= 1n;
      v++;
    }
    maxLength = 2 ** Math.min(v, 30);
    validated.set(key, maxLength);
  }
  return { modulus, root, maxLength };
}

function toBig(x: bigint | number, what: string): bigint {
  if (typeof x === 'bigint') return x;
  if (!Number.isSafeInteger(x)) throw new PrimeosError('E_RANGE', `NTT ${what} must be an integer`);
  return BigInt(x);
}

function checkLength(n: number, o: ResolvedNTTOptions): void {
  if (n < 1 || (n & (n - 1)) !== 0 || n > MAX_NTT_LENGTH) {
    throw new PrimeosError('E_RANGE', `NTT length ${n} is not a power of two in 1..${MAX_NTT_LENGTH}`);
  }
  if (n > o.maxLength) throw new PrimeosError('E_RANGE', `NTT length ${n} does not divide ${o.modulus} - 1`);
}

function toResidues(values: readonly (bigint | number)[], p: bigint): bigint[] {
  return values.map((v, i) => {
    const b = typeof v === 'bigint' ? v : Number.isSafeInteger(v) ? BigInt(v) : -1n;
    if (b < 0n || b >= p)
      throw new PrimeosError('E_RANGE', `value at ${i} (${String(v)}) is not an integer in [0, ${p})`, { index: i });
    return b;
  });
}

function toNumberResidues(values: readonly (bigint | number)[], p: number): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const x =
      typeof v === 'bigint' ? (v >= 0n && v < BigInt(p) ? Number(v) : -1) : Number.isInteger(v) ? (v as number) : -1;
    if (x < 0 || x >= p)
      throw new PrimeosError('E_RANGE', `value at ${i} (${String(v)}) is not an integer in [0, ${p})`, { index: i });
    out[i] = x;
  }
  return out;
}

/**
 * a·b mod p for a, b < p < 2^30 without BigInt: the quotient from doubles is off by at most one, and
 * the remainder, which lies in (−p, 2p) ⊂ int32, is exact from the low 32 bits (Math.imul).
 */
function mulmodN(a: number, b: number, p: number): number {
  const q = floor((a * b) / p);
  const r = (imul(a, b) - imul(q, p)) | 0;
  return r < 0 ? r + p : r >= p ? r - p : r;
}

function powmodN(b: number, e: number, p: number): number {
  let r = 1;
  while (e > 0) {
    if (e % 2 === 1) r = mulmodN(r, b, p);
    b = mulmodN(b, b, p);
    e = floor(e / 2);
  }
  return r;
}

function bitReverse<T>(a: { length: number; [i: number]: T }): void {
  const n = a.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      const t = a[i] as T;
      a[i] = a[j] as T;
      a[j] = t;
    }
  }
}

function transformNumber(a: Float64Array, p: number, omega: number): void {
  bitReverse(a);
  const n = a.length;
  const tw = new Float64Array(n >> 1);
  for (let len = 2; len <= n; len <<= 1) {
    const half = len >> 1;
    const w = powmodN(omega, n / len, p);
    tw[0] = 1;
    for (let k = 1; k < half; k++) tw[k] = mulmodN(tw[k - 1] as number, w, p);
    for (let i = 0; i < n; i += len) {
      for (let k = 0; k < half; k++) {
        const u = a[i + k] as number;
        const v = mulmodN(a[i + k + half] as number, tw[k] as number, p);
        const s = u + v;
        a[i + k] = s >= p ? s - p : s;
        const d = u - v;
        a[i + k + half] = d < 0 ? d + p : d;
      }
    }
  }
}

function transformBig(a: bigint[], p: bigint, omega: bigint): void {
  bitReverse(a);
  const n = a.length;
  for (let len = 2; len <= n; len <<= 1) {
    const half = len >> 1;
    const w = modPow(omega, BigInt(n / len), p);
    const tw: bigint[] = [1n];
    for (let k = 1; k < half; k++) tw.push(((tw[k - 1] as bigint) * w) % p);
    for (let i = 0; i < n; i += len) {
      for (let k = 0; k < half; k++) {
        const u = a[i + k] as bigint;
        const v = ((a[i + k + half] as bigint) * (tw[k] as bigint)) % p;
        const s = u + v;
        a[i + k] = s >= p ? s - p : s;
        const d = u - v;
        a[i + k + half] = d < 0n ? d + p : d;
      }
    }
  }
}

/** Parameters of one transform of length n. */
function twiddles(n: number, o: ResolvedNTTOptions, inverse: boolean): { omega: bigint; nInv: bigint } {
  checkLength(n, o);
  const p = o.modulus;
  let omega = modPow(o.root, (p - 1n) / BigInt(n), p);
  if (inverse) omega = modPow(omega, p - 2n, p);
  return { omega, nInv: modPow(BigInt(n), p - 2n, p) };
}

/** Number kernel (p < 2^30), in place; `inverse` includes the 1/n scaling. */
function transformN(a: Float64Array, o: ResolvedNTTOptions, inverse: boolean): Float64Array {
  const { omega, nInv } = twiddles(a.length, o, inverse);
  const pn = Number(o.modulus);
  transformNumber(a, pn, Number(omega));
  if (inverse) {
    const ni = Number(nInv);
    for (let i = 0; i < a.length; i++) a[i] = mulmodN(a[i] as number, ni, pn);
  }
  return a;
}

/** BigInt kernel, on a copy; `inverse` includes the 1/n scaling. */
function transform(values: bigint[], o: ResolvedNTTOptions, inverse: boolean): bigint[] {
  const n = values.length;
  if (o.modulus < NUMBER_KERNEL_LIMIT) {
    return Array.from(transformN(Float64Array.from(values, Number), o, inverse), BigInt);
  }
  const { omega, nInv } = twiddles(n, o, inverse);
  const p = o.modulus;
  const a = values.slice();
  transformBig(a, p, omega);
  if (inverse) for (let i = 0; i < n; i++) a[i] = ((a[i] as bigint) * nInv) % p;
  return a;
}

function run<T extends bigint | number>(values: readonly T[], options: NTTOptions | undefined, inverse: boolean): T[] {
  const o = resolveNTTOptions(options);
  checkNumberModulus(values, o.modulus);
  if (o.modulus < NUMBER_KERNEL_LIMIT) {
    const a = transformN(toNumberResidues(values, Number(o.modulus)), o, inverse);
    const numbers = values.length > 0 && typeof values[0] === 'number';
    return (numbers ? Array.from(a) : Array.from(a, BigInt)) as T[];
  }
  return sameType(values, transform(toResidues(values, o.modulus), o, inverse));
}

function sameType<T extends bigint | number>(input: readonly T[], out: bigint[]): T[] {
  if (input.length > 0 && typeof input[0] === 'number') return out.map(Number) as T[];
  return out as T[];
}

function checkNumberModulus(values: readonly (bigint | number)[], p: bigint): void {
  if (values.length > 0 && typeof values[0] === 'number' && p > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new PrimeosError('E_RANGE', 'number values need a modulus below 2^53; pass bigints');
  }
}

/**
 * Forward NTT: `X_k = Σ x_j ω^(jk) mod p` with ω = g^((p−1)/n).
 *
 * @param values - n residues in [0, p), n a power of two dividing p − 1 (numbers or bigints; the output has the same type)
 * @param options - modulus and root
 * @returns the transform
 * @throws PrimeosError `E_RANGE` for a bad length, a value outside [0, p) or invalid parameters
 *
 * @example
 * ```ts
 * import { applyNTT, applyInverseNTT } from 'primeos/encoding';
 * applyInverseNTT(applyNTT([1, 2, 3, 4])); // [1, 2, 3, 4]
 * ```
 */
export function applyNTT<T extends bigint | number>(values: readonly T[], options?: NTTOptions): T[] {
  return run(values, options, false);
}

/**
 * Inverse NTT (including the 1/n factor): `applyInverseNTT(applyNTT(x)) = x`.
 *
 * @param values - n residues in [0, p)
 * @param options - modulus and root (the same as for the forward transform)
 * @returns the inverse transform
 * @throws PrimeosError `E_RANGE` for a bad length, a value outside [0, p) or invalid parameters
 *
 * @example
 * ```ts
 * import { applyNTT, applyInverseNTT } from 'primeos/encoding';
 * applyInverseNTT(applyNTT([5n, 0n]), {}); // [5n, 0n]
 * ```
 */
export function applyInverseNTT<T extends bigint | number>(values: readonly T[], options?: NTTOptions): T[] {
  return run(values, options, true);
}

/**
 * True when the inverse transform of the transform gives the input back exactly.
 *
 * @param values - residues in [0, p), power-of-two length
 * @param options - modulus and root
 * @returns whether the round trip is exact
 * @throws PrimeosError `E_RANGE` for invalid input
 *
 * @example
 * ```ts
 * import { verifyNTTRoundTrip } from 'primeos/encoding';
 * verifyNTTRoundTrip([1, 2, 3, 4]); // true
 * ```
 */
export function verifyNTTRoundTrip(values: readonly (bigint | number)[], options?: NTTOptions): boolean {
  const o = resolveNTTOptions(options);
  const x = toResidues(values, o.modulus);
  const back = transform(transform(x, o, false), o, true);
  return back.every((v, i) => v === x[i]);
}

/** Options of {@link convolve}. */
export interface ConvolveOptions extends NTTOptions {
  /** `'linear'` (default): length a + b − 1. `'cyclic'`: equal power-of-two lengths, indices mod n. */
  mode?: 'linear' | 'cyclic';
}

/**
 * Convolution mod p by NTT. The result is exact as residues mod p; it equals the integer convolution
 * when every true coefficient is below p (e.g. n·max(a)·max(b) < p).
 *
 * @param a - residues in [0, p)
 * @param b - residues in [0, p)
 * @param options - modulus, root and mode
 * @returns `c_k = Σ_{i+j=k} a_i b_j mod p` (linear) or with `i + j ≡ k (mod n)` (cyclic), as bigints
 * @throws PrimeosError `E_RANGE` for values outside [0, p), mismatched cyclic lengths or a padded length not dividing p − 1
 *
 * @example
 * ```ts
 * import { convolve } from 'primeos/encoding';
 * convolve([1n, 1n], [1n, 1n]); // [1n, 2n, 1n]
 * ```
 */
export function convolve(
  a: readonly (bigint | number)[],
  b: readonly (bigint | number)[],
  options: ConvolveOptions = {},
): bigint[] {
  const o = resolveNTTOptions(options);
  const p = o.modulus;
  const x = toResidues(a, p);
  const y = toResidues(b, p);
  if ((options.mode ?? 'linear') === 'cyclic') {
    if (x.length !== y.length) throw new PrimeosError('E_RANGE', 'cyclic convolution needs equal lengths');
  } else {
    if (x.length === 0 || y.length === 0) return [];
    const len = x.length + y.length - 1;
    let n = 1;
    while (n < len) n *= 2;
    while (x.length < n) x.push(0n);
    while (y.length < n) y.push(0n);
  }
  const fx = transform(x, o, false);
  const fy = transform(y, o, false);
  const prod = fx.map((v, i) => (v * (fy[i] as bigint)) % p);
  const c = transform(prod, o, true);
  return options.mode === 'cyclic' ? c : c.slice(0, a.length + b.length - 1);
}
