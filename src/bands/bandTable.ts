import type { Band } from './Band.js';
import { BandName } from './BandName.js';
import { DEFAULT_CROSSOVERS, type Crossovers } from '../primes/crossovers.js';
import { factorStageSpecs } from '../primes/factorPlan.js';

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
  const stages = factorStageSpecs(crossovers);
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
