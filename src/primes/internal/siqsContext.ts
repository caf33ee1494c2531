import { bitLength } from '../arith.js';
import type { SiqsParams } from './siqsParams.js';
import { digits12, residueMod, siqsMultiplier } from './siqsMultiplier.js';
import { sqrtModPrime } from './sqrtMod.js';
import { primesThrough } from '../smallPrimes.js';

/**
 * Everything the relation collectors share for one n: multiplier, factor base and sieve constants.
 * Plain data (typed arrays, bigints, numbers) so it can be posted to worker threads as is.
 */
export interface SiqsContext {
  /** The number being factored. */
  readonly n: bigint;
  /** Knuth–Schroeppel multiplier; the sieve works on kn = k·n. */
  readonly k: number;
  readonly kn: bigint;
  readonly params: SiqsParams;
  /** Factor-base primes, ascending; primes[0] = 2. Odd entries have (kn/p) = 1 or p | k. */
  readonly primes: Int32Array;
  /** √(kn) mod p (0 when p | k). */
  readonly sqrts: Int32Array;
  /** round(log2 p) per prime. */
  readonly logs: Uint8Array;
  /** M mod p per prime. */
  readonly mModP: Int32Array;
  /** Index of the first prime that is sieved (primes below params.smallPrimeLimit are skipped). */
  readonly firstSieved: number;
  /** M (half sieve width). */
  readonly m: number;
  /** Candidate threshold in bits: sieve locations whose log sum reaches it get trial-divided. */
  readonly threshold: number;
  /** Cofactors below this bound (≤ pmax²) that remain after trial division are kept as large primes. */
  readonly largePrimeBound: number;
  /**
   * Cofactors from pmax² up to this bound (below 2^51) are split: two primes below `largePrimeBound` make a
   * double-large-prime relation. 0 when double large primes are off.
   */
  readonly doubleLargePrimeBound: number;
  /** Target value of a ≈ √(2kn)/M, as log2. */
  readonly targetABits: number;
  /** Number s of factor-base primes in each a. */
  readonly aFactors: number;
  /** Factor-base index window [lo, hi) the first s − 1 factors of a are drawn from. */
  readonly aWindow: readonly [number, number];
}

/**
 * The byte every sieve location starts at: 128 − threshold (the threshold capped at 127), so a location whose
 * log sum reaches the threshold has its top bit set, the bit the scan tests (in the kernel and in JS alike).
 *
 * @param ctx - the context
 * @returns the initial sieve byte
 */
export function sieveInit(ctx: SiqsContext): number {
  return 128 - Math.min(127, ctx.threshold);
}

/**
 * Builds the {@link SiqsContext} for n: picks the multiplier, collects the factor base (primes with
 * (kn/p) = 1, with their square roots of kn) and derives the sieve constants. Finding a prime of the
 * factor-base range that divides n (whether or not it divides k) is a success too: then `{ divisor }` is
 * returned instead.
 *
 * @param n - odd composite, not a perfect power (not checked here)
 * @param params - sieve parameters (see `siqsParams`)
 * @returns the context, or a small divisor of n met on the way
 * @example
 * ```ts
 * import { prepareSiqs, siqsParams } from 'primeos/primes';
 * const ctx = prepareSiqs(n, siqsParams(128));
 * ```
 */
export function prepareSiqs(n: bigint, params: SiqsParams): SiqsContext | { readonly divisor: bigint } {
  const k = siqsMultiplier(n);
  const kn = BigInt(k) * n;
  const F = params.factorBaseSize;
  const digits = digits12(n);
  const fb: number[] = [2];
  const roots: number[] = [0];
  let limit = Math.max(1000, F * 30);
  for (;;) {
    const ps = primesThrough(limit);
    for (let i = 1; i < ps.length && fb.length < F; i++) {
      const p = ps[i] as number;
      if (p <= (fb[fb.length - 1] as number)) continue;
      const np = residueMod(digits, p);
      // p | n: a split (also when p | k, where kn ≡ 0 would hide it)
      if (np === 0) return { divisor: BigInt(p) };
      const r = ((k % p) * np) % p;
      if (r === 0) {
        fb.push(p);
        roots.push(0);
        continue;
      }
      const s = sqrtModPrime(r, p);
      if (s !== undefined) {
        fb.push(p);
        roots.push(s);
      }
    }
    if (fb.length >= F) break;
    limit *= 2;
  }
  const primes = Int32Array.from(fb);
  const sqrts = Int32Array.from(roots);
  const m = params.sieveHalfWidth;
  const logs = new Uint8Array(F);
  const mModP = new Int32Array(F);
  let firstSieved = F;
  for (let i = 0; i < F; i++) {
    const p = primes[i] as number;
    logs[i] = Math.round(Math.log2(p));
    mModP[i] = m % p;
    if (i > 0 && p >= params.smallPrimeLimit && firstSieved === F) firstSieved = i;
  }
  const pmax = primes[F - 1] as number;
  const largePrimeBound = Math.min(pmax * params.largePrimeMultiplier, pmax * pmax);
  const e = params.doubleLargePrimeExponent;
  const doubleLargePrimeBound = e > 1 ? Math.min(Math.floor(largePrimeBound ** e), 2 ** 51 - 1) : 0;
  const log2kn = Math.log2(Number(kn >> BigInt(Math.max(0, bitLength(kn) - 53)))) + Math.max(0, bitLength(kn) - 53);
  const threshold = Math.max(8, Math.round(Math.log2(m) + (log2kn - 1) / 2 - params.thresholdSlack));
  const targetABits = (log2kn + 1) / 2 - Math.log2(m);
  // choose s so that the a-factors are near a comfortable size inside the factor base
  const preferred = Math.min(2000, primes[Math.floor(F / 2)] as number);
  const s = Math.max(1, Math.ceil(targetABits / Math.log2(preferred) - 0.25));
  const qBits = targetABits / s;
  let lo = 1;
  while (lo < F - 1 && Math.log2(primes[lo] as number) < qBits - 1) lo++;
  let hi = lo;
  while (hi < F && Math.log2(primes[hi] as number) <= qBits + 1) hi++;
  while (hi - lo < Math.max(s + 8, 30) && (lo > 1 || hi < F)) {
    if (lo > 1) lo--;
    if (hi < F) hi++;
  }
  return {
    n,
    k,
    kn,
    params,
    primes,
    sqrts,
    logs,
    mModP,
    firstSieved,
    m,
    threshold,
    largePrimeBound,
    doubleLargePrimeBound,
    targetABits,
    aFactors: s,
    aWindow: [lo, hi],
  };
}
