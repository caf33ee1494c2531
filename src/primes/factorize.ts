/**
 * The factorisation driver: strips tiny primes, then runs an ordered plan of splitting stages
 * (default trial division → micro-ECM → Pollard–Brent rho → SIQS → ECM) on every composite piece, recursing on the
 * divisors found, prime-testing every piece, and verifying the product before it returns a
 * {@link Factorization} (docs/ARCHITECTURE.md §3).
 */
import { bitLength, iroot } from './arith.js';
import type { Certainty, FactorEffort, Factorization, PrimeFactor } from './Factorization.js';
import { integerArgument, numberOption } from './internal/integerArgument.js';
import { checkLimits, Interrupted, withinLimits, type WorkLimits } from './internal/workLimits.js';
import { compositeWitness, primalityOf, type Primality } from './primality.js';
import { DEFAULT_FACTOR_PLAN, isSpecPlan } from './factorPlan.js';
import type { FactorStage } from './FactorStage.js';
import { trialDivide } from './trialDivision.js';
import { wasmSmallEffort, wasmSmallFactor, wasmSmallFactorsU64, WASM_KERNEL_LIMIT } from './internal/wasmKernel.js';

export type { FactorStage } from './FactorStage.js';
export { DEFAULT_FACTOR_PLAN } from './factorPlan.js';

/** Options of {@link factorize}. */
export interface FactorizeOptions {
  /** The ordered stages (default {@link DEFAULT_FACTOR_PLAN}). Bands and SIQS plug in here. */
  readonly plan?: readonly FactorStage[];
  /** Total wall-clock budget in ms (default {@link FACTORIZE_DEFAULT_BUDGET_MS}). */
  readonly budgetMs?: number;
  /** Cancels the work; the result is `partial` with reason `aborted`. */
  readonly signal?: AbortSignal;
  /** Seed of the engines' random choices (default 1): same input and seed → same result. */
  readonly seed?: number;
  /** Inputs with more bits are refused with `E_RANGE` (default {@link FACTORIZE_DEFAULT_MAX_BITS}). */
  readonly maxBits?: number;
  /** Primes up to this bound are divided out before the plan runs (default 1024, at least 3). */
  readonly tinyBound?: number;
  /** Band name copied into the result (set by the band planner). */
  readonly band?: string;
}

/** Default total budget of one factorisation. */
export const FACTORIZE_DEFAULT_BUDGET_MS = 60_000;
/** Default size limit of the input. */
export const FACTORIZE_DEFAULT_MAX_BITS = 4096;
/** Default bound of the tiny-prime pass. */
export const FACTORIZE_DEFAULT_TINY_BOUND = 1024;

/** The seed of the plan's stage i: the job seed itself for the first stage, distinct ones after it. */
function stageSeed(seed: number, i: number): number {
  return i === 0 ? seed : (seed + Math.imul(i, 0x9e3779b1)) >>> 0;
}

/** {@link FactorizeOptions} with every default filled in. */
export interface ResolvedFactorizeOptions {
  readonly plan: readonly FactorStage[];
  readonly budgetMs: number;
  readonly signal: AbortSignal | undefined;
  readonly seed: number;
  readonly maxBits: number;
  readonly tinyBound: number;
  readonly band: string | undefined;
}

/**
 * Fill the defaults of {@link FactorizeOptions}.
 *
 * @param options - partial options
 * @returns the complete options
 * @example
 * ```ts
 * import { resolveFactorizeOptions } from 'primeos/primes';
 * resolveFactorizeOptions({}).budgetMs; // 60000
 * ```
 */
export function resolveFactorizeOptions(options: FactorizeOptions = {}): ResolvedFactorizeOptions {
  return {
    plan: options.plan ?? DEFAULT_FACTOR_PLAN,
    budgetMs: numberOption(options.budgetMs, 'budgetMs', 0) ?? FACTORIZE_DEFAULT_BUDGET_MS,
    signal: options.signal,
    seed: numberOption(options.seed, 'seed', -(2 ** 53), 2 ** 53) ?? 1,
    maxBits: numberOption(options.maxBits, 'maxBits', 0) ?? FACTORIZE_DEFAULT_MAX_BITS,
    tinyBound: Math.max(3, numberOption(options.tinyBound, 'tinyBound', 0) ?? FACTORIZE_DEFAULT_TINY_BOUND),
    band: options.band,
  };
}

