import type { Band } from './Band.js';
import { BandName } from './BandName.js';
import { DEFAULT_CROSSOVERS, type Crossovers } from './crossovers.js';
import type { StageSpec } from './StageSpec.js';

/** Bit ranges of the PrimeOS spectrum (docs/ARCHITECTURE.md §5); DIRECT covers 1–15 bits. */
export const BAND_RANGES: readonly { readonly name: BandName; readonly minBits: number; readonly maxBits: number }[] = [
  { name: BandName.DIRECT, minBits: 0, maxBits: 15 },
  { name: BandName.ULTRABASS, minBits: 16, maxBits: 32 },
  { name: BandName.BASS, minBits: 33, maxBits: 64 },
  { name: BandName.MIDRANGE, minBits: 65, maxBits: 128 },
  { name: BandName.UPPER_MID, minBits: 129, maxBits: 256 },
  { name: BandName.TREBLE, minBits: 257, maxBits: 512 },
  { name: BandName.SUPER_TREBLE, minBits: 513, maxBits: 1024 },
  { name: BandName.ULTRASONIC_1, minBits: 1025, maxBits: 2048 },
  { name: BandName.ULTRASONIC_2, minBits: 2049, maxBits: 4096 },
];

/** Micro-ECM takes composites of this many bits and more (its default lower bound, 2^36, has 37 bits). */
const MICRO_ECM_MIN_BITS = 37;

/** Budget of one SIQS call: large, since the job's total budget caps it anyway. */
const SIQS_STAGE_BUDGET_MS = 600_000;

/**
 * The full ordered stage list; every stage carries the composite sizes it applies to, so one list
 * serves every band and every cofactor met on the way down.
 *
 * - up to `rhoMainMaxBits` (64): trial division to 2^12, then micro-ECM from 37 bits (WebAssembly,
 *   0.1 ms median on balanced 64-bit semiprimes), then rho (its WebAssembly path below 2^64) for what
 *   is smaller or what micro-ECM gives up on; between that and `pretestMinBits` trial division to 2^14 then SIQS
 *   (< 10 ms there); from `pretestMinBits` trial division to 2^20 (~0.3 ms at 96–192 bits since limb folding)
 *   instead of the former tdiv to 2^16 + short rho (2^12 iterations, 1.3–1.7 ms, factors to ~2^24): the first
 *   ECM curve finds 20–24-bit factors anyway, and the rho put back costs more than it saves (bench below).
 * - ECM pretest before SIQS, ~10% of the SIQS time at that size or less (the one curve at 110–127 bits is ~25%,
 *   but replaces the short rho, which cost ~70% of it). CPU ms per kernel curve (`--corpus engines`): B1 = 2000
 *   1.8 at 112 bits, 1.9 at 128, 2.3 at 160, 2.8 at 192, 3.6 at 224; B1 = 11 000 8.8 / 9.5 / 11 / 13.5 / 17;
 *   SIQS 7 ms at 112 bits, 21 at 128, 290 at 160, 3.1 s at 192. So: 1 curve B1 = 2000 from `pretestMinBits`
 *   to 140 bits (2 curves cost balanced 112–128-bit semiprimes +3 ms, 10%, and saved no more), 6 to
 *   180 bits (10 found no more: unbalanced 160-bit 410 vs 393 ms, random 890 vs 798, and cost balanced
 *   309 vs 298 ms median), 16 then 8 at B1 = 11 000 to `siqsMaxBits`
 *   (16 rather than 8 at B1 = 2000, with 16 at B1 = 11 000 behind: unbalanced 224-bit 348 → 200 ms, 192-bit
 *   162 → 135, balanced 192 unchanged within noise; 16 rather than 8 at B1 = 11 000 found no more — unbalanced 192-bit 136 vs 139 ms, 224-bit
 *   223 vs 207, random 192-bit 2209 vs 2249 — and cost balanced 192-bit semiprimes 3257 vs 3159 ms median).
 * - `npx tsx bench/bands-crossover.ts --corpus unbalanced,random --count 16 --sizes 192,224` and
 *   `--corpus balanced --count 8 --sizes 192` (likewise for 128 and 160), this plan against the former one (tdiv
 *   2^16 + short rho, no curve below 141 bits, 3 to 180, 8 at B1 = 11 000 above), sums of CPU ms, same run,
 *   2026-11-30: unbalanced (a 20–40-bit prime times a large prime, 16 per size) 128 bits 328 → 202, 160 bits
 *   986 → 406, 192 bits 241 → 139, 224 bits 5245 (one over the 5 s budget) → 207, 256 bits 146 → 141; random
 *   numbers 160 bits 894 → 802, 192 bits 2284 → 2249 (within noise: a few numbers that go to SIQS dominate);
 *   balanced semiprimes pay for the curves: medians 96–160 bits within noise (128: 27.2 → 27.8 ms, 160: 316 →
 *   308), 192 bits 3121 → 3159 ms (+1%).
 * - Above `siqsMaxBits` only ECM can find factors: the full schedule 15 → 35 digits (curve counts per level
 *   unchanged: the kernel made every level ~3× cheaper alike, so their ratios still hold).
 */
