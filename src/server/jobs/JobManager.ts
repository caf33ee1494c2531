import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { Subject, type Observable } from 'rxjs';
import { hasErrorCode, PrimeosError } from '../../model/PrimeosError.js';
import { CreditGate } from '../../stream/CreditGate.js';
import { loadCheckpoint, type FactorJobSettings, type JobCheckpoint } from '../../stream/jobs/JobCheckpoint.js';
import { runFactorJob, type FactorJobProgress } from '../../stream/jobs/runFactorJob.js';
import { readChunks } from '../../stream/sources/readChunks.js';
import type { WorkerPool } from '../../stream/WorkerPool.js';
import type { TrackedWork } from '../PrimeosServer.js';
import type { JobEvent, JobProgress, JobState, JobStatus } from '../../stream/jobs/JobStatus.js';

/** Least time between two `progress` events of one job. */
export const JOB_PROGRESS_EVERY_MS = 100;
/** Batches in flight per running job. */
export const JOB_CREDITS = 8;
/** A job id: a UUID (the only names accepted as folder names under the data dir). */
export const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Options of {@link JobManager}. */
export interface JobManagerOptions {
  /** Folder of the jobs (`<dataDir>/jobs/<id>/`). */
  readonly dataDir: string;
  readonly pool: WorkerPool | undefined;
  readonly maxRunningJobs: number;
  readonly maxJobBytes: number;
  /** Lines per batch, fixed; undefined: sized by measured cost, as `primeos factor` does. */
  readonly batchSize?: number | undefined;
  readonly logger: Logger;
  /** Counts a running job's gate in the server's in-flight metrics; returns the function that stops it. */
  readonly track?: (work: TrackedWork) => () => void;
}

/** The stored description of a job (`job.json`), written once its input is stored durably. */
interface JobMeta {
  readonly id: string;
  readonly createdAt: string;
  readonly settings: FactorJobSettings;
  readonly inputBytes: number;
}

interface Job {
  readonly meta: JobMeta;
  readonly dir: string;
  state: JobState;
  progress: JobProgress;
  error?: { code: string; message: string };
  controller?: AbortController;
  running?: Promise<void>;
  lastEventAt: number;
  /** Wakes readers following the job's output (new committed bytes or an end). */
  waiters: (() => void)[];
}

const INPUT = 'input';
const OUTPUT = 'output.ndjson';
const CHECKPOINT = 'checkpoint.json';
const META = 'job.json';

/**
 * Durable factor jobs in a data dir, run by the same `runFactorJob` and checkpoint machinery as
 * `primeos factor --checkpoint`: each job's input, output and checkpoint live in `<dataDir>/jobs/<id>/`. After a
 * crash (even `kill -9`) a new manager on the same folder resumes every unfinished job from its last checkpoint;
 * the output is truncated to the committed length first, so each record is in the output exactly once, and the
 * engine's seeded determinism makes the re-computed records byte-identical to what a reader may already have
 * seen. Events (`created`, `progress`, `state`, `done`, `deleted`) go to {@link JobManager.events}, an RxJS
 * Observable any number of subscribers share.
 */
export class JobManager {
  readonly #o: JobManagerOptions;
  readonly #jobs = new Map<string, Job>();
  readonly #events = new Subject<JobEvent>();
  readonly #queue: Job[] = [];
  #running = 0;
  #stopped = false;

  /**
   * @param options - data dir, pool, limits, logger
   */
  constructor(options: JobManagerOptions) {
    this.#o = options;
  }

  /** Job events, hot: subscribers see the events after they subscribe. */
  get events(): Observable<JobEvent> {
    return this.#events.asObservable();
  }

  get #root(): string {
    return path.join(this.#o.dataDir, 'jobs');
  }

