import { bitLength } from '../arith.js';
import { splitDoubleLargePrime } from './doubleLargePrime.js';
import { sieveInit, type SiqsContext } from './siqsContext.js';
import { type SiqsSieveKernel, withSiqsSieveKernel } from './siqsKernel.js';
import { divRemLimbs, evaluateQ, LIMB_BASE, LIMB_BITS, limbsFor, limbsOf } from './siqsLimbs.js';

/**
 * One relation found by the sieve: y² ≡ (−1)^e₀ · ∏ primes[j]^{e_{j+1}} · largePrime · largePrime2 (mod n).
 */
export interface SiqsRelation {
  /** y = a·x + b. */
  readonly y: bigint;
  /**
   * Matrix columns with multiplicity: 0 is the sign (−1), j + 1 is the factor-base prime primes[j].
   * Includes the factors of a.
   */
  readonly columns: readonly number[];
  /** 1 for a full relation, otherwise the (smaller) large prime (> pmax, < largePrimeBound). */
  readonly largePrime: number;
  /** 1 unless the relation has two large primes: then the larger one (≥ largePrime, < largePrimeBound). */
  readonly largePrime2: number;
}

/** One unit of sieving work: `aCount` polynomial families derived from `seed`. */
export interface SiqsBatch {
  /** Seed of this batch (each a-value uses a generator seeded from it and its index). */
  readonly seed: number;
  /** Number of a-values (each gives 2^(s−1) polynomials b). */
  readonly aCount: number;
  /** Polled before every polynomial with the number of relations found so far; true stops the batch. */
  readonly shouldStop?: (found: number) => boolean;
}

/** What a batch produced. */
export interface SiqsBatchResult {
  readonly relations: SiqsRelation[];
  /** Polynomials sieved. */
  readonly polynomials: number;
  /** True when `shouldStop` ended the batch early. */
  readonly stopped: boolean;
}

/**
 * Sieves one batch of self-initialising polynomials Q(x) = ((a·x + b)² − kn)/a over x ∈ [−M, M) and
 * returns the full and partial relations found (one large prime; two when the context's
 * `doubleLargePrimeBound` allows). Pure and deterministic in (ctx, batch.seed, batch.aCount), so batches with
 * different seeds can run on different workers and be merged afterwards (see `SiqsRelationPool`).
 *
 * a is a product of s factor-base primes chosen near √(2kn)/M; the 2^(s−1) values of b come from a
 * Gray code over the B_l, each step updating the sieve roots with one addition per prime. The sieve
 * adds round(log2 p) into a byte array; locations above the threshold are checked by trial division
 * that only divides by the primes whose roots match x, in Number arithmetic (Q(x) in limbs, see
 * `siqsLimbs`, until its cofactor fits a double). The integer
 * work of each polynomial (roots, sieve, scan, matching primes) runs in the WebAssembly sieve kernel when
 * it is available, else in the portable JS below: the relations are the same either way.
 *
 * @param ctx - the shared context from `prepareSiqs`
 * @param batch - seed, number of a-values and an optional stop test
 * @returns the relations, the number of polynomials and whether the batch was stopped
 * @example
 * ```ts
 * import { collectRelations, prepareSiqs, siqsParams } from 'primeos/primes';
 * const ctx = prepareSiqs(n, siqsParams(100));
 * if (!('divisor' in ctx)) collectRelations(ctx, { seed: 1, aCount: 2 }).relations.length;
 * ```
 */
export function collectRelations(
  ctx: SiqsContext,
  batch: SiqsBatch,
  workspace: SiqsWorkspace = createSiqsWorkspace(ctx),
): SiqsBatchResult {
  return withSiqsSieveKernel(ctx, (kernel) => collect(ctx, batch, workspace, kernel)) ?? collect(ctx, batch, workspace);
}

/**
 * {@link collectRelations} on the portable JS sieve only (never the WebAssembly kernel): the reference the
 * kernel is tested against.
 *
 * @param ctx - the shared context from `prepareSiqs`
 * @param batch - seed, number of a-values and an optional stop test
 * @param workspace - scratch buffers (see {@link createSiqsWorkspace})
 * @returns the relations, the number of polynomials and whether the batch was stopped
 */
export function collectRelationsPortable(
  ctx: SiqsContext,
  batch: SiqsBatch,
  workspace: SiqsWorkspace = createSiqsWorkspace(ctx),
): SiqsBatchResult {
  return collect(ctx, batch, workspace);
}

