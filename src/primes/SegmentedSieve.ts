/**
 * The shared segmented sieve engine: bit-packed, mod-30 wheel (one byte = 30 integers, one bit per
 * residue coprime to 30), with a pre-sieved pattern for 7·11·13·17·19. Memory is bounded by the segment
 * size plus the base primes up to √(end). Used by `sieve.ts` (ranges, iterators, counting);
 * `primeCount.ts` shares its wheel and popcount tables. Values are Numbers below {@link SIEVE_MAX}.
 *
 * Sieving primes are split in two classes (the idea of primesieve's EratSmall and EratBig):
 * - p ≤ segment size: the multiples p·(30j + w) of one "cycle" j lie at bytes p·j + ⌊p·w/30⌋ for the
 *   eight wheel residues w, so each prime keeps only its cycle base and crosses off whole cycles with an
 *   unrolled loop (byte offsets per prime, bit masks per class of p mod 30) that runs seven cycles at a
 *   time and skips the multipliers divisible by 7 (a mod-210 wheel for the crossing). Primes ≤ 1024 do
 *   so in 32 KiB blocks of the segment, the others over the whole segment;
 * - p > segment size: a bucket sieve. Each prime waits in the bucket of the segment holding its next
 *   multiple and steps over the wheel hit by hit, so a segment costs only the hits it receives.
 * Counting reads the segment as 32-bit words ({@link SegmentedSieve.countPrimeBits}).
 *
 * Not done, because they do not pay here: OR-ing periodic 32-bit patterns for 23…61 into each segment (the
 * pass costs as much as the crossings it saves), one residue class at a time instead of whole cycles, and
 * class-specialised loops with constant masks. `npx tsx bench/sieve.bench.ts` measures π(10^9) against
 * primesieve.
 */
import { PrimeosError } from '../model/PrimeosError.js';
import { primesUpTo } from './smallPrimes.js';

/** The residues modulo 30 that are coprime to 30; bit k of a byte stands for 30·i + WHEEL[k]. */
export const WHEEL: readonly number[] = [1, 7, 11, 13, 17, 19, 23, 29];

/** Largest value the sieve handles (products p·q stay exact in doubles below 2^53). */
export const SIEVE_MAX = 2 ** 52;

/**
 * Default segment size in bytes (30 integers per byte): 256 KiB ≈ 7.9 million integers, a quarter of a
 * 1 MiB L2 cache. Smaller segments lose on π(10^9) because every sieving prime pays a cost per segment;
 * larger ones gain less than 2% while holding twice the memory. Compare sizes with
 * `npx tsx bench/sieve.bench.ts --sizes 65536,131072,262144,524288` (CPU medians of alternating rounds).
 */
export const DEFAULT_SEGMENT_BYTES = 262144;

/**
 * Sieving primes up to BLOCK_PRIME_LIMIT cross off their multiples block by block, BLOCK_BYTES at a time
 * (an L1-cache-sized part of the segment), before the larger small primes sweep the whole segment: a few
 * percent of π(10^9) (`npx tsx bench/sieve.bench.ts`). Higher limits lose, as each prime pays its
 * per-block cost eight times per segment.
 */
const BLOCK_BYTES = 32768;
const BLOCK_PRIME_LIMIT = 1024;

/** Residue mod 30 → bit index, −1 when not coprime to 30. */
const RESIDUE_BIT = new Int8Array(30).fill(-1);
WHEEL.forEach((r, k) => (RESIDUE_BIT[r] = k));

/** Number of set bits in each byte value. */
export const POPCOUNT8 = new Uint8Array(256);
for (let i = 1; i < 256; i++) POPCOUNT8[i] = (i & 1) + (POPCOUNT8[i >> 1] as number);

/** Index of the lowest set bit for each non-zero byte value. */
export const LOWBIT8 = new Uint8Array(256);
for (let i = 1; i < 256; i++) LOWBIT8[i] = Math.log2(i & -i);

