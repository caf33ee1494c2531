import type { FactorJobSettings } from './JobCheckpoint.js';

/**
 * Where a durable job is: `queued` (waiting for a slot), `running`, `done` (every line processed), `failed`
 * (an I/O error stopped it; `error` says which), `interrupted` (the server stopped it at a checkpoint; it
 * continues when a server starts on the same data dir).
 */
export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'interrupted';

/** Counters of a job (the committed ones while it runs). */
export interface JobProgress {
  /** Input lines consumed and records written, and of those failed and partial. */
  readonly lines: number;
  readonly records: number;
  readonly failed: number;
  readonly partial: number;
  /** Input bytes consumed, of `inputBytes`. */
  readonly inputOffset: number;
  readonly inputBytes: number;
  /** Committed output bytes. */
  readonly outputBytes: number;
}

/** What `GET /v1/jobs/:id` answers. */
export interface JobStatus {
  readonly id: string;
  readonly state: JobState;
  /** ISO time the job was accepted. */
  readonly createdAt: string;
  readonly settings: FactorJobSettings;
  readonly progress: JobProgress;
  /** Why a `failed` job stopped. */
  readonly error?: { readonly code: string; readonly message: string };
}

/**
 * A job event, as `GET /v1/jobs/:id/events` sends it (server-sent events) and `JobManager.events` emits it:
 * `created`, `progress` (at most every `JOB_PROGRESS_EVERY_MS` per job), `state` (a change such as running or
 * interrupted), `done` (the final counts; also for `failed`), `deleted`.
 */
export interface JobEvent {
  readonly type: 'created' | 'progress' | 'state' | 'done' | 'deleted';
  readonly id: string;
  readonly status: JobStatus;
}