/** The batch loop; the sieve work goes to `kernel` when given, else to the JS functions below. */
function collect(
  ctx: SiqsContext,
  batch: SiqsBatch,
  workspace: SiqsWorkspace,
  kernel?: SiqsSieveKernel,
): SiqsBatchResult {
  const { primes, sqrts, logs, mModP, m, kn, firstSieved } = ctx;
  const s = ctx.aFactors;
  const { sieve, sieve32, soln1, soln2, isA, bainv, candidates, reciprocals } = workspace;
  const { inverses, divLimits, start1, start2 } = workspace;
  const init = sieveInit(ctx);
  const lpBound = ctx.largePrimeBound;
  const pmax = primes[primes.length - 1] as number;
  // cofactors in [pmax², dlpBound) are returned by trialDivide to be split (empty range: off)
  const dlpFrom = ctx.doubleLargePrimeBound > 0 ? pmax * pmax : Infinity;
  const dlpBound = ctx.doubleLargePrimeBound;
  const relations: SiqsRelation[] = [];
  const gammas = new Float64Array(s);
  const qPrimes = new Int32Array(s);
  const signs = new Int8Array(s);
  const seen = new Set<string>();
  const columnsScratch: number[] = [];
  const matched = new Int32Array(primes.length + s);
  // Q(x) of the candidates in Number limbs (see siqsLimbs): a per a-value, 2b and c per polynomial
  const mBits = bitLength(BigInt(m)) + 1;
  const sBits = bitLength(BigInt(s));
  const knBits = bitLength(kn);
  let len = 0;
  let aL = new Float64Array(0);
  let twoBL = aL;
  let cL = aL;
  let tL = aL;
  let qL = aL;
  let polynomials = 0;

  for (let ai = 0; ai < batch.aCount; ai++) {
    const rng = mulberry32(mix(batch.seed, ai));
    const qIdx = chooseA(ctx, rng, seen);
    if (qIdx === undefined) continue;
    // a, B_l, b
    let a = 1n;
    for (const j of qIdx) a *= BigInt(primes[j] as number);
    const B: bigint[] = [];
    for (let l = 0; l < s; l++) {
      const j = qIdx[l] as number;
      const q = primes[j] as number;
      const qBig = BigInt(q);
      const al = a / qBig;
      const inv = invMod(Number(al % qBig), q);
      let gamma = ((sqrts[j] as number) * inv) % q;
      if (gamma > q / 2) gamma = q - gamma;
      gammas[l] = gamma;
      B.push(al * BigInt(gamma));
      signs[l] = 1;
    }
    let b = 0n;
    for (const x of B) b += x;
    // |Q| ≤ a·M² + 2|b|·M + |c| with |b| ≤ s·a/2 and |c| ≤ (b² + kn)/a: each term below 2^bound
    const aBits = bitLength(a);
    const bound = Math.max(aBits + 2 * mBits, aBits + sBits + mBits, aBits + 2 * sBits, knBits - aBits + 1) + 3;
    if (limbsFor(bound) > len) {
      len = limbsFor(bound);
      aL = new Float64Array(len);
      twoBL = new Float64Array(len);
      cL = new Float64Array(len);
      tL = new Float64Array(len);
      qL = new Float64Array(len);
    }
    limbsOf(a, aL, len);
    if (kernel !== undefined) {
      kernel.qIdx.set(qIdx);
      kernel.gammas.set(gammas);
      kernel.newA();
    } else {
      isA.fill(0);
      for (const j of qIdx) isA[j] = 1;
      for (let l = 0; l < s; l++) qPrimes[l] = primes[qIdx[l] as number] as number;
      computeRoots(primes, sqrts, isA, qPrimes, gammas, soln1, soln2, bainv);
    }
    const polyCount = 2 ** (s - 1);
    for (let pi = 0; pi < polyCount; pi++) {
      if (batch.shouldStop?.(relations.length)) return { relations, polynomials, stopped: true };
      let v = 0;
      let sg = 0;
      if (pi > 0) {
        v = 31 - Math.clz32(pi & -pi);
        sg = signs[v] as number;
        signs[v] = -sg;
        b -= sg > 0 ? 2n * (B[v] as bigint) : -2n * (B[v] as bigint);
      }
      polynomials++;
      let found: number;
      let hits: Int32Array;
      if (kernel !== undefined) {
        found = kernel.poly(v, sg);
        hits = kernel.candidates;
      } else {
        if (sg > 0) addRoots(primes, soln1, soln2, bainv[v] as Int32Array);
        else if (sg < 0) subRoots(primes, soln1, soln2, bainv[v] as Int32Array);
        sievePolynomial(sieve, init, primes, logs, mModP, soln1, soln2, isA, firstSieved, start1, start2);
        found = scanSieve(sieve32, candidates);
        hits = candidates;
      }
      if (found === 0) continue;
      limbsOf((b * b - kn) / a, cL, len);
      limbsOf(2n * b, twoBL, len);
      for (let ci = 0; ci < found; ci++) {
        const i = hits[ci] as number;
        const x = i - m;
        let fbCount: number;
        let divisors: Int32Array;
        if (kernel !== undefined) {
          fbCount = kernel.match(i);
          divisors = kernel.matched;
        } else {
          fbCount = matchPrimes(i, inverses, divLimits, start1, start2, matched);
          divisors = matched;
        }
        const rel = trialDivide(
          qL,
          evaluateQ(aL, twoBL, cL, x, len, tL, qL),
          divisors,
          fbCount,
          primes,
          reciprocals,
          qIdx,
          lpBound,
          dlpFrom,
          dlpBound,
          columnsScratch,
        );
        if (rel === undefined) continue;
        const y = a * BigInt(x) + b;
        if (rel.cofactor < lpBound) {
          relations.push({ y, columns: rel.columns, largePrime: rel.cofactor, largePrime2: 1 });
          continue;
        }
        const pq = splitDoubleLargePrime(rel.cofactor, lpBound);
        if (pq !== undefined) relations.push({ y, columns: rel.columns, largePrime: pq[0], largePrime2: pq[1] });
      }
    }
  }
  return { relations, polynomials, stopped: false };
}

