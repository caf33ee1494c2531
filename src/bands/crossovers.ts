/**
 * Engine crossovers, measured by `bench/bands-crossover.ts` (medians over balanced semiprimes, 2-core
 * reference machine, 2026-11-23) and stored as data. `adapt()` in the bands model can move them at run
 * time from observed timings.
 *
 * Measured (ms, median of 9 balanced semiprimes): bits → Pollard–Brent rho (WebAssembly below 2^64,
 * BigInt above) | SIQS:
 *   48 → 0.14 | 10.6;  56 → 0.33 | 3.3;  60 → 0.59 | 2.1;  64 → 1.3 | 5.9;  66 → 37 | 2.0;
 *   70 → 70 | 2.2;  80 → 570 | 3.6.
 * One ECM curve at B1 = 2000 costs ~20 ms at 128–160 bits, where SIQS takes ~69 ms (128) and ~450 ms (160)
 * (bench/siqs.bench.ts, same day, after the SIQS tuning).
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
   * < 15 ms and the pretests would cost about as much as they could save).
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
