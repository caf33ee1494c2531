/**
 * A factor-plan stage as data: which engine, with which parameters, for how long, and for which
 * sizes of the (co)factor it applies. Turned into a runnable `FactorStage` by `planFor`.
 */
export type StageSpec =
  | (StageLimits & { readonly engine: 'tdiv'; readonly bound: number })
  | (StageLimits & {
      readonly engine: 'rho';
      /** Iteration cap of the BigInt path. */
      readonly maxIterations: number;
      /** Iteration cap of the WebAssembly path (n < 2^64), where iterations are ~50× cheaper. */
      readonly maxIterationsWasm?: number;
    })
  | (StageLimits & {
      readonly engine: 'ecm';
      /** Stage-1 bound of the curves; B2 = 100·B1. */
      readonly B1: number;
      readonly curves: number;
    })
  | (StageLimits & {
      readonly engine: 'uecm';
      /** Curve cap of one call of micro-ECM (WebAssembly, odd 2^36 ≤ n < 2^64). */
      readonly maxCurves: number;
    })
  | (StageLimits & { readonly engine: 'siqs' });

/** Budget and applicability shared by every stage. */
export interface StageLimits {
  /** Wall-clock budget of one call of this stage. */
  readonly budgetMs: number;
  /** The stage is skipped for composites with fewer bits. */
  readonly minBits?: number;
  /** The stage is skipped for composites with more bits. */
  readonly maxBits?: number;
}

/** The engine names a plan may use. */
export type EngineName = StageSpec['engine'];