/**
 * Reusable scratch buffers of {@link collectRelations} for one context (one per thread). Passing the
 * same workspace to successive batches avoids re-allocating the sieve and root arrays.
 */
export interface SiqsWorkspace {
  readonly sieve: Uint8Array;
  readonly sieve32: Uint32Array;
  readonly candidates: Int32Array;
  readonly soln1: Int32Array;
  readonly soln2: Int32Array;
  readonly isA: Uint8Array;
  readonly bainv: readonly Int32Array[];
  /** 1/p per prime (exact division of cofactors below 2^51 in trial division). */
  readonly reciprocals: Float64Array;
  /** p⁻¹ mod 2^32 per odd prime: p | d ⟺ d·p⁻¹ mod 2^32 ≤ ⌊(2^32 − 1)/p⌋ for 0 ≤ d < 2^32. */
  readonly inverses: Int32Array;
  /** ⌊(2^32 − 1)/p⌋ per prime (the bound of that divisibility test). */
  readonly divLimits: Float64Array;
  /** Sieve index of each root's first hit in [0, p) for the current polynomial (never hit for a's primes). */
  readonly start1: Int32Array;
  readonly start2: Int32Array;
}

/**
 * A {@link SiqsWorkspace} sized for the context: every typed array is a view on one buffer. With
 * `reuse`, that buffer is taken over when it is large enough, so a run allocates no new backing store (at
 * small sizes allocating and collecting a dozen buffers per call costs a few percent). The reused
 * workspace must not be used afterwards. Every array is rewritten before it is read, so results never
 * depend on old contents.
 *
 * @param ctx - the context from `prepareSiqs`
 * @param reuse - an earlier workspace whose memory may be taken over
 * @returns buffers for `collectRelations`
 * @example
 * ```ts
 * import { collectRelations, createSiqsWorkspace } from 'primeos/primes';
 * const ws = createSiqsWorkspace(ctx);
 * for (let seed = 1; seed <= 10; seed++) collectRelations(ctx, { seed, aCount: 1 }, ws);
 * ```
 */
