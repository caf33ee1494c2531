/**
 * The WebAssembly kernel (AssemblyScript source in `wasm/kernel.as`): for moduli below 2^64, Montgomery
 * arithmetic on u64 (strong probable-prime tests, Pollard–Brent rho, micro-ECM curves); for odd moduli
 * up to 2^2048, multi-limb Montgomery arithmetic on 32-bit limbs in linear memory (base-2 strong test,
 * extra strong Lucas ladder, modular power), operands written once per call. Instantiated lazily and synchronously from
 * the base64 bytes shipped in `wasm/kernelBytes.ts`; when WebAssembly is unavailable every entry
 * returns undefined and callers use their BigInt path.
 */
import { KERNEL_WASM_BASE64 } from '../wasm/kernelBytes.js';
import { instantiateKernel } from './instantiateKernel.js';

/** Largest modulus (exclusive) the kernel accepts: 2^64. */
export const WASM_KERNEL_LIMIT = 1n << 64n;
/** Below this modulus (2^32) rho runs in 32-bit Montgomery arithmetic (3 multiplications per product, not 10). */
export const WASM_RHO32_LIMIT = 1n << 32n;

interface KernelExports {
  setModulus(n: bigint): void;
  sprp(a: bigint): number;
  rho(c: bigint, y0: bigint, maxIter: bigint): bigint;
  rho32(c: bigint, y0: bigint, maxIter: bigint): bigint;
  lastIterations(): bigint;
  mulmod(a: bigint, b: bigint): bigint;
  inverse(a: bigint): bigint;
  ecmSetScalar(i: number, w: bigint): void;
  ecmSetScalarBits(bits: number): void;
  ecmCurve(sigma: bigint, b1: number, b2: number, d: number): bigint;
  smallFactor(n: bigint, seed: number): number;
  smallFactorF64(x: number, seed: number): number;
  smallOut(): number;
  smallOutF64(): number;
  smallMethods(): number;
  smallCurves(): number;
  smallB1(): number;
  smallRhoIterations(): number;
  linesIn(): number;
  linesInBytes(): number;
  linesOut(): number;
  linesPos(): number;
  linesOutLen(): number;
  linesNames(): number;
  smallLines(
    pos: number,
    len: number,
    maxLines: number,
    seed: number,
    maxBits: number,
    stripCr: number,
    ndjson: number,
    line0: number,
  ): number;
  readonly memory: { readonly buffer: ArrayBuffer };
  bigIo(): number;
  bigSetModulus(limbs: number): void;
  bigSprp2(): number;
  bigSprp(a: number): number;
  bigJacobiSmall(d: number): number;
  bigExtraStrongLucas(p: number): number;
  bigMulMod(): void;
  bigPowMod(exponentLimbs: number): void;
  bigHeap(bytes: number): number;
  bigEcmStage1(words: number, bits: number): void;
  bigEcmBabies(babies: number, nb: number, xs: number, zs: number, prefix: number): void;
  bigEcmNormalize(count: number, xs: number, zs: number, prefix: number): void;
  bigEcmGiantStart(d: number, m0: number): void;
  bigEcmGiantBlock(m: number, m0: number, count: number, gxs: number, gzs: number, prefix: number): void;
  bigEcmGiantPairs(m: number, m0: number, count: number, gxs: number, xs: number, offsets: number, pairs: number): void;
  bigEcmAcc(): void;
}

let kernel: KernelExports | null | undefined;

function load(): KernelExports | null {
  if (kernel === undefined) kernel = instantiateKernel(KERNEL_WASM_BASE64, 'wasm kernel') as KernelExports | null;
  return kernel;
}

const U64_MASK = (1n << 64n) - 1n;

/** The modulus the kernel holds (setModulus costs a division and 64 doublings: skip when unchanged). */
let loadedModulus = -1n;

function useModulus(k: KernelExports, n: bigint): void {
  if (n !== loadedModulus) {
    k.setModulus(n);
    loadedModulus = n;
  }
}

/**
 * Strong probable-prime test of odd n (3 ≤ n < 2^64) to each base, in WebAssembly.
 *
 * @param n - odd modulus below 2^64
 * @param bases - the bases
 * @returns true when n passes every base, false when one witnesses compositeness, undefined when the
 *   kernel is unavailable or n is out of range
 * @example
 * ```ts
 * import { wasmStrongProbablePrime } from 'primeos/primes';
 * wasmStrongProbablePrime(2n ** 61n - 1n, [2n, 3n]); // true
 * ```
 */
export function wasmStrongProbablePrime(n: bigint, bases: readonly bigint[]): boolean | undefined {
  if (n < 3n || n >= WASM_KERNEL_LIMIT || (n & 1n) === 0n) return undefined;
  const k = load();
  if (!k) return undefined;
  useModulus(k, n);
  for (const a of bases) if (!k.sprp(a & U64_MASK)) return false;
  return true;
}