/** Roots below this are located exactly by a double-precision estimate (its error is < 10⁻³ there). */
const FLOAT_ROOT_LIMIT = 2 ** 40;

/**
 * If n = b^p for a prime p and b > minBase, return the first such (b, p); else undefined. Only primes
 * p ≤ log_minBase(n) can occur, so after trial division this tries a handful of roots (composite
 * exponents are found by recursion on b). A root below 2^40 is screened with a float estimate: n is a
 * p-th power only if n^(1/p) is within 10⁻³ of an integer r, and then only if r^p = n exactly; larger
 * roots take the BigInt Newton root.
 */
function primePowerRoot(n: bigint, minBase: number): { base: bigint; exponent: number } | undefined {
  const maxP = Math.floor(bitLength(n) / Math.log2(minBase + 1));
  if (maxP < 2) return undefined;
  const x = Number(n);
  for (let p = 2; p <= maxP; p++) {
    checkLimits();
    let composite = false;
    for (let d = 2; d * d <= p; d++) if (p % d === 0) composite = true;
    if (composite) continue;
    const est = x ** (1 / p);
    if (est < FLOAT_ROOT_LIMIT) {
      const r = Math.round(est);
      if (Math.abs(est - r) > 0.25) continue;
      const b = BigInt(r);
      if (b ** BigInt(p) === n) return { base: b, exponent: p };
      continue;
    }
    const r = iroot(n, p);
    if (r ** BigInt(p) === n) return { base: r, exponent: p };
  }
  return undefined;
}

/**
 * Pieces from this size up (2^2048, beyond the WebAssembly kernel) have their primality tests and roots run under
 * the deadline and the signal: at 16k bits one test takes seconds. Smaller pieces test in milliseconds.
 */
const LIMITED_ABOVE = 1n << 2048n;
/** Time a partial result may take past its deadline to find its cofactor's compositeness witness. */
const WITNESS_GRACE_MS = 50;

/** The found primes as factors, ascending by prime (insertion sort: a handful of entries). */
function ascending(
  primes: readonly bigint[],
  exponents: readonly number[],
  certainties: readonly Certainty[],
): PrimeFactor[] {
  const order: number[] = [];
  for (let i = 0; i < primes.length; i++) {
    let j = order.length;
    while (j > 0 && (primes[order[j - 1] as number] as bigint) > (primes[i] as bigint)) j--;
    order.splice(j, 0, i);
  }
  return order.map((i) => ({
    prime: primes[i] as bigint,
    exponent: exponents[i] as number,
    certainty: certainties[i] as Certainty,
  }));
}

/** Engine names of the kernel's method codes (1 tdiv, 2 power, 3 uecm, 4 rho). */
const SMALL_METHOD_NAMES = ['', 'tdiv', 'power', 'uecm', 'rho'] as const;
const smallMethodLists = new Map<number, readonly string[]>();

/**
 * The engines of a kernel method code, in order of first success (one shared array per code).
 *
 * @param code - 3 bits per engine, lowest first (see `wasmSmallEffort`)
 * @returns the engine names
 * @example
 * ```ts
 * import { smallMethodNames } from 'primeos/primes';
 * smallMethodNames(1 | (3 << 3)); // ['tdiv', 'uecm']
 * ```
 */
export function smallMethodNames(code: number): readonly string[] {
  let list = smallMethodLists.get(code);
  if (list === undefined) {
    const names: string[] = [];
    for (let c = code; c > 0; c >>>= 3) names.push(SMALL_METHOD_NAMES[c & 7] ?? 'unknown');
    smallMethodLists.set(code, (list = names));
  }
  return list;
}

/**
 * The small-number path of a plan built from stage specs: 0 < m < 2^64 factored in one kernel call (trial
 * division below 1024, micro-ECM, rho, all proven prime by deterministic Miller–Rabin); undefined when the
 * kernel is unavailable or gave up on a piece (the stage-by-stage driver then runs).
 */