export function createSiqsWorkspace(ctx: SiqsContext, reuse?: SiqsWorkspace): SiqsWorkspace {
  const { primes } = ctx;
  const F = primes.length;
  const len = 2 * ctx.m; // a multiple of 32
  const s = ctx.aFactors;
  // layout: 2 Float64 arrays, then (5 + s) Int32 arrays of F and the candidates, then the sieve and isA
  const f64Bytes = 16 * F;
  const i32Bytes = 4 * ((5 + s) * F + len);
  const bytes = f64Bytes + i32Bytes + len + F;
  const buf =
    reuse !== undefined && reuse.reciprocals.buffer.byteLength >= bytes
      ? reuse.reciprocals.buffer
      : new ArrayBuffer(bytes);
  let off = 0;
  const f64 = (n: number): Float64Array => {
    const v = new Float64Array(buf, off, n);
    off += 8 * n;
    return v;
  };
  const i32 = (n: number): Int32Array => {
    const v = new Int32Array(buf, off, n);
    off += 4 * n;
    return v;
  };
  const reciprocals = f64(F);
  const divLimits = f64(F);
  const soln1 = i32(F);
  const soln2 = i32(F);
  const inverses = i32(F);
  const start1 = i32(F);
  const start2 = i32(F);
  const bainv: Int32Array[] = [];
  for (let l = 0; l < s; l++) bainv.push(i32(F));
  const candidates = i32(len);
  const sieve32 = new Uint32Array(buf, off, len >>> 2);
  const sieve = new Uint8Array(buf, off, len);
  const isA = new Uint8Array(buf, off + len, F);
  for (let j = 0; j < F; j++) {
    const p = primes[j] as number;
    reciprocals[j] = 1 / p;
    divLimits[j] = Math.floor(0xffffffff / p);
    inverses[j] = inverse32(p);
  }
  return {
    sieve,
    sieve32,
    candidates,
    soln1,
    soln2,
    isA,
    bainv,
    reciprocals,
    inverses,
    divLimits,
    start1,
    start2,
  };
}

/** p⁻¹ mod 2^32 for odd p by Newton's iteration (each step doubles the correct low bits); 0 for p = 2. */
function inverse32(p: number): number {
  if ((p & 1) === 0) return 0;
  let inv = p; // correct to 3 bits: p·p ≡ 1 (mod 8)
  for (let i = 0; i < 4; i++) inv = Math.imul(inv, 2 - Math.imul(p, inv));
  return inv;
}

/**
 * For every odd prime p not dividing a: the two sieve roots x ≡ a⁻¹(±√kn − b) (mod p) of the first
 * polynomial (b = Σ B_l) and 2·B_l·a⁻¹ mod p for the Gray-code updates, all in Number arithmetic
 * (B_l mod p = (a/q_l mod p)·γ_l).
 */
function computeRoots(
  primes: Int32Array,
  sqrts: Int32Array,
  isA: Uint8Array,
  qPrimes: Int32Array,
  gammas: Float64Array,
  soln1: Int32Array,
  soln2: Int32Array,
  bainv: readonly Int32Array[],
): void {
  const F = primes.length;
  const s = qPrimes.length;
  const prefix = new Float64Array(s + 1);
  const qm = new Float64Array(s);
  for (let j = 1; j < F; j++) {
    if (isA[j] === 1) continue;
    const p = primes[j] as number;
    const inv = 1 / p;
    prefix[0] = 1;
    for (let l = 0; l < s; l++) {
      const r = (qPrimes[l] as number) % p;
      qm[l] = r;
      prefix[l + 1] = mulMod(prefix[l] as number, r, p, inv);
    }
    const ainv = invMod(prefix[s] as number, p);
    let suffix = 1;
    let bm = 0;
    for (let l = s - 1; l >= 0; l--) {
      const alm = mulMod(prefix[l] as number, suffix, p, inv); // (a/q_l) mod p
      suffix = mulMod(suffix, qm[l] as number, p, inv);
      const blm = mulMod(alm, gammas[l] as number, p, inv);
      bm += blm;
      (bainv[l] as Int32Array)[j] = mulMod(2 * blm, ainv, p, inv);
    }
    bm %= p;
    const t = sqrts[j] as number;
    soln1[j] = mulMod((t - bm + p) % p, ainv, p, inv);
    soln2[j] = mulMod((2 * p - t - bm) % p, ainv, p, inv);
  }
}

/**
 * a·b mod p for 0 ≤ a, b with a·b < 2^52 and p < 2^26, using the precomputed reciprocal 1/p: the
 * float quotient is off by at most one, which the two corrections fix.
 */
function mulMod(a: number, b: number, p: number, inv: number): number {
  const t = a * b;
  let r = t - Math.floor(t * inv) * p;
  if (r < 0) r += p;
  else if (r >= p) r -= p;
  return r;
}