/**
 * Per class c = RESIDUE_BIT[p mod 30] and wheel index k: the bit mask of p·WHEEL[k] (CLASS_MASK) and
 * ⌊(p mod 30)·WHEEL[k]/30⌋ (CLASS_ADJ), so that ⌊p·WHEEL[k]/30⌋ = ⌊p/30⌋·WHEEL[k] + CLASS_ADJ.
 */
const CLASS_MASK = new Uint8Array(64);
const CLASS_ADJ = new Int32Array(64);
/** Wheel steps: WHEEL[k+1] − WHEEL[k] (with WHEEL[8] = 31) and the matching CLASS_ADJ differences. */
const WHEEL_STEP = new Int32Array(8);
const CLASS_STEP_ADJ = new Int32Array(64);
for (let c = 0; c < 8; c++) {
  const r = WHEEL[c] as number;
  for (let k = 0; k < 8; k++) {
    const w = WHEEL[k] as number;
    CLASS_MASK[8 * c + k] = 1 << (RESIDUE_BIT[(r * w) % 30] as number);
    CLASS_ADJ[8 * c + k] = Math.floor((r * w) / 30);
  }
  for (let k = 0; k < 8; k++) {
    const w = WHEEL[k] as number;
    const wNext = k < 7 ? (WHEEL[k + 1] as number) : 31;
    WHEEL_STEP[k] = wNext - w;
    CLASS_STEP_ADJ[8 * c + k] = Math.floor((r * wNext) / 30) - (CLASS_ADJ[8 * c + k] as number);
  }
}

const PRESIEVE_PRIMES = [7, 11, 13, 17, 19] as const;
const PRESIEVE_PERIOD = 7 * 11 * 13 * 17 * 19; // bytes
/** Index of 23 in the base primes 2, 3, 5, 7, 11, 13, 17, 19, 23, …: the first prime sieved per segment. */
const FIRST_SIEVED = 8;

let presieve: Uint8Array | undefined;
/** Pattern of composite bits for the multiples of the pre-sieve primes, periodic in PRESIEVE_PERIOD bytes. */
function presievePattern(): Uint8Array {
  if (presieve) return presieve;
  const pat = new Uint8Array(PRESIEVE_PERIOD);
  for (const p of PRESIEVE_PRIMES) {
    for (let j = 0; j < 8; j++) {
      const q = WHEEL[j] as number;
      const bit = 1 << (RESIDUE_BIT[(p * q) % 30] as number);
      for (let i = Math.floor((p * q) / 30); i < PRESIEVE_PERIOD; i += p) pat[i] = (pat[i] as number) | bit;
    }
  }
  presieve = pat;
  return pat;
}

/**
 * Set bits in words [w0, w1). (A function of its own: optimised whole, not by on-stack replacement of a
 * loop inside a bigger function, which V8 kept deoptimising on the unexecuted code after it.)
 */
function popcountWords(words: Int32Array, w0: number, w1: number): number {
  const { imul } = Math;
  let ones = 0;
  for (let w = w0; w < w1; w++) {
    let x = words[w] as number;
    x = (x - ((x >>> 1) & 0x55555555)) | 0;
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    x = (x + (x >>> 4)) & 0x0f0f0f0f;
    ones += imul(x, 0x01010101) >>> 24;
  }
  return ones;
}

/**
 * A forward-moving segmented sieve over byte blocks. After {@link SegmentedSieve.next}, `bytes[0..length)`
 * holds the current segment: bit k of byte i is **set when 30·(byteStart + i) + WHEEL[k] is composite**
 * (or 1). Primes 2, 3 and 5 are not represented.
 *
 * @example
 * ```ts
 * import { SegmentedSieve, WHEEL } from 'primeos/primes';
 * const s = new SegmentedSieve(0, 4); // values below 120
 * s.next();
 * const primes: number[] = [];
 * for (let i = 0; i < s.length; i++)
 *   for (let k = 0; k < 8; k++) if (!(s.bytes[i]! & (1 << k))) primes.push(30 * (s.byteStart + i) + WHEEL[k]!);
 * // primes: 7, 11, 13, …, 113 (2, 3, 5 are not represented)
 * ```
 */
