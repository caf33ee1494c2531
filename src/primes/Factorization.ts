import type { ErrorCode } from '../model/PrimeosError.js';

/** PrimeOS factor shape: a prime and its exponent. */
export interface Factor {
  readonly prime: bigint;
  readonly exponent: number;
}

/** How sure we are that a reported factor is prime. */
export type Certainty = 'proven' | 'probable';

/** A prime factor with its certainty (deterministic test → 'proven'; BPSW above 3.3·10^24 → 'probable'). */
export interface PrimeFactor extends Factor {
  readonly certainty: Certainty;
}

/** Effort spent by the engines, reported so a partial result says what was tried. */
export interface FactorEffort {
  /** Trial division bound reached. */
  readonly trialBound?: number;
  /** Pollard rho iterations performed. */
  readonly rhoIterations?: number;
  /** ECM curves run and the largest B1 reached. */
  readonly ecmCurves?: number;
  readonly ecmB1?: number;
  /** SIQS relations collected. */
  readonly siqsRelations?: number;
}

interface FactorizationBase {
  /** The input (with its sign). */
  readonly n: bigint;
  /** -1 when n < 0 (|n| is factored), else 1. */
  readonly sign: 1 | -1;
  /** Prime factors found, ascending by prime, merged by exponent. */
  readonly factors: readonly PrimeFactor[];
  /** Bit length of |n|. */
  readonly bits: number;
  /** Band name (filled by the band planner; undefined when the engines ran without one). */
  readonly band?: string;
  /** Engines that found factors, in order of first success (e.g. ['tdiv', 'rho']). */
  readonly method: readonly string[];
  /** Wall-clock milliseconds spent. */
  readonly elapsedMs: number;
  /** What was tried. */
  readonly effort: FactorEffort;
}

/** Every factor is (proven or BPSW-probable) prime and their product (times sign) is n. */
export interface CompleteFactorization extends FactorizationBase {
  readonly status: 'complete';
}

/** Some factors found; `cofactor` is composite and could not be split within budget. */
export interface PartialFactorization extends FactorizationBase {
  readonly status: 'partial';
  /** The unsplit composite part: sign · Π factors · cofactor = n. */
  readonly cofactor: bigint;
  /** A Fermat/Miller–Rabin base witnessing that cofactor is composite. */
  readonly witness: bigint;
  /** Why the engines stopped (budget exhausted, aborted). */
  readonly reason: 'budget' | 'aborted';
}

/** Bad input or engine failure. */
export interface FailedFactorization extends FactorizationBase {
  readonly status: 'failed';
  readonly error: { readonly code: ErrorCode; readonly message: string };
}

/** The full outcome of factorising one number (docs/ARCHITECTURE.md §3), discriminated on `status`. */
export type Factorization = CompleteFactorization | PartialFactorization | FailedFactorization;
