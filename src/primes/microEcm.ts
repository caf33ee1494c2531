/**
 * Micro-ECM: the elliptic-curve method tuned for odd composites 2^36 ≤ n < 2^64 whose factors are all
 * above ~2^12, run entirely in the WebAssembly kernel with Montgomery u64 arithmetic (the idea of Ben
 * Buhrow's "uecm": tiny bounds, many cheap curves, no BigInt in the loop).
 *
 * - Curves: Montgomery curves B·y² = x³ + A·x² + x from Suyama's parametrisation (σ ≥ 6, u = σ² − 5,
 *   v = 4σ, x0 = u³/v³, (A + 2)/4 = (v − u)³(3u + v)/(16u³v)); their group order is divisible by 12.
 *   σ comes from the seeded generator, so the same seed gives the same curves and the same result.
 * - Stage 1: one Montgomery ladder (x-only, ~10 multiplications per bit) over Π p^⌊log_p B1⌋, then a gcd.
 * - Stage 2: baby-step giant-step with giant step D over the primes in (B1, B2]; each prime costs one
 *   pair product x(kD·Q) − x(j·Q) (2 multiplications), one gcd per curve at the end.
 * - Bounds by the size of n ({@link MICRO_ECM_PLANS}), chosen with `UECM_TUNE=1 npx tsx
 *   bench/microEcm.bench.ts` (mean curves to a split × cost per curve, 201 balanced semiprimes per size):
 *
 *   | n below | B1  | B2   | D   | mean curves (balanced n) |
 *   | ------- | --- | ---- | --- | ------------------------ |
 *   | 2^44    | 35  | 1400 | 60  | 2.1 (40 bits), 2.8 (44)  |
 *   | 2^52    | 70  | 1750 | 120 | 2.8 (48), 4.2 (52)       |
 *   | 2^58    | 110 | 2750 | 210 | 4.0 (56)                 |
 *   | 2^61    | 150 | 3750 | 210 | 5.3 (60)                 |
 *   | 2^64    | 175 | 7000 | 210 | 6.5 (64)                 |
 *
 *   The optimum is flat: B1 from 150 to 250 at 64 bits costs the same within 3%.
 * - At most {@link MICRO_ECM_DEFAULT_MAX_CURVES} curves per call; then `exhausted`.
 *
 * Outside {@link MICRO_ECM_MIN} ≤ n < 2^64 (or when n is even, or without WebAssembly) the splitter honestly reports
 * `exhausted` with zero curves, so callers fall back to rho or BigInt ECM.
 */
import type { Splitter, SplitOptions, SplitOutcome } from './Splitter.js';
import { seededRandom } from './internal/seededRandom.js';
import { primesUpTo } from './smallPrimes.js';
import { WASM_KERNEL_LIMIT, type WasmEcmPlan, wasmMicroEcmCurve } from './internal/wasmKernel.js';

/**
 * Smallest n micro-ECM accepts by default: 2^36. Median time vs the WebAssembly rho on balanced
 * semiprimes (bench/microEcm.bench.ts, same run): 0.94× at 34 bits, 1.18× at 36, 1.6× at 38, 1.8× at 40.
 */
export const MICRO_ECM_MIN = 1n << 36n;
/** n must be below 2^64 (one u64 word in the kernel). */
export const MICRO_ECM_LIMIT = WASM_KERNEL_LIMIT;
/** Default curve cap per call. */
export const MICRO_ECM_DEFAULT_MAX_CURVES = 1024;
/** Default wall-clock budget per call. */
export const MICRO_ECM_DEFAULT_BUDGET_MS = 2000;

/** Stage bounds for n below 2^maxBits. */
export interface MicroEcmPlan extends WasmEcmPlan {
  /** The plan applies to n < 2^maxBits. */
  readonly maxBits: number;
}

/**
 * The stage-1 multiplier Π p^⌊log_p b1⌋ over the primes p ≤ b1 (= lcm(1, …, b1)).
 *
 * @param b1 - stage-1 bound
 * @returns the scalar
 * @example
 * ```ts
 * import { microEcmStage1Scalar } from 'primeos/primes';
 * microEcmStage1Scalar(10); // 2520n
 * ```
 */
