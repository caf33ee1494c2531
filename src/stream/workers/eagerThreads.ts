import { fstatSync, statSync } from 'node:fs';

/**
 * Input bytes above which a job starts its worker threads at once (`WorkerPool`'s `eager`), so they load while
 * the job's own thread loads its modules, rather than at the first batch that needs one. Only a job of one batch
 * (at most `FACTOR_JOB_FIRST_BATCH` lines) stays on its own thread; above 4 KiB that takes lines of 256 bytes or
 * more, so nearly every input this large does use the threads.
 */
export const EAGER_THREADS_BYTES = 4 * 1024;

/**
 * Whether an input is a regular file above {@link EAGER_THREADS_BYTES} (a pipe, a terminal or a missing file is
 * not: its size is unknown).
 *
 * @param input - a file path, or an open descriptor (0: stdin)
 * @returns true when the job's worker threads should start at once
 */
export function warrantsEagerThreads(input: string | number): boolean {
  try {
    const st = typeof input === 'number' ? fstatSync(input) : statSync(input);
    return st.isFile() && st.size > EAGER_THREADS_BYTES;
  } catch {
    return false;
  }
}
