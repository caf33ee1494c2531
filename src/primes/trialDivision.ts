/**
 * Trial division. For bigint n the small primes are grouped into products below 2^53: one bigint
 * remainder per group, then exact Number remainders per prime (≈ 3–4 primes per bigint operation
 * near 2^16). For n < 2^53 everything runs in Number arithmetic, and below 2^64 n mod p is computed
 * from two 32-bit limbs with Number remainders (no bigint operation per prime).
 */
import type { Factor } from './Factorization.js';
import type { Splitter, SplitOptions, SplitOutcome } from './Splitter.js';
import { primesUpTo } from './smallPrimes.js';

/** Default bound of the trial-division splitter. */
export const TRIAL_DIVISION_DEFAULT_BOUND = 65536;

/** Default wall-clock budget of one trial-division call. */
export const TRIAL_DIVISION_DEFAULT_BUDGET_MS = 1000;

/** Largest accepted bound (primes < 2^21 keep the two-limb remainders below 2^53 exact). */
export const TRIAL_DIVISION_MAX_BOUND = 2 ** 21;

interface Groups {
  readonly limit: number;
  readonly primes: Uint32Array;
  /** products[g] = Π primes[starts[g] .. starts[g+1]) (< 2^53) */
  readonly products: bigint[];
  readonly starts: Uint32Array;
}

let groupsCache: Groups | undefined;
const TWO_64 = 1n << 64n;

function groupsUpTo(limit: number): Groups {
  if (groupsCache && groupsCache.limit >= limit) return groupsCache;
  const size = Math.max(limit, 2 * (groupsCache?.limit ?? 0), 4096);
  const primes = primesUpTo(size);
  const products: bigint[] = [];
  const starts: number[] = [];
  let prod = 1;
  for (let i = 0; i < primes.length; i++) {
    const p = primes[i] as number;
    if (prod * p > Number.MAX_SAFE_INTEGER || prod === 1) {
      if (prod !== 1) products.push(BigInt(prod));
      starts.push(i);
      prod = 1;
    }
    prod *= p;
  }
  products.push(BigInt(prod));
  starts.push(primes.length);
  groupsCache = { limit: size, primes, products, starts: Uint32Array.from(starts) };
  return groupsCache;
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
  const bound = Math.min(Math.max(options.bound, 0), TRIAL_DIVISION_MAX_BOUND);
  const { primes, products, starts } = groupsUpTo(bound);
  const deadline = performance.now() + (options.budgetMs ?? Infinity);
  const factors: Factor[] = [];
  let m = n;
  let mNum = m <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(m) : -1;
  let small64 = mNum < 0 && m < TWO_64;
  let hi = small64 ? Number(m >> 32n) : 0;
  let lo = small64 ? Number(m & 0xffffffffn) : 0;
  for (let g = 0; g < products.length; g++) {
    if ((g & 255) === 255) {
      if (options.signal?.aborted)
        return { factors, cofactor: m, reached: primes[starts[g] as number] as number, stopped: 'aborted' };
      if (performance.now() > deadline) {
        return { factors, cofactor: m, reached: primes[starts[g] as number] as number, stopped: 'budget' };
      }
    }
    const first = primes[starts[g] as number] as number;
    if (first > bound) break;
    if (mNum >= 0 && first * first > mNum) {
      // what is left is 1 or a prime
      if (mNum > 1 && mNum <= bound) {
        factors.push({ prime: m, exponent: 1 });
        m = 1n;
      }
      break;
    }
    const r = mNum >= 0 ? mNum % Number(products[g] as bigint) : small64 ? 0 : Number(m % (products[g] as bigint));
    for (let i = starts[g] as number, end = starts[g + 1] as number; i < end; i++) {
      const p = primes[i] as number;
      if (p > bound) break;
      // below 2^64: n mod p from two 32-bit limbs in exact double arithmetic (p < 2^21); above, the
      // group remainder r (taken before any division in this group, still exact for divisibility)
      const divides = mNum >= 0 ? mNum % p === 0 : small64 ? ((hi % p) * 4294967296 + lo) % p === 0 : r % p === 0;
      if (!divides) continue;
      let e = 0;
      const P = BigInt(p);
      while (m % P === 0n) {
        m /= P;
        e++;
      }
      if (e === 0) continue;
      factors.push({ prime: P, exponent: e });
      mNum = m <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(m) : -1;
      small64 = mNum < 0 && m < TWO_64;
      hi = small64 ? Number(m >> 32n) : 0;
      lo = small64 ? Number(m & 0xffffffffn) : 0;
      if (options.firstOnly) return { factors, cofactor: m, reached: p, stopped: undefined };
    }
  }
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
