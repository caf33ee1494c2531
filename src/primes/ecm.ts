/**
 * Lenstra's elliptic-curve method with Montgomery curves B·y² = x³ + A·x² + x in projective (X : Z)
 * coordinates.
 *
 * - **Curve family**: Suyama's parametrisation. For σ ≥ 6 (seeded): u = σ² − 5, v = 4σ,
 *   x₀ = u³/v³ and (A + 2)/4 = (v − u)³(3u + v)/(16u³v); the group order is divisible by 12.
 * - **Stage 1**: one Montgomery ladder over k = Π p^⌊log_p B1⌋ for the primes p ≤ B1, then gcd(Z, n). The
 *   start point is normalised to Z = 1 (the same inversion that gives (A + 2)/4), which saves one
 *   multiplication in each of the ladder's additions.
 * - **Stage 2** (standard continuation, baby-step giant-step): with D = 2310 (210 for B2 < 50 000),
 *   baby points [j]Q for j < D/2 coprime to D and giant points [mD]Q, both normalised to Z = 1 by batch
 *   inversions (the giants in blocks of 256: three multiplications per point and one inversion per block);
 *   every prime B1 < p ≤ B2 is written p = mD ± j (both signs share one pair) and the product of x_m − x_j is
 *   accumulated, one multiplication per pair, one gcd at the end. B2 = 100·B1.
 * - **Schedule** ({@link ECM_LEVELS}, after GMP-ECM's table adjusted for the smaller B2): factors of
 *   15 digits: B1 = 2 000, 30 curves; 20 digits: 11 000, 110 curves; 25 digits: 50 000, 350 curves;
 *   30 digits: 250 000, 800 curves; 35 digits: 1 000 000, 2 000 curves (the expected counts to find
 *   a factor of that size with probability ≈ 1 − 1/e).
 *
 * Below 2^2048 both stages run in the WebAssembly kernel's multi-limb Montgomery arithmetic (curve set-up,
 * the gcds and the one stage-2 inversion stay in BigInt); every kernel value is the BigInt one times
 * R mod n, so the same curves find the same divisors. Without WebAssembly, or with
 * `arithmetic: 'bigint'`, every step is plain BigInt `x * y % n`.
 */
import { gcd, modInverse } from './arith.js';
import type { FactorEffort } from './Factorization.js';
import type { Splitter, SplitOptions, SplitOutcome } from './Splitter.js';
import { seededRandom } from './internal/seededRandom.js';
import { primesUpTo } from './smallPrimes.js';
import { checkLimits, Interrupted, withinLimits } from './internal/workLimits.js';
import {
  ECM_GIANT_BLOCK,
  WASM_BIG_LIMIT,
  wasmBigEcmAcc,
  wasmBigEcmBabies,
  wasmBigEcmGiantBlock,
  wasmBigEcmGiantPairs,
  wasmBigEcmGiantStart,
  wasmBigEcmStage1,
  type WasmEcmStage2Plan,
} from './internal/wasmKernel.js';

/** One level of the ECM schedule. */
export interface EcmLevel {
  /** Factor size (decimal digits) this level targets. */
  readonly digits: number;
  /** Stage-1 bound. */
  readonly B1: number;
  /** Stage-2 bound. */
  readonly B2: number;
  /** Curves to run at this level. */
  readonly curves: number;
}

/** The default schedule (see the module notes). */
export const ECM_LEVELS: readonly EcmLevel[] = [
  { digits: 12, B1: 400, B2: 40_000, curves: 12 },
  { digits: 15, B1: 2_000, B2: 200_000, curves: 30 },
  { digits: 20, B1: 11_000, B2: 1_100_000, curves: 110 },
  { digits: 25, B1: 50_000, B2: 5_000_000, curves: 350 },
  { digits: 30, B1: 250_000, B2: 25_000_000, curves: 800 },
  { digits: 35, B1: 1_000_000, B2: 100_000_000, curves: 2_000 },
];

/** Default wall-clock budget of one `ecm` call. */
export const ECM_DEFAULT_BUDGET_MS = 30_000;

