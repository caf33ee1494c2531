/**
 * primeos/pipeline — JSON-configured DAGs of stream stages: a config validated by its JSON Schema becomes one
 * concurrent task per node joined by bounded channels, with fanout, fair merge, per-node error policies and
 * restart strategies, metrics, checkpoints, a {@link PipelinePool}, and sandboxed WASM stages (docs/PIPELINES.md,
 * docs/WASM.md).
 * @packageDocumentation
 */
export { loadPipeline, resolvePipeline, MAX_CONFIG_BYTES } from './loadPipeline.js';
export type { LoadPipelineOptions } from './loadPipeline.js';
export { runPipeline } from './runPipeline.js';
export type { RunPipelineOptions, PipelineRunSummary } from './runPipeline.js';
export { PipelinePool } from './PipelinePool.js';
export type { PipelinePoolOptions, PipelinePoolStats } from './PipelinePool.js';
export { renderGraph } from './renderGraph.js';
export type { GraphFormat } from './renderGraph.js';
export { pipelineSchema, NODE_ROLES, NODE_DESCRIPTIONS } from './pipelineSchema.js';
export type { NodeRoleName } from './pipelineSchema.js';
export type { NodeMetrics } from './NodeMetrics.js';
export type { ChannelStats, ChannelOverflow } from './internal/Channel.js';
export type {
  PipelineConfig,
  NodeConfig,
  EdgeConfig,
  ErrorPolicyConfig,
  RestartConfig,
  OverflowConfig,
} from './PipelineConfig.js';
export type {
  PipelineGraph,
  PipelineNode,
  PipelineEdge,
  ValueType,
  NodeRole,
  ResolvedErrorPolicy,
  ResolvedRestart,
} from './PipelineGraph.js';