/** Result of {@link wasmRho}. */
export interface WasmRhoResult {
  /** A divisor of n (may be n itself when the cycle closed), or 0n when the cap was reached. */
  readonly divisor: bigint;
  readonly iterations: number;
}

/**
 * One Pollard–Brent rho run (f(y) = y² + c, start y0) on odd n < 2^64, in WebAssembly (32-bit Montgomery
 * arithmetic below {@link WASM_RHO32_LIMIT}, same sequence and result, ~1.4× faster).
 *
 * @param n - odd composite below 2^64
 * @param c - polynomial constant (reduced mod n)
 * @param y0 - start value (reduced mod n)
 * @param maxIterations - iteration cap
 * @returns the divisor found and the iterations used, or undefined when the kernel is unavailable or
 *   n is out of range
 * @example
 * ```ts
 * import { wasmRho } from 'primeos/primes';
 * wasmRho(4294967291n * 4294967279n, 1n, 2n, 1 << 20)?.divisor; // 4294967279n or 4294967291n
 * ```
 */
export function wasmRho(n: bigint, c: bigint, y0: bigint, maxIterations: number): WasmRhoResult | undefined {
  if (n < 3n || n >= WASM_KERNEL_LIMIT || (n & 1n) === 0n) return undefined;
  const k = load();
  if (!k) return undefined;
  useModulus(k, n);
  const cap = BigInt(Math.max(1, Math.floor(maxIterations)));
  const d = n < WASM_RHO32_LIMIT ? k.rho32(c % n, y0 % n, cap) : k.rho(c % n, y0 % n, cap);
  return { divisor: d & U64_MASK, iterations: Number(k.lastIterations() & U64_MASK) };
}

/**
 * a·b mod n computed by the kernel's Montgomery arithmetic (to the Montgomery domain, one Montgomery
 * product, back): lets tests check the u64 arithmetic against BigInt.
 *
 * @param n - odd modulus, 3 ≤ n < 2^64
 * @param a - factor in [0, 2^64)
 * @param b - factor in [0, 2^64)
 * @returns a·b mod n, or undefined when the kernel is unavailable or n is out of range
 * @example
 * ```ts
 * import { wasmMulMod } from 'primeos/primes';
 * wasmMulMod(2n ** 64n - 59n, 2n ** 63n, 3n); // 9223372036854775867n = 2^63 + 59
 * ```
 */
export function wasmMulMod(n: bigint, a: bigint, b: bigint): bigint | undefined {
  if (n < 3n || n >= WASM_KERNEL_LIMIT || (n & 1n) === 0n) return undefined;
  const k = load();
  if (!k) return undefined;
  useModulus(k, n);
  return k.mulmod(a & U64_MASK, b & U64_MASK) & U64_MASK;
}

/**
 * The inverse of a mod n by the kernel's extended Euclid on u64 magnitudes (used to set up curves).
 *
 * @param n - odd modulus, 3 ≤ n < 2^64
 * @param a - value to invert
 * @returns a^{-1} mod n, 0n when gcd(a, n) > 1, or undefined when the kernel is unavailable or n is out
 *   of range
 * @example
 * ```ts
 * import { wasmInverseMod } from 'primeos/primes';
 * wasmInverseMod(101n, 3n); // 34n
 * ```
 */
export function wasmInverseMod(n: bigint, a: bigint): bigint | undefined {
  if (n < 3n || n >= WASM_KERNEL_LIMIT || (n & 1n) === 0n) return undefined;
  const k = load();
  if (!k) return undefined;
  useModulus(k, n);
  return k.inverse(a % n) & U64_MASK;
}

/** Stage parameters of a micro-ECM curve run in the kernel (see `microEcm.ts`). */
export interface WasmEcmPlan {
  /** Stage-1 bound: primes ≤ b1 (their powers are in `scalar`). */
  readonly b1: number;
  /** Stage-2 bound (< 2^16): primes in (b1, b2] are covered by baby-step giant-step. */
  readonly b2: number;
  /** Giant step of stage 2: a multiple of 6 in [6, 510] (e.g. 60, 120, 210); others throw a RangeError. */
  readonly d: number;
  /** The stage-1 multiplier, at most 1024 bits (normally Π p^⌊log_p b1⌋). */
  readonly scalar: bigint;
}

let loadedPlan: WasmEcmPlan | undefined;

