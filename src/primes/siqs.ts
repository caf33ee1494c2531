import { bitLength, iroot } from './arith.js';
import { isPrime, isStrongProbablePrime } from './primality.js';
import { primesThrough } from './smallPrimes.js';
import type { SiqsWorkspace } from './internal/siqsCollect.js';
import { collectRelations, createSiqsWorkspace } from './internal/siqsCollect.js';
import { prepareSiqs, type SiqsContext } from './internal/siqsContext.js';
import type { SiqsParams } from './internal/siqsParams.js';
import { siqsParams } from './internal/siqsParams.js';
import { SiqsCombiner } from './internal/SiqsCombiner.js';
import type { SplitOptions, SplitOutcome, Splitter } from './Splitter.js';

/** Default wall-clock budget of one SIQS call (ms). */
export const SIQS_DEFAULT_BUDGET_MS = 600_000;
/** Default seed. */
export const SIQS_DEFAULT_SEED = 1;
/** Smallest n (in bits) SIQS accepts; smaller inputs return `exhausted` (use rho). */
export const SIQS_MIN_BITS = 40;
export { SIQS_MAX_SOLVE_ROUNDS, SIQS_MAX_STALLED_BATCHES } from './internal/SiqsCombiner.js';

/** The sieve buffers of the previous call in this thread, taken over by the next one. */
let lastWorkspace: SiqsWorkspace | undefined;

/** Options of {@link siqs}: the splitter options plus optional parameter overrides. */
export interface SiqsOptions extends SplitOptions {
  /** Overrides of the table parameters (see `siqsParams`). */
  readonly params?: Partial<SiqsParams>;
}

/** {@link SiqsOptions} with every default filled in. */
export interface ResolvedSiqsOptions {
  readonly budgetMs: number;
  readonly signal: AbortSignal | undefined;
  readonly seed: number;
  readonly params: SiqsParams;
}

/**
 * Fills the defaults of {@link SiqsOptions} for an n of the given size.
 *
 * @param bits - bit length of n
 * @param options - caller options
 * @returns complete options
 * @example
 * ```ts
 * import { resolveSiqsOptions } from 'primeos/primes';
 * resolveSiqsOptions(128, {}).budgetMs; // 600000
 * ```
 */
export function resolveSiqsOptions(bits: number, options: SiqsOptions = {}): ResolvedSiqsOptions {
  return {
    budgetMs: options.budgetMs ?? SIQS_DEFAULT_BUDGET_MS,
    signal: options.signal,
    seed: options.seed ?? SIQS_DEFAULT_SEED,
    params: { ...siqsParams(bits), ...options.params },
  };
}

/**
 * Self-initialising quadratic sieve: finds a non-trivial divisor of n.
 *
 * Preconditions (as for every `Splitter`): n odd, composite, not a perfect power, without prime factors
 * below about 10^4, and at least {@link SIQS_MIN_BITS} bits. Violations never loop: a prime (by
 * `isPrime`) or a too small n returns `exhausted`; an even n returns 2, a perfect power a root, and a
 * prime factor of n met while building the factor base (any prime up to the largest factor-base prime,
 * multiplier primes included) is returned as the divisor. If the
 * linear algebra keeps giving trivial gcds ({@link SIQS_MAX_SOLVE_ROUNDS} rounds) or no new relation
 * appears for {@link SIQS_MAX_STALLED_BATCHES} batches, the result is `exhausted`.
 *
 * Deterministic for a given seed. The budget and the signal are checked before every polynomial and
 * every 64 pivots of the elimination. The work is split as `prepareSiqs` → `collectRelations` batches
 * (independent, seedable: parallelisable) → `SiqsRelationPool` → `siqsSolve`.
 *
 * @param n - the number to split
 * @param options - budget, abort signal, seed and parameter overrides
 * @returns `found` with a divisor, `exhausted` (budget or inapplicable) or `aborted`; effort reports the
 *   relations collected
 * @example
 * ```ts
 * import { siqs } from 'primeos/primes';
 * // 1000000007 · 1000000009 · … any odd composite of ≥ 40 bits without small factors
 * const out = siqs(1000000016000000063n, { budgetMs: 10_000, seed: 1 });
 * if (out.status === 'found') console.log(out.divisor); // 1000000007n or 1000000009n
 * ```
 */
