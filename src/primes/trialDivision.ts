/**
 * Trial division without a BigInt operation per prime (docs/ARCHITECTURE.md §4). n is split once into 32-bit limbs
 * (doubles, most significant first); for each odd prime p the residue is folded two limbs at a time,
 * x = r·(2^64 mod p) + hi·(2^32 mod p) + lo < 2^53, and reduced with the float reciprocal,
 * r = x − ⌊x·(1/p)⌋·p. The quotient estimate is off by at most one, so r stays in [−p, 2p) without
 * correction (exact for p < 2^20) and p | n ⇔ r ∈ {−p, 0, p}. Four primes run interleaved so the four
 * dependency chains overlap. Primes in [2^20, 2^21] take one limb per step with a corrected remainder
 * (r·2^32 + limb < 2^53). n < 2^31 uses the multiply-by-inverse test with `Math.imul`:
 * p | n ⇔ n·p⁻¹ mod 2^32 ≤ ⌊(2^32 − 1)/p⌋. Only when p divides does BigInt arithmetic run (the exact
 * division and a new split into limbs).
 */
import type { Factor } from './Factorization.js';
import type { Splitter, SplitOptions, SplitOutcome } from './Splitter.js';
import { primesUpTo } from './smallPrimes.js';

/** Default bound of the trial-division splitter. */
export const TRIAL_DIVISION_DEFAULT_BOUND = 65536;

/** Default wall-clock budget of one trial-division call. */
export const TRIAL_DIVISION_DEFAULT_BUDGET_MS = 1000;

/** Largest accepted bound (primes < 2^21 keep the one-limb remainders r·2^32 + limb below 2^53 exact). */
export const TRIAL_DIVISION_MAX_BOUND = 2 ** 21;

/** Per-prime constants for the odd primes (index i ↔ primes[i + 1]). */
interface Table {
  readonly limit: number;
  /** All primes ≤ limit, 2 first. */
  readonly primes: Uint32Array;
  /** p, 1/p, 2^32 mod p, 2^64 mod p for the odd primes, as doubles. */
  readonly p: Float64Array;
  readonly inv: Float64Array;
  readonly c32: Float64Array;
  readonly c64: Float64Array;
  /** p⁻¹ mod 2^32 and ⌊(2^32 − 1)/p⌋ for the multiply-by-inverse test. */
  readonly pinv: Int32Array;
  readonly lim: Float64Array;
}

let tableCache: Table | undefined;
const TWO_32 = 4294967296;
const FOLD_LIMIT = 2 ** 20;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function tableUpTo(limit: number): Table {
  if (tableCache && tableCache.limit >= limit) return tableCache;
  const size = Math.max(limit, 2 * (tableCache?.limit ?? 0), 4096);
  const primes = primesUpTo(size);
  const k = primes.length - 1;
  const p = new Float64Array(k);
  const inv = new Float64Array(k);
  const c32 = new Float64Array(k);
  const c64 = new Float64Array(k);
  const pinv = new Int32Array(k);
  const lim = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    const q = primes[i + 1] as number;
    p[i] = q;
    inv[i] = 1 / q;
    const a = TWO_32 % q;
    c32[i] = a;
    c64[i] = (a * a) % q; // a² < 2^42: exact
    // Newton iteration for q⁻¹ mod 2^32 (q·q ≡ 1 mod 8 starts 3 bits right; each step doubles them)
    let x = q;
    for (let j = 0; j < 4; j++) x = Math.imul(x, 2 - Math.imul(q, x));
    pinv[i] = x;
    lim[i] = Math.floor((TWO_32 - 1) / q);
  }
  tableCache = { limit: size, primes, p, inv, c32, c64, pinv, lim };
  return tableCache;
}

/** The 32-bit limbs of m > 0 as doubles, most significant first, padded to an even count. */
function limbsOf(m: bigint): Float64Array {
  const out: number[] = [];
  for (let x = m; x > 0n; x >>= 32n) out.push(Number(x & 0xffffffffn));
  if (out.length % 2 === 1) out.push(0);
  out.reverse();
  return Float64Array.from(out);
}

/** Options of {@link trialDivide}. */
export interface TrialDivideOptions {
  /** Largest prime tried (inclusive). */
  readonly bound: number;
  /** Stop after the first prime factor found (its full power is still removed). */
  readonly firstOnly?: boolean;
  /** Wall-clock budget in ms (checked every few hundred groups). */
  readonly budgetMs?: number;
  readonly signal?: AbortSignal;
}