export class SegmentedSieve {
  /** Bytes of the current segment (bit set = composite); `bytes.length` is the segment size in use. */
  readonly bytes: Uint8Array;
  /** Absolute byte index of the current segment's first byte (value 30·byteStart). */
  byteStart: number;
  /** Valid bytes in the current segment (0 before the first `next()`). */
  length = 0;

  /** The segment buffer seen as 32-bit words (for counting); covers `bytes` rounded up to 4 bytes. */
  readonly #words: Int32Array;
  #nextByte: number;
  /** Index of the next segment (0 for the first), for the bucket ring. */
  #segmentIndex = 0;
  readonly #segmentBytes: number;
  readonly #endByte: number;
  #base: Uint32Array = new Uint32Array(0);
  #baseLimit = 0;
  /** Base primes [FIRST_SIEVED, #active) are active; [FIRST_SIEVED, #smallEnd) of them are small (p ≤ segment). */
  #active = FIRST_SIEVED;
  #smallEnd = FIRST_SIEVED;
  /** Small primes [FIRST_SIEVED, #blockEnd) are sieved block by block (p ≤ BLOCK_PRIME_LIMIT). */
  #blockEnd = FIRST_SIEVED;
  /**
   * Small prime t: #state[t] is its current cycle base relative to the segment start (in [−p, 0) when the
   * cycle began in the previous segment); #offsets[8t + k] = ⌊p·WHEEL[k]/30⌋.
   * Large prime t: #state[t] is its next multiple's byte offset inside the segment of its bucket and
   * #wheel[t] the wheel index of that multiple's cofactor.
   */
  #state: Int32Array = new Int32Array(0);
  #offsets: Int32Array = new Int32Array(0);
  #wheel: Uint8Array = new Uint8Array(0);
  /** Small prime t: index mod 7 of the cycle at #state[t]. */
  #phase: Uint8Array = new Uint8Array(0);
  /** Bucket ring: #bucketHead[s mod R] lists (through #bucketNext) the large primes hitting segment s. */
  readonly #bucketHead: Int32Array;
  #bucketNext: Int32Array = new Int32Array(0);

  /**
   * @param startByte - absolute byte index to start at (value 30·startByte)
   * @param endByte - absolute byte index to stop before (values < 30·endByte are covered)
   * @param segmentBytes - segment size in bytes (a shorter range uses less: `bytes.length` is the size used)
   * @throws PrimeosError `E_RANGE` for non-integer or negative bounds, 30·endByte beyond {@link SIEVE_MAX} + 30,
   *   or a segment size outside [64, 2^28]
   */
  constructor(startByte: number, endByte: number, segmentBytes = DEFAULT_SEGMENT_BYTES) {
    if (!Number.isSafeInteger(startByte) || !Number.isSafeInteger(endByte) || startByte < 0) {
      throw new PrimeosError('E_RANGE', `sieve: byte bounds must be integers ≥ 0, got [${startByte}, ${endByte})`);
    }
    if (30 * endByte > SIEVE_MAX + 30) throw new PrimeosError('E_RANGE', `sieve: end beyond ${SIEVE_MAX}`);
    if (!Number.isInteger(segmentBytes) || segmentBytes < 64 || segmentBytes > 2 ** 28) {
      throw new PrimeosError('E_RANGE', `sieve: segment size must be an integer in [64, 2^28], got ${segmentBytes}`);
    }
    this.byteStart = startByte;
    this.#nextByte = startByte;
    this.#endByte = endByte;
    // a short range gets a buffer of its own size (in whole 64-byte blocks), not a full segment
    const size = Math.min(segmentBytes, 64 * Math.max(1, Math.ceil((endByte - startByte) / 64)));
    this.#segmentBytes = size;
    const buffer = new ArrayBuffer(4 * Math.ceil(size / 4));
    this.bytes = new Uint8Array(buffer, 0, size);
    this.#words = new Int32Array(buffer);
    // a large prime's next multiple is less than p/4 + 2 bytes ahead (p ≤ √(30·endByte)), also on activation
    const maxStep = Math.sqrt(30 * Math.max(endByte, 1)) / 4 + 2;
    this.#bucketHead = new Int32Array(Math.ceil(maxStep / size) + 2).fill(-1);
  }

