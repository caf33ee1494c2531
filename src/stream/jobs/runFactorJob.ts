import { closeSync, createWriteStream, ftruncateSync, openSync, statSync } from 'node:fs';
import { Writable } from 'node:stream';
import type { Observable } from 'rxjs';
import { PrimeosError } from '../../model/PrimeosError.js';
import { CreditGate } from '../CreditGate.js';
import { parallel } from '../operators/parallel.js';
import { fromPull } from '../sources/fromPull.js';
import type { LineRecord } from '../sources/readLines.js';
import { toWritable } from '../sinks/toWritable.js';
import type { WorkerPool } from '../WorkerPool.js';
import { factorJobBatch, type FactorJobBatchInput, type FactorJobBatchOutput } from './factorJobBatch.js';
import type { FactorJobExecutor } from './FactorJobExecutor.js';
import { saveCheckpoint, CHECKPOINT_VERSION, type FactorJobSettings, type JobCheckpoint } from './JobCheckpoint.js';

/** Where a factor job writes: a file (resumable) or any Writable such as stdout. */
export type FactorJobOutput = { readonly path: string } | { readonly stream: NodeJS.WritableStream };

/** Options of {@link runFactorJob}. */
export interface FactorJobOptions {
  /** Input lines with byte offsets, starting at `start` (e.g. `(start) => readLines(path, { start })`). */
  readonly lines: (start: number) => AsyncIterable<LineRecord>;
  /** Absolute input path (recorded in checkpoints); undefined for stdin. */
  readonly inputPath?: string;
  /** Total input bytes when known (progress). */
  readonly inputBytes?: number;
  readonly output: FactorJobOutput;
  readonly settings: FactorJobSettings;
  /** Checkpoint file; needs a file output. */
  readonly checkpointPath?: string;
  /** Continue from this checkpoint (its output is truncated to the committed length first). */
  readonly resume?: JobCheckpoint;
  /** Worker pool running the stream worker (`factorJobBatch`); undefined: factorise on this thread. */
  readonly pool?: WorkerPool;
  /** Runs the batches elsewhere (e.g. a cluster); takes precedence over `pool`. */
  readonly executor?: FactorJobExecutor;
  /**
   * Lines per batch (default 16): a batch closes at this many lines, where a line of at most
   * {@link FACTOR_JOB_LIGHT_CHARS} characters (a number below 2^64, factored in microseconds) counts as
   * 1/{@link FACTOR_JOB_LIGHT_PER_LINE} of a line.
   */
  readonly batchSize?: number;
  /** Lines in flight between reading and writing (default 8 × batch size, bounded memory), counted as batches. */
  readonly highWaterMark?: number;
  /**
   * The credit gate between the line source and the output, one credit per batch (default: a private gate sized
   * from `highWaterMark`). Pass one to observe the job's in-flight batches and backpressure waits.
   */
  readonly gate?: CreditGate;
  /**
   * Line number given to the first line read (default 1, or the line after a resumed checkpoint's): a caller that
   * resends the rest of an interrupted input numbers its records as the uninterrupted run did.
   */
  readonly firstLine?: number;
  /** Minimum interval between checkpoint writes (default 200 ms). */
  readonly checkpointEveryMs?: number;
  /** Stops the job; the last committed position stays in the checkpoint. */
  readonly signal?: AbortSignal;
  /** Called after each written batch. */
  readonly onProgress?: (progress: FactorJobProgress) => void;
  /** Receives failed records in text format (GNU `factor` writes them to stderr). */
  readonly onTextError?: (line: string) => void;
  /**
   * Called with `true` before the job factors a batch on this thread (synchronous work: no event, signal or
   * abort is seen until it ends) and with `false` after. The CLI removes its signal listeners meanwhile, so
   * SIGINT/SIGTERM take their default action at once instead of waiting for the batch.
   */
  readonly onThreadBusy?: (busy: boolean) => void;
}

