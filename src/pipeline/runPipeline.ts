import { availableParallelism } from 'node:os';
import { statSync } from 'node:fs';
import { CircuitBreaker } from '../stream/CircuitBreaker.js';
import { CreditGate } from '../stream/CreditGate.js';
import { MetricsRecorder } from '../stream/MetricsRecorder.js';
import { createErrorRecord } from '../stream/operators/mapWithPolicy.js';
import { fromPull } from '../stream/sources/fromPull.js';
import { toAsyncIterable } from '../stream/sinks/toAsyncIterable.js';
import { WorkerPool } from '../stream/WorkerPool.js';
import { defaultStreamWorkerFile } from '../stream/workers/defaultStreamWorkerFile.js';
import { PrimeosError, toPrimeosError, type ErrorCode } from '../model/PrimeosError.js';
import { readsLargeFile } from './earlyWorkerPool.js';
import { Channel, mergeFair } from './internal/Channel.js';
import { itemCount, unpack, unpacked } from './internal/blockItems.js';
import type { Item } from './internal/Item.js';
import type { NodeContext } from './internal/NodeContext.js';
import { planCheckpoint, type CheckpointPlan } from './internal/pipelineCheckpoint.js';
import { runSink } from './internal/sinks.js';
import { LINE_BLOCK_LINES, sourceItems } from './internal/sources.js';
import { FACTORIZE_BATCH_SIZER } from './internal/factorizeStage.js';
import { sourceOperator, stageOperator, type StageDeps } from './internal/stages.js';
import type { WasmSandbox } from './internal/wasm/WasmSandbox.js';
import type { NodeMetrics } from './NodeMetrics.js';
import type { PipelineGraph, PipelineNode } from './PipelineGraph.js';

/** Options of {@link runPipeline}. */
export interface RunPipelineOptions {
  /** Stops the pipeline (status `aborted`; a checkpoint keeps the committed position). */
  readonly signal?: AbortSignal;
  /** What `"-"` sources read (default `process.stdin`). */
  readonly stdin?: NodeJS.ReadableStream;
  /** What `"-"` and `stdout` sinks write (default `process.stdout`). */
  readonly stdout?: NodeJS.WritableStream;
  /** Save the committed position to this file (file sources and file sinks only). */
  readonly checkpoint?: string;
  /** Continue from this checkpoint file (and keep saving to it). */
  readonly resume?: string;
  /** Least time between checkpoint writes (default 200 ms). */
  readonly checkpointEveryMs?: number;
  /**
   * A pool of the default stream worker that `factorize` nodes without a `workers` option use instead of making
   * their own (the caller starts it, e.g. before loading the graph, and destroys it).
   */
  readonly pool?: WorkerPool;
}

/** How a pipeline run ended, with every node's metrics. */
export type PipelineRunSummary = {
  readonly name: string;
  readonly elapsedMs: number;
  readonly nodes: readonly NodeMetrics[];
} & (
  | { readonly status: 'completed' }
  | {
      readonly status: 'failed';
      readonly error: { readonly code: ErrorCode; readonly message: string; readonly node: string };
    }
  | { readonly status: 'aborted' }
);

/** Credits held inside a node by default (items between its input and its output). */
const NODE_CREDITS = 16;

async function checkInputs(graph: PipelineGraph): Promise<void> {
  for (const n of graph.nodes) {
    const p = n.role === 'source' ? n.options.path : undefined;
    if (typeof p !== 'string' || p === '-') continue;
    let ok: boolean;
    try {
      ok = statSync(p).isFile();
    } catch {
      ok = false;
    }
    if (!ok)
      throw new PrimeosError('E_CONFIG', `node "${n.id}": options.path: cannot read ${p}`, {
        node: n.id,
        field: 'options.path',
      });
  }
}

function nodeMetrics(ctx: NodeContext, inputs: readonly Channel<Item>[], out: number): NodeMetrics {
  const lat = ctx.metrics.snapshot().latencyMs;
  const stats = inputs.map((c) => c.stats());
  return {
    id: ctx.node.id,
    type: ctx.node.type,
    in: ctx.node.role === 'source' ? ctx.record.processed : stats.reduce((s, c) => s + c.delivered, 0),
    out,
    errors: ctx.record.failed,
    skipped: ctx.record.skipped,
    substituted: ctx.record.substituted,
    restarts: ctx.restarts,
    circuitOpens: ctx.breaker?.stats.opened ?? 0,
    circuitRejected: ctx.breaker?.stats.rejected ?? 0,
    recentErrors: ctx.record.recent.slice(-10),
    latencyMs: { mean: lat.mean, p50: lat.p50, p95: lat.p95, max: lat.max },
    channels: stats,
  };
}

