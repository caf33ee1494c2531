import { createHash } from 'node:crypto';
import { PrimeosError } from '../../model/PrimeosError.js';
import {
  CHECKPOINT_VERSION,
  loadCheckpoint,
  saveCheckpoint,
  type FactorJobSettings,
  type JobCheckpoint,
} from '../../stream/jobs/JobCheckpoint.js';
import type { PipelineGraph } from '../PipelineGraph.js';
import type { SinkPosition } from './sinks.js';
import type { SourceStart } from './sources.js';

/** Stages whose output depends on several items: a resume could not reproduce it byte for byte. */
const STATEFUL = new Set(['batch', 'encode', 'decode', 'run']);

/** The factor job's checkpoint, plus what a pipeline needs: the graph it belongs to and each sink's position. */
interface PipelineCheckpoint extends JobCheckpoint {
  readonly pipeline: {
    readonly fingerprint: string;
    readonly sinks: Readonly<Record<string, SinkPosition & { readonly path: string }>>;
  };
}

/** How a run checkpoints and resumes. */
export interface CheckpointPlan {
  /** Where the (single) file source starts. */
  sourceStart(id: string): SourceStart | undefined;
  /** A sink's committed position to continue from. */
  resumeOf(id: string): SinkPosition | undefined;
  /** A sink finished a write. */
  commit(id: string, pos: SinkPosition): void;
  /** Save the final state (`done` when the run completed). */
  finish(done: boolean): void;
}

/** A digest of what determines the output: nodes with their options and edges. */
function fingerprint(graph: PipelineGraph): string {
  const shape = {
    nodes: graph.nodes.map((n) => [n.id, n.type, n.options, n.onError, n.restart, n.inputs, n.outputs]),
    edges: graph.edges,
  };
  return createHash('sha256')
    .update(JSON.stringify(shape, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)))
    .digest('hex');
}

function refuse(message: string): never {
  throw new PrimeosError('E_CONFIG', `checkpoint: ${message}`);
}

/**
 * Plan checkpointing for a run: the graph must read one file source and write only file sinks through per-item
 * stages and `block` edges (then every sink's output is a deterministic function of the input prefix). The
 * checkpoint is the factor job's (`saveCheckpoint` / `loadCheckpoint`: atomic replace) with each sink's
 * committed bytes and source position; on resume the source restarts at the smallest committed position, each
 * sink truncates its file to its committed bytes and passes over the items it already holds.
 *
 * @param graph - the pipeline
 * @param options - checkpoint / resume paths and interval
 * @returns the plan, or undefined when neither path is given
 * @throws PrimeosError `E_CONFIG` when the graph cannot be checkpointed or the checkpoint is not this graph's
 */
export function planCheckpoint(
  graph: PipelineGraph,
  options: { readonly checkpoint?: string; readonly resume?: string; readonly checkpointEveryMs?: number },
): CheckpointPlan | undefined {
  const file = options.resume ?? options.checkpoint;
  if (file === undefined) return undefined;
  const sources = graph.nodes.filter((n) => n.role === 'source');
  const sinks = graph.nodes.filter((n) => n.role === 'sink');
  const source = sources[0];
  if (sources.length !== 1 || source === undefined) refuse('needs exactly one source');
  const inputPath = source.options.path;
  if (typeof inputPath !== 'string' || inputPath === '-') refuse(`source "${source.id}" must read a file`);
  for (const s of sinks) {
    if (s.type === 'stdout' || s.options.path === undefined || s.options.path === '-')
      refuse(`sink "${s.id}" must write a file`);
  }
  for (const n of graph.nodes)
    if (STATEFUL.has(n.type)) refuse(`node "${n.id}" (${n.type}) combines items; it cannot resume exactly`);
  for (const e of graph.edges)
    if (e.overflow !== 'block') refuse(`edge ${e.from} → ${e.to} drops items (${e.overflow})`);
  const fp = fingerprint(graph);
  const positions = new Map<string, SinkPosition>();
  let resumed: PipelineCheckpoint | undefined;
  if (options.resume !== undefined) {
    let cp: PipelineCheckpoint;
    try {
      cp = loadCheckpoint(options.resume) as PipelineCheckpoint;
    } catch (err) {
      refuse((err as Error).message);
    }
    if (typeof cp.pipeline !== 'object' || cp.pipeline === null)
      refuse(`${options.resume} is not a pipeline checkpoint`);
    if (cp.pipeline.fingerprint !== fp) refuse(`${options.resume} belongs to another pipeline (the graph changed)`);
    resumed = cp;
    for (const s of sinks) {
      const p = cp.pipeline.sinks[s.id];
      if (
        p === undefined ||
        p.path !== s.options.path ||
        !Number.isSafeInteger(p.bytes) ||
        p.bytes < 0 ||
        !Number.isSafeInteger(p.end) ||
        p.end < 0
      ) {
        refuse(`${options.resume} has no valid position for sink "${s.id}"`);
      }
      positions.set(s.id, { bytes: p.bytes, end: p.end, line: p.line, items: p.items });
    }
  } else for (const s of sinks) positions.set(s.id, { bytes: 0, end: 0, line: 0, items: 0 });
  const factor = graph.nodes.find((n) => n.type === 'factorize')?.options;
  const settings: FactorJobSettings = {
    input: (factor?.input as FactorJobSettings['input'] | undefined) ?? 'auto',
    format: 'ndjson',
    budgetMs: (factor?.budgetMs as number | undefined) ?? 0,
    seed: (factor?.seed as number | undefined) ?? 0,
    maxBits: (factor?.maxBits as number | undefined) ?? 0,
    maxLineBytes: (source.options.maxLineBytes as number | undefined) ?? 1 << 20,
    hex: (factor?.hex as boolean | undefined) ?? false,
    timings: (factor?.timings as boolean | undefined) ?? false,
  };
  const start = (): SourceStart => {
    let min: SinkPosition | undefined;
    for (const p of positions.values()) if (min === undefined || p.end < min.end) min = p;
    return { offset: min?.end ?? 0, lines: min?.line ?? 0 };
  };
  const initial = start();
  const every = options.checkpointEveryMs ?? 200;
  let last = 0;
  const save = (done: boolean): void => {
    const at = start();
    const firstSink = sinks[0];
    const first = firstSink === undefined ? undefined : positions.get(firstSink.id);
    const cp: PipelineCheckpoint = {
      version: CHECKPOINT_VERSION,
      inputPath,
      outputPath: (firstSink?.options.path as string | undefined) ?? '',
      inputOffset: at.offset,
      lines: at.lines,
      records: [...positions.values()].reduce((s, p) => s + p.items, 0),
      failed: 0,
      partial: 0,
      outputBytes: first?.bytes ?? 0,
      settings,
      done,
      pipeline: {
        fingerprint: fp,
        sinks: Object.fromEntries(
          sinks.map((s) => [s.id, { ...(positions.get(s.id) as SinkPosition), path: s.options.path as string }]),
        ),
      },
    };
    saveCheckpoint(file, cp);
  };
  if (resumed === undefined) save(false);
  return {
    sourceStart: (id) => (id === source.id ? initial : undefined),
    resumeOf: (id) => (resumed === undefined ? undefined : positions.get(id)),
    commit: (id, pos) => {
      positions.set(id, pos);
      const now = performance.now();
      if (now - last >= every) {
        last = now;
        save(false);
      }
    },
    finish: (done) => save(done),
  };
}