  /**
   * Load the jobs of the data dir and resume the unfinished ones (an upload cut before its `job.json` was
   * written is removed).
   *
   * @returns once loaded (the resumed jobs run in the background)
   */
  async start(): Promise<void> {
    await mkdir(this.#root, { recursive: true });
    const names = (await readdir(this.#root)).filter((n) => JOB_ID.test(n)).sort();
    const loaded: Job[] = [];
    for (const id of names) {
      const dir = path.join(this.#root, id);
      let meta: JobMeta;
      try {
        meta = JSON.parse(await readFile(path.join(dir, META), 'utf8')) as JobMeta;
      } catch {
        await rm(dir, { recursive: true, force: true });
        continue;
      }
      let cp: JobCheckpoint | undefined;
      if (existsSync(path.join(dir, CHECKPOINT))) {
        try {
          cp = loadCheckpoint(path.join(dir, CHECKPOINT));
        } catch (err) {
          this.#o.logger.warn({ id, err }, 'unreadable checkpoint: the job starts over');
        }
      }
      const job: Job = {
        meta,
        dir,
        state: cp?.done === true ? 'done' : 'queued',
        progress: progressOf(cp, meta.inputBytes),
        lastEventAt: 0,
        waiters: [],
      };
      this.#jobs.set(id, job);
      loaded.push(job);
    }
    loaded.sort((a, b) => a.meta.createdAt.localeCompare(b.meta.createdAt));
    for (const job of loaded) if (job.state === 'queued') this.#queue.push(job);
    if (this.#queue.length > 0) this.#o.logger.info({ jobs: this.#queue.length }, 'resuming jobs');
    this.#pump();
  }

  /**
   * Store a job's input durably (written and fsynced before the job exists), then queue it.
   *
   * @param body - the input bytes
   * @param settings - the factor settings (as `primeos factor` flags)
   * @returns the new job's status
   * @throws PrimeosError `E_RANGE` above `maxJobBytes`, `E_UNAVAILABLE` once stopped
   */
  async create(body: AsyncIterable<Uint8Array>, settings: FactorJobSettings): Promise<JobStatus> {
    if (this.#stopped) throw new PrimeosError('E_UNAVAILABLE', 'server shutting down');
    const id = randomUUID();
    const dir = path.join(this.#root, id);
    await mkdir(dir, { recursive: true });
    let inputBytes = 0;
    try {
      const fh = await open(path.join(dir, INPUT), 'w');
      try {
        for await (const chunk of body) {
          inputBytes += chunk.length;
          if (inputBytes > this.#o.maxJobBytes) {
            throw new PrimeosError('E_RANGE', `job input larger than ${this.#o.maxJobBytes} bytes`);
          }
          await fh.write(chunk);
        }
        await fh.sync();
      } finally {
        await fh.close();
      }
      const meta: JobMeta = { id, createdAt: new Date().toISOString(), settings, inputBytes };
      await writeFile(path.join(dir, `${META}.tmp`), JSON.stringify(meta) + '\n');
      await rename(path.join(dir, `${META}.tmp`), path.join(dir, META));
      const job: Job = {
        meta,
        dir,
        state: 'queued',
        progress: progressOf(undefined, inputBytes),
        lastEventAt: 0,
        waiters: [],
      };
      this.#jobs.set(id, job);
      this.#emit('created', job);
      this.#queue.push(job);
      this.#pump();
      return statusOf(job);
    } catch (err) {
      await rm(dir, { recursive: true, force: true });
      throw err;
    }
  }

  /**
   * A job's status.
   *
   * @param id - job id
   * @returns the status, or undefined for an unknown id
   */
  get(id: string): JobStatus | undefined {
    const job = this.#jobs.get(id);
    return job === undefined ? undefined : statusOf(job);
  }

  /**
   * Every job's status, oldest first.
   *
   * @returns the statuses
   */
  list(): JobStatus[] {
    return [...this.#jobs.values()].sort((a, b) => a.meta.createdAt.localeCompare(b.meta.createdAt)).map(statusOf);
  }

  /**
   * Jobs per state (for metrics).
   *
   * @returns the counts, every state present
   */
  counts(): Record<JobState, number> {
    const c: Record<JobState, number> = { queued: 0, running: 0, done: 0, failed: 0, interrupted: 0 };
    for (const job of this.#jobs.values()) c[job.state]++;
    return c;
  }

  /**
   * Stop a job if it runs and remove it with its files.
   *
   * @param id - job id
   * @returns false for an unknown id
   */
  async delete(id: string): Promise<boolean> {
    const job = this.#jobs.get(id);
    if (job === undefined) return false;
    this.#jobs.delete(id);
    const q = this.#queue.indexOf(job);
    if (q >= 0) this.#queue.splice(q, 1);
    job.controller?.abort(new PrimeosError('E_ABORTED', 'job deleted'));
    await job.running;
    await rm(job.dir, { recursive: true, force: true });
    this.#wake(job);
    this.#emit('deleted', job);
    return true;
  }

  /**
   * A job's records from record `from` (0-based), as byte chunks of whole NDJSON lines, following the job
   * while it runs: the iteration ends when the job is done (or failed, interrupted, deleted) and everything
   * committed was read, or when `signal` aborts.
   *
   * @param id - job id
   * @param from - index of the first record
   * @param signal - stops following
   * @returns the chunks
   * @throws PrimeosError `E_NOT_FOUND` for an unknown id
   */
  async *results(id: string, from: number, signal?: AbortSignal): AsyncGenerator<Buffer> {
    const job = this.#jobs.get(id);
    if (job === undefined) throw new PrimeosError('E_NOT_FOUND', `no job ${id}`);
    const file = path.join(job.dir, OUTPUT);
    let offset = 0;
    let skip = from;
    const buf = Buffer.allocUnsafe(64 * 1024);
    for (;;) {
      // read what is committed now; an output not created yet is empty
      const committed = job.progress.outputBytes;
      const ended = job.state !== 'queued' && job.state !== 'running';
      if (offset < committed) {
        const fh = await open(file, 'r').catch(() => undefined);
        if (fh === undefined) return;
        try {
          while (offset < committed) {
            if (signal?.aborted) return;
            const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, committed - offset), offset);
            if (bytesRead === 0) break;
            let chunk = buf.subarray(0, bytesRead);
            offset += bytesRead;
            while (skip > 0 && chunk.length > 0) {
              const nl = chunk.indexOf(10);
              if (nl === -1) {
                chunk = chunk.subarray(chunk.length);
                break;
              }
              chunk = chunk.subarray(nl + 1);
              skip--;
            }
            if (chunk.length > 0) yield Buffer.from(chunk);
          }
        } finally {
          await fh.close();
        }
        continue;
      }
      if (ended || !this.#jobs.has(id) || signal?.aborted) return;
      await new Promise<void>((resolve) => {
        const done = (): void => {
          signal?.removeEventListener('abort', done);
          resolve();
        };
        job.waiters.push(done);
        signal?.addEventListener('abort', done, { once: true });
      });
    }
  }

  /**
   * Stop every running job at a checkpoint (they become `interrupted` and resume on the next start) and refuse
   * new ones. Idempotent.
   *
   * @returns once every job has saved its checkpoint
   */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#queue.splice(0);
    const running = [...this.#jobs.values()].filter((j) => j.running !== undefined);
    for (const j of running) j.controller?.abort(new PrimeosError('E_ABORTED', 'server shutting down'));
    await Promise.all(running.map((j) => j.running));
    this.#events.complete();
  }

  #pump(): void {
    while (!this.#stopped && this.#running < this.#o.maxRunningJobs && this.#queue.length > 0) {
      const job = this.#queue.shift() as Job;
      this.#running++;
      job.running = this.#run(job).finally(() => {
        this.#running--;
        job.running = undefined;
        job.controller = undefined;
        this.#pump();
      });
    }
  }

  async #run(job: Job): Promise<void> {
    const input = path.join(job.dir, INPUT);
    const output = path.join(job.dir, OUTPUT);
    const checkpointPath = path.join(job.dir, CHECKPOINT);
    let resume: JobCheckpoint | undefined;
    if (existsSync(checkpointPath) && existsSync(output)) {
      try {
        resume = { ...loadCheckpoint(checkpointPath), inputPath: input, outputPath: output };
      } catch {
        resume = undefined;
      }
    }
    const controller = new AbortController();
    job.controller = controller;
    job.state = 'running';
    job.progress = progressOf(resume, job.meta.inputBytes);
    this.#emit('state', job);
    const gate = new CreditGate(JOB_CREDITS);
    const untrack = this.#o.track?.({ gate, route: 'job' });
    const settings = job.meta.settings;
    try {
      const summary = await runFactorJob({
        input: (start) => readChunks(input, { start }),
        inputPath: input,
        inputBytes: job.meta.inputBytes,
        output: { path: output },
        settings,
        checkpointPath,
        ...(resume !== undefined ? { resume } : {}),
        ...(this.#o.pool !== undefined ? { pool: this.#o.pool } : {}),
        oneBatchHere: false, // a request's one number never holds the server's event loop
        ...(this.#o.batchSize !== undefined ? { batchSize: this.#o.batchSize } : {}),
        gate,
        signal: controller.signal,
        onProgress: (p) => {
          job.progress = toJobProgress(p, job.meta.inputBytes);
          this.#wake(job);
          const now = performance.now();
          if (now - job.lastEventAt >= JOB_PROGRESS_EVERY_MS) {
            job.lastEventAt = now;
            this.#emit('progress', job);
          }
        },
      });
      job.progress = toJobProgress(summary, job.meta.inputBytes);
      job.state = summary.aborted ? 'interrupted' : 'done';
    } catch (err) {
      job.state = 'failed';
      job.error = {
        code: hasErrorCode(err) ? err.code : 'E_INTERNAL',
        message: err instanceof Error ? err.message : String(err),
      };
      this.#o.logger.error({ id: job.meta.id, err }, 'job failed');
    } finally {
      untrack?.();
    }
    this.#wake(job);
    if (this.#jobs.has(job.meta.id)) this.#emit(job.state === 'interrupted' ? 'state' : 'done', job);
  }

  #wake(job: Job): void {
    for (const w of job.waiters.splice(0)) w();
  }

  #emit(type: JobEvent['type'], job: Job): void {
    if (!this.#events.closed) this.#events.next({ type, id: job.meta.id, status: statusOf(job) });
  }
}

function progressOf(cp: JobCheckpoint | undefined, inputBytes: number): JobProgress {
  return {
    lines: cp?.lines ?? 0,
    records: cp?.records ?? 0,
    failed: cp?.failed ?? 0,
    partial: cp?.partial ?? 0,
    inputOffset: cp?.inputOffset ?? 0,
    inputBytes,
    outputBytes: cp?.outputBytes ?? 0,
  };
}

function toJobProgress(p: FactorJobProgress, inputBytes: number): JobProgress {
  return {
    lines: p.lines,
    records: p.records,
    failed: p.failed,
    partial: p.partial,
    inputOffset: p.inputOffset,
    inputBytes,
    outputBytes: p.outputBytes,
  };
}

function statusOf(job: Job): JobStatus {
  return {
    id: job.meta.id,
    state: job.state,
    createdAt: job.meta.createdAt,
    settings: job.meta.settings,
    progress: job.progress,
    ...(job.error !== undefined ? { error: job.error } : {}),
  };
}
