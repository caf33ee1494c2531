import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, openSync, statSync } from 'node:fs';
import { PrimeosError } from '../../model/PrimeosError.js';
import { FilePrefixHash } from '../../stream/internal/FilePrefixHash.js';
import { sameFile } from '../../stream/internal/sameFile.js';
import { verifyInputPin, verifyOutputPin } from '../../stream/internal/verifyPins.js';
import {
  CHECKPOINT_VERSION,
  loadCheckpoint,
  saveCheckpoint,
  type FactorJobSettings,
  type JobCheckpoint,
} from '../../stream/jobs/JobCheckpoint.js';
import { JobLock } from '../../stream/jobs/JobLock.js';
import type { PipelineGraph } from '../PipelineGraph.js';
import type { SinkCommitter, SinkPosition } from './sinks.js';
import type { SourceStart } from './sources.js';

/** Stages whose output depends on several items: a resume could not reproduce it byte for byte. */
const STATEFUL = new Set(['batch', 'encode', 'decode', 'run']);

/** A sink's committed position in a checkpoint, with its file and the SHA-256 of its committed bytes. */
type SavedSink = SinkPosition & { readonly path: string; readonly sha256: string };

/**
 * The factor job's checkpoint (its `input` fingerprint pins the source file up to `inputOffset`; `output` is the
 * first sink's), plus what a pipeline needs: the graph it belongs to and each sink's position and hash.
 */
interface PipelineCheckpoint extends JobCheckpoint {
  readonly pipeline: {
    readonly fingerprint: string;
    readonly sinks: Readonly<Record<string, SavedSink>>;
  };
}

