/** What flows on an edge: the value type a node emits. */
export type ValueType = 'text' | 'bigint' | 'json' | 'bytes' | 'batch';

/** A node's resolved error policy (the stream engine's vocabulary: `default(value)` is `substitute`). */
export type ResolvedErrorPolicy =
  { readonly kind: 'propagate' } | { readonly kind: 'skip' } | { readonly kind: 'substitute'; readonly value: unknown };

/** A node's resolved restart strategy. */
export type ResolvedRestart =
  | { readonly kind: 'never' }
  | { readonly kind: 'immediate'; readonly maxRestarts: number }
  | { readonly kind: 'exponential'; readonly baseMs: number; readonly maxMs: number; readonly maxRestarts: number }
  | { readonly kind: 'circuitBreaker'; readonly threshold: number; readonly cooldownMs: number };

/** Where a node sits. */
export type NodeRole = 'source' | 'stage' | 'sink';

/** A validated node with its defaults filled in. */
export interface PipelineNode {
  readonly id: string;
  readonly type: string;
  readonly role: NodeRole;
  /** Options with the schema's defaults filled in; paths are absolute. */
  readonly options: Readonly<Record<string, unknown>>;
  readonly onError: ResolvedErrorPolicy;
  readonly restart: ResolvedRestart;
  /** The type of the values this node emits (undefined for sinks). */
  readonly output: ValueType | undefined;
  /** Ids of the nodes feeding this one / fed by it, in edge order. */
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
}

/** A validated edge. */
export interface PipelineEdge {
  readonly from: string;
  readonly to: string;
  readonly capacity: number;
  readonly overflow: 'block' | 'drop-oldest' | 'sample';
}

/** A validated pipeline: nodes in topological order (sources first), edges, the directory paths resolve from. */
export interface PipelineGraph {
  readonly name: string;
  readonly nodes: readonly PipelineNode[];
  readonly edges: readonly PipelineEdge[];
  /** Directory relative paths in the config were resolved against. */
  readonly baseDir: string;
}