export function microEcmStage1Scalar(b1: number): bigint {
  let s = 1n;
  for (const p of primesUpTo(b1)) {
    let q = p;
    while (q * p <= b1) q *= p;
    s *= BigInt(q);
  }
  return s;
}

function plan(maxBits: number, b1: number, b2: number, d: number): MicroEcmPlan {
  return { maxBits, b1, b2, d, scalar: microEcmStage1Scalar(b1) };
}

/** Bounds by size of n, smallest first (the first plan with n < 2^maxBits is used). */
export const MICRO_ECM_PLANS: readonly MicroEcmPlan[] = [
  plan(44, 35, 1400, 60),
  plan(52, 70, 1750, 120),
  plan(58, 110, 2750, 210),
  plan(61, 150, 3750, 210),
  plan(64, 175, 7000, 210),
];

/** Parameters of a micro-ECM splitter. */
export interface MicroEcmParams {
  /** Curve cap per call (default {@link MICRO_ECM_DEFAULT_MAX_CURVES}). */
  readonly maxCurves?: number;
  /** Smallest n accepted (default {@link MICRO_ECM_MIN}); smaller n are reported `exhausted`. */
  readonly minN?: bigint;
  /** Bounds by size (default {@link MICRO_ECM_PLANS}); must cover 64 bits. */
  readonly plans?: readonly MicroEcmPlan[];
}

/**
 * Create a micro-ECM {@link Splitter} for odd 2^36 ≤ n < 2^64 (see the module comment for the curve
 * family and the bounds).
 *
 * @param params - curve cap, smallest n, bounds
 * @returns the splitter; effort reports `ecmCurves` and `ecmB1`
 * @example
 * ```ts
 * import { createMicroEcmSplitter } from 'primeos/primes';
 * const split = createMicroEcmSplitter({ maxCurves: 256 });
 * split(4294967291n * 4294967279n, { seed: 1 }); // { status: 'found', divisor: 4294967279n or 4294967291n, … }
 * ```
 */
export function createMicroEcmSplitter(params: MicroEcmParams = {}): Splitter {
  const maxCurves = params.maxCurves ?? MICRO_ECM_DEFAULT_MAX_CURVES;
  const minN = params.minN ?? MICRO_ECM_MIN;
  const plans = params.plans ?? MICRO_ECM_PLANS;
  return (n: bigint, options: SplitOptions): SplitOutcome => {
    let curves = 0;
    if (n < minN || n < 5n || n >= MICRO_ECM_LIMIT || (n & 1n) === 0n) {
      return { status: 'exhausted', effort: { ecmCurves: 0 } };
    }
    const bits = n.toString(2).length;
    const p = plans.find((q) => bits <= q.maxBits) ?? plans[plans.length - 1];
    if (p === undefined) return { status: 'exhausted', effort: { ecmCurves: 0 } };
    const effort = (): { ecmCurves: number; ecmB1: number } => ({ ecmCurves: curves, ecmB1: p.b1 });
    const deadline = performance.now() + (options.budgetMs ?? MICRO_ECM_DEFAULT_BUDGET_MS);
    const next = seededRandom(options.seed ?? 1);
    while (curves < maxCurves) {
      if (options.signal?.aborted) return { status: 'aborted', effort: effort() };
      if (performance.now() > deadline) break;
      // σ in [6, 2^32 + 5]: distinct curves, reduced mod n in the kernel
      const sigma = BigInt(next()) + 6n;
      const d = wasmMicroEcmCurve(n, sigma, p);
      if (d === undefined) break; // no kernel
      curves++;
      if (d > 1n && d < n && n % d === 0n) return { status: 'found', divisor: d, effort: effort() };
    }
    return { status: 'exhausted', effort: effort() };
  };
}

/**
 * The default micro-ECM {@link Splitter} ({@link MICRO_ECM_PLANS}, up to 1024 curves, 2 s per call).
 *
 * @param n - an odd composite 2^36 ≤ n < 2^64 with no factor below ~2^12
 * @param options - budget, signal, seed
 * @returns `found` with a proper divisor, `exhausted` (also when n is out of range) or `aborted`
 * @example
 * ```ts
 * import { microEcm } from 'primeos/primes';
 * microEcm(4294967291n * 4294967279n, { seed: 7 }).status; // 'found'
 * ```
 */
export const microEcm: Splitter = createMicroEcmSplitter();