/** Result of {@link trialDivide}. */
export interface TrialDivideResult {
  /** Prime factors ≤ bound found, ascending, with exponents. */
  readonly factors: Factor[];
  /** n divided by the found prime powers. */
  readonly cofactor: bigint;
  /** The bound actually reached (every prime ≤ reached was tried). */
  readonly reached: number;
  /** Whether the search was cut short by budget or signal. */
  readonly stopped: 'budget' | 'aborted' | undefined;
}

/**
 * Remove every prime factor p ≤ bound from n > 0.
 *
 * @param n - a positive integer
 * @param options - bound and limits
 * @returns the factors found, the cofactor and the bound reached
 * @example
 * ```ts
 * import { trialDivide } from 'primeos/primes';
 * trialDivide(360n * 1000003n, { bound: 100 }).cofactor; // 1000003n
 * ```
 */
export function trialDivide(n: bigint, options: TrialDivideOptions): TrialDivideResult {
  const { floor, imul } = Math;
  const bound = Math.min(Math.max(options.bound, 0), TRIAL_DIVISION_MAX_BOUND);
  const { primes, p: P, inv: INV, c32: C32, c64: C64, pinv: PINV, lim: LIM } = tableUpTo(bound);
  const deadline = performance.now() + (options.budgetMs ?? Infinity);
  const factors: Factor[] = [];
  let m = n;
  if (bound >= 2 && m > 0n && (m & 1n) === 0n) {
    let e = 0;
    while ((m & 1n) === 0n) {
      m >>= 1n;
      e++;
    }
    factors.push({ prime: 2n, exponent: e });
    if (options.firstOnly) return { factors, cofactor: m, reached: 2, stopped: undefined };
  }
  // odd primes ≤ bound are P[0 .. end)
  let lo = 0;
  let end = primes.length - 1;
  while (lo < end) {
    const mid = (lo + end) >>> 1;
    if ((P[mid] as number) <= bound) lo = mid + 1;
    else end = mid;
  }
  let limbs = limbsOf(m);
  let len = limbs.length;
  let mNum = m <= MAX_SAFE ? Number(m) : -1;
  let firstAt = 0;
  /** Divide out P[i] (known to divide m); false when the caller must stop (firstOnly). */
  const divideOut = (i: number): boolean => {
    const q = BigInt(P[i] as number);
    let e = 0;
    while (m % q === 0n) {
      m /= q;
      e++;
    }
    factors.push({ prime: q, exponent: e });
    limbs = limbsOf(m);
    len = limbs.length;
    mNum = m <= MAX_SAFE ? Number(m) : -1;
    firstAt = P[i] as number;
    return !options.firstOnly;
  };
  let i = 0;
  let nextCheck = 1024;
  while (i < end) {
    if (i >= nextCheck) {
      nextCheck = i + 1024;
      if (options.signal?.aborted) return { factors, cofactor: m, reached: P[i - 1] as number, stopped: 'aborted' };
      if (performance.now() > deadline) return { factors, cofactor: m, reached: P[i - 1] as number, stopped: 'budget' };
    }
    const p0 = P[i] as number;
    if (mNum >= 0 && p0 * p0 > mNum) {
      // what is left is 1 or a prime
      if (mNum > 1 && mNum <= bound) {
        factors.push({ prime: m, exponent: 1 });
        m = 1n;
      }
      break;
    }
    if (mNum >= 0 && mNum < 2147483648) {
      // n < 2^31: multiply-by-inverse divisibility test, one prime at a time
      if (imul(mNum, PINV[i] as number) >>> 0 <= (LIM[i] as number) && !divideOut(i)) break;
      i++;
      continue;
    }
    if (i + 4 <= end && (P[i + 3] as number) < FOLD_LIMIT) {
      const p1 = P[i + 1] as number;
      const p2 = P[i + 2] as number;
      const p3 = P[i + 3] as number;
      const i0 = INV[i] as number;
      const i1 = INV[i + 1] as number;
      const i2 = INV[i + 2] as number;
      const i3 = INV[i + 3] as number;
      const a0 = C32[i] as number;
      const a1 = C32[i + 1] as number;
      const a2 = C32[i + 2] as number;
      const a3 = C32[i + 3] as number;
      const b0 = C64[i] as number;
      const b1 = C64[i + 1] as number;
      const b2 = C64[i + 2] as number;
      const b3 = C64[i + 3] as number;
      let r0 = 0;
      let r1 = 0;
      let r2 = 0;
      let r3 = 0;
      const L = limbs;
      for (let k = 0, kEnd = len; k < kEnd; k += 2) {
        const hi = L[k] as number;
        const lo = L[k + 1] as number;
        const x0 = r0 * b0 + hi * a0 + lo;
        const x1 = r1 * b1 + hi * a1 + lo;
        const x2 = r2 * b2 + hi * a2 + lo;
        const x3 = r3 * b3 + hi * a3 + lo;
        r0 = x0 - floor(x0 * i0) * p0;
        r1 = x1 - floor(x1 * i1) * p1;
        r2 = x2 - floor(x2 * i2) * p2;
        r3 = x3 - floor(x3 * i3) * p3;
      }
      // r ≡ m (mod p) with r ∈ [−p, 2p); ascending order: divide out the smallest divisor first
      const j = i;
      i += 4;
      if (r0 === 0 || r0 === p0 || r0 === -p0) {
        if (!divideOut(j)) break;
      }
      if (r1 === 0 || r1 === p1 || r1 === -p1) {
        if (!divideOut(j + 1)) break;
      }
      if (r2 === 0 || r2 === p2 || r2 === -p2) {
        if (!divideOut(j + 2)) break;
      }
      if (r3 === 0 || r3 === p3 || r3 === -p3) {
        if (!divideOut(j + 3)) break;
      }
      continue;
    }
    // one prime, one limb per step, remainder kept in [0, p) (r·2^32 + limb < 2^53 for p ≤ 2^21)
    const inv0 = INV[i] as number;
    let r = 0;
    const L = limbs;
    for (let k = 0, kEnd = len; k < kEnd; k++) {
      const x = r * TWO_32 + (L[k] as number);
      r = x - floor(x * inv0) * p0;
      if (r < 0) r += p0;
      else if (r >= p0) r -= p0;
    }
    if (r === 0 && !divideOut(i)) break;
    i++;
  }
  if (options.firstOnly && firstAt > 0) return { factors, cofactor: m, reached: firstAt, stopped: undefined };
  return { factors, cofactor: m, reached: bound, stopped: undefined };
}

