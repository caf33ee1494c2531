/**
 * Sieve parameters for one run of the self-initialising quadratic sieve (see {@link siqsParams}).
 */
export interface SiqsParams {
  /** Number of primes in the factor base (including 2). */
  readonly factorBaseSize: number;
  /** M: each polynomial is sieved over x ∈ [−M, M). A multiple of 16. */
  readonly sieveHalfWidth: number;
  /** Single large primes up to this multiple of the largest factor-base prime pmax are kept (capped at pmax²). */
  readonly largePrimeMultiplier: number;
  /** Bits below log2(M·√(kn/2)) at which a sieve location becomes a candidate. */
  readonly thresholdSlack: number;
  /** Primes below this bound are not sieved (their contribution is folded into the threshold). */
  readonly smallPrimeLimit: number;
  /** Relations collected beyond the factor-base size before the linear algebra. */
  readonly extraRelations: number;
  /**
   * Double large primes: a cofactor below largePrimeBound^this that splits into two primes below the
   * large-prime bound is kept as a partial relation with two large primes (0: off, single large primes only).
   * Off in the table: with its threshold slack, 1.8 changed the time by −3% to +4% at 192 and 224 bits (also
   * 1.9 with a 2–4× larger large-prime multiplier, and 4 bits more slack) and +1% at 256 bits (one number,
   * 160.6 against 159.0 s): the matrix fills before such relations close enough cycles to pay for the extra
   * candidates. Measure with `npx tsx bench/siqsParams.ts`.
   */
  readonly doubleLargePrimeExponent: number;
}

/** Primes below this bound are not sieved (outside {@link SIQS_LOW_PRIME_RANGE}). */
export const SIQS_SMALL_PRIME_LIMIT = 50;

/**
 * Sizes of n (bits, inclusive) at which only primes below {@link SIQS_LOW_PRIME_LIMIT} go unsieved:
 * sieving the primes 31–47 too pays off a few percent at 60–96 bits, not at 128 bits, and costs below 60 bits
 * (far more candidates are partial relations, which at that size rarely pair up). Measure with
 * `npx tsx bench/siqs.bench.ts` (CPU medians per size).
 */
export const SIQS_LOW_PRIME_RANGE: readonly [number, number] = [60, 104];

/** The unsieved-prime bound inside {@link SIQS_LOW_PRIME_RANGE}. */
export const SIQS_LOW_PRIME_LIMIT = 30;

/**
 * Relations collected beyond the factor-base size before the linear algebra. Each extra row adds at least
 * one dependency (a split with probability ½), so 8 fail together with probability about 2^−8; a failed
 * solve collects 8 more and solves again. Fewer extra relations is less sieving, which matters most at
 * 64–96 bits (`npx tsx bench/siqs.bench.ts`).
 */
export const SIQS_EXTRA_RELATIONS = 8;