/** How a run checkpoints and resumes. */
export interface CheckpointPlan {
  /** Where the (single) file source starts. */
  sourceStart(id: string): SourceStart | undefined;
  /** A sink's committed position to continue from. */
  resumeOf(id: string): SinkPosition | undefined;
  /** What a sink tells the checkpoint (its file, its writes, its close). */
  sink(id: string): SinkCommitter | undefined;
  /** Save the final state (`done` when the run completed) and release the lock. */
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

/** A graph that cannot be checkpointed (a config problem: exit 2, nothing ran). */
function refuse(message: string): never {
  throw new PrimeosError('E_CONFIG', `checkpoint: ${message}`);
}

/** A checkpoint that does not fit this run (its files or its graph changed, another run holds it). */
function mismatch(message: string): never {
  throw new PrimeosError('E_CHECKPOINT', `checkpoint: ${message}`);
}

/**
 * Plan checkpointing for a run: the graph must read one file source and write only file sinks through per-item
 * stages and `block` edges (then every sink's output is a deterministic function of the input prefix). The
 * checkpoint is the factor job's, with the same machinery: `JobLock` (a second process on the same checkpoint is
 * refused), `saveCheckpoint` (atomic and durable), each sink's file fsynced before a save, and the files pinned —
 * the input by size, modification time and the hash of its committed prefix, each sink by the hash of its
 * committed bytes (`verifyInputPin`, `verifyOutputPin`). On resume the source restarts at the smallest committed
 * position, each sink truncates its file to its committed bytes and passes over the items it already holds.
 *
 * @param graph - the pipeline
 * @param options - checkpoint / resume paths and interval
 * @returns the plan, or undefined when neither path is given
 * @throws PrimeosError `E_CONFIG` when the graph cannot be checkpointed; `E_CHECKPOINT` when another process
 *   holds the checkpoint, or on resume when it is not this graph's, the input changed or an output was altered
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
  const named: [string, string][] = [
    ['the input', inputPath],
    ['the checkpoint', file],
    ...sinks.map((s): [string, string] => [`sink "${s.id}"`, s.options.path as string]),
  ];
  for (const [i, [an, a]] of named.entries())
    for (const [bn, b] of named.slice(i + 1)) if (sameFile(a, b)) refuse(`${an} and ${bn} are the same file (${a})`);
  const lock = JobLock.acquire(file);
  try {
    return planLocked(graph, options, file, inputPath, lock);
  } catch (err) {
    lock.release();
    throw err;
  }
}

function planLocked(
  graph: PipelineGraph,
  options: { readonly resume?: string; readonly checkpointEveryMs?: number },
  file: string,
  inputPath: string,
  lock: JobLock,
): CheckpointPlan {
  const source = graph.nodes.find((n) => n.role === 'source') as PipelineGraph['nodes'][number];
  const sinks = graph.nodes.filter((n) => n.role === 'sink');
  const fp = fingerprint(graph);
  const positions = new Map<string, SinkPosition>();
  const hashes = new Map<string, FilePrefixHash>();
  let pinned: { size: number; mtimeMs: number; hash: FilePrefixHash };
  let resumed: PipelineCheckpoint | undefined;
  if (options.resume !== undefined) {
    const cp = loadCheckpoint(options.resume) as PipelineCheckpoint;
    if (typeof cp.pipeline !== 'object' || cp.pipeline === null)
      mismatch(`${options.resume} is not a pipeline checkpoint`);
    if (cp.pipeline.fingerprint !== fp) mismatch(`${options.resume} belongs to another pipeline (the graph changed)`);
    if (cp.inputPath !== inputPath)
      mismatch(`${options.resume} belongs to the input ${cp.inputPath}, not ${inputPath}`);
    if (cp.input === undefined) mismatch(`${options.resume} does not pin its input (an older checkpoint); restart`);
    for (const s of sinks) {
      const p = cp.pipeline.sinks[s.id];
      if (
        p === undefined ||
        p.path !== s.options.path ||
        !Number.isSafeInteger(p.bytes) ||
        p.bytes < 0 ||
        !Number.isSafeInteger(p.end) ||
        p.end < 0 ||
        typeof p.sha256 !== 'string'
      ) {
        mismatch(`${options.resume} has no valid position for sink "${s.id}"`);
      }
      hashes.set(s.id, verifyOutputPin(p.path, p.bytes, p.sha256, 'the pipeline'));
      positions.set(s.id, { bytes: p.bytes, end: p.end, line: p.line, items: p.items });
    }
    pinned = {
      size: cp.input.size,
      mtimeMs: cp.input.mtimeMs,
      hash: verifyInputPin(inputPath, cp.input, cp.inputOffset, 'the pipeline'),
    };
    resumed = cp;
  } else {
    const st = statSync(inputPath);
    pinned = { size: st.size, mtimeMs: st.mtimeMs, hash: new FilePrefixHash() };
    for (const s of sinks) {
      positions.set(s.id, { bytes: 0, end: 0, line: 0, items: 0 });
      hashes.set(s.id, new FilePrefixHash());
    }
  }
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
  const fds = new Map<string, number>();
  const inFd = openSync(inputPath, 'r');
  let last = 0;
  const save = (done: boolean): void => {
    // the outputs first: a checkpoint never covers bytes that a crash could still lose
    for (const fd of fds.values()) fsyncSync(fd);
    const at = start();
    if (!pinned.hash.extendFromFile(inFd, at.offset)) mismatch(`input ${inputPath} shrank while the pipeline ran`);
    const firstSink = sinks[0];
    const first = firstSink === undefined ? undefined : positions.get(firstSink.id);
    const all = [...positions.values()];
    const cp: PipelineCheckpoint = {
      version: CHECKPOINT_VERSION,
      inputPath,
      outputPath: (firstSink?.options.path as string | undefined) ?? inputPath,
      inputOffset: at.offset,
      lines: at.lines,
      // the records of the sink that is furthest behind (a checkpoint's records never exceed its lines)
      records: all.length === 0 ? 0 : Math.min(...all.map((p) => p.items)),
      failed: 0,
      partial: 0,
      outputBytes: first?.bytes ?? 0,
      settings,
      done,
      input: { size: pinned.size, mtimeMs: pinned.mtimeMs, sha256: pinned.hash.digest() },
      output: {
        sha256: (firstSink === undefined
          ? new FilePrefixHash()
          : (hashes.get(firstSink.id) as FilePrefixHash)
        ).digest(),
      },
      pipeline: {
        fingerprint: fp,
        sinks: Object.fromEntries(
          sinks.map((s): [string, SavedSink] => [
            s.id,
            {
              ...(positions.get(s.id) as SinkPosition),
              path: s.options.path as string,
              sha256: (hashes.get(s.id) as FilePrefixHash).digest(),
            },
          ]),
        ),
      },
    };
    saveCheckpoint(file, cp);
  };
  try {
    save(false);
  } catch (err) {
    closeSync(inFd);
    throw err;
  }
  let finished = false;
  return {
    sourceStart: (id) => (id === source.id ? initial : undefined),
    resumeOf: (id) => (resumed === undefined ? undefined : positions.get(id)),
    sink: (id) =>
      positions.has(id)
        ? {
            opened: (fd) => fds.set(id, fd),
            committed: (pos, data) => {
              positions.set(id, pos);
              (hashes.get(id) as FilePrefixHash).append(data);
              const now = performance.now();
              if (now - last >= every) {
                last = now;
                save(false);
              }
            },
            closing: () => {
              if (!fds.has(id)) return;
              try {
                save(false);
              } finally {
                fds.delete(id);
              }
            },
          }
        : undefined,
    finish: (done) => {
      if (finished) return;
      finished = true;
      try {
        save(done);
      } finally {
        closeSync(inFd);
        lock.release();
      }
    },
  };
}
