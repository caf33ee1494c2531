import type { CreditGate } from '../../stream/CreditGate.js';
import type { ErrorRecord } from '../../stream/operators/mapWithPolicy.js';
import type { MetricsRecorder } from '../../stream/MetricsRecorder.js';
import type { CircuitBreaker } from '../../stream/CircuitBreaker.js';
import type { PipelineNode } from '../PipelineGraph.js';
import type { Item } from './Item.js';

/** What a stage emits: an item and the input credits it completes (0 for all but the last of an expansion). */
export interface Out {
  readonly item: Item;
  readonly credits: number;
}

/** The running state of one node, shared by its operator, its loop and the metrics. */
export interface NodeContext {
  readonly node: PipelineNode;
  readonly signal: AbortSignal;
  /** Credits of items inside the node (between its input and its output). */
  readonly gate: CreditGate;
  /** What the node's error policy did. */
  readonly record: ErrorRecord;
  readonly metrics: MetricsRecorder;
  /** Retries of failed items (restart strategy). */
  restarts: number;
  /** The node's circuit breaker (restart strategy `circuitBreaker`). */
  breaker: CircuitBreaker | undefined;
  /** Called before an item is retried: recreate the node's state (e.g. a fresh WASM worker). */
  onRestart: (() => void) | undefined;
  /** Things to release when the node ends (worker pools, sandboxes). */
  readonly cleanups: (() => Promise<void> | void)[];
}
