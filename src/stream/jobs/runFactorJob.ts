import { closeSync, createWriteStream, fsyncSync, ftruncateSync, openSync, statSync } from 'node:fs';
import { setMaxListeners } from 'node:events';
import { Writable } from 'node:stream';
import type { Observable } from 'rxjs';
import { PrimeosError } from '../../model/PrimeosError.js';
import type { CreditGate } from '../CreditGate.js';
import { abortError } from '../internal/abort.js';
import { FilePrefixHash } from '../internal/FilePrefixHash.js';
import { sameFile } from '../internal/sameFile.js';
import { JOB_SIQS_PARALLEL_MIN_BITS, SIQS_PARALLEL_MIN_BITS } from '../internal/parallelThresholds.js';
import { verifyInputPin, verifyOutputPin } from '../internal/verifyPins.js';
import type { parallel as Parallel } from '../operators/parallel.js';
import type { fromPull as FromPull } from '../sources/fromPull.js';
import type { LineRecord } from '../sources/readLines.js';
import type { toWritable as ToWritable } from '../sinks/toWritable.js';
import type { Factorization } from '../../primes/Factorization.js';
import type { WorkerPool } from '../WorkerPool.js';
import type * as FactorJobBatchModule from './factorJobBatch.js';
import type { FactorJobBatchOutput, FactorJobTextInput } from './factorJobBatch.js';
import type { FactorJobExecutor } from './FactorJobExecutor.js';
import {
  saveCheckpoint,
  CHECKPOINT_VERSION,
  type FactorJobSettings,
  type InputFingerprint,
  type JobCheckpoint,
} from './JobCheckpoint.js';
import { JobLock } from './JobLock.js';
import { byteBatches, recordBatches, type JobBatch } from './jobBatches.js';

/** Where a factor job writes: a file (resumable) or any Writable such as stdout. */
export type FactorJobOutput = { readonly path: string } | { readonly stream: NodeJS.WritableStream };

/** Options of {@link runFactorJob}. */
export interface FactorJobOptions {
  /**
   * The input bytes from offset `start` (e.g. positional reads of a file, or stdin): the fast way in, cut into
   * batches of whole lines without a string per line. Give this or `lines`.
   */
  readonly input?: (start: number) => AsyncIterable<Uint8Array>;
  /** Input lines with byte offsets, starting at `start` (e.g. `(start) => readLines(path, { start })`). */
  readonly lines?: (start: number) => AsyncIterable<LineRecord>;
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
   * With a `pool`: batches are factorised on this thread while the work done here stays within this many
   * milliseconds and, after {@link IN_THREAD_SAMPLE_MS}, while that work scaled to the whole input (`inputBytes`)
   * would too; all later batches go to the pool (default 0: every batch on the pool, except a job of one batch).
   * A small job never waits for threads to start and warm up, and a large one soon moves to them; a lazy pool
   * starts no thread until the first batch it gets.
   */
  readonly inThreadMs?: number;
  /**
   * With a `pool`: whether a job of one batch runs on this thread (default true: a one-number `primeos factor`
   * starts no thread for it). A server sets false, so that no request ever holds its event loop: such a batch
   * then goes to the pool like any other, and one hard number there is sieved on every pool thread
   * (`factorizeAsync`), not on one.
   */
  readonly oneBatchHere?: boolean;
  /**
   * Lines per batch, fixed. By default batches are sized by measured cost: small at first (every worker gets
   * work at once), then about {@link FACTOR_JOB_BATCH_TARGET_MS} of work each, so cheap numbers travel by the
   * thousand per message and expensive ones a few at a time. The output is the same whatever the size.
   */
  readonly batchSize?: number;
  /** Batches in flight between reading and writing (default 4 per worker thread, at least 4): bounded memory. */
  readonly highWaterMark?: number;
  /**
   * The credit gate between the line source and the output, one credit per batch (default: a private gate sized
   * from `highWaterMark`). Pass one to observe the job's in-flight batches and backpressure waits. A job of one
   * batch (the whole input in its first batch) is written without it.
   */
  readonly gate?: CreditGate;
  /**
   * Line number given to the first line read (default 1, or the line after a resumed checkpoint's): a caller that
   * resends the rest of an interrupted input numbers its records as the uninterrupted run did.
   */
  readonly firstLine?: number;
  /** Quiet input time after which a partly filled batch is processed (default {@link FACTOR_JOB_IDLE_FLUSH_MS}). */
  readonly idleFlushMs?: number;
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

/**
 * Lines in the first batches of a job (sized by cost after that), except a job with a pool on a file: 1.
 */
export const FACTOR_JOB_FIRST_BATCH = 16;
/**
 * Work on the job's own thread after which a job given `inThreadMs` scales it to the whole input to decide whether
 * the rest stays there.
 */
export const IN_THREAD_SAMPLE_MS = 30;
/** Wall time of work a cost-sized batch aims at. */
export const FACTOR_JOB_BATCH_TARGET_MS = 25;
/** Most lines in a cost-sized batch. */
export const FACTOR_JOB_MAX_BATCH = 65_536;

/** Quiet time after which a partly filled batch is sent anyway (slow or interactive input). */
export const FACTOR_JOB_IDLE_FLUSH_MS = 50;

/**
 * Lines per batch from the measured cost per line: an exponential average of each batch's wall time per line,
 * aiming at {@link FACTOR_JOB_BATCH_TARGET_MS} per batch.
 */
class BatchSizer {
  #msPerLine: number | undefined;
  #lines: number;
  readonly #fixed: boolean;