/**
 * One micro-ECM curve (Montgomery curve from Suyama's parametrisation with parameter sigma, stage 1 by a
 * Montgomery ladder over `plan.scalar`, baby-step giant-step stage 2 to `plan.b2`) on odd n < 2^64, in
 * WebAssembly.
 *
 * @param n - odd composite below 2^64 without factors below `plan.b1`
 * @param sigma - Suyama parameter, 6 ≤ sigma < n
 * @param plan - bounds and stage-1 scalar
 * @returns a proper divisor of n, 0n when the curve found none, or undefined when the kernel is
 *   unavailable or n is out of range
 * @example
 * ```ts
 * import { MICRO_ECM_PLANS, wasmMicroEcmCurve } from 'primeos/primes';
 * const plan = MICRO_ECM_PLANS[0]!; // B1 = 35, B2 = 1400
 * wasmMicroEcmCurve(1000003n * 1000033n, 11n, plan); // 1000003n, 1000033n or 0n
 * ```
 */
export function wasmMicroEcmCurve(n: bigint, sigma: bigint, plan: WasmEcmPlan): bigint | undefined {
  if (n < 3n || n >= WASM_KERNEL_LIMIT || (n & 1n) === 0n) return undefined;
  const k = load();
  if (!k) return undefined;
  useModulus(k, n);
  if (plan !== loadedPlan) {
    const bits = plan.scalar.toString(2).length;
    if (plan.scalar < 2n || bits > 1024) throw new RangeError('micro-ECM scalar must have 2..1024 bits');
    if (!Number.isInteger(plan.d) || plan.d % 6 !== 0 || plan.d < 6 || plan.d > 510) {
      throw new RangeError('micro-ECM giant step d must be a multiple of 6 in [6, 510]');
    }
    for (let i = 0; i * 64 < bits; i++) k.ecmSetScalar(i, (plan.scalar >> BigInt(64 * i)) & U64_MASK);
    k.ecmSetScalarBits(bits);
    loadedPlan = plan;
  }
  return k.ecmCurve(sigma % n, plan.b1, plan.b2, plan.d) & U64_MASK;
}

/** Effort and engines of the last {@link wasmSmallFactor} call. */
export interface WasmSmallEffort {
  /** Engines that found factors, 3 bits each in order of first success: 1 tdiv, 2 power, 3 uecm, 4 rho. */
  readonly methods: number;
  /** Micro-ECM curves run and their largest B1 (0 when none). */
  readonly curves: number;
  readonly b1: number;
  /** Rho iterations run. */
  readonly rhoIterations: number;
}

let smallViews: { buffer: ArrayBuffer; u64: BigUint64Array; f64: Float64Array } | undefined;

function smallView(k: KernelExports): { u64: BigUint64Array; f64: Float64Array } {
  const buffer = k.memory.buffer;
  if (smallViews?.buffer !== buffer) {
    smallViews = {
      buffer,
      u64: new BigUint64Array(buffer, k.smallOut(), 64),
      f64: new Float64Array(buffer, k.smallOutF64(), 64),
    };
  }
  return smallViews;
}

/** After a whole-number call (smallFactor, smallLines): it set its own modulus and micro-ECM scalar. */
function forgetLoadedState(): void {
  loadedModulus = -1n;
  loadedPlan = undefined;
}

/**
 * Factor 2 ≤ |n| < 2^64 completely in one kernel call: trial division below 1024, deterministic Miller–Rabin,
 * perfect powers, rho below 2^37 and micro-ECM above. Read the factors with {@link wasmSmallFactorsF64} (a
 * Number n: no BigInt is created) or {@link wasmSmallFactorsU64}, the engines with {@link wasmSmallEffort}.
 *
 * @param n - 0 ≤ n < 2^64: a bigint, or a Number below 2^53
 * @param seed - seed of the curves and rho starts (same seed, same result)
 * @returns how many prime factors (with repetition, ascending) were written, −1 when a piece could not be split
 *   (the caller takes the general path), or undefined without the kernel
 * @example
 * ```ts
 * import { wasmSmallFactor, wasmSmallFactorsF64 } from 'primeos/primes';
 * const k = wasmSmallFactor(360, 1) ?? 0; // 6
 * Array.from(wasmSmallFactorsF64().subarray(0, k)); // [2, 2, 2, 3, 3, 5]
 * ```
 */
export function wasmSmallFactor(n: number | bigint, seed: number): number | undefined {
  const k = load();
  if (!k) return undefined;
  const count = typeof n === 'number' ? k.smallFactorF64(n, seed >>> 0) : k.smallFactor(n, seed >>> 0);
  forgetLoadedState();
  return count;
}

/**
 * The factors of the last {@link wasmSmallFactor} call as doubles (exact for n < 2^53), a view reused by every
 * call: copy what you keep.
 *
 * @returns 64 slots, the first `count` filled
 */
export function wasmSmallFactorsF64(): Float64Array {
  const k = load();
  return k ? smallView(k).f64 : new Float64Array(0);
}