/** Parameters of an ECM splitter. */
export interface EcmParams {
  /** The levels to run in order (default {@link ECM_LEVELS}). */
  readonly levels?: readonly EcmLevel[];
  /**
   * `'auto'` (default): curves on n < 2^2048 run in the WebAssembly kernel's multi-limb Montgomery
   * arithmetic (same curves, same divisors); `'bigint'`: BigInt `x * y % n` throughout.
   */
  readonly arithmetic?: 'auto' | 'bigint';
}

/** Stage-1 multiplier Π p^⌊log_p B1⌋, cached per B1. */
const stage1Cache = new Map<number, bigint>();
function stage1Multiplier(B1: number): bigint {
  let k = stage1Cache.get(B1);
  if (k !== undefined) return k;
  k = 1n;
  for (const p of primesUpTo(B1)) {
    let q = p;
    while (q * p <= B1) q *= p;
    k *= BigInt(q);
  }
  stage1Cache.set(B1, k);
  return k;
}

/** The baby-step giant-step tables of stage 2, shared by the BigInt path and the kernel. */
type Stage2Plan = WasmEcmStage2Plan;

const stage2Cache = new Map<string, Stage2Plan>();
function stage2Plan(B1: number, B2: number): Stage2Plan {
  const key = `${B1}:${B2}`;
  const cached = stage2Cache.get(key);
  if (cached) return cached;
  const D = B2 < 50_000 ? 210 : 2310;
  const babies: number[] = [];
  const babyIndex = new Int32Array(D / 2).fill(-1);
  for (let j = 1; j < D / 2; j += 2) {
    let g = j;
    let d = D;
    while (d) [g, d] = [d, g % d];
    if (g === 1) {
      babyIndex[j] = babies.length;
      babies.push(j);
    }
  }
  const m0 = Math.max(1, Math.round(B1 / D));
  const m1 = Math.round(B2 / D) + 1;
  const buckets: Set<number>[] = [];
  for (let m = m0; m <= m1; m++) buckets.push(new Set());
  for (const p of primesUpTo(B2)) {
    if (p <= B1) continue;
    const m = Math.round(p / D);
    const j = Math.abs(p - m * D);
    const bi = babyIndex[j] as number;
    if (m < m0 || m > m1 || bi < 0) continue; // cannot happen for p > D, kept for safety
    (buckets[m - m0] as Set<number>).add(bi);
  }
  const offsets = new Int32Array(buckets.length + 1);
  const pairs: number[] = [];
  buckets.forEach((b, i) => {
    offsets[i] = pairs.length;
    pairs.push(...[...b].sort((x, y) => x - y));
  });
  offsets[buckets.length] = pairs.length;
  const plan = { D, babies, m0, m1, offsets, pairs: Int32Array.from(pairs) };
  stage2Cache.set(key, plan);
  return plan;
}

interface Point {
  X: bigint;
  Z: bigint;
}

/** Outcome of one curve. */
type CurveOutcome = { readonly divisor: bigint } | undefined;

/** x = X/Z of each point with one inversion (Montgomery's batch trick), or the product of the Z when it has none. */
function normalise(points: readonly Point[], n: bigint): { readonly xs: bigint[] } | { readonly zProduct: bigint } {
  const prefix: bigint[] = new Array<bigint>(points.length);
  let run = 1n;
  for (let i = 0; i < points.length; i++) prefix[i] = run = (run * (points[i] as Point).Z) % n;
  let inv = modInverse(run, n);
  if (inv === undefined) return { zProduct: run };
  const xs: bigint[] = new Array<bigint>(points.length);
  for (let i = points.length - 1; i >= 0; i--) {
    const p = points[i] as Point;
    xs[i] = (p.X * (i > 0 ? (inv * (prefix[i - 1] as bigint)) % n : inv)) % n;
    inv = (inv * p.Z) % n;
  }
  return { xs };
}

/**
 * Run one Suyama curve with the given σ, bounds B1/B2, on n. Returns a non-trivial divisor or undefined.
 */