  constructor(fixed: number | undefined, first = FACTOR_JOB_FIRST_BATCH) {
    this.#fixed = fixed !== undefined;
    this.#lines = fixed ?? first;
  }

  get lines(): number {
    return this.#lines;
  }

  observe(lines: number, ms: number): void {
    if (this.#fixed || lines === 0) return;
    const per = ms / lines;
    // a cheaper batch is believed at once (the first ones carry worker start-up), a dearer one by degrees
    const prev = this.#msPerLine;
    this.#msPerLine = prev === undefined || per < prev ? per : 0.7 * prev + 0.3 * per;
    const want = FACTOR_JOB_BATCH_TARGET_MS / Math.max(this.#msPerLine, 1e-6);
    this.#lines = Math.max(1, Math.min(FACTOR_JOB_MAX_BATCH, Math.round(want)));
  }
}

/**
 * The batch renderer (and with it the engines), loaded only when this thread renders or splits batches: a job on
 * a worker pool keeps its own thread free of them.
 */
let batchModule: Promise<typeof FactorJobBatchModule> | undefined;
const loadBatchModule = (): Promise<typeof FactorJobBatchModule> => (batchModule ??= import('./factorJobBatch.js'));

/**
 * A pattern that finds, in a batch's text, the digits of a number of `bits` bits or more: at least as many decimal
 * digits as the smallest such number has, or `0x` and as many hex digits (a prefilter: leading zeros pass too).
 */
function digitsOf(bits: number): RegExp {
  const decimal = Math.floor((bits - 1) * Math.log10(2)) + 1;
  return new RegExp(`\\d{${decimal},}|0[xX][0-9a-fA-F]{${Math.ceil(bits / 4)},}`);
}

/** A number that a job sieves in parallel while it works on its own thread, or on the pool. */
const LONG_NUMBER = digitsOf(JOB_SIQS_PARALLEL_MIN_BITS);
const POOL_LONG_NUMBER = digitsOf(SIQS_PARALLEL_MIN_BITS);

/**
 * `sieveSoleNumber` for a one-line job batch long enough to hold a number worth sieving in parallel; its module
 * (SIQS on the pool) is loaded only then, so a short one-number job starts no faster or slower than before.
 */
async function soleNumber(
  input: FactorJobTextInput,
  pool: WorkerPool,
  signal: AbortSignal,
  here: boolean,
): Promise<Factorization | undefined> {
  if (!(here ? LONG_NUMBER : POOL_LONG_NUMBER).test(input.text)) return undefined;
  const { sieveSoleNumber } = await import('../internal/sieveSoleNumber.js');
  return sieveSoleNumber(input, pool, signal, here);
}

/**
 * The stream engine a job of more than one batch runs on (the credit gate, `fromPull`, `parallel`, `toWritable`,
 * and with them RxJS), loaded only then: loading it is a large part of a one-number `primeos factor` (cold start in
 * `npx tsx bench/factorThroughput.ts`), and a job of one batch is done without it.
 */
const loadEngine = async (): Promise<{
  CreditGate: typeof CreditGate;
  fromPull: typeof FromPull;
  parallel: typeof Parallel;
  toWritable: typeof ToWritable;
}> => {
  const [gate, source, operator, sink] = await Promise.all([
    import('../CreditGate.js'),
    import('../sources/fromPull.js'),
    import('../operators/parallel.js'),
    import('../sinks/toWritable.js'),
  ]);
  return {
    CreditGate: gate.CreditGate,
    fromPull: source.fromPull,
    parallel: operator.parallel,
    toWritable: sink.toWritable,
  };
};

/** The values of `rest` after `first` (closing `rest` when stopped before it was reached). */
async function* continueWith<T>(first: T, rest: AsyncIterator<T>): AsyncGenerator<T> {
  let reached = false;
  try {
    yield first;
    reached = true;
    yield* { [Symbol.asyncIterator]: () => rest };
  } finally {
    if (!reached) await rest.return?.();
  }
}

/** `p`, or a rejection with `E_ABORTED` as soon as `signal` aborts. */
async function unlessAborted<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) throw abortError(signal);
  let onAbort: (() => void) | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        onAbort = () => reject(abortError(signal));
        signal.addEventListener('abort', onAbort, { once: true });
      }),
    ]);
  } finally {
    if (onAbort !== undefined) signal.removeEventListener('abort', onAbort);
  }
}