/**
 * The factors of the last {@link wasmSmallFactor} call as u64 bigints, a view reused by every call.
 *
 * @returns 64 slots, the first `count` filled
 */
export function wasmSmallFactorsU64(): BigUint64Array {
  const k = load();
  return k ? smallView(k).u64 : new BigUint64Array(0);
}

/**
 * The engines of the last {@link wasmSmallFactor} call (3 bits each in order of first success: 1 tdiv, 2 power,
 * 3 uecm, 4 rho), without the effort counters.
 *
 * @returns the engine codes
 */
export function wasmSmallMethods(): number {
  return load()?.smallMethods() ?? 0;
}

/**
 * Engines and effort of the last {@link wasmSmallFactor} call.
 *
 * @returns the engines (3-bit codes) and the curves, B1 and rho iterations spent
 */
export function wasmSmallEffort(): WasmSmallEffort {
  const k = load();
  if (!k) return { methods: 0, curves: 0, b1: 0, rhoIterations: 0 };
  return { methods: k.smallMethods(), curves: k.smallCurves(), b1: k.smallB1(), rhoIterations: k.smallRhoIterations() };
}

/** How {@link WasmTextLines.run} renders: GNU `factor` text, or NDJSON records numbered from `line0`. */
export type WasmLinesFormat = { readonly ndjson: false } | { readonly ndjson: true; readonly line0: number };

/**
 * Runs of factor-job lines, one kernel call per piece: the caller copies whole ASCII lines into
 * {@link WasmTextLines.input} and calls {@link WasmTextLines.run}; see `smallLines` in the kernel.
 */
export interface WasmTextLines {
  /** The kernel's input area (a view of its memory: valid until the next call that may grow memory). */
  readonly input: Uint8Array;
  /**
   * Give the NDJSON names: the band of each bit length 0–64 and the engine of each method code 0–7 (each at most
   * 15 ASCII characters). Needed once per thread before an NDJSON run.
   *
   * @returns false when a name does not fit (the caller renders NDJSON itself)
   */
  names(bands: readonly string[], methods: readonly string[]): boolean;
  /**
   * Factor and render the lines of `input[pos, len)` until one is not a plain decimal 1 ≤ |n| < 2^64 within
   * `maxBits` (the caller's general path takes it), the output area is nearly full, or `maxLines` are done.
   *
   * @returns lines done, the input offset reached, and the rendered bytes (a view: copy before the next call)
   */
  run(
    pos: number,
    len: number,
    maxLines: number,
    seed: number,
    maxBits: number,
    stripCr: boolean,
    format: WasmLinesFormat,
  ): { readonly lines: number; readonly pos: number; readonly output: Uint8Array };
}

let textLines: { buffer: ArrayBuffer; api: WasmTextLines } | undefined;

/**
 * The kernel's whole-line path, or undefined when WebAssembly is unavailable.
 *
 * @returns the input area, the names setter and the run function
 */