/** Counters of a running or finished job. */
export interface FactorJobProgress {
  /** Input lines consumed, records written, and of those failed and partial. */
  readonly lines: number;
  readonly records: number;
  readonly failed: number;
  readonly partial: number;
  /** Input bytes consumed and the total when known. */
  readonly inputOffset: number;
  readonly inputBytes: number | undefined;
  readonly outputBytes: number;
  readonly elapsedMs: number;
}

/** What {@link runFactorJob} resolves to. */
export interface FactorJobSummary extends FactorJobProgress {
  /** True when the signal stopped the job before the end of the input. */
  readonly aborted: boolean;
  /** True when the reader of the output went away (EPIPE, e.g. `| head`): the job stopped quietly. */
  readonly outputClosed: boolean;
}

/** Default lines per batch. */
export const FACTOR_JOB_BATCH = 16;
/** Lines up to this many characters (decimal numbers below 2^64) are light in a batch. */
export const FACTOR_JOB_LIGHT_CHARS = 20;
/** Light lines that weigh as much as one line in a batch. */
export const FACTOR_JOB_LIGHT_PER_LINE = 16;

/**
 * Group line records into batches of `size` lines, light lines weighing 1/{@link FACTOR_JOB_LIGHT_PER_LINE}:
 * one task (and one credit, one write) per batch instead of per line, and enough light numbers per task that
 * the worker round trip stays small next to the work.
 */
async function* lineBatches(lines: AsyncIterable<LineRecord>, size: number): AsyncGenerator<LineRecord[]> {
  const full = size * FACTOR_JOB_LIGHT_PER_LINE;
  let batch: LineRecord[] = [];
  let weight = 0;
  for await (const rec of lines) {
    batch.push(rec);
    weight += rec.kind === 'line' && rec.text.length <= FACTOR_JOB_LIGHT_CHARS ? 1 : FACTOR_JOB_LIGHT_PER_LINE;
    if (weight >= full) {
      yield batch;
      batch = [];
      weight = 0;
    }
  }
  if (batch.length > 0) yield batch;
}

/** A batch of input lines with its rendered output. */
interface Batch {
  readonly recs: readonly LineRecord[];
  readonly out: FactorJobBatchOutput;
}

/**
 * Run a streaming factorisation job: lines in, one NDJSON (or GNU-style text) record per number out, in
 * input order; bad lines become `failed` records; blank and `#` lines are skipped. With a checkpoint file,
 * the committed position (input offset, output length) is saved atomically after writes, so a job killed at
 * any moment resumes with output byte-identical to an uninterrupted run.
 *
 * Memory is bounded by `highWaterMark` lines (as whole batches) in flight, whatever the input size.
 *
 * @param options - input, output, settings, pool, checkpoint
 * @returns the summary (with `aborted` when the signal stopped it)
 * @throws PrimeosError `E_USAGE` for a checkpoint without a file output; I/O errors of the output
 */
