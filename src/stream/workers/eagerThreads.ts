import { fstatSync, statSync } from 'node:fs';

/**
 * Input bytes above which a job starts its worker threads at once (`WorkerPool`'s `eager`), so they load while
 * the job's own thread loads its modules, rather than at the first batch that needs one; such a job stays on its
 * own thread only when its file is one line (its first batch, and the last). A smaller file is worked on the
 * job's own thread first ({@link IN_THREAD_MS}).
 */
export const EAGER_THREADS_BYTES = 4 * 1024;

/**
 * Milliseconds of work a job on a small input file (at most {@link EAGER_THREADS_BYTES}) does on its own thread
 * before it hands batches to worker threads. Such a job is usually done by then (the README's example takes about
 * 130 ms of work), so it never waits for threads to start and warm up for longer than the work takes; one of few
 * but costly numbers moves to the threads after this.
 */
export const IN_THREAD_MS = 200;

/** How a factor job on an input starts its worker threads (see {@link threadStart}). */
export interface ThreadStart {
  /** Start the threads at once, while the job loads its modules. */
  readonly eager: boolean;
  /** Milliseconds of work done on the job's own thread before batches go to the threads. */
  readonly inThreadMs: number;
}

/**
 * How a job starts its threads for an input: a regular file above {@link EAGER_THREADS_BYTES} starts them at once;
 * a smaller one is worked on the job's own thread for {@link IN_THREAD_MS} first; a pipe, a terminal or a missing
 * file (size unknown) starts a thread at the first batch after the first.
 *
 * @param input - a file path, or an open descriptor (0: stdin)
 * @returns when the threads start
 */
export function threadStart(input: string | number): ThreadStart {
  let size: number | undefined;
  try {
    const st = typeof input === 'number' ? fstatSync(input) : statSync(input);
    if (st.isFile()) size = st.size;
  } catch {
    size = undefined;
  }
  if (size === undefined) return { eager: false, inThreadMs: 0 };
  return size > EAGER_THREADS_BYTES ? { eager: true, inThreadMs: 0 } : { eager: false, inThreadMs: IN_THREAD_MS };
}

/**
 * Whether an input is a regular file above {@link EAGER_THREADS_BYTES} (a pipe, a terminal or a missing file is
 * not: its size is unknown).
 *
 * @param input - a file path, or an open descriptor (0: stdin)
 * @returns true when the job's worker threads should start at once
 */
export function warrantsEagerThreads(input: string | number): boolean {
  return threadStart(input).eager;
}
