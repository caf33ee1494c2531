/**
 * The pipeline builder under its earlier file name: `Pipeline` is the PrimeOS-compatible alias of
 * {@link StreamPipeline} (same class).
 */
export { Pipeline, StreamPipeline, createPipeline } from './StreamPipeline.js';
export type {
  PipelineContext,
  StageOptions,
  CatchPolicy,
  CatchHandler,
  RunOptions,
  PipelineRunSummary,
  PipelineResult,
  PipelineProgress,
  ProgressCallback,
} from './StreamPipeline.js';