export async function runFactorJob(options: FactorJobOptions): Promise<FactorJobSummary> {
  const t0 = performance.now();
  const s = options.settings;
  const batchSize = options.batchSize ?? FACTOR_JOB_BATCH;
  const gate =
    options.gate ?? new CreditGate(Math.max(2, Math.ceil((options.highWaterMark ?? batchSize * 8) / batchSize)));
  if (options.checkpointPath !== undefined && !('path' in options.output)) {
    throw new PrimeosError('E_USAGE', 'a checkpoint needs a file output (--output FILE)');
  }
  // one signal for the whole pipeline: the caller's, or a closed output (EPIPE)
  const controller = new AbortController();
  const onCallerAbort = (): void => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) onCallerAbort();
  else options.signal?.addEventListener('abort', onCallerAbort, { once: true });
  const signal = controller.signal;
  let outputClosed = false;
  const r = options.resume;
  const state = {
    lines: r?.lines ?? 0,
    records: r?.records ?? 0,
    failed: r?.failed ?? 0,
    partial: r?.partial ?? 0,
    inputOffset: r?.inputOffset ?? 0,
    outputBytes: r?.outputBytes ?? 0,
  };

  // output target
  let target: NodeJS.WritableStream;
  let ownTarget: ReturnType<typeof createWriteStream> | undefined;
  if ('path' in options.output) {
    const fd = openSync(options.output.path, r ? 'r+' : 'w');
    if (r) {
      if (statSync(options.output.path).size < r.outputBytes) {
        closeSync(fd);
        throw new PrimeosError('E_RANGE', `output ${options.output.path} is shorter than its checkpoint says`);
      }
      ftruncateSync(fd, r.outputBytes);
    }
    ownTarget = createWriteStream(options.output.path, { fd, start: state.outputBytes, autoClose: true });
    target = ownTarget;
  } else target = options.output.stream;

  const checkpoint = (done: boolean): void => {
    if (options.checkpointPath === undefined || !('path' in options.output)) return;
    const cp: JobCheckpoint = {
      version: CHECKPOINT_VERSION,
      inputPath: options.inputPath ?? '-',
      outputPath: options.output.path,
      ...state,
      settings: s,
      done,
    };
    saveCheckpoint(options.checkpointPath, cp);
  };
  checkpoint(false);
  let lastCheckpoint = performance.now();
  const progress = (): FactorJobProgress => ({
    ...state,
    inputBytes: options.inputBytes,
    elapsedMs: performance.now() - t0,
  });

  const inThread = (input: FactorJobBatchInput, signal: AbortSignal): FactorJobBatchOutput => {
    options.onThreadBusy?.(true);
    try {
      return factorJobBatch(input, signal);
    } finally {
      options.onThreadBusy?.(false);
    }
  };
  const lineBase = options.firstLine ?? 1 + (r?.lines ?? 0);
  const factorBatch = async (recs: LineRecord[], signal: AbortSignal): Promise<Batch> => {
    const input: FactorJobBatchInput = {
      entries: recs.map((rec) => (rec.kind === 'line' ? rec.text : rec.bytes)),
      lines: recs.map((rec) => rec.line + lineBase),
      settings: s,
    };
    const out = options.executor
      ? await options.executor.run(input, signal)
      : options.pool
        ? await options.pool.task<FactorJobBatchInput, FactorJobBatchOutput>('factorJobBatch')(input, signal)
        : inThread(input, signal);
    return { recs, out };
  };

  const out$: Observable<Batch> = fromPull(lineBatches(options.lines(state.inputOffset), batchSize), {
    gate,
    signal,
  }).pipe(
    parallel(factorBatch, {
      concurrency: options.executor?.concurrency ?? (options.pool ? options.pool.threads * 2 : 1),
      signal,
    }),
  );

  const sink = new Writable({
    objectMode: true,
    write({ recs, out }: Batch, _enc, cb) {
      const text = out.text;
      if (options.onTextError !== undefined) for (const e of out.errors) options.onTextError(e);
      const commit = (): void => {
        state.lines += recs.length;
        state.records += out.records;
        state.failed += out.failed;
        state.partial += out.partial;
        state.inputOffset = (recs[recs.length - 1] as LineRecord).end;
        state.outputBytes += Buffer.byteLength(text);
        const now = performance.now();
        if (now - lastCheckpoint >= (options.checkpointEveryMs ?? 200)) {
          checkpoint(false);
          lastCheckpoint = now;
        }
        options.onProgress?.(progress());
        cb();
      };
      if (text === '') commit();
      else
        target.write(text, (err) => {
          if (!err) return commit();
          if ((err as NodeJS.ErrnoException).code !== 'EPIPE') return cb(err);
          // the reader went away: stop the job quietly, nothing more is committed
          outputClosed = true;
          controller.abort();
          cb();
        });
    },
  });

  let aborted = false;
  let completed = false;
  try {
    await toWritable(out$, sink, { gate, credits: () => 1, signal });
    completed = true;
  } catch (err) {
    if (!signal.aborted) throw err;
    aborted = !outputClosed;
  } finally {
    options.signal?.removeEventListener('abort', onCallerAbort);
    checkpoint(completed);
    if (ownTarget) await new Promise<void>((resolve) => ownTarget.end(() => resolve()));
  }
  return { ...progress(), aborted, outputClosed };
}
