/**
 * Engine crossovers, stored as data; `adapt()` in the bands model can move them at run time from observed timings.
 * Measured by `npx tsx bench/bands-crossover.ts --corpus engines` (CPU ms of one call, medians over balanced
 * semiprimes, 2-core machine shared with other jobs, 2026-11-30): bits → micro-ECM | Pollard–Brent rho
 * (WebAssembly below 2^64, BigInt above) | SIQS:
 *   48 → 0.06 | 0.05 | 0.21;  56 → 0.07 | 0.16 | 0.26;  60 → 0.14 | 0.26 | 0.29;  64 → 0.10 | 1.2 | 0.54;
 *   66 → – | 25 | 0.40;  70 → – | 42 | 0.46;  80 → – | 303 | 0.82.
 * So micro-ECM/rho stay the engines to 64 bits and SIQS takes over above. SIQS then costs 2.2 ms at 96 bits,
 * 7.1 at 112, 21 at 128, 290 at 160 and 3.1 s at 192, one ECM curve at B1 = 2000 1.4–2.8 ms from 96 to 192 bits:
 * the pretest sizes in bandTable.ts follow from these (and the plan comparison in the same bench).
 */
export interface Crossovers {
  /** Above this many bits SIQS is tried after rho (below it rho is the main engine). */
  readonly siqsMinBits: number;
  /** SIQS is not attempted on composites larger than this (it would not finish in a useful time). */
  readonly siqsMaxBits: number;
  /** Composites up to this size get rho as their main engine (large iteration cap). */
  readonly rhoMainMaxBits: number;
  /**
   * From this size trial division goes to 2^20 and ECM pretest curves run before SIQS (below it SIQS takes
   * < 7 ms and the pretests would cost about as much as they could save).
   */
  readonly pretestMinBits: number;
}

/** The measured defaults. */
export const DEFAULT_CROSSOVERS: Crossovers = {
  siqsMinBits: 65,
  siqsMaxBits: 240,
  rhoMainMaxBits: 64,
  pretestMinBits: 110,
};