/**
 * The parameter table, by bit size of n (not k·n): [bits, factor-base size, M, large-prime multiplier,
 * threshold slack]. Values in between are interpolated linearly (geometrically for M); sizes outside
 * [40, 256] use the nearest row. The number s of primes in each a is not in the table: `prepareSiqs`
 * derives it from the target a ≈ √(2kn)/M so that the a-factors stay near min(2000, median
 * factor-base prime). Primes below {@link SIQS_SMALL_PRIME_LIMIT} ({@link SIQS_LOW_PRIME_LIMIT} in
 * {@link SIQS_LOW_PRIME_RANGE}) are never sieved, and
 * {@link SIQS_EXTRA_RELATIONS} relations beyond the factor-base size are collected before the linear algebra.
 *
 * Tuned by CPU-time medians on balanced semiprimes (2-core x86-64, Node 20, loaded machine): at 128
 * bits factor bases of 300/450/650/800/1000 primes gave 294/161/137/111/132 ms, a large-prime multiplier
 * of 100 beat 50; at 192 bits 2500/3500/5000 primes gave ≈ 9/4.7/4.0 s. From 64 to 104 bits the time is
 * flat within ±10% for factor bases 0.7–1.4× and M 0.5–2× the table's (40 numbers per size, configurations
 * interleaved per number); at 96 bits 240 primes beat 310 by ~12%, hence 300 (not 350) at 100 bits.
 * Re-tuned from 72 to 120 bits when the sieve moved into WebAssembly (sieving got about twice as cheap, so
 * smaller factor bases with wider sieves pay): CPU medians of 3 interleaved rounds over 150 balanced
 * semiprimes (60 at 112 and 120 bits), old table → this one: 72 bits 0.61 → 0.45 ms, 80 bits 0.67 → 0.58,
 * 88 bits 1.10 → 0.93, 96 bits 1.67 → 1.52, 104 bits 2.77 → 2.60, 112 bits 5.39 → 4.99, 120 bits 9.15 → 8.93;
 * at 128 bits the old row stayed best (factor bases 0.6–1.25×, M 0.5–2×).
 * Threshold slack re-tuned from 160 bits up (`npx tsx bench/siqsParams.ts`, CPU sums over the same numbers,
 * order rotated): the old slack let too few candidates through once the sieve ran in WebAssembly. Slack +8
 * and +12 over the old rows: 160 bits 1593 → 1230 / 1236 ms (8 numbers), 176 bits 3376 → 2629 / 2660 ms
 * (5), 192 bits 6550 → 4871 (+8) / 4615 (+12) ms, +16 4903 ms (3), 224 bits 54.6 → 35.3 s (+12, 2 numbers);
 * 144 bits +4 and +8 gave 309 → 275 / 277 ms; at 100 and 128 bits +2 and +4 were within the noise. 256 bits
 * takes the 224-bit row's +12 unmeasured.
 * Re-measure with `npx tsx bench/siqs.bench.ts` (against PARI/GP) and `npx tsx bench/siqsParams.ts`.
 */
export const SIQS_PARAM_TABLE: readonly (readonly [number, number, number, number, number])[] = [
  [40, 40, 2048, 20, 12],
  [60, 70, 4096, 30, 14],
  [80, 120, 16384, 40, 16],
  [100, 230, 16384, 60, 18],
  [112, 340, 22528, 75, 19.5],
  [128, 800, 32768, 100, 21],
  [160, 1800, 65536, 100, 33],
  [192, 5000, 98304, 120, 37],
  [224, 10000, 131072, 150, 39],
  [256, 20000, 196608, 200, 41],
];

/**
 * Parameters for an n of the given bit length, from {@link SIQS_PARAM_TABLE}.
 *
 * @param bits - bit length of n (clamped to the table's range)
 * @returns the interpolated parameters
 * @example
 * ```ts
 * import { siqsParams } from 'primeos/primes';
 * siqsParams(128).factorBaseSize; // 800
 * ```
 */
export function siqsParams(bits: number): SiqsParams {
  const table = SIQS_PARAM_TABLE;
  const first = table[0] as (typeof table)[number];
  const last = table[table.length - 1] as (typeof table)[number];
  const b = Math.min(Math.max(bits, first[0]), last[0]);
  let lo = first;
  let hi = first;
  for (let i = 0; i < table.length - 1; i++) {
    const row = table[i] as (typeof table)[number];
    const next = table[i + 1] as (typeof table)[number];
    if (b >= row[0] && b <= next[0]) {
      lo = row;
      hi = next;
      break;
    }
  }
  const t = hi[0] === lo[0] ? 0 : (b - lo[0]) / (hi[0] - lo[0]);
  const lin = (x: number, y: number): number => x + (y - x) * t;
  const m = Math.round(Math.exp(lin(Math.log(lo[2]), Math.log(hi[2]))) / 16) * 16;
  return {
    factorBaseSize: Math.round(lin(lo[1], hi[1])),
    sieveHalfWidth: m,
    largePrimeMultiplier: Math.round(lin(lo[3], hi[3])),
    thresholdSlack: lin(lo[4], hi[4]),
    smallPrimeLimit:
      bits >= SIQS_LOW_PRIME_RANGE[0] && bits <= SIQS_LOW_PRIME_RANGE[1]
        ? SIQS_LOW_PRIME_LIMIT
        : SIQS_SMALL_PRIME_LIMIT,
    extraRelations: SIQS_EXTRA_RELATIONS,
    doubleLargePrimeExponent: 0,
  };
}
