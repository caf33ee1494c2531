/**
 * The shared segmented sieve engine: bit-packed, mod-30 wheel (one byte = 30 integers, one bit per
 * residue coprime to 30), with a pre-sieved pattern for 7·11·13·17. Memory is bounded by the segment
 * size plus the base primes up to √(end). Used by `sieve.ts` (ranges, iterators, counting) and by
 * `primeCount.ts` (the π table). Values are Numbers below {@link SIEVE_MAX}.
 */
import { PrimeosError } from '../model/PrimeosError.js';
import { primesUpTo } from './smallPrimes.js';

/** The residues modulo 30 that are coprime to 30; bit k of a byte stands for 30·i + WHEEL[k]. */
export const WHEEL: readonly number[] = [1, 7, 11, 13, 17, 19, 23, 29];

/** Largest value the sieve handles (products p·q stay exact in doubles below 2^53). */
export const SIEVE_MAX = 2 ** 52;

/** Default segment size in bytes (30 integers per byte): 128 KiB ≈ 3.9 million integers. */
export const DEFAULT_SEGMENT_BYTES = 131072;

/** Residue mod 30 → bit index, −1 when not coprime to 30. */
const RESIDUE_BIT = new Int8Array(30).fill(-1);
WHEEL.forEach((r, k) => (RESIDUE_BIT[r] = k));

/** Number of set bits in each byte value. */
export const POPCOUNT8 = new Uint8Array(256);
for (let i = 1; i < 256; i++) POPCOUNT8[i] = (i & 1) + (POPCOUNT8[i >> 1] as number);

/** Index of the lowest set bit for each non-zero byte value. */
export const LOWBIT8 = new Uint8Array(256);
for (let i = 1; i < 256; i++) LOWBIT8[i] = Math.log2(i & -i);

const PRESIEVE_PRIMES = [7, 11, 13, 17] as const;
const PRESIEVE_PERIOD = 7 * 11 * 13 * 17; // bytes

/** Pattern of composite bits for the multiples of the pre-sieve primes, periodic in PRESIEVE_PERIOD bytes. */
const PRESIEVE = (() => {
  const pat = new Uint8Array(PRESIEVE_PERIOD);
  for (const p of PRESIEVE_PRIMES) {
    for (let j = 0; j < 8; j++) {
      const q = WHEEL[j] as number;
      const bit = 1 << (RESIDUE_BIT[(p * q) % 30] as number);
      for (let i = Math.floor((p * q) / 30) % PRESIEVE_PERIOD, n = 0; n < PRESIEVE_PERIOD / p; n++) {
        pat[i] = (pat[i] as number) | bit;
        i = (i + p) % PRESIEVE_PERIOD;
      }
    }
  }
  return pat;
})();

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
  /** Bytes of the current segment (bit set = composite). */
  readonly bytes: Uint8Array;
  /** Absolute byte index of the current segment's first byte (value 30·byteStart). */
  byteStart: number;
  /** Valid bytes in the current segment (0 before the first `next()`). */
  length = 0;

  #nextByte: number;
  readonly #segmentBytes: number;
  readonly #endByte: number;
  #base: Uint32Array = new Uint32Array(0);
  #baseLimit = 0;
  /** Index into #base of the first prime not yet active (base starts 2, 3, 5, 7, 11, 13, 17, 19 …). */
  #active = 7;
  #offsets: Int32Array = new Int32Array(0);
  #masks: Uint8Array = new Uint8Array(0);

  /**
   * @param startByte - absolute byte index to start at (value 30·startByte)
   * @param endByte - absolute byte index to stop before (values < 30·endByte are covered)
   * @param segmentBytes - segment size in bytes
   */
  constructor(startByte: number, endByte: number, segmentBytes = DEFAULT_SEGMENT_BYTES) {
    if (30 * endByte > SIEVE_MAX + 30) throw new PrimeosError('E_RANGE', `sieve: end beyond ${SIEVE_MAX}`);
    this.byteStart = startByte;
    this.#nextByte = startByte;
    this.#endByte = endByte;
    this.#segmentBytes = segmentBytes;
    this.bytes = new Uint8Array(segmentBytes);
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
    let off = L % PRESIEVE_PERIOD;
    for (let i = 0; i < len;) {
      const n = Math.min(len - i, PRESIEVE_PERIOD - off);
      seg.set(PRESIEVE.subarray(off, off + n), i);
      i += n;
      off = 0;
    }
    if (L === 0) seg[0] = ((seg[0] as number) & 0b11100001) | 1; // 1 is not prime; 7, 11, 13, 17 are
    const hiValue = 30 * (L + len);
    this.#activate(L, hiValue);
    const offsets = this.#offsets;
    const masks = this.#masks;
    const base = this.#base;
    for (let k = 7, a = this.#active; k < a; k++) {
      const p = base[k] as number;
      const o = 8 * (k - 7);
      for (let j = 0; j < 8; j++) {
        let i = offsets[o + j] as number;
        if (i >= len) {
          offsets[o + j] = i - len;
          continue;
        }
        const m = masks[o + j] as number;
        for (; i < len; i += p) seg[i] = (seg[i] as number) | m;
        offsets[o + j] = i - len;
      }
    }
    return true;
  }

  /** Make every prime p with p² < hiValue active, with its offsets relative to byte L. */
  #activate(L: number, hiValue: number): void {
    const need = Math.floor(Math.sqrt(hiValue)) + 1;
    if (need > this.#baseLimit) {
      const limit = Math.max(need, 2 * this.#baseLimit, 1024);
      this.#base = primesUpTo(limit);
      this.#baseLimit = limit;
      const cap = this.#base.length;
      const offsets = new Int32Array(8 * cap);
      offsets.set(this.#offsets);
      const masks = new Uint8Array(8 * cap);
      masks.set(this.#masks);
      this.#offsets = offsets;
      this.#masks = masks;
    }
    const base = this.#base;
    const lo = 30 * L;
    for (let k = this.#active; k < base.length; k++) {
      const p = base[k] as number;
      if (p * p >= hiValue) break;
      const o = 8 * (k - 7);
      const q0 = Math.max(p, Math.ceil(lo / p));
      for (let j = 0; j < 8; j++) {
        const w = WHEEL[j] as number;
        const q = q0 + ((((w - q0) % 30) + 30) % 30);
        const v = p * q;
        this.#offsets[o + j] = Math.floor(v / 30) - L;
        this.#masks[o + j] = 1 << (RESIDUE_BIT[v % 30] as number);
      }
      this.#active = k + 1;
    }
  }
}