  /**
   * Sieve the next segment.
   *
   * @returns false when the end has been reached (no segment produced)
   */
  next(): boolean {
    const L = this.#nextByte;
    if (L >= this.#endByte) {
      this.length = 0;
      return false;
    }
    const len = Math.min(this.#segmentBytes, this.#endByte - L);
    this.byteStart = L;
    this.length = len;
    this.#nextByte = L + len;
    const seg = this.bytes;
    // pre-sieve pattern
    const pattern = presievePattern();
    let off = L % PRESIEVE_PERIOD;
    for (let i = 0; i < len;) {
      const n = Math.min(len - i, PRESIEVE_PERIOD - off);
      seg.set(pattern.subarray(off, off + n), i);
      i += n;
      off = 0;
    }
    this.#activate(L, 30 * (L + len));
    const S = this.#segmentBytes;
    const block = S % BLOCK_BYTES === 0 ? BLOCK_BYTES : S; // every window but the last must be ≥ p
    if (this.#blockEnd > FIRST_SIEVED) {
      for (let lo = 0; lo < len; lo += block) {
        const hi = Math.min(len, lo + block);
        this.#sieveSmall(seg.subarray(lo, hi), hi - lo, FIRST_SIEVED, this.#blockEnd);
      }
    }
    this.#sieveSmall(seg, len, this.#blockEnd, this.#smallEnd);
    this.#sieveLarge(len);
    if (L === 0) seg[0] = 1; // 1 is not prime; 7, 11, …, 29 are (23 and 29 crossed themselves off)
    this.#segmentIndex++;
    return true;
  }

  /**
   * Count the primes (clear bits) in bytes [from, to) of the current segment, 32 bits at a time.
   *
   * @param from - first byte index in the segment (0 ≤ from)
   * @param to - byte index to stop before (to ≤ length)
   * @returns the number of values 30·(byteStart + i) + WHEEL[k] with from ≤ i < to that are prime
   * @example
   * ```ts
   * import { SegmentedSieve } from 'primeos/primes';
   * const s = new SegmentedSieve(0, 4); // values below 120
   * s.next();
   * s.countPrimeBits(0, s.length); // 27 (primes 7 … 113; 2, 3, 5 are not represented)
   * ```
   */
  countPrimeBits(from: number, to: number): number {
    if (to <= from) return 0;
    const seg = this.bytes;
    // whole words [w0, w1) and the bytes before and after them
    const w0 = (from + 3) >> 2;
    const w1 = to >> 2;
    let ones = 0;
    if (w0 >= w1) {
      for (let i = from; i < to; i++) ones += POPCOUNT8[seg[i] as number] as number;
    } else {
      for (let i = from, e = 4 * w0; i < e; i++) ones += POPCOUNT8[seg[i] as number] as number;
      for (let i = 4 * w1; i < to; i++) ones += POPCOUNT8[seg[i] as number] as number;
      ones += popcountWords(this.#words, w0, w1);
    }
    return 8 * (to - from) - ones;
  }

  /** Cross off the multiples of the small primes, whole cycles at a time. */
  #sieveSmall(seg: Uint8Array, len: number, tBegin: number, tEnd: number): void {
    const base = this.#base;
    const state = this.#state;
    const phases = this.#phase;
    const offsets = this.#offsets;
    for (let t = tBegin; t < tEnd; t++) {
      const p = base[t] as number;
      const c8 = 8 * (RESIDUE_BIT[p % 30] as number);
      const b = 8 * t;
      let c = state[t] as number;
      let ph = phases[t] as number;
      if (c < 0) {
        // rest of the cycle begun in the previous segment
        for (let k = 7; k >= 0; k--) {
          const i = c + (offsets[b + k] as number);
          if (i < 0) break;
          seg[i] = (seg[i] as number) | (CLASS_MASK[c8 + k] as number);
        }
        c += p;
        ph = ph === 6 ? 0 : ph + 1;
      }
      const o7 = offsets[b + 7] as number;
      const lim = len - o7;
      if (c < lim) {
        const o0 = offsets[b] as number;
        const o1 = offsets[b + 1] as number;
        const o2 = offsets[b + 2] as number;
        const o3 = offsets[b + 3] as number;
        const o4 = offsets[b + 4] as number;
        const o5 = offsets[b + 5] as number;
        const o6 = offsets[b + 6] as number;
        const m0 = CLASS_MASK[c8] as number;
        const m1 = CLASS_MASK[c8 + 1] as number;
        const m2 = CLASS_MASK[c8 + 2] as number;
        const m3 = CLASS_MASK[c8 + 3] as number;
        const m4 = CLASS_MASK[c8 + 4] as number;
        const m5 = CLASS_MASK[c8 + 5] as number;
        const m6 = CLASS_MASK[c8 + 6] as number;
        const m7 = CLASS_MASK[c8 + 7] as number;
        // single cycles up to a cycle index ≡ 0 (mod 7)
        for (; ph !== 0 && c < lim; c += p, ph = ph === 6 ? 0 : ph + 1) {
          seg[c + o0] = (seg[c + o0] as number) | m0;
          seg[c + o1] = (seg[c + o1] as number) | m1;
          seg[c + o2] = (seg[c + o2] as number) | m2;
          seg[c + o3] = (seg[c + o3] as number) | m3;
          seg[c + o4] = (seg[c + o4] as number) | m4;
          seg[c + o5] = (seg[c + o5] as number) | m5;
          seg[c + o6] = (seg[c + o6] as number) | m6;
          seg[c + o7] = (seg[c + o7] as number) | m7;
        }
        // seven cycles j … j + 6 (j ≡ 0 mod 7) per iteration, 48 crossings: the eight multipliers
        // 30(j + i) + w divisible by 7 (2i + w ≡ 0 mod 7) are skipped, as 7 is pre-sieved. The loop's own
        // cost (bounds, interrupt check, reloading the array) is paid once per 48 crossings
        // (`npx tsx bench/sieve.bench.ts` measures π(10^9)).
        for (const lim7 = len - o7 - 6 * p; c < lim7; c += 7 * p) {
          const d1 = c + p;
          const d2 = d1 + p;
          const d3 = d2 + p;
          const d4 = d3 + p;
          const d5 = d4 + p;
          const d6 = d5 + p;
          seg[c + o0] = (seg[c + o0] as number) | m0;
          seg[c + o2] = (seg[c + o2] as number) | m2;
          seg[c + o3] = (seg[c + o3] as number) | m3;
          seg[c + o4] = (seg[c + o4] as number) | m4;
          seg[c + o5] = (seg[c + o5] as number) | m5;
          seg[c + o6] = (seg[c + o6] as number) | m6;
          seg[c + o7] = (seg[c + o7] as number) | m7;
          seg[d1 + o0] = (seg[d1 + o0] as number) | m0;
          seg[d1 + o1] = (seg[d1 + o1] as number) | m1;
          seg[d1 + o2] = (seg[d1 + o2] as number) | m2;
          seg[d1 + o3] = (seg[d1 + o3] as number) | m3;
          seg[d1 + o4] = (seg[d1 + o4] as number) | m4;
          seg[d1 + o6] = (seg[d1 + o6] as number) | m6;
          seg[d1 + o7] = (seg[d1 + o7] as number) | m7;
          seg[d2 + o0] = (seg[d2 + o0] as number) | m0;
          seg[d2 + o1] = (seg[d2 + o1] as number) | m1;
          seg[d2 + o2] = (seg[d2 + o2] as number) | m2;
          seg[d2 + o3] = (seg[d2 + o3] as number) | m3;
          seg[d2 + o5] = (seg[d2 + o5] as number) | m5;
          seg[d2 + o6] = (seg[d2 + o6] as number) | m6;
          seg[d2 + o7] = (seg[d2 + o7] as number) | m7;
          seg[d3 + o1] = (seg[d3 + o1] as number) | m1;
          seg[d3 + o2] = (seg[d3 + o2] as number) | m2;
          seg[d3 + o3] = (seg[d3 + o3] as number) | m3;
          seg[d3 + o4] = (seg[d3 + o4] as number) | m4;
          seg[d3 + o5] = (seg[d3 + o5] as number) | m5;
          seg[d3 + o6] = (seg[d3 + o6] as number) | m6;
          seg[d4 + o0] = (seg[d4 + o0] as number) | m0;
          seg[d4 + o1] = (seg[d4 + o1] as number) | m1;
          seg[d4 + o2] = (seg[d4 + o2] as number) | m2;
          seg[d4 + o4] = (seg[d4 + o4] as number) | m4;
          seg[d4 + o5] = (seg[d4 + o5] as number) | m5;
          seg[d4 + o6] = (seg[d4 + o6] as number) | m6;
          seg[d4 + o7] = (seg[d4 + o7] as number) | m7;
          seg[d5 + o0] = (seg[d5 + o0] as number) | m0;
          seg[d5 + o1] = (seg[d5 + o1] as number) | m1;
          seg[d5 + o3] = (seg[d5 + o3] as number) | m3;
          seg[d5 + o4] = (seg[d5 + o4] as number) | m4;
          seg[d5 + o5] = (seg[d5 + o5] as number) | m5;
          seg[d5 + o6] = (seg[d5 + o6] as number) | m6;
          seg[d5 + o7] = (seg[d5 + o7] as number) | m7;
          seg[d6 + o0] = (seg[d6 + o0] as number) | m0;
          seg[d6 + o1] = (seg[d6 + o1] as number) | m1;
          seg[d6 + o2] = (seg[d6 + o2] as number) | m2;
          seg[d6 + o3] = (seg[d6 + o3] as number) | m3;
          seg[d6 + o4] = (seg[d6 + o4] as number) | m4;
          seg[d6 + o5] = (seg[d6 + o5] as number) | m5;
          seg[d6 + o7] = (seg[d6 + o7] as number) | m7;
        }
        // then single cycles
        for (; c < lim; c += p, ph = ph === 6 ? 0 : ph + 1) {
          seg[c + o0] = (seg[c + o0] as number) | m0;
          seg[c + o1] = (seg[c + o1] as number) | m1;
          seg[c + o2] = (seg[c + o2] as number) | m2;
          seg[c + o3] = (seg[c + o3] as number) | m3;
          seg[c + o4] = (seg[c + o4] as number) | m4;
          seg[c + o5] = (seg[c + o5] as number) | m5;
          seg[c + o6] = (seg[c + o6] as number) | m6;
          seg[c + o7] = (seg[c + o7] as number) | m7;
        }
      }
      if (c < len) {
        // first part of a cycle that ends in the next segment
        for (let k = 0; k < 8; k++) {
          const i = c + (offsets[b + k] as number);
          if (i >= len) break;
          seg[i] = (seg[i] as number) | (CLASS_MASK[c8 + k] as number);
        }
      }
      state[t] = c - len;
      phases[t] = ph;
    }
  }

  /** Cross off the multiples of the large primes waiting in this segment's bucket, and re-file them. */
  #sieveLarge(len: number): void {
    const heads = this.#bucketHead;
    const R = heads.length;
    const s = this.#segmentIndex;
    let t = heads[s % R] as number;
    if (t < 0) return;
    heads[s % R] = -1;
    const seg = this.bytes;
    const S = this.#segmentBytes;
    const base = this.#base;
    const state = this.#state;
    const wheel = this.#wheel;
    const next = this.#bucketNext;
    while (t >= 0) {
      const after = next[t] as number;
      const p = base[t] as number;
      const q = (p / 30) | 0;
      const c8 = 8 * (RESIDUE_BIT[p - 30 * q] as number);
      let i = state[t] as number;
      let k = wheel[t] as number;
      while (i < len) {
        seg[i] = (seg[i] as number) | (CLASS_MASK[c8 + k] as number);
        i += q * (WHEEL_STEP[k] as number) + (CLASS_STEP_ADJ[c8 + k] as number);
        k = (k + 1) & 7;
      }
      i -= len;
      const ahead = Math.floor(i / S);
      const target = (s + 1 + ahead) % R;
      state[t] = i - ahead * S;
      wheel[t] = k;
      next[t] = heads[target] as number;
      heads[target] = t;
      t = after;
    }
  }

