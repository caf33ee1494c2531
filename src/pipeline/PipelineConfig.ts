/**
 * The TypeScript view of a pipeline config document. The JSON Schema (`pipelineSchema`) is the source of truth
 * for names, limits and defaults; these types mirror it for callers that build configs in code.
 */

/** A node's error policy as written in a config: `propagate`, `skip`, `default(<JSON>)` or `{ default: value }`. */
export type ErrorPolicyConfig = 'propagate' | 'skip' | `default(${string})` | { readonly default: unknown };

/**
 * A node's restart strategy as written in a config: how a failing item is retried (the node's state, e.g. a WASM
 * instance, is recreated before each retry) before its error policy applies.
 */
export type RestartConfig =
  | 'never'
  | 'immediate'
  | `exponential(${string})`
  | `circuitBreaker(${string})`
  | { readonly exponential: { readonly baseMs: number; readonly maxMs: number } }
  | { readonly circuitBreaker: { readonly threshold: number; readonly cooldownMs: number } };

/** One node of the graph. */
export interface NodeConfig {
  /** Unique name (letters, digits, `_`, `-`). */
  readonly id: string;
  /** Node type: a source, a stage or a sink (docs/PIPELINES.md lists them with their options). */
  readonly type: string;
  /** Options of the node type. */
  readonly options?: Readonly<Record<string, unknown>>;
  /** Default `propagate`. */
  readonly onError?: ErrorPolicyConfig;
  /** Default `never`. */
  readonly restart?: RestartConfig;
  /** Retries of one item under `immediate` / `exponential` (default 3). */
  readonly maxRestarts?: number;
}

/** What an edge does when its channel is full. */
export type OverflowConfig = 'block' | 'drop-oldest' | 'sample';

/** A bounded channel between two nodes. */
export interface EdgeConfig {
  readonly from: string;
  readonly to: string;
  /** Items the channel holds (default: the graph's `capacity`). */
  readonly capacity?: number;
  /** Default `block`. */
  readonly overflow?: OverflowConfig;
}

/** A pipeline config document. */
export interface PipelineConfig {
  readonly name?: string;
  readonly description?: string;
  /** Default capacity of every edge (default 64). */
  readonly capacity?: number;
  readonly nodes: readonly NodeConfig[];
  readonly edges?: readonly EdgeConfig[];
}