function smallFactorization(
  n: bigint,
  m: bigint,
  sign: 1 | -1,
  bits: number,
  band: string | undefined,
  seed: number,
  t0: number,
): Factorization | undefined {
  const count = wasmSmallFactor(m, seed);
  if (count === undefined || count < 0) return undefined;
  const out = wasmSmallFactorsU64();
  const factors: PrimeFactor[] = [];
  for (let i = 0; i < count;) {
    const prime = out[i] as bigint;
    let j = i + 1;
    while (j < count && out[j] === prime) j++;
    factors.push({ prime, exponent: j - i, certainty: 'proven' });
    i = j;
  }
  const e = wasmSmallEffort();
  const effort: FactorEffort = {
    trialBound: FACTORIZE_DEFAULT_TINY_BOUND,
    ...(e.curves > 0 ? { ecmCurves: e.curves, ecmB1: e.b1 } : {}),
    ...(e.rhoIterations > 0 ? { rhoIterations: e.rhoIterations } : {}),
  };
  const method = [...smallMethodNames(e.methods)];
  const elapsedMs = performance.now() - t0;
  return band === undefined
    ? { n, sign, bits, method, effort, status: 'complete', factors, elapsedMs }
    : { n, sign, bits, method, effort, band, status: 'complete', factors, elapsedMs };
}

function mergeEffort(into: { -readonly [K in keyof FactorEffort]: FactorEffort[K] }, e: FactorEffort): void {
  if (e.trialBound !== undefined) into.trialBound = Math.max(into.trialBound ?? 0, e.trialBound);
  if (e.rhoIterations !== undefined) into.rhoIterations = (into.rhoIterations ?? 0) + e.rhoIterations;
  if (e.ecmCurves !== undefined) into.ecmCurves = (into.ecmCurves ?? 0) + e.ecmCurves;
  if (e.ecmB1 !== undefined) into.ecmB1 = Math.max(into.ecmB1 ?? 0, e.ecmB1);
  if (e.siqsRelations !== undefined) into.siqsRelations = (into.siqsRelations ?? 0) + e.siqsRelations;
}

/** The `failed` result of {@link factorizeWith} (no `band` key when no band was given). */
function failed(
  n: bigint,
  sign: 1 | -1,
  bits: number,
  method: string[],
  effort: FactorEffort,
  band: string | undefined,
  factors: PrimeFactor[],
  t0: number,
  error: { readonly code: 'E_RANGE' | 'E_INTERNAL' | 'E_BUDGET' | 'E_ABORTED'; readonly message: string },
): Factorization {
  const elapsedMs = performance.now() - t0;
  return band === undefined
    ? { n, sign, bits, method, effort, status: 'failed', factors, elapsedMs, error }
    : { n, sign, bits, method, effort, band, status: 'failed', factors, elapsedMs, error };
}

/**
 * Factorise an integer completely, or as far as the budget allows.
 *
 * Conventions: `0` gives `status: 'failed'` with `E_RANGE` (0 has no prime factorisation); `±1` give
 * `complete` with no factors; negative n gives `sign: -1` and |n| is factored; inputs above `maxBits`
 * give `failed` with `E_RANGE`. The result is verified (sign · Π p^e [· cofactor] = n) before it is
 * returned; a mismatch (an engine bug) gives `failed` with `E_INTERNAL`. When the budget runs out or
 * the signal aborts, the result is `partial`: the unsplit composite part in `cofactor` with a
 * Miller–Rabin `witness`. Deterministic for a given seed (as long as no budget cuts the work short).
 *
 * @param n - the integer (a bigint, or a safe-integer Number)
 * @param options - plan, budget, signal, seed and limits
 * @returns the {@link Factorization}
 * @throws PrimeosError `E_RANGE` when a Number argument is not a safe integer
 * @example
 * ```ts
 * import { factorize } from 'primeos/primes';
 * const f = factorize(-360n);
 * // { status: 'complete', sign: -1, factors: [{ prime: 2n, exponent: 3, certainty: 'proven' }, …], method: ['tdiv'] }
 * ```
 */
export function factorize(n: bigint | number, options: FactorizeOptions = {}): Factorization {
  return factorizeWith(integerArgument(n, 'factorize'), resolveFactorizeOptions(options));
}

/**
 * {@link factorize} with options already resolved: the driver itself, for callers that factor many numbers
 * with the same options (the band planner reuses one resolved object per plan instead of spreading options
 * per number).
 *
 * @param n - the integer
 * @param o - complete options (see {@link resolveFactorizeOptions})
 * @returns the {@link Factorization}
 * @example
 * ```ts
 * import { factorizeWith, resolveFactorizeOptions } from 'primeos/primes';
 * const o = resolveFactorizeOptions({ budgetMs: 1000 });
 * [91n, 221n].map((n) => factorizeWith(n, o).factors.length); // [2, 2]
 * ```
 */
