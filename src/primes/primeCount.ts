/**
 * Exact prime counting π(x) by the Lagarias–Miller–Odlyzko method with Deléglise–Rivat's split of the
 * special leaves, and li-based estimates.
 *
 * With y = α·∛x (α tuned, y ≤ √x), a = π(y) and z = ⌊x/y⌋:
 * π(x) = φ(x, a) + a − 1 − P2(x, y), where φ(x, a) counts the integers ≤ x free of the first a primes and
 * P2(x, y) = Σ_{y < p ≤ √x} (π(x/p) − π(p) + 1) counts those with exactly two prime factors above y.
 * Expanding φ(x, a) by φ(v, b) = φ(v, b−1) − φ(v/p_b, b−1) down to b = c (c = 7, primes to 17) or to a
 * squarefree n = m·p_{b+1} > y gives
 * - the ordinary leaves S1 = Σ_{n ≤ y, squarefree, lpf(n) > 17} μ(n)·φ(x/n, 7), with φ(·, 7) periodic;
 * - the special leaves S2 = −Σ_{b ≥ 7} Σ_{y/p_{b+1} < m ≤ y, lpf(m) > p_{b+1}} μ(m)·φ(x/(m·p_{b+1}), b),
 *   all with x/(m·p_{b+1}) < z. Leaves with m = q prime and x/(pq) < p are worth 1 (trivial), those with
 *   x/(pq) < min(p², y + 1) are π(x/(pq)) − b + 1 from a π table to y (easy); the rest (hard) are
 *   counted while sieving [0, z] in segments, one prime at a time, with a count per 8-byte block of sieve.
 * The same sieve, completed to √z, gives the π(x/p) of P2. Memory is O(√x) (the primes to √x) plus
 * O(y) tables and one segment; time about x^{2/3}/log x.
 *
 * Every quotient is ⌊x/d⌋ = Math.floor(x / d) for integers x ≤ 10^13 and d < 2^53: when x/d is not an
 * integer its distance to the next integer is ≥ 1/d, larger than half an ulp of x/d (x·d < 2^53·d), so
 * the rounded quotient never reaches that integer.
 */
import { PrimeosError } from '../model/PrimeosError.js';
import { POPCOUNT8, WHEEL } from './SegmentedSieve.js';
import { countPrimes } from './sieve.js';
import { primesUpTo } from './smallPrimes.js';

/** Largest x accepted by {@link primeCount}. */
export const PRIME_COUNT_MAX = 1e13;

/** Below this bound π(x) is counted by sieving directly. */
const SIEVE_CUTOFF = 10_000_000;

/**
 * y = α·∛x with α = 2·log10(x) − 17 in [3, 16] (5 at 10^11, 7 at 10^12, 9 at 10^13): larger α moves work from
 * the sieve (size x/y) to the leaf tables and leaf loops (size y). Process CPU time is flat within ±2 of these
 * values (measured at 10^11, 10^12, 10^13).
 */
function alphaFor(x: number): number {
  return Math.min(16, Math.max(3, 2 * Math.log10(x) - 17));
}

/** y ≥ 19 so that a = π(y) > C; y ≤ 800000 so that π(y) < 2^16 (y = 16·∛x reaches 344705 at 10^13). */
const MIN_Y = 19;
const MAX_Y = 800_000;

/** Sieve segment size in bytes (30 integers per byte). */
const SEGMENT_BYTES = 1 << 15;
/** The sieve keeps a count of its set bits per block of 2^BLOCK_SHIFT = 8 bytes (two 32-bit words, see BLOCK_MASK). */
const BLOCK_SHIFT = 3;

const { imul } = Math;