export function siqs(n: bigint, options: SiqsOptions = {}): SplitOutcome {
  const opts = resolveSiqsOptions(bitLength(n), options);
  const deadline = Date.now() + opts.budgetMs;
  const ctx = siqsStart(n, opts);
  if ('status' in ctx) return ctx;

  const combiner = new SiqsCombiner(ctx, opts.params, opts.signal, deadline);
  // the previous call's buffers are taken over (siqs is synchronous: no two runs share them)
  const workspace = createSiqsWorkspace(ctx, lastWorkspace);
  lastWorkspace = workspace;
  const aPerBatch = siqsBatchACount(ctx);
  for (let batch = 0; ; batch++) {
    // a batch also ends once its relations would complete the matrix (no sieving beyond what is needed),
    // unless the last batch brought nothing new: then its relations may all be duplicates, and stopping
    // early would repeat the same first polynomials (tiny n, few a-values) forever
    const have = combiner.relations.size;
    const needed = combiner.needed;
    const stopWhenFull = combiner.stalled === 0;
    const res = collectRelations(
      ctx,
      {
        seed: siqsBatchSeed(opts.seed, batch),
        aCount: aPerBatch,
        shouldStop: (found) => combiner.shouldStop() || (stopWhenFull && have + found >= needed),
      },
      workspace,
    );
    const outcome = combiner.add(res.relations);
    if (outcome !== undefined) return outcome;
  }
}

/**
 * The checks and set-up before sieving, shared by {@link siqs} and the parallel SIQS of `primeos/stream`: an
 * outcome when n needs no sieve (aborted signal, n too small or prime: `exhausted`; even, a perfect power or a
 * factor-base prime dividing n: `found`), else the context to sieve with.
 *
 * @param n - the number to split
 * @param opts - resolved options (see {@link resolveSiqsOptions})
 * @returns the outcome, or the sieve context
 */
export function siqsStart(n: bigint, opts: ResolvedSiqsOptions): SplitOutcome | SiqsContext {
  const none = { siqsRelations: 0 };
  const bits = bitLength(n);
  if (opts.signal?.aborted) return { status: 'aborted', effort: none };
  if (bits < SIQS_MIN_BITS) return { status: 'exhausted', effort: none };
  if ((n & 1n) === 0n) return { status: 'found', divisor: 2n, effort: none };
  // a strong base-2 test first (cheap, and rejects most composites), confirmed by the full test: 2^64 + 1
  // and every Fermat number pass a base-2 Fermat (and strong) test yet are composite
  if (isStrongProbablePrime(n, 2n) && isPrime(n)) return { status: 'exhausted', effort: none };
  const root = perfectPowerRoot(n, bits);
  if (root !== undefined) return { status: 'found', divisor: root, effort: none };
  const ctx = prepareSiqs(n, opts.params);
  return 'divisor' in ctx ? { status: 'found', divisor: ctx.divisor, effort: none } : ctx;
}

/**
 * The a-values per batch: enough for about 16 polynomials (each a gives 2^(s−1)), at least one.
 *
 * @param ctx - the sieve context
 * @returns the batch's `aCount`
 */
export function siqsBatchACount(ctx: SiqsContext): number {
  return Math.max(1, Math.floor(16 / 2 ** (ctx.aFactors - 1)));
}

/**
 * The seed of batch number `batch` of a run seeded with `seed` (distinct batches, distinct a-values).
 *
 * @param seed - the run's seed
 * @param batch - the batch number, from 0
 * @returns the batch's seed
 */
export function siqsBatchSeed(seed: number, batch: number): number {
  return (seed * 1_000_003 + batch) >>> 0;
}

/** Roots below 2^this are found from a double estimate; larger ones with the exact `iroot`. */
const POWER_EXACT_BITS = 40;

/**
 * A root r > 1 with r^k = n for some prime k, or undefined. For each prime k the root is estimated in
 * floating point and checked exactly; roots too large for an exact double estimate use `iroot`.
 * Composite exponents need no test: b^(jk) = (b^j)^k.
 */
function perfectPowerRoot(n: bigint, bits: number): bigint | undefined {
  const log2n = bits - 53 > 0 ? Math.log2(Number(n >> BigInt(bits - 53))) + (bits - 53) : Math.log2(Number(n));
  for (const k of primesThrough(bits)) {
    const rootBits = log2n / k;
    if (rootBits < 1 - 1e-9) break;
    const K = BigInt(k);
    if (rootBits < POWER_EXACT_BITS) {
      // the estimate is within 2^-45 relative (< 1/32 absolute) of the true root: only the nearest
      // integer can be exact, and only when the estimate is that close to it
      const est = 2 ** rootBits;
      const nearest = Math.round(est);
      if (Math.abs(est - nearest) > 0.125 || nearest < 2) continue;
      const r = BigInt(nearest);
      if (r ** K === n) return r;
      continue;
    }
    const r = iroot(n, k);
    if (r ** K === n) return r;
  }
  return undefined;
}

/**
 * {@link siqs} as a `Splitter` (no parameter overrides).
 *
 * @param n - odd composite without small factors, not a perfect power
 * @param options - budget, signal and seed
 * @returns the split outcome
 * @example
 * ```ts
 * import { siqsSplit } from 'primeos/primes';
 * const out = siqsSplit(1000000016000000063n, { budgetMs: 5000 });
 * if (out.status === 'found') console.log(out.divisor);
 * ```
 */
export const siqsSplit: Splitter = (n: bigint, options: SplitOptions): SplitOutcome => siqs(n, options);