function stageList(c: Crossovers): StageSpec[] {
  const above = c.siqsMaxBits + 1;
  return [
    // below 2^64 the WebAssembly rho finds 11–16-bit factors faster than BigInt trial division
    { engine: 'tdiv', bound: 4_096, budgetMs: 1_000, maxBits: c.rhoMainMaxBits },
    // SIQS wants no factor below ~10^4; beyond that, small factors are cheap for SIQS below the pretest size
    { engine: 'tdiv', bound: 16_384, budgetMs: 1_000, minBits: c.rhoMainMaxBits + 1, maxBits: c.pretestMinBits - 1 },
    // tdiv is cheap now (limb folding): 2^20 costs ~0.3 ms from 110 bits, less than the short rho it replaces
    { engine: 'tdiv', bound: 1 << 20, budgetMs: 1_000, minBits: c.pretestMinBits },
    // micro-ECM (WebAssembly) from 37 bits: 1.35× rho at 40 bits, 4.4× at 56, 7.8× at 64 (bench/microEcm.bench.ts)
    { engine: 'uecm', maxCurves: 1_024, budgetMs: 2_000, minBits: MICRO_ECM_MIN_BITS, maxBits: c.rhoMainMaxBits },
    { engine: 'rho', maxIterations: 1 << 22, maxIterationsWasm: 1 << 26, budgetMs: 20_000, maxBits: c.rhoMainMaxBits },
    { engine: 'ecm', B1: 2_000, curves: 1, budgetMs: 2_000, minBits: c.pretestMinBits, maxBits: 140 },
    { engine: 'ecm', B1: 2_000, curves: 6, budgetMs: 5_000, minBits: 141, maxBits: 180 },
    { engine: 'ecm', B1: 2_000, curves: 16, budgetMs: 5_000, minBits: 181, maxBits: c.siqsMaxBits },
    { engine: 'ecm', B1: 11_000, curves: 8, budgetMs: 20_000, minBits: 181, maxBits: c.siqsMaxBits },
    { engine: 'siqs', budgetMs: SIQS_STAGE_BUDGET_MS, minBits: c.siqsMinBits, maxBits: c.siqsMaxBits },
    // safety net, reached only when SIQS gives up on a number (it once did on 2^64 + 1)
    { engine: 'rho', maxIterations: 1 << 18, budgetMs: 10_000, minBits: c.siqsMinBits, maxBits: c.siqsMaxBits },
    { engine: 'ecm', B1: 11_000, curves: 50, budgetMs: 30_000, minBits: c.siqsMinBits, maxBits: c.siqsMaxBits },
    { engine: 'ecm', B1: 2_000, curves: 30, budgetMs: 10_000, minBits: above },
    { engine: 'ecm', B1: 11_000, curves: 110, budgetMs: 30_000, minBits: above },
    { engine: 'ecm', B1: 50_000, curves: 350, budgetMs: 120_000, minBits: above },
    { engine: 'ecm', B1: 250_000, curves: 800, budgetMs: 600_000, minBits: above },
    { engine: 'ecm', B1: 1_000_000, curves: 2_000, budgetMs: 3_600_000, minBits: above },
  ];
}

/** Default batch sizes shrink as numbers grow (work per item grows). */
const BATCH_SIZES: Readonly<Record<BandName, number>> = {
  DIRECT: 4096,
  ULTRABASS: 2048,
  BASS: 512,
  MIDRANGE: 64,
  UPPER_MID: 8,
  TREBLE: 2,
  SUPER_TREBLE: 1,
  ULTRASONIC_1: 1,
  ULTRASONIC_2: 1,
};

/** Measured cost (ms) of the hardest input at each band's top (see crossovers.ts); beyond SIQS: a full ECM run. */
const COST_MS: Readonly<Record<BandName, number>> = {
  DIRECT: 0.001,
  ULTRABASS: 0.05,
  BASS: 50,
  MIDRANGE: 300,
  UPPER_MID: 600_000,
  TREBLE: 3_600_000,
  SUPER_TREBLE: 3_600_000,
  ULTRASONIC_1: 3_600_000,
  ULTRASONIC_2: 3_600_000,
};

/** NTT field per band: the classic 998244353 = 119·2^23 + 1 (root 3) up to BASS, 2013265921 = 15·2^27 + 1 (root 31) above. */
function nttField(name: BandName): { nttModulus: number; nttRoot: number } {
  return name === 'DIRECT' || name === 'ULTRABASS' || name === 'BASS'
    ? { nttModulus: 998_244_353, nttRoot: 3 }
    : { nttModulus: 2_013_265_921, nttRoot: 31 };
}

/**
 * Build the band table for a set of crossovers: each band's plan is the part of the stage list that
 * applies to composites up to the band's top (the cofactors met on the way down included).
 *
 * @param crossovers - engine crossovers (default: the measured ones)
 * @returns the nine bands, ascending
 * @example
 * ```ts
 * import { buildBandTable } from 'primeos/bands';
 * buildBandTable().find((b) => b.name === 'BASS')?.plan.map((s) => s.engine); // ['tdiv', 'uecm', 'rho']
 * ```
 */
export function buildBandTable(crossovers: Crossovers = DEFAULT_CROSSOVERS): readonly Band[] {
  const stages = stageList(crossovers);
  return BAND_RANGES.map((r) => ({
    ...r,
    // cofactors shrink as factors are found, so a band keeps every stage for sizes up to its top
    plan: stages.filter((s) => (s.minBits ?? 0) <= r.maxBits),
    processing: { batchSize: BATCH_SIZES[r.name], ...nttField(r.name) },
    costMs: COST_MS[r.name],
  }));
}

/** The default band table. */
export const BAND_TABLE: readonly Band[] = buildBandTable();