/** A batch with its first line number and rendered output. */
interface Batch {
  readonly batch: JobBatch;
  readonly out: FactorJobBatchOutput;
}

/** The files of a checkpointed job, verified against the checkpoint and hashed up to the committed position. */
interface PinnedFiles {
  readonly input: Omit<InputFingerprint, 'sha256'>;
  readonly inputHash: FilePrefixHash;
  readonly outputHash: FilePrefixHash;
}

const refuse = (message: string): PrimeosError => new PrimeosError('E_CHECKPOINT', message);

/**
 * Check a resumed job's files against its checkpoint (`verifyInputPin`, `verifyOutputPin`): the input has the
 * recorded size and modification time and the same bytes before the committed offset; the output exists, is at
 * least as long as the committed length, and its committed bytes hash as recorded. Anything else would append
 * shifted or duplicated records.
 */
function verifyResume(r: JobCheckpoint, inputPath: string, outputPath: string): PinnedFiles {
  if (r.inputPath !== inputPath || r.outputPath !== outputPath) {
    throw refuse(`the checkpoint belongs to ${r.inputPath} → ${r.outputPath}, not ${inputPath} → ${outputPath}`);
  }
  if (r.input === undefined || r.output === undefined) {
    throw refuse('the checkpoint has no input and output fingerprints (not written by a factor job); restart the job');
  }
  const inputHash = verifyInputPin(inputPath, r.input, r.inputOffset, 'the job');
  const outputHash = verifyOutputPin(outputPath, r.outputBytes, r.output.sha256, 'the job');
  return { input: { size: r.input.size, mtimeMs: r.input.mtimeMs }, inputHash, outputHash };
}

/**
 * Run a streaming factorisation job: lines in, one NDJSON (or GNU-style text) record per number out, in
 * input order; bad lines become `failed` records; blank and `#` lines are skipped. With a checkpoint file,
 * the committed position (input offset, output length, and fingerprints of both files) is saved atomically
 * and durably after writes (the output is fsynced first), so a job killed at any moment resumes with output
 * byte-identical to an uninterrupted run. The checkpoint is locked (`<checkpoint>.lock`) while the job runs;
 * a resume verifies the input and the committed output before appending.
 *
 * Memory is bounded by `highWaterMark` lines (as whole batches) in flight, whatever the input size.
 *
 * @param options - input, output, settings, pool, checkpoint
 * @returns the summary (with `aborted` when the signal stopped it)
 * @throws PrimeosError `E_USAGE` for a checkpoint without a file input and output or when input, output and
 * checkpoint are the same file; `E_CHECKPOINT` when another process holds the job or a resumed job's files
 * do not match its checkpoint; I/O errors of the files
 */