export function wasmTextLines(): WasmTextLines | undefined {
  const k = load();
  if (!k) return undefined;
  if (textLines?.buffer !== k.memory.buffer) {
    const buffer = k.memory.buffer;
    const inAt = k.linesIn();
    const outAt = k.linesOut();
    const api: WasmTextLines = {
      input: new Uint8Array(buffer, inAt, k.linesInBytes()),
      names(bands, methods) {
        const all = [...bands, ...methods];
        if (bands.length !== 65 || methods.length !== 8) return false;
        if (all.some((x) => x.length > 15 || !/^[\x20-\x7e]*$/.test(x) || /["\\]/.test(x))) return false;
        const slots = new Uint8Array(k.memory.buffer, k.linesNames(), 16 * all.length);
        all.forEach((x, i) => {
          slots[16 * i] = x.length;
          for (let j = 0; j < x.length; j++) slots[16 * i + 1 + j] = x.charCodeAt(j);
        });
        return true;
      },
      run(pos, len, maxLines, seed, maxBits, stripCr, format) {
        const lines = k.smallLines(
          pos,
          len,
          maxLines,
          seed >>> 0,
          maxBits,
          stripCr ? 1 : 0,
          format.ndjson ? 1 : 0,
          format.ndjson ? format.line0 : 0,
        );
        forgetLoadedState();
        return { lines, pos: k.linesPos(), output: new Uint8Array(k.memory.buffer, outAt, k.linesOutLen()) };
      },
    };
    textLines = { buffer, api };
  }
  return textLines.api;
}

/** Largest modulus (exclusive) of the multi-limb kernel: 2^2048 (64 limbs of 32 bits). */
export const WASM_BIG_LIMIT = 1n << 2048n;

/** Byte offsets of the kernel's I/O operands (A, B, exponent E), 288 bytes apart. */
const IO_STRIDE = 288;

let ioWords: BigUint64Array | undefined;
let ioBase = 0;
/** The multi-limb modulus the kernel holds. */
let bigModulus = -1n;
let bigLimbs = 0;

/** 64-bit words of the kernel I/O area (recreated if the memory was replaced). */
function io(k: KernelExports): BigUint64Array {
  if (ioWords === undefined || ioWords.buffer !== k.memory.buffer) {
    ioBase = k.bigIo();
    ioWords = new BigUint64Array(k.memory.buffer, ioBase, (4 * IO_STRIDE) / 8);
  }
  return ioWords;
}

/** Write x ≥ 0 as `words` little-endian u64 words at word offset `at`. */
function writeWords(w: BigUint64Array, at: number, x: bigint, words: number): void {
  for (let i = 0; i < words; i++) {
    w[at + i] = BigInt.asUintN(64, x);
    x >>= 64n;
  }
}

function readWords(w: BigUint64Array, at: number, words: number): bigint {
  let x = 0n;
  for (let i = words - 1; i >= 0; i--) x = (x << 64n) | (w[at + i] as bigint);
  return x;
}

/** Load odd n (2^32 ≤ n < 2^2048) as the multi-limb modulus; undefined without the kernel. */
function bigKernel(n: bigint): KernelExports | undefined {
  if (n < 3n || n >= WASM_BIG_LIMIT || (n & 1n) === 0n) return undefined;
  const k = load();
  if (!k) return undefined;
  if (n !== bigModulus) {
    const limbs = Math.ceil(n.toString(16).length / 8);
    writeWords(io(k), 0, n, (limbs + 1) >> 1);
    k.bigSetModulus(limbs);
    bigModulus = n;
    bigLimbs = limbs;
  }
  return k;
}

/**
 * Strong probable-prime test of odd n to base 2 in the kernel's multi-limb Montgomery arithmetic
 * (32-bit limbs, up to 2048 bits): square-and-double over the odd part of n − 1.
 *
 * @param n - odd modulus, 3 ≤ n < 2^2048
 * @returns whether n is a strong probable prime to base 2, or undefined when the kernel is unavailable
 *   or n is out of range
 * @example
 * ```ts
 * import { wasmBigStrongProbablePrime2 } from 'primeos/primes';
 * wasmBigStrongProbablePrime2(2n ** 127n - 1n); // true
 * ```
 */
export function wasmBigStrongProbablePrime2(n: bigint): boolean | undefined {
  const k = bigKernel(n);
  return k && k.bigSprp2() !== 0;
}

/**
 * Strong probable-prime test of odd n to each small base in the kernel's multi-limb Montgomery
 * arithmetic (binary powering; a doubling per set bit for base 2).
 *
 * @param n - odd modulus, 3 ≤ n < 2^2048
 * @param bases - bases 2 ≤ a < min(n, 2^32)
 * @returns true when n passes every base, false when one witnesses compositeness, undefined when the
 *   kernel is unavailable or an argument is out of range
 * @example
 * ```ts
 * import { wasmBigStrongProbablePrime } from 'primeos/primes';
 * wasmBigStrongProbablePrime(3215031751n, [2, 3, 5, 7]); // true (a strong pseudoprime to these bases)
 * ```
 */
export function wasmBigStrongProbablePrime(n: bigint, bases: readonly number[]): boolean | undefined {
  for (const a of bases) if (!Number.isInteger(a) || a < 2 || a > 0xffffffff || BigInt(a) >= n) return undefined;
  const k = bigKernel(n);
  if (!k) return undefined;
  for (const a of bases) if (!k.bigSprp(a)) return false;
  return true;
}

/**
 * Jacobi symbol (d/n) for a small d, with n mod d taken from the kernel's limbs (no BigInt arithmetic).
 *
 * @param n - odd modulus, 3 ≤ n < 2^2048
 * @param d - 0 < d < 2^32
 * @returns (d/n), or undefined when the kernel is unavailable or an argument is out of range
 * @example
 * ```ts
 * import { wasmBigJacobi } from 'primeos/primes';
 * wasmBigJacobi(2n ** 89n - 1n, 5); // 1
 * ```
 */
export function wasmBigJacobi(n: bigint, d: number): -1 | 0 | 1 | undefined {
  if (!Number.isInteger(d) || d < 1 || d > 0xffffffff) return undefined;
  const k = bigKernel(n);
  return k && (k.bigJacobiSmall(d) as -1 | 0 | 1);
}

/**
 * Extra strong Lucas probable-prime test of odd n with parameters (P, Q = 1) in the kernel's multi-limb
 * Montgomery arithmetic (the V-only ladder of `isExtraStrongLucasProbablePrime`).
 *
 * @param n - odd modulus, 3 ≤ n < 2^2048, n > P² − 2
 * @param p - Baillie's P with ((P² − 4)/n) = −1 (found by the caller), 3 ≤ P < 2^16
 * @returns whether n passes, or undefined when the kernel is unavailable or n is out of range
 * @example
 * ```ts
 * import { wasmBigExtraStrongLucas } from 'primeos/primes';
 * wasmBigExtraStrongLucas(2n ** 89n - 1n, 4); // true (P = 4 is Baillie's P for this prime: (12/n) = −1)
 * ```
 */
export function wasmBigExtraStrongLucas(n: bigint, p: number): boolean | undefined {
  if (!Number.isInteger(p) || p < 3 || p >= 65536 || BigInt(p * p) >= n) return undefined;
  const k = bigKernel(n);
  return k && k.bigExtraStrongLucas(p) !== 0;
}

/**
 * a·b mod n by one multi-limb Montgomery product in the kernel (for tests of the arithmetic).
 *
 * @param n - odd modulus, 3 ≤ n < 2^2048
 * @param a - factor (reduced mod n)
 * @param b - factor (reduced mod n)
 * @returns a·b mod n, or undefined when the kernel is unavailable or n is out of range
 * @example
 * ```ts
 * import { wasmBigMulMod } from 'primeos/primes';
 * wasmBigMulMod(2n ** 127n - 1n, 2n ** 100n, 2n ** 100n); // 2^73
 * ```
 */
export function wasmBigMulMod(n: bigint, a: bigint, b: bigint): bigint | undefined {
  const k = bigKernel(n);
  if (!k) return undefined;
  const w = io(k);
  const words = (bigLimbs + 1) >> 1;
  writeWords(w, 0, ((a % n) + n) % n, words);
  writeWords(w, IO_STRIDE / 8, ((b % n) + n) % n, words);
  k.bigMulMod();
  return readWords(w, 0, words);
}

/**
 * b^e mod n in the kernel's multi-limb Montgomery arithmetic (4-bit fixed window).
 *
 * @param n - odd modulus, 3 ≤ n < 2^2048
 * @param b - base (reduced mod n)
 * @param e - exponent, 0 ≤ e < 2^2048
 * @returns b^e mod n, or undefined when the kernel is unavailable or an argument is out of range
 * @example
 * ```ts
 * import { wasmBigPowMod } from 'primeos/primes';
 * wasmBigPowMod(2n ** 127n - 1n, 3n, 2n ** 127n - 2n); // 1n
 * ```
 */
export function wasmBigPowMod(n: bigint, b: bigint, e: bigint): bigint | undefined {
  if (e < 0n || e >= WASM_BIG_LIMIT) return undefined;
  const k = bigKernel(n);
  if (!k) return undefined;
  const w = io(k);
  const words = (bigLimbs + 1) >> 1;
  writeWords(w, 0, ((b % n) + n) % n, words);
  const eWords = Math.max(1, Math.ceil(e.toString(16).length / 16));
  writeWords(w, IO_STRIDE / 4, e, eWords);
  k.bigPowMod(2 * eWords);
  return readWords(w, 0, words);
}

/** Stage-2 tables of an ECM curve (the baby-step giant-step plan of `ecm.ts`). */
export interface WasmEcmStage2Plan {
  /** Giant step D (210 or 2310). */
  readonly D: number;
  /** The odd j < D/2 coprime to D, ascending (at most 256 of them). */
  readonly babies: readonly number[];
  /** First and last giant index m. */
  readonly m0: number;
  readonly m1: number;
  /** For m in [m0, m1]: pairs[offsets[m − m0] … offsets[m − m0 + 1]) are the baby indices to use. */
  readonly offsets: Int32Array;
  readonly pairs: Int32Array;
}

/** Heap addresses of the loaded stage-1 scalar and stage-2 tables. */
interface EcmLayout {
  readonly scalar: bigint;
  readonly plan: WasmEcmStage2Plan | undefined;
  readonly bits: number;
  readonly words: number;
  readonly babies: number;
  readonly offsets: number;
  readonly pairs: number;
  readonly xs: number;
  readonly zs: number;
  readonly prefix: number;
  /** X, Z and running Z products of one block of giant points. */
  readonly gxs: number;
  readonly gzs: number;
  readonly gprefix: number;
}

/**
 * Giant points of ECM stage 2 normalised per batch inversion (`ecm.ts` and the kernel alike): a block costs
 * three multiplications per point and one inversion, and saves one multiplication per prime pair.
 */
export const ECM_GIANT_BLOCK = 256;

let ecmLayout: EcmLayout | undefined;

function ecmLoad(k: KernelExports, scalar: bigint, plan: WasmEcmStage2Plan | undefined): EcmLayout | undefined {
  if (ecmLayout !== undefined && ecmLayout.scalar === scalar && ecmLayout.plan === plan) return ecmLayout;
  const hex = scalar.toString(16);
  const nWords = Math.ceil(hex.length / 8);
  const nb = plan?.babies.length ?? 0;
  const nOffsets = plan?.offsets.length ?? 0;
  const nPairs = plan?.pairs.length ?? 0;
  const align = (x: number): number => (x + 7) & ~7;
  const babiesAt = align(nWords * 4);
  const offsetsAt = align(babiesAt + nb * 4);
  const pairsAt = align(offsetsAt + nOffsets * 4);
  const xsAt = align(pairsAt + nPairs);
  const zsAt = xsAt + nb * IO_STRIDE;
  const prefixAt = zsAt + nb * IO_STRIDE;
  const gb = plan === undefined ? 0 : ECM_GIANT_BLOCK;
  const gxsAt = prefixAt + nb * IO_STRIDE;
  const gzsAt = gxsAt + gb * IO_STRIDE;
  const gprefixAt = gzsAt + gb * IO_STRIDE;
  const heap = k.bigHeap(gprefixAt + gb * IO_STRIDE);
  if (heap === 0) return undefined;
  const u32 = new Uint32Array(k.memory.buffer, heap, prefixAt >> 2);
  for (let i = 0; i < nWords; i++) {
    const end = hex.length - 8 * i;
    u32[i] = parseInt(hex.slice(Math.max(0, end - 8), end), 16);
  }
  if (plan !== undefined) {
    if (nb > 256 || plan.babies.some((j, i) => i > 0 && j <= (plan.babies[i - 1] as number))) {
      throw new RangeError('ECM stage-2 plan: at most 256 ascending babies');
    }
    u32.set(plan.babies, babiesAt >> 2);
    u32.set(plan.offsets, offsetsAt >> 2);
    new Uint8Array(k.memory.buffer, heap + pairsAt, nPairs).set(plan.pairs);
  }
  ecmLayout = {
    scalar,
    plan,
    bits: scalar.toString(2).length,
    words: heap,
    babies: heap + babiesAt,
    offsets: heap + offsetsAt,
    pairs: heap + pairsAt,
    xs: heap + xsAt,
    zs: heap + zsAt,
    prefix: heap + prefixAt,
    gxs: heap + gxsAt,
    gzs: heap + gzsAt,
    gprefix: heap + gprefixAt,
  };
  return ecmLayout;
}

/**
 * ECM stage 1 in the multi-limb kernel: Q = k·(x0 : z0) on the Montgomery curve with (A + 2)/4 = a24 by
 * the ladder of `ecm.ts` (same formulas, every value times R mod n). Q stays in the kernel for
 * {@link wasmBigEcmBabies}; the stage-2 plan is loaded with the scalar so both stay resident across curves.
 *
 * @param n - odd modulus, 3 ≤ n < 2^2048
 * @param x0 - X of the start point (reduced mod n)
 * @param z0 - Z of the start point (reduced mod n)
 * @param a24 - (A + 2)/4 mod n
 * @param scalar - the stage-1 multiplier k ≥ 1
 * @param plan - the stage-2 tables to load alongside (or undefined without stage 2)
 * @returns Z of Q mod n (its gcd with n is that of the BigInt ladder), or undefined when the kernel is
 *   unavailable, n is out of range or its memory cannot hold the scalar and tables
 * @example
 * ```ts
 * import { wasmBigEcmStage1 } from 'primeos/primes';
 * wasmBigEcmStage1(2n ** 127n - 1n, 2n, 1n, 5n, 2520n, undefined); // Z of 2520·(2 : 1)
 * ```
 */
export function wasmBigEcmStage1(
  n: bigint,
  x0: bigint,
  z0: bigint,
  a24: bigint,
  scalar: bigint,
  plan: WasmEcmStage2Plan | undefined,
): bigint | undefined {
  if (scalar < 1n) return undefined;
  const k = bigKernel(n);
  if (!k) return undefined;
  const layout = ecmLoad(k, scalar, plan);
  if (layout === undefined) return undefined;
  const w = io(k);
  const words = (bigLimbs + 1) >> 1;
  writeWords(w, 0, ((x0 % n) + n) % n, words);
  writeWords(w, IO_STRIDE / 8, ((z0 % n) + n) % n, words);
  writeWords(w, IO_STRIDE / 4, ((a24 % n) + n) % n, words);
  k.bigEcmStage1(layout.words, layout.bits);
  return readWords(io(k), 0, words);
}

/** The kernel and the loaded plan of the ECM stages, when n is in range and a plan is loaded. */
function ecmStage2(n: bigint): { k: KernelExports; layout: EcmLayout; plan: WasmEcmStage2Plan } | undefined {
  const k = bigKernel(n);
  const layout = ecmLayout;
  if (!k || layout?.plan === undefined) return undefined;
  return { k, layout, plan: layout.plan };
}

/**
 * ECM stage 2, baby steps, on the Q left by {@link wasmBigEcmStage1} (same n, plan loaded there): the
 * points [j]Q for the plan's babies and the product of their Z.
 *
 * @param n - the modulus of the preceding stage 1
 * @returns the product of the babies' Z mod n (to invert), or undefined when the kernel is unavailable,
 *   n is out of range or no plan was loaded
 * @example
 * ```ts
 * import { wasmBigEcmBabies } from 'primeos/primes';
 * const zProduct = wasmBigEcmBabies(n); // after wasmBigEcmStage1(n, …, plan)
 * ```
 */
export function wasmBigEcmBabies(n: bigint): bigint | undefined {
  const s = ecmStage2(n);
  if (s === undefined) return undefined;
  const { k, layout, plan } = s;
  k.bigEcmBabies(layout.babies, plan.babies.length, layout.xs, layout.zs, layout.prefix);
  return readWords(io(k), 0, (bigLimbs + 1) >> 1);
}

/**
 * ECM stage 2 after {@link wasmBigEcmBabies}: normalise the babies with `zInverse` (x_j = X_j/Z_j), and set up
 * the giant steps at [m0·D]Q with an accumulator of 1.
 *
 * @param n - the modulus of the preceding stages
 * @param zInverse - the inverse mod n of the product returned by {@link wasmBigEcmBabies}
 * @returns false when the kernel is unavailable, n is out of range or no plan was loaded
 */
export function wasmBigEcmGiantStart(n: bigint, zInverse: bigint): boolean {
  const s = ecmStage2(n);
  if (s === undefined) return false;
  const { k, layout, plan } = s;
  writeWords(io(k), 0, ((zInverse % n) + n) % n, (bigLimbs + 1) >> 1);
  k.bigEcmNormalize(plan.babies.length, layout.xs, layout.zs, layout.prefix);
  k.bigEcmGiantStart(plan.D, plan.m0);
  return true;
}

/**
 * ECM stage 2: the next `count` (≤ {@link ECM_GIANT_BLOCK}) giant points, from [m·D]Q, into the kernel's block.
 *
 * @param n - the modulus of the preceding stages
 * @param m - the giant index of the first point (m0 for the first block, then the next after each block)
 * @param count - points in the block
 * @returns the product of their Z mod n (to invert for {@link wasmBigEcmGiantPairs}), or undefined as above
 */
export function wasmBigEcmGiantBlock(n: bigint, m: number, count: number): bigint | undefined {
  const s = ecmStage2(n);
  if (s === undefined || count < 1 || count > ECM_GIANT_BLOCK) return undefined;
  const { k, layout, plan } = s;
  k.bigEcmGiantBlock(m, plan.m0, count, layout.gxs, layout.gzs, layout.gprefix);
  return readWords(io(k), 0, (bigLimbs + 1) >> 1);
}

/**
 * ECM stage 2: normalise the block left by {@link wasmBigEcmGiantBlock} with `zInverse` and multiply the
 * accumulator by x_m − x_j over the plan's pairs of each of its giants.
 *
 * @param n - the modulus of the preceding stages
 * @param m - the block's first giant index, as given to {@link wasmBigEcmGiantBlock}
 * @param count - the block's points, as given there
 * @param zInverse - the inverse mod n of the product that call returned
 * @returns false when the kernel is unavailable, n is out of range or no plan was loaded
 */
export function wasmBigEcmGiantPairs(n: bigint, m: number, count: number, zInverse: bigint): boolean {
  const s = ecmStage2(n);
  if (s === undefined || count < 1 || count > ECM_GIANT_BLOCK) return false;
  const { k, layout, plan } = s;
  writeWords(io(k), 0, ((zInverse % n) + n) % n, (bigLimbs + 1) >> 1);
  k.bigEcmNormalize(count, layout.gxs, layout.gzs, layout.gprefix);
  k.bigEcmGiantPairs(m, plan.m0, count, layout.gxs, layout.xs, layout.offsets, layout.pairs);
  return true;
}

/**
 * ECM stage 2's accumulator: Π (x_m − x_j) over the pairs of the blocks done so far.
 *
 * @param n - the modulus of the preceding stages
 * @returns the product mod n (its gcd with n is that of the BigInt stage 2), or undefined as above
 */
export function wasmBigEcmAcc(n: bigint): bigint | undefined {
  const s = ecmStage2(n);
  if (s === undefined) return undefined;
  s.k.bigEcmAcc();
  return readWords(io(s.k), 0, (bigLimbs + 1) >> 1);
}