  /** Make every prime p with p² < hiValue active, with its state relative to byte L. */
  #activate(L: number, hiValue: number): void {
    const need = Math.floor(Math.sqrt(hiValue)) + 1;
    if (need > this.#baseLimit) {
      const limit = Math.max(need, 2 * this.#baseLimit, 1024);
      this.#base = primesUpTo(limit);
      this.#baseLimit = limit;
      const cap = this.#base.length;
      const grow = <T extends Int32Array | Uint8Array>(old: T, make: (n: number) => T, n: number): T => {
        const a = make(n);
        a.set(old);
        return a;
      };
      this.#state = grow(this.#state, (n) => new Int32Array(n), cap);
      this.#offsets = grow(this.#offsets, (n) => new Int32Array(n), 8 * cap);
      this.#wheel = grow(this.#wheel, (n) => new Uint8Array(n), cap);
      this.#phase = grow(this.#phase, (n) => new Uint8Array(n), cap);
      this.#bucketNext = grow(this.#bucketNext, (n) => new Int32Array(n), cap);
    }
    const base = this.#base;
    const S = this.#segmentBytes;
    const { floor, max, ceil } = Math;
    for (let t = this.#active; t < base.length; t++) {
      const p = base[t] as number;
      if (p * p >= hiValue) break;
      if (p <= S) {
        // cycle j covers the multipliers 30j … 30j + 29, i.e. bytes p·j … p·j + p − 1
        const j = max(floor(p / 30), floor(L / p));
        this.#state[t] = p * j - L;
        this.#phase[t] = j % 7;
        for (let k = 0; k < 8; k++) this.#offsets[8 * t + k] = floor((p * (WHEEL[k] as number)) / 30);
        this.#smallEnd = t + 1;
        if (p <= BLOCK_PRIME_LIMIT) this.#blockEnd = t + 1;
      } else {
        // first multiplier m ≥ p coprime to 30 with p·m ≥ 30·L
        const m0 = max(p, ceil((30 * L) / p));
        let m = m0;
        while ((RESIDUE_BIT[m % 30] as number) < 0) m++;
        const i = floor((p * m) / 30) - L;
        const ahead = floor(i / S);
        const heads = this.#bucketHead;
        const target = (this.#segmentIndex + ahead) % heads.length;
        this.#state[t] = i - ahead * S;
        this.#wheel[t] = RESIDUE_BIT[m % 30] as number;
        this.#bucketNext[t] = heads[target] as number;
        heads[target] = t;
      }
      this.#active = t + 1;
    }
  }
}