/** Roots += d (mod p) for every odd prime (Gray-code step with a positive sign). */
function addRoots(primes: Int32Array, soln1: Int32Array, soln2: Int32Array, d: Int32Array): void {
  const F = primes.length;
  for (let j = 1; j < F; j++) {
    const p = primes[j] as number;
    const dj = d[j] as number;
    let r1 = (soln1[j] as number) + dj;
    if (r1 >= p) r1 -= p;
    soln1[j] = r1;
    let r2 = (soln2[j] as number) + dj;
    if (r2 >= p) r2 -= p;
    soln2[j] = r2;
  }
}

/** Roots −= d (mod p) for every odd prime (Gray-code step with a negative sign). */
function subRoots(primes: Int32Array, soln1: Int32Array, soln2: Int32Array, d: Int32Array): void {
  const F = primes.length;
  for (let j = 1; j < F; j++) {
    const p = primes[j] as number;
    const dj = d[j] as number;
    let r1 = (soln1[j] as number) - dj;
    if (r1 < 0) r1 += p;
    soln1[j] = r1;
    let r2 = (soln2[j] as number) - dj;
    if (r2 < 0) r2 += p;
    soln2[j] = r2;
  }
}

/** A start position no sieve index reaches (a's primes have no roots). */
const NEVER = 0x3fffffff;

/**
 * Fills the sieve with `init` and adds round(log2 p) at every x ≡ root (mod p), x ∈ [−M, M); records
 * every odd prime's first hit of each root in `start1`/`start2` (also for the unsieved small primes).
 */
function sievePolynomial(
  sieve: Uint8Array,
  init: number,
  primes: Int32Array,
  logs: Uint8Array,
  mModP: Int32Array,
  soln1: Int32Array,
  soln2: Int32Array,
  isA: Uint8Array,
  firstSieved: number,
  start1: Int32Array,
  start2: Int32Array,
): void {
  const len = sieve.length;
  const F = primes.length;
  sieve.fill(init);
  for (let j = 1; j < F; j++) {
    if (isA[j] === 1) {
      start1[j] = start2[j] = NEVER;
      continue;
    }
    const p = primes[j] as number;
    const mm = mModP[j] as number;
    let i1 = (soln1[j] as number) + mm;
    if (i1 >= p) i1 -= p;
    let i2 = (soln2[j] as number) + mm;
    if (i2 >= p) i2 -= p;
    start1[j] = i1;
    start2[j] = i2;
    if (j < firstSieved) continue;
    const lg = logs[j] as number;
    if (i1 === i2) {
      for (; i1 < len; i1 += p) sieve[i1] = (sieve[i1] as number) + lg;
      continue;
    }
    if (i1 > i2) {
      const t = i1;
      i1 = i2;
      i2 = t;
    }
    // both roots in one pass while the larger fits, then the tail of the smaller
    const d = i2 - i1;
    const stop = len - d;
    // two periods per step, then the last period and the tail of the smaller root
    const p2 = 2 * p;
    for (const stop2 = stop - p; i1 < stop2; i1 += p2) {
      sieve[i1] = (sieve[i1] as number) + lg;
      sieve[i1 + d] = (sieve[i1 + d] as number) + lg;
      sieve[i1 + p] = (sieve[i1 + p] as number) + lg;
      sieve[i1 + p + d] = (sieve[i1 + p + d] as number) + lg;
    }
    for (; i1 < stop; i1 += p) {
      sieve[i1] = (sieve[i1] as number) + lg;
      sieve[i1 + d] = (sieve[i1 + d] as number) + lg;
    }
    if (i1 < len) sieve[i1] = (sieve[i1] as number) + lg;
  }
}

/** Indices whose byte has the top bit set (log sum ≥ threshold); returns how many were written. */
function scanSieve(sieve32: Uint32Array, out: Int32Array): number {
  const words = sieve32.length; // a multiple of 4 (M is a multiple of 16)
  let k = 0;
  for (let w = 0; w < words; w += 4) {
    if (
      (((sieve32[w] as number) | (sieve32[w + 1] as number) | (sieve32[w + 2] as number) | (sieve32[w + 3] as number)) &
        0x80808080) ===
      0
    )
      continue;
    for (let u = w; u < w + 4; u++) {
      const v = sieve32[u] as number;
      if ((v & 0x80808080) === 0) continue;
      const base = u << 2;
      if (v & 0x80) out[k++] = base;
      if (v & 0x8000) out[k++] = base + 1;
      if (v & 0x800000) out[k++] = base + 2;
      if (v & 0x80000000) out[k++] = base + 3;
    }
  }
  return k;
}