function runCurve(n: bigint, sigma: bigint, B1: number, B2: number, useKernel: boolean): CurveOutcome {
  const M = (a: bigint): bigint => {
    const r = a % n;
    return r < 0n ? r + n : r;
  };
  /** The divisor gcd(x, n) when it is a proper one. */
  const split = (x: bigint): CurveOutcome => {
    const g = gcd(x, n);
    return g > 1n && g < n ? { divisor: g } : undefined;
  };
  const u = M(sigma * sigma - 5n);
  const v = M(4n * sigma);
  const u3 = (u * u * u) % n;
  const v3 = (v * v * v) % n;
  const vmu = M(v - u);
  const num = M(vmu * vmu * vmu * M(3n * u + v));
  const den = M(16n * u3 * v);
  // one inversion gives both 1/den (for a24) and 1/v3 (the start point with Z = 1, which saves a
  // multiplication per ladder step)
  const both = (den * v3) % n;
  const inv = modInverse(both, n);
  if (inv === undefined) return split(both);
  const a24 = (num * ((inv * v3) % n)) % n;
  const x0 = (u3 * ((inv * den) % n)) % n;

  const dbl = (P: Point): Point => {
    const s = P.X + P.Z;
    const d = P.X - P.Z;
    const t1 = (s * s) % n;
    const t2 = (d * d) % n;
    const t3 = t1 - t2;
    return { X: (t1 * t2) % n, Z: M(t3 * ((t2 + a24 * t3) % n)) };
  };
  const add = (P: Point, Q: Point, diff: Point): Point => {
    const a = ((P.X - P.Z) * (Q.X + Q.Z)) % n;
    const b = ((P.X + P.Z) * (Q.X - Q.Z)) % n;
    const s = a + b;
    const d = a - b;
    return { X: M(diff.Z * ((s * s) % n)), Z: M(diff.X * ((d * d) % n)) };
  };
  const ladder = (P: Point, k: bigint): Point => {
    if (k === 1n) return P;
    const bits = k.toString(2);
    let R0 = P;
    let R1 = dbl(P);
    for (let i = 1; i < bits.length; i++) {
      if ((i & 15) === 0) checkLimits();
      if (bits[i] === '1') {
        R0 = add(R0, R1, P);
        R1 = dbl(R1);
      } else {
        R1 = add(R0, R1, P);
        R0 = dbl(R0);
      }
    }
    return R0;
  };

  if (useKernel && n < WASM_BIG_LIMIT) {
    const plan = B2 > B1 ? stage2Plan(B1, B2) : undefined;
    const z = wasmBigEcmStage1(n, x0, 1n, a24, stage1Multiplier(B1), plan);
    if (z !== undefined) {
      const g1 = gcd(z, n);
      if (g1 === n) return undefined;
      if (g1 > 1n) return { divisor: g1 };
      if (plan === undefined) return undefined;
      const babyZ = wasmBigEcmBabies(n) as bigint;
      const babyInverse = modInverse(babyZ, n);
      if (babyInverse === undefined) return split(babyZ);
      wasmBigEcmGiantStart(n, babyInverse);
      for (let m = plan.m0; m <= plan.m1; m += ECM_GIANT_BLOCK) {
        checkLimits();
        const count = Math.min(ECM_GIANT_BLOCK, plan.m1 - m + 1);
        const giantZ = wasmBigEcmGiantBlock(n, m, count) as bigint;
        const giantInverse = modInverse(giantZ, n);
        if (giantInverse === undefined) return split(giantZ);
        wasmBigEcmGiantPairs(n, m, count, giantInverse);
      }
      return split(wasmBigEcmAcc(n) as bigint);
    }
  }

  // stage 1
  const Q = ladder({ X: x0, Z: 1n }, stage1Multiplier(B1));
  const g = gcd(Q.Z, n);
  if (g === n) return undefined;
  if (g > 1n) return { divisor: g };
  if (B2 <= B1) return undefined;

  // stage 2: x of the babies [j]Q, then blocks of giants [mD]Q, each normalised with one inversion, so every
  // pair costs one multiplication: acc ·= x_m − x_j
  const { D, babies, m0, m1, offsets, pairs } = stage2Plan(B1, B2);
  const maxJ = babies[babies.length - 1] as number;
  const byJ: Point[] = [];
  const Q2 = dbl(Q);
  let prev = Q; // [j−2]Q, starting with [−1]Q ≡ [1]Q in x
  let cur = Q; // [j]Q
  byJ[1] = Q;
  for (let j = 3; j <= maxJ; j += 2) {
    const nextP = add(cur, Q2, j === 3 ? Q : prev);
    prev = cur;
    cur = nextP;
    byJ[j] = cur;
  }
  const babyNorm = normalise(
    babies.map((j) => byJ[j] as Point),
    n,
  );
  if ('zProduct' in babyNorm) return split(babyNorm.zProduct);
  const babyX = babyNorm.xs;
  const QD = ladder(Q, BigInt(D));
  let Gprev = m0 === 1 ? Q : ladder(Q, BigInt((m0 - 1) * D)); // [(m0−1)D]Q; for m0 = 1 use any x (diff unused)
  let G = ladder(Q, BigInt(m0 * D));
  let acc = 1n;
  for (let m = m0; m <= m1; m += ECM_GIANT_BLOCK) {
    checkLimits();
    const block: Point[] = [];
    for (let mm = m; mm <= m1 && mm < m + ECM_GIANT_BLOCK; mm++) {
      block.push(G);
      const Gnext = mm === 1 && m0 === 1 ? dbl(G) : add(G, QD, Gprev);
      Gprev = G;
      G = Gnext;
    }
    const giantNorm = normalise(block, n);
    if ('zProduct' in giantNorm) return split(giantNorm.zProduct);
    giantNorm.xs.forEach((x, i) => {
      const at = m + i - m0;
      for (let t = offsets[at] as number, end = offsets[at + 1] as number; t < end; t++) {
        acc = (acc * (x - (babyX[pairs[t] as number] as bigint))) % n;
      }
    });
  }
  return split(acc);
}

