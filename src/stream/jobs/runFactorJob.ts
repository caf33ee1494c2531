import { closeSync, createWriteStream, ftruncateSync, openSync, statSync } from 'node:fs';
import { Writable } from 'node:stream';
import { map, type Observable } from 'rxjs';
import { bandedFactorize } from '../../bands/bandedFactorize.js';
import { PrimeosError } from '../../model/PrimeosError.js';
import type { Factorization } from '../../primes/Factorization.js';
import { CreditGate } from '../CreditGate.js';
import { adaptiveBatch } from '../operators/adaptiveBatch.js';
import { parallel } from '../operators/parallel.js';
import { fromPull } from '../sources/fromPull.js';
import type { LineRecord } from '../sources/readLines.js';
import { toWritable } from '../sinks/toWritable.js';
import type { WorkerPool } from '../WorkerPool.js';
import type { FactorizeBatchInput } from '../workers/streamWorker.js';
import { factorRecord, factorTextLine, failedLineRecord } from './factorRecord.js';
import { saveCheckpoint, CHECKPOINT_VERSION, type FactorJobSettings, type JobCheckpoint } from './JobCheckpoint.js';
import { echoInput, parseJobLine, type JobLine } from './jobLine.js';

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
  /** Worker pool running the stream worker (`factorizeBatch`); undefined: factorise on this thread. */
  readonly pool?: WorkerPool;
  /** Lines per batch (default 16). */
  readonly batchSize?: number;
  /** Lines in flight between reading and writing (default 64 × batch size … bounded memory). */
  readonly highWaterMark?: number;
  /** Minimum interval between checkpoint writes (default 200 ms). */
  readonly checkpointEveryMs?: number;
  /** Stops the job; the last committed position stays in the checkpoint. */
  readonly signal?: AbortSignal;
  /** Called after each written batch. */
  readonly onProgress?: (progress: FactorJobProgress) => void;
  /** Receives failed records in text format (GNU `factor` writes them to stderr). */
  readonly onTextError?: (line: string) => void;
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

interface Item {
  readonly rec: LineRecord;
  /** What the line holds (undefined for an over-long line). */
  readonly parsed: JobLine | undefined;
  /** The parsed number, when the line holds one. */
  readonly n?: bigint;
  /** Output text for this line (filled after factorisation). */
  text: string;
  record: boolean;
  failed: boolean;
  partial: boolean;
}

/**
 * Run a streaming factorisation job: lines in, one NDJSON (or GNU-style text) record per number out, in
 * input order; bad lines become `failed` records; blank and `#` lines are skipped. With a checkpoint file,
 * the committed position (input offset, output length) is saved atomically after writes, so a job killed at
 * any moment resumes with output byte-identical to an uninterrupted run.
 *
 * Memory is bounded by `highWaterMark` lines in flight, whatever the input size.
 *
 * @param options - input, output, settings, pool, checkpoint
 * @returns the summary (with `aborted` when the signal stopped it)
 * @throws PrimeosError `E_USAGE` for a checkpoint without a file output; I/O errors of the output
 */
export async function runFactorJob(options: FactorJobOptions): Promise<FactorJobSummary> {
  const t0 = performance.now();
  const s = options.settings;
  const batchSize = options.batchSize ?? FACTOR_JOB_BATCH;
  const gate = new CreditGate(options.highWaterMark ?? batchSize * 8);
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

  const render = (item: Item, f: Factorization | undefined): void => {
    const line = item.rec.line + 1 + (r?.lines ?? 0);
    if (item.rec.kind === 'too-long') {
      item.failed = true;
      return emit(
        item,
        failedLineRecord(
          line,
          undefined,
          'E_RANGE',
          `line has ${item.rec.bytes} bytes, above the limit of ${item.rec.maxLineBytes}`,
        ),
        undefined,
      );
    }
    const parsed = item.parsed as JobLine;
    if (parsed.kind === 'skip') return;
    if (parsed.kind === 'error') {
      item.failed = true;
      return emit(item, failedLineRecord(line, echoInput(item.rec.text), parsed.code, parsed.message), undefined);
    }
    const fz = f as Factorization;
    item.failed = fz.status === 'failed';
    item.partial = fz.status === 'partial';
    emit(item, factorRecord(line, fz, s), fz);
  };
  const emit = (item: Item, rec: Record<string, unknown>, f: Factorization | undefined): void => {
    item.record = true;
    if (s.format === 'ndjson') {
      item.text = JSON.stringify(rec) + '\n';
      return;
    }
    // text: GNU factor style; 0 prints "0:" as GNU does, failures go to the error channel
    if (f !== undefined && f.status !== 'failed') item.text = factorTextLine(f) + '\n';
    else if (f !== undefined && f.n === 0n) {
      item.text = '0:\n';
      item.failed = false;
    } else {
      const err = rec.error as { message: string };
      options.onTextError?.(`primeos: line ${rec.line as number}: ${err.message}`);
    }
  };

  const factorBatch = async (items: Item[], signal: AbortSignal): Promise<Item[]> => {
    const numbers = items.filter((i) => i.n !== undefined).map((i) => i.n as bigint);
    let results: Factorization[] = [];
    if (numbers.length > 0) {
      const engine = { budgetMs: s.budgetMs, seed: s.seed, maxBits: s.maxBits };
      results = options.pool
        ? await options.pool.task<FactorizeBatchInput, Factorization[]>('factorizeBatch')(
            { numbers, options: engine },
            signal,
          )
        : numbers.map((n) => bandedFactorize(n, { ...engine, signal }));
    }
    let k = 0;
    for (const item of items) render(item, item.n !== undefined ? results[k++] : undefined);
    return items;
  };

  const toItem = (rec: LineRecord): Item => {
    const parsed = rec.kind === 'line' ? parseJobLine(rec.text, s) : undefined;
    const n = parsed?.kind === 'number' ? { n: parsed.n } : {};
    return { rec, parsed, ...n, text: '', record: false, failed: false, partial: false };
  };

  const out$: Observable<Item[]> = fromPull(options.lines(state.inputOffset), { gate, signal }).pipe(
    map(toItem),
    adaptiveBatch({ mode: 'fixed', size: batchSize, gate }),
    parallel(factorBatch, { concurrency: options.pool ? options.pool.threads * 2 : 1, signal }),
  );

  const sink = new Writable({
    objectMode: true,
    write(batch: Item[], _enc, cb) {
      const text = batch.map((i) => i.text).join('');
      const commit = (): void => {
        for (const i of batch) {
          state.lines++;
          if (i.record) state.records++;
          if (i.failed) state.failed++;
          if (i.partial) state.partial++;
          state.inputOffset = i.rec.end;
        }
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
    await toWritable(out$, sink, { gate, credits: (b) => b.length, signal });
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