export async function runFactorJob(options: FactorJobOptions): Promise<FactorJobSummary> {
  const t0 = performance.now();
  const s = options.settings;
  if (options.input === undefined && options.lines === undefined) {
    throw new PrimeosError('E_USAGE', 'runFactorJob needs an input or lines');
  }
  const r = options.resume;
  const outputPath = 'path' in options.output ? options.output.path : undefined;
  const inputPath = options.inputPath;
  const checkpointPath = options.checkpointPath;
  if (checkpointPath !== undefined && outputPath === undefined) {
    throw new PrimeosError('E_USAGE', 'a checkpoint needs a file output (--output FILE)');
  }
  if ((checkpointPath !== undefined || r !== undefined) && inputPath === undefined) {
    throw new PrimeosError('E_USAGE', 'a checkpointed job needs an input file, not a stream');
  }
  const named: [string, string | undefined][] = [
    ['input', inputPath],
    ['output', outputPath],
    ['checkpoint', checkpointPath],
  ];
  for (const [i, [an, a]] of named.entries()) {
    for (const [bn, b] of named.slice(i + 1)) {
      if (a !== undefined && b !== undefined && sameFile(a, b)) {
        throw new PrimeosError('E_USAGE', `the ${an} and the ${bn} are the same file (${a}); refusing to overwrite it`);
      }
    }
  }
  const lock = checkpointPath !== undefined ? JobLock.acquire(checkpointPath) : undefined;
  try {
    return await runLocked(options, t0, s, r, outputPath, inputPath, checkpointPath);
  } finally {
    lock?.release();
  }
}