/**
 * Create an ECM {@link Splitter} running the given levels in order (each its curve count) until a
 * factor is found, the budget runs out or the signal aborts.
 *
 * @param params - the schedule
 * @returns the splitter
 * @example
 * ```ts
 * import { createEcmSplitter } from 'primeos/primes';
 * const split = createEcmSplitter({ levels: [{ digits: 15, B1: 2000, B2: 200000, curves: 50 }] });
 * split(1000000000039n * 1000000000061n, { seed: 1 }).status; // 'found'
 * ```
 */
export function createEcmSplitter(params: EcmParams = {}): Splitter {
  const levels = params.levels ?? ECM_LEVELS;
  const useKernel = (params.arithmetic ?? 'auto') === 'auto';
  return (n: bigint, options: SplitOptions): SplitOutcome => {
    const deadline = performance.now() + (options.budgetMs ?? ECM_DEFAULT_BUDGET_MS);
    const next = seededRandom(options.seed ?? 1);
    let curves = 0;
    let maxB1 = 0;
    const effort = (): FactorEffort => ({ ecmCurves: curves, ecmB1: maxB1 });
    for (const level of levels) {
      for (let c = 0; c < level.curves; c++) {
        if (options.signal?.aborted) return { status: 'aborted', effort: effort() };
        if (performance.now() > deadline) return { status: 'exhausted', effort: effort() };
        const sigma = 6n + (((BigInt(next()) << 32n) | BigInt(next())) % (n - 7n > 1n ? n - 7n : 1n));
        curves++;
        maxB1 = Math.max(maxB1, level.B1);
        // a BigInt curve on a huge n takes seconds: its ladders check the deadline and the signal
        const out = withinLimits({ deadline, signal: options.signal }, () =>
          runCurve(n, sigma, level.B1, level.B2, useKernel),
        );
        if (out instanceof Interrupted) {
          return { status: out.reason === 'aborted' ? 'aborted' : 'exhausted', effort: effort() };
        }
        if (out !== undefined) return { status: 'found', divisor: out.divisor, effort: effort() };
      }
    }
    return { status: 'exhausted', effort: effort() };
  };
}

/**
 * The default ECM {@link Splitter} over {@link ECM_LEVELS} (30 s per call by default).
 *
 * @param n - an odd composite, not a perfect power, without tiny factors
 * @param options - budget, signal, seed
 * @returns `found` with a non-trivial divisor, or `exhausted`/`aborted`
 * @example
 * ```ts
 * import { ecm } from 'primeos/primes';
 * ecm(1000000000039n * 1000000000061n, { seed: 1 }).status; // 'found'
 * ```
 */
export const ecm: Splitter = createEcmSplitter();