/** 2^25: a two-limb cofactor whose top limb is below it is below 2^51, and is then divided in doubles. */
const EXACT_TOP = 2 ** 25;

/**
 * The odd factor-base primes whose roots hit sieve index i, ascending into `matched`; returns how many. A
 * prime's roots match i when p | i − start (start ≤ i), tested by multiplying with p⁻¹ mod 2^32 (integer
 * operations only; a's primes never start).
 */
function matchPrimes(
  i: number,
  inverses: Int32Array,
  divLimits: Float64Array,
  start1: Int32Array,
  start2: Int32Array,
  matched: Int32Array,
): number {
  const { imul } = Math;
  const F = inverses.length;
  let count = 0;
  for (let j = 1; j < F; j++) {
    const d1 = i - (start1[j] as number);
    const d2 = i - (start2[j] as number);
    const inv = inverses[j] as number;
    const lim = divLimits[j] as number;
    if ((d1 >= 0 && imul(d1, inv) >>> 0 <= lim) || (d2 >= 0 && imul(d2, inv) >>> 0 <= lim)) matched[count++] = j;
  }
  return count;
}

/** The value of the normalised limbs `v[0..n)` when below 2^51, else −1. */
function exactCofactor(v: Float64Array, n: number): number {
  if (n === 1) return v[0] as number;
  if (n === 2 && (v[1] as number) < EXACT_TOP) return (v[0] as number) + (v[1] as number) * LIMB_BASE;
  return -1;
}

/**
 * Factors Q(x) over the factor base, dividing only by 2, the `fbCount` primes of `matched` (whose roots hit
 * x: see {@link matchPrimes}) and the factors of a, appended to `matched` here. Returns the columns (with
 * a's primes once more, since the relation value is a·Q(x)) and the cofactor when it is 1, a large
 * prime below the bound, or in [dlpFrom, dlpBound) (maybe two large primes: the caller splits it). Q(x)
 * comes as |Q(x)| in normalised limbs (`v`, overwritten) with its signed length from `evaluateQ`; limb divisions run only until the cofactor drops below 2^51, the rest is
 * double arithmetic (with a reciprocal: the float quotient is off by at most one and every product stays
 * below 2^52, so exact). No BigInt is made.
 */
function trialDivide(
  v: Float64Array,
  signedLen: number,
  matched: Int32Array,
  fbCount: number,
  primes: Int32Array,
  reciprocals: Float64Array,
  qIdx: readonly number[],
  lpBound: number,
  dlpFrom: number,
  dlpBound: number,
  scratch: number[],
): { columns: number[]; cofactor: number } | undefined {
  // columns are written at w (scratch keeps its length and capacity across calls: `length = 0` would drop
  // its backing store, and every candidate would grow a new one)
  let w = 0;
  if (signedLen === 0) return undefined;
  let n = signedLen;
  if (n < 0) {
    scratch[w++] = 0;
    n = -n;
  }
  // powers of 2: whole zero limbs, then the trailing zeros of the lowest
  while (v[0] === 0) {
    for (let t = 0; t < LIMB_BITS; t++) scratch[w++] = 1;
    v.copyWithin(0, 1, n);
    n--;
  }
  const low = v[0] as number;
  const tz = 31 - Math.clz32(low & -low);
  if (tz > 0) {
    for (let t = 0; t < tz; t++) scratch[w++] = 1;
    const mask = (1 << tz) - 1;
    const up = LIMB_BITS - tz;
    for (let k = 0; k < n; k++) {
      const next = k + 1 < n ? (v[k + 1] as number) : 0;
      v[k] = ((v[k] as number) >>> tz) | ((next & mask) << up);
    }
    if (v[n - 1] === 0) n--;
  }
  // the matching factor-base primes (one power each divides Q(x)), then a's primes (one power from a)
  let count = fbCount;
  for (const j of qIdx) matched[count++] = j;
  // num ≥ 0 holds the cofactor once it is below 2^51 (then v is stale)
  let num = exactCofactor(v, n);
  for (let t = 0; t < count; t++) {
    const j = matched[t] as number;
    const p = primes[j] as number;
    const inv = reciprocals[j] as number;
    scratch[w++] = j + 1;
    if (num < 0) {
      if (t < fbCount) {
        divRemLimbs(v, n, p, inv, true);
        if (v[n - 1] === 0) n--;
      }
      while (divRemLimbs(v, n, p, inv, false) === 0) {
        divRemLimbs(v, n, p, inv, true);
        if (v[n - 1] === 0) n--;
        scratch[w++] = j + 1;
      }
      num = exactCofactor(v, n);
      continue;
    }
    if (t < fbCount) num /= p; // exact: p | num and the quotient is an integer below 2^51
    for (;;) {
      const q = Math.floor(num * inv);
      const r = num - q * p;
      if (r === 0) num = q;
      else if (r === p) num = q + 1;
      else if (r === -p) num = q - 1;
      else break;
      scratch[w++] = j + 1;
    }
  }
  if (num < 0) return undefined; // cofactor ≥ 2^51 > any large-prime bound
  if (num < lpBound || (num >= dlpFrom && num < dlpBound)) {
    return { columns: scratch.slice(0, w), cofactor: num };
  }
  return undefined;
}