export function factorizeWith(n: bigint, o: ResolvedFactorizeOptions): Factorization {
  const t0 = performance.now();
  const sign: 1 | -1 = n < 0n ? -1 : 1;
  const m = n < 0n ? -n : n;
  const bits = bitLength(m);
  const effort: { -readonly [K in keyof FactorEffort]: FactorEffort[K] } = {};
  const method: string[] = [];
  const band = o.band;
  if (m === 0n || bits > o.maxBits) {
    const error =
      m === 0n
        ? { code: 'E_RANGE' as const, message: '0 has no prime factorisation' }
        : { code: 'E_RANGE' as const, message: `input has ${bits} bits, above the limit of ${o.maxBits}` };
    return failed(n, sign, bits, method, effort, band, [], t0, error);
  }
  // below 2^64 a plan built from stage specs runs as one kernel call (microseconds; an aborted signal stops first)
  if (
    m < WASM_KERNEL_LIMIT &&
    o.tinyBound === FACTORIZE_DEFAULT_TINY_BOUND &&
    isSpecPlan(o.plan) &&
    o.signal?.aborted !== true
  ) {
    const small = smallFactorization(n, m, sign, bits, band, o.seed, t0);
    if (small !== undefined) return small;
  }
  // primes found so far (first certainty kept), in order of discovery
  const primes: bigint[] = [];
  const exponents: number[] = [];
  const certainties: Certainty[] = [];
  const addPrime = (p: bigint, e: number, c: Certainty): void => {
    const i = primes.indexOf(p);
    if (i >= 0) exponents[i] = (exponents[i] as number) + e;
    else {
      primes.push(p);
      exponents.push(e);
      certainties.push(c);
    }
  };

  // every engine, and the primality tests and roots of big pieces, stop at the deadline or on the signal
  const limits: WorkLimits = { deadline: t0 + o.budgetMs, signal: o.signal };
  // tiny primes
  // the same option shape as the trial-division splitter's: one map at trialDivide's loads (a second shape
  // deoptimised it once per thread)
  const tiny = trialDivide(m, { bound: o.tinyBound, firstOnly: false, budgetMs: o.budgetMs, signal: o.signal });
  for (const f of tiny.factors) addPrime(f.prime, f.exponent, 'proven');
  if (tiny.factors.length > 0) method.push('tdiv');
  effort.trialBound = o.tinyBound;

  const provenBelow = tiny.stopped === undefined ? BigInt(tiny.reached + 1) ** 2n : 0n;
  // composites still to split, with their multiplicities (a stack)
  const values: bigint[] = [tiny.cofactor];
  const mults: number[] = [1];
  let unsplit: { value: bigint; mult: number }[] | undefined;
  let stopReason: 'budget' | 'aborted' | undefined;
  let internal: string | undefined;
  /** A piece whose primality test the deadline or the signal cut short: the result cannot be `partial`. */
  let undecided: { value: bigint; reason: 'budget' | 'aborted' } | undefined;
  while (values.length > 0 && internal === undefined && undecided === undefined) {
    const value = values.pop() as bigint;
    const mult = mults.pop() as number;
    if (value === 1n) continue;
    // every piece divides the tiny cofactor, so its prime factors exceed `reached`: below (reached + 1)² it is prime
    if (value < provenBelow) {
      addPrime(value, mult, 'proven');
      continue;
    }
    const big = value >= LIMITED_ABOVE;
    const pr: Primality | Interrupted = big ? withinLimits(limits, () => primalityOf(value)) : primalityOf(value);
    if (pr instanceof Interrupted) {
      undecided = { value, reason: pr.reason };
      break;
    }
    if (pr !== 'composite') {
      addPrime(value, mult, pr);
      continue;
    }
    const pp = big
      ? withinLimits(limits, () => primePowerRoot(value, o.tinyBound))
      : primePowerRoot(value, o.tinyBound);
    if (pp instanceof Interrupted) {
      (unsplit ??= []).push({ value, mult });
      stopReason ??= pp.reason;
      continue;
    }
    if (pp) {
      if (!method.includes('power')) method.push('power');
      values.push(pp.base);
      mults.push(mult * pp.exponent);
      continue;
    }
    let split = false;
    const valueBits = bitLength(value);
    for (let i = 0; i < o.plan.length; i++) {
      const stage = o.plan[i] as FactorStage;
      if (valueBits < (stage.minBits ?? 0) || valueBits > (stage.maxBits ?? Infinity)) continue;
      if (o.signal?.aborted) {
        stopReason = 'aborted';
        break;
      }
      const left = o.budgetMs - (performance.now() - t0);
      if (left <= 0) {
        stopReason ??= 'budget';
        break;
      }
      const out = stage.split(value, {
        budgetMs: Math.min(stage.budgetMs, left),
        ...(o.signal === undefined ? {} : { signal: o.signal }),
        // each stage its own seed, so two ECM stages in a plan do not run the same curves again
        seed: stageSeed(o.seed, i),
      });
      mergeEffort(effort, out.effort);
      if (out.status === 'found') {
        const d = out.divisor;
        if (d <= 1n || d >= value || value % d !== 0n) {
          internal = `stage '${stage.name}' returned an invalid divisor ${d} of ${value}`;
          break;
        }
        if (!method.includes(stage.name)) method.push(stage.name);
        values.push(d, value / d);
        mults.push(mult, mult);
        split = true;
        break;
      }
      if (out.status === 'aborted') {
        stopReason = 'aborted';
        break;
      }
    }
    if (!split && internal === undefined) {
      (unsplit ??= []).push({ value, mult });
      stopReason ??= 'budget';
    }
  }
  if (internal !== undefined) {
    const error = { code: 'E_INTERNAL' as const, message: internal };
    return failed(n, sign, bits, method, effort, band, [], t0, error);
  }
  if (undecided !== undefined) {
    const code = undecided.reason === 'aborted' ? ('E_ABORTED' as const) : ('E_BUDGET' as const);
    const why = undecided.reason === 'aborted' ? 'aborted' : `not within the budget of ${o.budgetMs} ms`;
    const message = `primality of a ${bitLength(undecided.value)}-bit cofactor undecided: ${why}`;
    return failed(n, sign, bits, method, effort, band, ascending(primes, exponents, certainties), t0, {
      code,
      message,
    });
  }

  const factors = ascending(primes, exponents, certainties);
  let cofactor = 1n;
  if (unsplit !== undefined) for (const u of unsplit) cofactor *= u.value ** BigInt(u.mult);
  let product = cofactor;
  for (const f of factors) product *= f.exponent === 1 ? f.prime : f.prime ** BigInt(f.exponent);
  if (product !== m) {
    const error = { code: 'E_INTERNAL' as const, message: `verification failed: product ${product} ≠ ${m}` };
    return failed(n, sign, bits, method, effort, band, factors, t0, error);
  }
  if (cofactor === 1n) {
    return band === undefined
      ? { n, sign, bits, method, effort, status: 'complete', factors, elapsedMs: performance.now() - t0 }
      : { n, sign, bits, method, effort, band, status: 'complete', factors, elapsedMs: performance.now() - t0 };
  }
  // the witness of a huge cofactor costs a modular power: a short grace past the deadline, then a typed failure
  const witness =
    cofactor < LIMITED_ABOVE
      ? compositeWitness(cofactor)
      : withinLimits({ deadline: Math.max(limits.deadline, performance.now()) + WITNESS_GRACE_MS }, () =>
          compositeWitness(cofactor),
        );
  if (witness instanceof Interrupted) {
    const code = witness.reason === 'aborted' ? ('E_ABORTED' as const) : ('E_BUDGET' as const);
    const message = `no compositeness witness of the ${bitLength(cofactor)}-bit cofactor within the budget`;
    return failed(n, sign, bits, method, effort, band, factors, t0, { code, message });
  }
  const partial = {
    status: 'partial' as const,
    factors,
    cofactor,
    witness,
    reason: stopReason ?? 'budget',
  };
  return band === undefined
    ? { n, sign, bits, method, effort, ...partial, elapsedMs: performance.now() - t0 }
    : { n, sign, bits, method, effort, band, ...partial, elapsedMs: performance.now() - t0 };
}
