/**
 * Engine crossovers, measured by `bench/bands-crossover.ts` (medians over balanced semiprimes, 2-core
 * reference machine, 2026-11-23) and stored as data. `adapt()` in the bands model can move them at run
 * time from observed timings.
 *
 * Measured (ms, median of 5): balanced semiprime bits → Pollard–Brent rho | SIQS | one ECM curve at
 * B1 = 2000:
 *   48 → 0.8 | 49 (first-call warm-up) | 7;  64 → 50 | 31 | 24;  80 → >20 000 | 7.5 | 17;
 *   96 → – | 44 | 17;  112 → – | 151 | 18;  128 → – | 273 | 20;  160 → – | 1 813 | 24.
 */
export interface Crossovers {
  /** Above this many bits SIQS is tried after rho (below it rho is the main engine). */
  readonly siqsMinBits: number;
  /** SIQS is not attempted on composites larger than this (it would not finish in a useful time). */
  readonly siqsMaxBits: number;
  /** Composites up to this size get rho as their main engine (large iteration cap). */
  readonly rhoMainMaxBits: number;
}

/** The measured defaults. */
export const DEFAULT_CROSSOVERS: Crossovers = {
  siqsMinBits: 60,
  siqsMaxBits: 240,
  rhoMainMaxBits: 60,
};