/**
 * Draws the factor-base indices of a: s − 1 at random from the context's window, the last one chosen
 * so that the product is closest to the target. Returns undefined when no fresh choice was found.
 */
function chooseA(ctx: SiqsContext, rng: () => number, seen: Set<string>): number[] | undefined {
  const { primes, sqrts, aFactors: s, targetABits, firstSieved } = ctx;
  const [lo, hi] = ctx.aWindow;
  const F = primes.length;
  for (let attempt = 0; attempt < 64; attempt++) {
    const idx: number[] = [];
    let bits = 0;
    for (let guard = 0; idx.length < s - 1 && guard < 1000; guard++) {
      const j = lo + Math.floor(rng() * (hi - lo));
      if (idx.includes(j) || sqrts[j] === 0 || j < firstSieved) continue;
      idx.push(j);
      bits += Math.log2(primes[j] as number);
    }
    if (idx.length < s - 1) return undefined;
    if (s === 1) {
      // a single factor: any window prime (the closest one would give the same a every time)
      const j = lo + Math.floor(rng() * (hi - lo));
      if (sqrts[j] === 0 || j < firstSieved || seen.has(String(j))) continue;
      seen.add(String(j));
      return [j];
    }
    const want = 2 ** (targetABits - bits);
    // binary search for the prime closest to want
    let l = Math.max(1, firstSieved);
    let h = F - 1;
    while (l < h) {
      const mid = (l + h) >>> 1;
      if ((primes[mid] as number) < want) l = mid + 1;
      else h = mid;
    }
    let best = -1;
    let bestErr = Infinity;
    for (let j = Math.max(firstSieved, 1, l - 3); j <= Math.min(F - 1, l + 3); j++) {
      if (idx.includes(j) || sqrts[j] === 0) continue;
      const err = Math.abs(Math.log2((primes[j] as number) / want));
      if (err < bestErr) {
        bestErr = err;
        best = j;
      }
    }
    if (best < 0 || (bestErr > 1 && attempt < 63)) continue;
    idx.push(best);
    idx.sort((x, y) => x - y);
    const key = idx.join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    return idx;
  }
  return undefined;
}

/**
 * Modular inverse of a mod p (gcd(a, p) = 1, p < 2^26) by the extended Euclidean algorithm in int32
 * arithmetic (every remainder and coefficient is below p in absolute value).
 */
function invMod(a: number, p: number): number {
  let r0 = (a % p) | 0;
  let r1 = p | 0;
  let s0 = 1;
  let s1 = 0;
  while (r1 !== 0) {
    const q = (r0 / r1) | 0;
    const r2 = (r0 - Math.imul(q, r1)) | 0;
    r0 = r1;
    r1 = r2;
    const s2 = (s0 - Math.imul(q, s1)) | 0;
    s0 = s1;
    s1 = s2;
  }
  return s0 < 0 ? s0 + p : s0;
}

/** Mixes a seed and an index into a 32-bit generator seed. */
function mix(seed: number, index: number): number {
  return fmix32((fmix32(seed >>> 0) + Math.imul(index + 1, 0x9e3779b1)) >>> 0);
}

/** Murmur3's 32-bit finaliser (a bijection with good avalanche). */
function fmix32(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** Small deterministic PRNG returning floats in [0, 1). */
function mulberry32(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}