/** Parameters of a trial-division splitter. */
export interface TrialDivisionParams {
  /** Largest prime tried (default {@link TRIAL_DIVISION_DEFAULT_BOUND}). */
  readonly bound?: number;
}

/**
 * A trial-division {@link Splitter}: returns the smallest prime factor ≤ bound, or `exhausted`.
 *
 * @param params - the bound
 * @returns the splitter
 * @example
 * ```ts
 * import { createTrialDivisionSplitter } from 'primeos/primes';
 * const split = createTrialDivisionSplitter({ bound: 1 << 20 });
 * split(1000003n * 1000033n, {}); // { status: 'found', divisor: 1000003n, … }
 * ```
 */
export function createTrialDivisionSplitter(params: TrialDivisionParams = {}): Splitter {
  const bound = params.bound ?? TRIAL_DIVISION_DEFAULT_BOUND;
  return (n: bigint, options: SplitOptions): SplitOutcome => {
    const r = trialDivide(n, {
      bound,
      firstOnly: true,
      budgetMs: options.budgetMs ?? TRIAL_DIVISION_DEFAULT_BUDGET_MS,
      signal: options.signal,
    });
    const effort = { trialBound: r.reached };
    const f = r.factors[0];
    if (f !== undefined && f.prime < n) return { status: 'found', divisor: f.prime, effort };
    if (r.stopped === 'aborted') return { status: 'aborted', effort };
    return { status: 'exhausted', effort };
  };
}

/**
 * The default trial-division {@link Splitter} (primes up to 65536).
 *
 * @param n - an odd composite
 * @param options - budget, signal (the seed is unused)
 * @returns `found` with the smallest prime factor ≤ 65536, or `exhausted`/`aborted`
 * @example
 * ```ts
 * import { trialDivision } from 'primeos/primes';
 * trialDivision(65537n * 65539n * 3001n, {}); // { status: 'found', divisor: 3001n, … }
 * ```
 */
export const trialDivision: Splitter = createTrialDivisionSplitter();