async function runLocked(
  options: FactorJobOptions,
  t0: number,
  s: FactorJobSettings,
  r: JobCheckpoint | undefined,
  outputPath: string | undefined,
  inputPath: string | undefined,
  checkpointPath: string | undefined,
): Promise<FactorJobSummary> {
  // a job with a pool on an input of known size (a file) starts at one line per batch: a few costly numbers then
  // spread over the threads (16 blind lines would all go to one), and work on this thread before the pool ends
  // close to inThreadMs whatever the numbers cost; the sizer takes the next batches to ~25 ms of work. A stream
  // keeps 16, so a few lines typed or piped in stay one batch, done on this thread
  const sizer = new BatchSizer(
    options.batchSize,
    options.pool !== undefined && options.inputBytes !== undefined ? 1 : FACTOR_JOB_FIRST_BATCH,
  );
  let pinned: PinnedFiles | undefined;
  if (r !== undefined) pinned = verifyResume(r, inputPath as string, outputPath as string);
  else if (checkpointPath !== undefined) {
    const st = statSync(inputPath as string);
    pinned = {
      input: { size: st.size, mtimeMs: st.mtimeMs },
      inputHash: new FilePrefixHash(),
      outputHash: new FilePrefixHash(),
    };
  }
  // one signal for the whole pipeline: the caller's, or a closed output (EPIPE)
  const controller = new AbortController();
  const onCallerAbort = (): void => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) onCallerAbort();
  else options.signal?.addEventListener('abort', onCallerAbort, { once: true });
  const signal = controller.signal;
  let outputClosed = false;
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
  let outFd: number | undefined;
  let inFd: number | undefined;
  if (outputPath !== undefined) {
    const fd = openSync(outputPath, r ? 'r+' : 'w');
    if (r) ftruncateSync(fd, r.outputBytes);
    outFd = fd;
    ownTarget = createWriteStream(outputPath, { fd, start: state.outputBytes, autoClose: true });
    target = ownTarget;
  } else target = (options.output as { stream: NodeJS.WritableStream }).stream;
  if (pinned !== undefined) inFd = openSync(inputPath as string, 'r');

  const checkpoint = (done: boolean): void => {
    if (checkpointPath === undefined || pinned === undefined || outputPath === undefined) return;
    // the output first: a checkpoint never covers bytes that a crash could still lose
    if (outFd !== undefined) fsyncSync(outFd);
    if (!pinned.inputHash.extendFromFile(inFd as number, state.inputOffset)) {
      throw refuse(`input ${inputPath} shrank while the job ran`);
    }
    const cp: JobCheckpoint = {
      version: CHECKPOINT_VERSION,
      inputPath: inputPath as string,
      outputPath,
      ...state,
      settings: s,
      done,
      input: { ...pinned.input, sha256: pinned.inputHash.digest() },
      output: { sha256: pinned.outputHash.digest() },
    };
    saveCheckpoint(checkpointPath, cp);
  };
  try {
    checkpoint(false);
  } catch (err) {
    if (inFd !== undefined) closeSync(inFd);
    ownTarget?.destroy();
    throw err;
  }
  let lastCheckpoint = performance.now();
  const progress = (): FactorJobProgress => ({
    ...state,
    inputBytes: options.inputBytes,
    elapsedMs: performance.now() - t0,
  });

  const inThreadMs = options.inThreadMs ?? 0;
  let local =
    options.pool === undefined || options.executor !== undefined || inThreadMs > 0
      ? await loadBatchModule()
      : undefined;
  /** Milliseconds the batches have run on this thread so far, and the input offset they reached. */
  let hereMs = 0;
  const startOffset = state.inputOffset;
  let hereEnd = startOffset;
  let moved = false;
  /**
   * Whether the next batch stays on this thread (with a pool and `inThreadMs`): while the work done here stays
   * within inThreadMs and, once it has run IN_THREAD_SAMPLE_MS, so does that work scaled to the whole input (when
   * its size is known). Once a batch has gone to the pool, all the rest do.
   */
  const staysHere = (): boolean => {
    if (moved) return false;
    const done = hereEnd - startOffset;
    const projected =
      options.inputBytes === undefined || done <= 0 ? hereMs : (hereMs * (options.inputBytes - startOffset)) / done;
    if (hereMs >= inThreadMs || (hereMs >= IN_THREAD_SAMPLE_MS && projected > inThreadMs)) moved = true;
    return !moved;
  };
  const inThread = (input: FactorJobTextInput, signal: AbortSignal): FactorJobBatchOutput => {
    options.onThreadBusy?.(true);
    const t = performance.now();
    try {
      return (local as NonNullable<typeof local>).factorJobBatch(input, signal);
    } finally {
      hereMs += performance.now() - t;
      options.onThreadBusy?.(false);
    }
  };
  let nextLine = options.firstLine ?? 1 + (r?.lines ?? 0);
  let batchIndex = 0;
  const factorBatch = async (batch: JobBatch, signal: AbortSignal): Promise<Batch> => {
    const input: FactorJobTextInput = {
      text: batch.text,
      firstLine: nextLine,
      tooLong: batch.tooLong,
      stripCr: batch.stripCr,
      settings: s,
    };
    nextLine += batch.lines;
    // a job of one batch (e.g. one number) runs here, unless the caller keeps this thread free (a server): starting
    // a worker would cost more than the work; so do the first batches of a job given time on this thread
    const first = batchIndex++ === 0;
    const only = first && batch.last;
    // a number that may need a long stage goes to the pool even while the job works here: it may take seconds,
    // and this thread cannot hand it over once it has started
    const here =
      options.pool === undefined ||
      (only && options.oneBatchHere !== false) ||
      (inThreadMs > 0 && !LONG_NUMBER.test(batch.text) && staysHere());
    const t = performance.now();
    let out: FactorJobBatchOutput;
    let ms: number | undefined;
    if (options.pool !== undefined && here) local ??= await loadBatchModule();
    if (options.executor) {
      out = await options.executor.run((local as NonNullable<typeof local>).batchEntries(input), signal);
    } else {
      // one hard number as the job's only or last batch runs on every pool thread (its line is then only rendered
      // here): a job's last number would otherwise keep one thread busy while the others have nothing left to do
      const sole =
        batch.last && batch.lines === 1 && (options.pool?.threads ?? 0) > 1
          ? await soleNumber(input, options.pool as WorkerPool, signal, here && only)
          : undefined;
      if (sole !== undefined) {
        local ??= await loadBatchModule();
        out = local.factorJobBatch(input, signal, new Map([[sole.n, sole]]));
      } else if (here) {
        out = inThread(input, signal);
        hereEnd = Math.max(hereEnd, batch.end);
      } else {
        // the batch's own run time: jobs sharing the pool (a server's requests) queue for it, and sizing by the
        // wall time would keep every batch small exactly when the pool is busiest
        const r = await (options.pool as WorkerPool).timedTask<FactorJobTextInput, FactorJobBatchOutput>(
          'factorJobBatch',
        )(input, signal);
        out = r.value;
        ms = r.runMs;
      }
    }
    sizer.observe(batch.lines, ms ?? performance.now() - t);
    return { batch, out };
  };

  const start = state.inputOffset;
  const idleFlushMs = options.idleFlushMs ?? FACTOR_JOB_IDLE_FLUSH_MS;
  const batches =
    options.input !== undefined
      ? byteBatches(options.input(start), {
          start,
          maxLineBytes: s.maxLineBytes,
          linesPerBatch: () => sizer.lines,
          idleFlushMs,
        })
      : recordBatches(
          (options.lines as (start: number) => AsyncIterable<LineRecord>)(start),
          () => sizer.lines,
          idleFlushMs,
        );
  // once the job stops, nothing more is written: batches still queued in the sink are dropped uncommitted
  let closing = false;
  let inFlight: Promise<void> = Promise.resolve();
  let checkpointError: unknown;
  /** Write and commit one batch (the sink's write; `cb` as a Writable's). */
  const writeBatch = ({ batch, out }: Batch, cb: (err?: Error | null) => void): void => {
    if (closing) return cb();
    const text = out.text;
    if (options.onTextError !== undefined) for (const e of out.errors) options.onTextError(e);
    const commit = (): void => {
      state.lines += batch.lines;
      state.records += out.records;
      state.failed += out.failed;
      state.partial += out.partial;
      state.inputOffset = batch.end;
      state.outputBytes += Buffer.byteLength(text);
      pinned?.outputHash.append(text);
      const now = performance.now();
      if (!closing && now - lastCheckpoint >= (options.checkpointEveryMs ?? 200)) {
        try {
          checkpoint(false);
        } catch (err) {
          checkpointError = err;
          return cb(err as Error);
        }
        lastCheckpoint = now;
      }
      options.onProgress?.(progress());
      cb();
    };
    if (text === '') return commit();
    inFlight = new Promise<void>((resolve) => {
      target.write(text, (err) => {
        resolve();
        if (!err) return commit();
        if ((err as NodeJS.ErrnoException).code !== 'EPIPE') return cb(err);
        // the reader went away: stop the job quietly, nothing more is committed
        outputClosed = true;
        controller.abort();
        cb();
      });
    });
  };

  const batchIt = batches[Symbol.asyncIterator]();
  let firstRead: Promise<IteratorResult<JobBatch>> | undefined;
  let engineStarted = false;
  let sink: Writable | undefined;
  let aborted = false;
  let completed = false;
  try {
    firstRead = batchIt.next();
    const first = await unlessAborted(firstRead, signal);
    firstRead = undefined;
    if (first.done === true) completed = true;
    else if (first.value.last) {
      // a job of one batch: factored and written here, without the stream engine
      const b = await factorBatch(first.value, signal);
      if (signal.aborted) throw abortError(signal);
      await new Promise<void>((resolve, reject) => writeBatch(b, (err) => (err ? reject(err) : resolve())));
      if (signal.aborted) throw abortError(signal);
      completed = true;
    } else {
      // the same operators as every stream: the credit bridge, parallel with in-order results, the credit sink
      const engine = await loadEngine();
      engineStarted = true;
      const gate =
        options.gate ?? new engine.CreditGate(options.highWaterMark ?? Math.max(4, 4 * (options.pool?.threads ?? 1)));
      const concurrency = options.executor?.concurrency ?? (options.pool ? options.pool.threads * 2 : 1);
      // every running batch links its own signal to the job's: that is `concurrency` listeners, not a leak
      setMaxListeners(concurrency + 10, signal);
      const out$: Observable<Batch> = engine
        .fromPull(continueWith(first.value, batchIt), { gate, signal })
        .pipe(engine.parallel(factorBatch, { concurrency, signal }));
      sink = new Writable({
        objectMode: true,
        write(b: Batch, _enc, cb) {
          writeBatch(b, cb);
        },
      });
      sink.on('error', () => undefined); // reported through toWritable
      await engine.toWritable(out$, sink, { gate, credits: () => 1, signal });
      completed = true;
    }
  } catch (err) {
    if (!signal.aborted || checkpointError !== undefined) throw err;
    aborted = !outputClosed;
  } finally {
    options.signal?.removeEventListener('abort', onCallerAbort);
    closing = true;
    sink?.destroy();
    // the engine closes the batches itself; otherwise close them here, even mid-read (as fromPull does)
    if (!engineStarted) {
      if (firstRead === undefined) void batchIt.return?.(undefined).catch(() => undefined);
      else void firstRead.then(() => batchIt.return?.(undefined)).catch(() => undefined);
    }
    await inFlight;
    try {
      if (checkpointError === undefined) checkpoint(completed);
    } finally {
      if (inFd !== undefined) closeSync(inFd);
      if (ownTarget) await new Promise<void>((resolve) => ownTarget.end(() => resolve()));
    }
  }
  return { ...progress(), aborted, outputClosed };
}