/** Set bits of a 32-bit word. */
function popcount32(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** Wheel bits whose residue is ≤ r (r in 0..29). */
const MASK_LE = new Uint8Array(30);
/** Residue mod 30 → wheel bit index, −1 when not coprime to 30. */
const RESIDUE_BIT = new Int8Array(30).fill(-1);
WHEEL.forEach((w, k) => (RESIDUE_BIT[w] = k));
for (let r = 0; r < 30; r++) {
  let m = 0;
  WHEEL.forEach((w, k) => {
    if (w <= r) m |= 1 << k;
  });
  MASK_LE[r] = m;
}

/**
 * For t = 30·k + r (k < 8 bytes into a block, r < 30): the block's bits for the values up to 30·k + r, as two
 * 32-bit words in the platform's byte order (built through a byte view, so the order is right either way).
 */
const BLOCK_MASK = (() => {
  const m = new Int32Array(2 * 8 * 30);
  const view = new Uint8Array(m.buffer);
  for (let k = 0; k < 8; k++) {
    for (let r = 0; r < 30; r++) {
      const t = 30 * k + r;
      for (let i = 0; i < k; i++) view[8 * t + i] = 0xff;
      view[8 * t + k] = MASK_LE[r] as number;
    }
  }
  return m;
})();

/** φ(v, 7) via the period Q = 2·3·5·7·11·13·17 = 510510 with φ(Q, 7) = 92160 (table built on first use). */
const Q7 = 510510;
const PHI_Q7 = 92160;
/** How many leading primes (2 … 17) the periodic table and the sieve pattern remove. */
const C = 7;
let PHI7: Uint32Array | undefined;
function phi7Table(): Uint32Array {
  if (PHI7) return PHI7;
  const coprime = new Uint8Array(Q7).fill(1);
  for (const p of [2, 3, 5, 7, 11, 13, 17]) for (let m = 0; m < Q7; m += p) coprime[m] = 0;
  const t = new Uint32Array(Q7);
  for (let r = 0, c = 0; r < Q7; r++) t[r] = c += coprime[r] as number;
  PHI7 = t;
  return t;
}

/** Sieve bytes with the multiples of 7, 11, 13, 17 (and those primes) cleared; period 7·11·13·17 bytes. */
const PATTERN_BYTES = 7 * 11 * 13 * 17;
let PATTERN: Uint8Array | undefined;
function patternTable(): Uint8Array {
  if (PATTERN) return PATTERN;
  const pat = new Uint8Array(PATTERN_BYTES).fill(0xff);
  for (const p of [7, 11, 13, 17]) {
    for (const w of WHEEL) {
      const v = p * w; // p·k for k ≡ w (mod 30) steps by p bytes, same bit
      const clear = ~(1 << (RESIDUE_BIT[v % 30] as number)) & 0xff;
      for (let i = Math.floor(v / 30); i < PATTERN_BYTES; i += p) pat[i] = (pat[i] as number) & clear;
    }
  }
  PATTERN = pat;
  return pat;
}

function checkX(x: number | bigint, what: string): number {
  const v = typeof x === 'bigint' ? Number(x) : x;
  if (typeof x === 'bigint' ? x < 0n : !Number.isSafeInteger(v) || v < 0) {
    throw new PrimeosError('E_RANGE', `${what}: x must be a non-negative integer, got ${x}`, { x: String(x) });
  }
  return v;
}

/** ⌊∛x⌋ and ⌊√x⌋, corrected to be exact. */
function icbrt(x: number): number {
  let r = Math.floor(Math.cbrt(x));
  while ((r + 1) ** 3 <= x) r++;
  while (r ** 3 > x) r--;
  return r;
}
function isqrt(x: number): number {
  let r = Math.floor(Math.sqrt(x));
  while ((r + 1) * (r + 1) <= x) r++;
  while (r * r > x) r--;
  return r;
}

/**
 * π(x): the exact number of primes ≤ x, by the Lagarias–Miller–Odlyzko method (sieve below 10^7).
 * Time about x^{2/3}/log x, memory O(√x) (a few MB at 10^13): roughly 50 ms at 10^12 and 0.2 s at 10^13 on
 * one core once compiled, 2–3× the C++ `primecount -t1` (see bench/primeCount.bench.ts).
 *
 * @param x - a non-negative integer ≤ {@link PRIME_COUNT_MAX} (10^13)
 * @returns π(x)
 * @throws PrimeosError `E_RANGE` when x is negative, not an integer, or above 10^13 (use
 *   {@link approxPrimeCount} for an estimate)
 * @example
 * ```ts
 * import { primeCount } from 'primeos/primes';
 * primeCount(10 ** 12); // 37607912018
 * ```
 */
export function primeCount(x: number | bigint): number {
  const xv = checkX(x, 'primeCount');
  if (xv > PRIME_COUNT_MAX) {
    throw new PrimeosError('E_RANGE', `primeCount: x = ${x} is above the exact-counting limit ${PRIME_COUNT_MAX}`, {
      x: String(x),
      limit: PRIME_COUNT_MAX,
    });
  }
  if (xv < SIEVE_CUTOFF) return countPrimes(xv);
  return lmo(xv, alphaFor(xv));
}

/**
 * π(x) for 361 ≤ x ≤ PRIME_COUNT_MAX by LMO with y = α·∛x, clamped to [max(∛x, 19), min(√x, 800000)].
 *
 * @internal exported for tests and tuning; use {@link primeCount}.
 */
export function lmo(x: number, alpha: number): number {
  const { floor } = Math;
  const sqrtX = isqrt(x);
  const y = Math.max(icbrt(x), MIN_Y, Math.min(sqrtX, MAX_Y, floor(alpha * icbrt(x))));
  const z = floor(x / y);
  const primes = primesUpTo(sqrtX);
  const { lpf, mu, piY, a } = leafTables(y, primes);
  const s1 = ordinaryLeaves(x, y, lpf, mu);

  // S2: trivial and easy leaves now, bounds of the hard ones for the sieve
  let s2 = 0;
  /** Per b: small path (p² < y, every m): next candidate index; prime path: next prime index (both descending). */
  const next = new Int32Array(a);
  /** Per b: the lowest index (candidate or prime) of its hard leaves. */
  const stop = new Int32Array(a);
  const small = new Uint8Array(a);
  let bHard = C - 1; // largest b with hard leaves
  // candidates m for the leaves of the small primes: squarefree, lpf(m) > 17, ascending
  let nCand = 0;
  for (let m = 2; m <= y; m++) if (mu[m] !== 0 && (lpf[m] as number) > 17) nCand++;
  const candM = new Int32Array(nCand);
  const candLpf = new Int32Array(nCand);
  const candMu = new Int8Array(nCand);
  for (let m = 2, i = 0; m <= y; m++) {
    if (mu[m] === 0 || (lpf[m] as number) <= 17) continue;
    candM[i] = m;
    candLpf[i] = lpf[m] as number;
    candMu[i++] = mu[m] as number;
  }
  for (let b = C; b < a; b++) {
    const p = primes[b] as number;
    if (p * p < y) {
      // every m in (y/p, y] with lpf(m) > p, through the sieve: candidate indices from the top down
      small[b] = 1;
      next[b] = nCand - 1;
      const mMin = floor(y / p);
      let lo = 0;
      for (let hi = nCand; lo < hi;) {
        const mid = (lo + hi) >> 1;
        if ((candM[mid] as number) <= mMin) lo = mid + 1;
        else hi = mid;
      }
      stop[b] = lo;
      bHard = b;
      continue;
    }
    const lo = Math.max(p, floor(y / p)); // q > lo
    const tE = Math.min(y, floor(x / (p * p))); // q ≤ tE: x/(pq) ≥ p (not trivial)
    const tH = Math.min(y, floor(x / (p * Math.min(p * p, y + 1)))); // q ≤ tH: hard
    const h = Math.max(lo, tH);
    const e = Math.max(h, tE);
    const kl = piY[lo] as number;
    const kh = piY[h] as number;
    const ke = piY[e] as number;
    s2 += a - ke; // trivial leaves: φ(x/(pq), b) = 1
    s2 += easyLeaves(x, y, p, b, kh, ke, primes, piY);
    next[b] = kh - 1;
    stop[b] = kl;
    if (kh > kl) bHard = b;
  }
  const sieved = hardLeavesAndP2(x, z, sqrtX, a, bHard, primes, candM, candLpf, candMu, small, next, stop);
  return s1 + s2 + sieved.s2Hard + a - 1 - sieved.p2;
}

/** Least prime factor (lpf[1] = 2^31 − 1), Möbius function and π over [0, y] (16 bits: half the cache); a = π(y). */
function leafTables(y: number, primes: Uint32Array): { lpf: Int32Array; mu: Int8Array; piY: Uint16Array; a: number } {
  const lpf = new Int32Array(y + 1);
  const mu = new Int8Array(y + 1).fill(1);
  const piY = new Uint16Array(y + 1); // π(y) < 65536 as y ≤ MAX_Y
  let a = 0;
  for (; a < primes.length; a++) {
    const p = primes[a] as number;
    if (p > y) break;
    for (let m = p; m <= y; m += p) {
      if (lpf[m] === 0) lpf[m] = p;
      mu[m] = -(mu[m] as number);
    }
    for (let m = p * p; m <= y; m += p * p) mu[m] = 0;
  }
  lpf[1] = 0x7fffffff;
  for (let v = 2, k = 0; v <= y; v++) {
    if (k < a && primes[k] === v) k++;
    piY[v] = k;
  }
  return { lpf, mu, piY, a };
}

/** S1 = Σ_{n ≤ y, squarefree, lpf(n) > 17} μ(n)·φ(x/n, 7). */
function ordinaryLeaves(x: number, y: number, lpf: Int32Array, mu: Int8Array): number {
  const { floor } = Math;
  const phi7 = phi7Table();
  let s1 = 0;
  for (let n = 1; n <= y; n++) {
    const m = mu[n] as number;
    if (m === 0 || (lpf[n] as number) <= 17) continue;
    const v = floor(x / n);
    const q = floor(v / Q7);
    s1 += m * (q * PHI_Q7 + (phi7[v - q * Q7] as number));
  }
  return s1;
}

/**
 * Σ (π(x/(pq)) − b + 1) over the primes q = primes[k], kFrom ≤ k < kTo (p = primes[b], x/(pq) ≤ y). Once
 * q > 4·√(x/p) runs of consecutive q share π(x/(pq)) (clustered leaves): jump over each run at once
 * (below that the runs are short and the jumps, a chain of dependent divisions and loads, cost more).
 */
function easyLeaves(
  x: number,
  y: number,
  p: number,
  b: number,
  kFrom: number,
  kTo: number,
  primes: Uint32Array,
  piY: Uint16Array,
): number {
  const { floor } = Math;
  const base = 1 - b;
  const kSwitch = Math.max(kFrom, Math.min(kTo, piY[Math.min(y, floor(Math.sqrt((16 * x) / p)))] as number));
  let s = 0;
  for (let k = kFrom; k < kSwitch; k++) s += (piY[floor(x / (p * (primes[k] as number)))] as number) + base;
  for (let k = kSwitch; k < kTo;) {
    const l = piY[floor(x / (p * (primes[k] as number)))] as number;
    // the q sharing π(x/(pq)) = l are those with x/(pq) ≥ p_l, i.e. q ≤ x/(p·p_l)
    const kNext = Math.min(kTo, piY[Math.min(y, floor(x / (p * (primes[l - 1] as number))))] as number);
    s += (kNext - k) * (l + base);
    k = kNext;
  }
  return s;
}

/**
 * Sieves [0, z] in segments (mod-30 wheel bytes, bit set = not yet crossed off), one prime p_{b+1} at a
 * time. Before crossing off p_{b+1}, the hard leaves of b read φ(u, b) in increasing order of u: a cursor
 * adds up the block counts (kept by the crossing off), then u's block by two masked word popcounts. After
 * the last sieving prime (≥ √z), the bits left are 1 and the primes, which gives the π(x/p) of P2.
 */
function hardLeavesAndP2(
  x: number,
  z: number,
  sqrtX: number,
  a: number,
  bHard: number,
  primes: Uint32Array,
  candM: Int32Array,
  candLpf: Int32Array,
  candMu: Int8Array,
  small: Uint8Array,
  next: Int32Array,
  stop: Int32Array,
): { s2Hard: number; p2: number } {
  const { floor } = Math;
  const nPrimes = primes.length;
  const sqrtZ = isqrt(z);
  let nSieve = bHard + 1;
  while (nSieve < nPrimes && (primes[nSieve] as number) <= sqrtZ) nSieve++;
  const offs = new Int32Array(8 * nSieve); // absolute byte index of the next multiple, per wheel bit
  const bitOf = new Uint8Array(8 * nSieve);
  for (let b = C; b < nSieve; b++) {
    const p = primes[b] as number;
    for (let j = 0; j < 8; j++) {
      const v = p * (WHEEL[j] as number);
      offs[8 * b + j] = floor(v / 30);
      bitOf[8 * b + j] = 1 << (RESIDUE_BIT[v % 30] as number);
    }
  }
  const phiBefore = new Float64Array(bHard + 1); // unsieved (after p_1 … p_b) below the segment
  const endByte = floor(z / 30) + 1;
  const bytes = new Uint8Array(SEGMENT_BYTES);
  const words = new Int32Array(bytes.buffer); // the same bits, 4 bytes at a time
  const blocks = new Int32Array(SEGMENT_BYTES >> BLOCK_SHIFT);
  let s2 = 0;
  let p2 = 0;
  let p2Index = primes.length - 1; // P2 walks the primes p in (y, √x] downward (the list ends at √x)
  while (p2Index >= 0 && (primes[p2Index] as number) > sqrtX) p2Index--;
  let below = 0; // unsieved (after all nSieve primes) below the segment
  for (let b0 = 0; b0 < endByte; b0 += SEGMENT_BYTES) {
    const len = Math.min(SEGMENT_BYTES, endByte - b0);
    const hiVal = 30 * (b0 + len);
    let segCount = fillSegment(bytes, blocks, b0, len);
    for (let b = C; b < nSieve; b++) {
      const p = primes[b] as number;
      if (b <= bHard) {
        const phiB = phiBefore[b] as number;
        if (small[b] === 1)
          s2 -= smallHardLeaves(x, p, b, b0, hiVal, phiB, bytes, words, blocks, candM, candLpf, candMu, next, stop);
        else s2 += primeHardLeaves(x, p, b, b0, hiVal, phiB, bytes, words, blocks, primes, next, stop);
        phiBefore[b] = phiB + segCount;
      }
      if (b < bHard) segCount -= crossOffCounted(bytes, blocks, len, b0, p, 8 * b, offs, bitOf);
      else crossOff(bytes, len, b0, p, 8 * b, offs, bitOf);
    }
    // P2: π(x/p) for p in (y, √x] with x/p here; the bits left are 1 and the primes above p_nSieve
    let pos = 0;
    let acc = below;
    for (; p2Index >= a; p2Index--) {
      const v = floor(x / (primes[p2Index] as number));
      if (v >= hiVal) break;
      const byte = floor(v / 30);
      const li = byte - b0;
      for (; pos < li; pos++) acc += POPCOUNT8[bytes[pos] as number] as number;
      const piV = acc + (POPCOUNT8[(bytes[li] as number) & (MASK_LE[v - 30 * byte] as number)] as number) - 1 + nSieve;
      p2 += piV - p2Index; // π(x/p_{k+1}) − π(p_{k+1}) + 1 with π(p_{k+1}) = k + 1
    }
    for (; pos < len; pos++) acc += POPCOUNT8[bytes[pos] as number] as number;
    below = acc;
  }
  return { s2Hard: s2, p2 };
}

/** Loads the pre-sieved pattern (2 … 17 crossed off) for bytes [b0, b0 + len) and counts each block; returns the bit count. */
function fillSegment(bytes: Uint8Array, blocks: Int32Array, b0: number, len: number): number {
  const pattern = patternTable();
  for (let i = 0, r = b0 % PATTERN_BYTES; i < len;) {
    const n = Math.min(len - i, PATTERN_BYTES - r);
    bytes.set(pattern.subarray(r, r + n), i);
    i += n;
    r = 0;
  }
  bytes.fill(0, len); // a short last segment: no bits past its end
  let count = 0;
  for (let blk = 0, i = 0; blk < blocks.length; blk++) {
    let c = 0;
    for (const end = i + (1 << BLOCK_SHIFT); i < end; i++) c += POPCOUNT8[bytes[i] as number] as number;
    blocks[blk] = c;
    count += c;
  }
  return count;
}

/** Σ μ(m)·φ(x/(pm), b) over the m (descending from next[b], > stop[b], lpf(m) > p) with x/(pm) in the segment. */
function smallHardLeaves(
  x: number,
  p: number,
  b: number,
  b0: number,
  hiVal: number,
  phiB: number,
  bytes: Uint8Array,
  words: Int32Array,
  blocks: Int32Array,
  candM: Int32Array,
  candLpf: Int32Array,
  candMu: Int8Array,
  next: Int32Array,
  stop: Int32Array,
): number {
  const { floor } = Math;
  let s = 0;
  let k = next[b] as number;
  const kStop = stop[b] as number;
  let blk = 0;
  let acc = phiB; // φ(30·(b0 + blk·2^BLOCK_SHIFT) − 1, b)
  for (; k >= kStop; k--) {
    if ((candLpf[k] as number) <= p) continue;
    const u = floor(x / (p * (candM[k] as number)));
    if (u >= hiVal) break;
    const byte = floor(u / 30);
    const li = byte - b0;
    for (const lb = li >> BLOCK_SHIFT; blk < lb; blk++) acc += blocks[blk] as number;
    const t = 30 * (li & 7) + u - 30 * byte; // bits of the block up to u, as two 32-bit masks
    const c =
      acc +
      popcount32((words[2 * blk] as number) & (BLOCK_MASK[2 * t] as number)) +
      popcount32((words[2 * blk + 1] as number) & (BLOCK_MASK[2 * t + 1] as number));
    s += (candMu[k] as number) * c;
  }
  next[b] = k;
  return s;
}

/** Σ φ(x/(pq), b) over the primes q (index descending from next[b], ≥ stop[b]) with x/(pq) in the segment. */
function primeHardLeaves(
  x: number,
  p: number,
  b: number,
  b0: number,
  hiVal: number,
  phiB: number,
  bytes: Uint8Array,
  words: Int32Array,
  blocks: Int32Array,
  primes: Uint32Array,
  next: Int32Array,
  stop: Int32Array,
): number {
  const { floor } = Math;
  let s = 0;
  let k = next[b] as number;
  const kStop = stop[b] as number;
  let blk = 0;
  let acc = phiB;
  for (; k >= kStop; k--) {
    const u = floor(x / (p * (primes[k] as number)));
    if (u >= hiVal) break;
    const byte = floor(u / 30);
    const li = byte - b0;
    for (const lb = li >> BLOCK_SHIFT; blk < lb; blk++) acc += blocks[blk] as number;
    const t = 30 * (li & 7) + u - 30 * byte; // bits of the block up to u, as two 32-bit masks
    const c =
      acc +
      popcount32((words[2 * blk] as number) & (BLOCK_MASK[2 * t] as number)) +
      popcount32((words[2 * blk + 1] as number) & (BLOCK_MASK[2 * t + 1] as number));
    s += c;
  }
  next[b] = k;
  return s;
}

/** Crosses off p and its multiples in the segment, keeping the block counts; returns how many bits were cleared. */
function crossOffCounted(
  bytes: Uint8Array,
  blocks: Int32Array,
  len: number,
  b0: number,
  p: number,
  j0: number,
  offs: Int32Array,
  bitOf: Uint8Array,
): number {
  let removed = 0;
  for (let j = j0; j < j0 + 8; j++) {
    const shift = 31 - Math.clz32(bitOf[j] as number);
    const clear = ~(1 << shift);
    let i = (offs[j] as number) - b0;
    for (; i < len; i += p) {
      // branch-free: about half of the multiples are still set, a branch on it would mispredict
      const v = bytes[i] as number;
      const hit = (v >> shift) & 1;
      bytes[i] = v & clear;
      blocks[i >> BLOCK_SHIFT] = (blocks[i >> BLOCK_SHIFT] as number) - hit;
      removed += hit;
    }
    offs[j] = i + b0;
  }
  return removed;
}

/** Crosses off p and its multiples in the segment (no counts). */
function crossOff(
  bytes: Uint8Array,
  len: number,
  b0: number,
  p: number,
  j0: number,
  offs: Int32Array,
  bitOf: Uint8Array,
): void {
  for (let j = j0; j < j0 + 8; j++) {
    const clear = ~(bitOf[j] as number);
    let i = (offs[j] as number) - b0;
    for (; i < len; i += p) bytes[i] = (bytes[i] as number) & clear;
    offs[j] = i + b0;
  }
}

/** The logarithmic integral li(x) for x > 1 (Ramanujan's series). */
function li(x: number): number {
  const L = Math.log(x);
  const EULER_GAMMA = 0.5772156649015329;
  let sum = 0;
  let term = 1; // (L^n / n!)
  let inner = 0;
  for (let n = 1; n < 200; n++) {
    term *= L / n;
    if ((n - 1) % 2 === 0) inner += 1 / (2 * Math.floor((n - 1) / 2) + 1);
    const t = (n % 2 === 1 ? 1 : -1) * term * inner * 2 ** -(n - 1);
    sum += t;
    if (Math.abs(t) < 1e-17 * Math.abs(sum)) break;
  }
  return EULER_GAMMA + Math.log(L) + Math.sqrt(x) * sum;
}

const MOBIUS = [0, 1, -1, -1, 0, -1, 1, -1, 0, 0, 1, -1, 0, -1, 1, 1, 0, -1, 0, -1, 0] as const;

/** Riemann's R(x) = Σ μ(n)/n · li(x^{1/n}). */
function riemannR(x: number): number {
  let s = 0;
  for (let n = 1; n < MOBIUS.length; n++) {
    const mu = MOBIUS[n] as number;
    if (mu === 0) continue;
    const r = x ** (1 / n);
    if (r < 2) break;
    s += (mu / n) * li(r);
  }
  return s;
}

/** A labelled estimate (never an exact count). */
export interface PrimeCountEstimate {
  /** The estimated value (rounded to an integer). */
  readonly value: number;
  /** Always true: this is an estimate, not an exact count. */
  readonly estimate: true;
  /** The formula used. */
  readonly method: 'riemann-R';
}

/**
 * An estimate of π(x) by Riemann's R function (relative error ~10^-6 around 10^12). For any size of x.
 *
 * @param x - a non-negative number (or bigint)
 * @returns the labelled estimate
 * @throws PrimeosError `E_RANGE` for negative input
 * @example
 * ```ts
 * import { approxPrimeCount } from 'primeos/primes';
 * approxPrimeCount(1e20).value; // ≈ 2.2201·10^18
 * ```
 */
export function approxPrimeCount(x: number | bigint): PrimeCountEstimate {
  const v = typeof x === 'bigint' ? Number(x) : x;
  if (!(v >= 0)) throw new PrimeosError('E_RANGE', `approxPrimeCount: x must be ≥ 0, got ${x}`);
  return { value: v < 2 ? 0 : Math.round(riemannR(v)), estimate: true, method: 'riemann-R' };
}

/**
 * An estimate of p_n, the n-th prime (1-based), by inverting Riemann's R with Newton steps.
 *
 * @param n - a positive index
 * @returns the labelled estimate of p_n
 * @throws PrimeosError `E_RANGE` when n < 1
 * @example
 * ```ts
 * import { approxNthPrime } from 'primeos/primes';
 * approxNthPrime(1e6).value; // ≈ 15485863
 * ```
 */
export function approxNthPrime(n: number): PrimeCountEstimate {
  if (!(n >= 1)) throw new PrimeosError('E_RANGE', `approxNthPrime: n must be ≥ 1, got ${n}`);
  if (n < 6) return { value: [2, 3, 5, 7, 11][n - 1] as number, estimate: true, method: 'riemann-R' };
  const ln = Math.log(n);
  let x = n * (ln + Math.log(ln) - 1);
  for (let i = 0; i < 20; i++) {
    const dx = (riemannR(x) - n) * Math.log(x);
    x -= dx;
    if (Math.abs(dx) < 0.5) break;
  }
  return { value: Math.round(x), estimate: true, method: 'riemann-R' };
}