/**
 * Run a validated pipeline: one concurrent task per node, a bounded channel per edge (a producer waits while a
 * `block` channel is full, so a slow sink slows every node up to the sources), fanout copies each item to every
 * successor, a node with several inputs takes them in turn. Each node's work is the stream engine's operators
 * (`fromPull` → stage operator under the node's error policy and restart strategy → `toAsyncIterable`). The
 * first error a node propagates stops the whole graph.
 *
 * @param graph - from {@link loadPipeline}
 * @param options - signal, stdio, checkpoint / resume
 * @returns the summary: status and per-node metrics (in, out, errors, restarts, latency, channel fill)
 * @throws PrimeosError `E_CONFIG` for an unreadable input file or a graph that cannot be checkpointed;
 *   `E_CHECKPOINT` when another process holds the checkpoint, or a resumed checkpoint is not this graph's or its
 *   input or outputs changed (docs/PIPELINES.md, "Checkpoints"); all before anything runs
 *
 * @example
 * ```ts
 * import { loadPipeline, runPipeline } from 'primeos/pipeline';
 * const s = await runPipeline(await loadPipeline('graph.json'));
 * if (s.status === 'failed') console.error(s.error.node, s.error.message);
 * ```
 */
export async function runPipeline(graph: PipelineGraph, options: RunPipelineOptions = {}): Promise<PipelineRunSummary> {
  const t0 = performance.now();
  await checkInputs(graph);
  const cp: CheckpointPlan | undefined = planCheckpoint(graph, options);
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });
  const signal = controller.signal;
  const stdin = options.stdin ?? process.stdin;
  const stdout = options.stdout ?? process.stdout;

  const channels = graph.edges.map((e) => new Channel<Item>(e.from, e.to, e.capacity, e.overflow, itemCount));
  const inputsOf = (id: string): Channel<Item>[] => channels.filter((c) => c.to === id);
  const outputsOf = (id: string): Channel<Item>[] => channels.filter((c) => c.from === id);
  const nodeType = (id: string): string | undefined => graph.nodes.find((n) => n.id === id)?.type;
  /** Most items one message of a node may stand for: what its smallest out-edge holds. */
  const maxOutItems = (id: string): number =>
    Math.min(...graph.edges.filter((e) => e.from === id).map((e) => e.capacity));
  /** Lines per block of a `lines` source: as many as its smallest out-edge holds, at most LINE_BLOCK_LINES. */
  const sourceBlockLines = (id: string): number => Math.min(LINE_BLOCK_LINES, maxOutItems(id));

  const contexts = new Map<string, NodeContext>();
  const outCounts = new Map<string, number>();
  const deps = new Map<string, StageDeps>();
  let failure: { error: PrimeosError; node: string } | undefined;
  const fail = (node: string, err: unknown): void => {
    if (failure === undefined && !(signal.aborted && options.signal?.aborted)) {
      failure = { error: toPrimeosError(err, 'E_PROCESS'), node };
    }
    if (!signal.aborted) controller.abort(err);
    for (const c of channels) c.fail(err);
  };

  try {
    for (const node of graph.nodes) {
      const o = node.options;
      let credits = NODE_CREDITS;
      let pool: WorkerPool | undefined;
      const cleanups: (() => Promise<void> | void)[] = [];
      let sandbox: WasmSandbox | undefined;
      if (node.type === 'factorize') {
        if (o.workers === undefined && options.pool !== undefined) pool = options.pool;
        else {
          const workers = (o.workers as number | undefined) ?? availableParallelism();
          if (workers > 0) {
            const filename = await defaultStreamWorkerFile();
            const sources = graph.nodes.filter((n) => n.role === 'source').map((n) => n.options.path);
            const own = new WorkerPool({ filename, threads: workers, eager: readsLargeFile(sources) });
            cleanups.push(() => own.destroy());
            pool = own;
          }
        }
        // room for a full task per running task and as many waiting; blocks of lines (from a `lines` source,
        // as many lines as its smallest out-edge holds) count as one credit each
        const lines =
          ((o.batch as number | undefined) ?? FACTORIZE_BATCH_SIZER.maxSize) * ((pool?.threads ?? 0) * 2 + 2);
        const fed = graph.edges.filter((e) => e.to === node.id && nodeType(e.from) === 'lines').map((e) => e.from);
        const blockLines = Math.min(...fed.map((id) => sourceBlockLines(id)));
        credits = fed.length > 0 ? Math.ceil(lines / blockLines) : lines;
      } else if (node.type === 'batch') credits = (o.size as number) * 2;
      else if (node.type === 'wasm') {
        const [{ inspectWasmModule }, { WasmSandbox }] = await Promise.all([
          import('./internal/wasm/inspectWasmModule.js'),
          import('./internal/wasm/WasmSandbox.js'),
        ]);
        const m = await inspectWasmModule(o.module as string, { maxMemoryPages: o.maxMemoryPages as number });
        sandbox = await WasmSandbox.create({
          bytes: m.bytes,
          output: o.output as 'text' | 'json' | 'bigint',
          maxMemoryPages: o.maxMemoryPages as number,
          timeoutMs: o.timeoutMs as number,
          maxOutputBytes: o.maxOutputBytes as number,
        });
      }
      const r = node.restart;
      const ctx: NodeContext = {
        node,
        signal,
        gate: new CreditGate(credits),
        record: createErrorRecord(),
        metrics: new MetricsRecorder(),
        restarts: 0,
        breaker:
          r.kind === 'circuitBreaker'
            ? new CircuitBreaker({ failureThreshold: r.threshold, resetTimeoutMs: r.cooldownMs })
            : undefined,
        onRestart: undefined,
        cleanups: [],
      };
      ctx.cleanups.push(...cleanups);
      if (sandbox !== undefined) ctx.cleanups.push(() => sandbox.close());
      contexts.set(node.id, ctx);
      deps.set(node.id, { pool, sandbox, maxOutItems: maxOutItems(node.id) });
      outCounts.set(node.id, 0);
    }

    const runNode = async (node: PipelineNode): Promise<void> => {
      const ctx = contexts.get(node.id) as NodeContext;
      const outs = outputsOf(node.id);
      try {
        if (node.role === 'sink') {
          const written = await runSink(
            node,
            inputsOf(node.id),
            stdout,
            cp?.resumeOf(node.id),
            cp?.sink(node.id),
            signal,
          );
          outCounts.set(node.id, written);
          return;
        }
        const input =
          node.role === 'source'
            ? sourceItems(
                node,
                stdin,
                cp?.sourceStart(node.id) ?? { offset: 0, lines: 0 },
                signal,
                sourceBlockLines(node.id),
              )
            : node.type === 'factorize'
              ? mergeFair(inputsOf(node.id)) // it takes blocks of lines whole
              : unpacked(mergeFair(inputsOf(node.id)));
        const op =
          node.role === 'source' ? sourceOperator(ctx) : await stageOperator(ctx, deps.get(node.id) as StageDeps);
        const out$ = fromPull(input, { gate: ctx.gate, signal }).pipe(op);
        let emitted = 0;
        for await (const o of toAsyncIterable(out$, { gate: ctx.gate, credits: (x) => x.credits, signal })) {
          emitted += itemCount(o.item);
          if (outs.length === 1 && outs[0]?.overflow === 'block') {
            const p = outs[0].send(o.item, signal);
            if (p !== undefined) await p;
          } else {
            let waits: Promise<void>[] | undefined;
            for (const c of outs) {
              // an edge that may drop items drops them one by one: a block goes over it unpacked
              for (const one of c.overflow === 'block' ? [o.item] : unpack(o.item)) {
                const p = c.send(one, signal);
                if (p !== undefined) (waits ??= []).push(p);
              }
            }
            if (waits !== undefined) await Promise.all(waits);
          }
        }
        outCounts.set(node.id, emitted);
        for (const c of outs) c.close();
      } catch (err) {
        fail(node.id, err);
      } finally {
        for (const c of inputsOf(node.id)) if (signal.aborted) c.discard();
      }
    };
    await Promise.all(graph.nodes.map((n) => runNode(n)));
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    for (const ctx of contexts.values()) for (const c of ctx.cleanups) await c();
    cp?.finish(failure === undefined && !signal.aborted);
  }
  const nodes = graph.nodes.map((n) =>
    nodeMetrics(contexts.get(n.id) as NodeContext, inputsOf(n.id), outCounts.get(n.id) ?? 0),
  );
  const base = { name: graph.name, elapsedMs: performance.now() - t0, nodes };
  if (failure !== undefined) {
    return {
      ...base,
      status: 'failed',
      error: { code: failure.error.code, message: failure.error.message, node: failure.node },
    };
  }
  if (signal.aborted) return { ...base, status: 'aborted' };
  return { ...base, status: 'completed' };
}
