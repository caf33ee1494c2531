import { closeSync, linkSync, openSync, readFileSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { PrimeosError } from '../../model/PrimeosError.js';

/** True when a process with this pid exists (a signal-0 probe; EPERM means it exists under another user). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Create the lock file with this process's pid already in it: a temp file is written, then hard-linked to the
 * lock's name (atomic, and refused when the name exists), so another process never reads a lock whose pid is not
 * written yet (it would take it for a crash's leftover and take it over). On a file system without hard links,
 * an exclusive create followed by the write.
 *
 * @returns false when the lock file exists
 */
function createWithPid(file: string): boolean {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${process.pid}\n`, { mode: 0o644 });
  try {
    linkSync(tmp, file);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw err;
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
  }
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    writeSync(fd, `${process.pid}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * An exclusive lock on a job's checkpoint: the file `<checkpoint>.lock`, created with `O_EXCL` and holding the
 * owner's pid. A lock whose pid no longer runs (the job was killed) is stale and is taken over; a live one
 * refuses the second job, so two processes never write the same output.
 */
export class JobLock {
  private released = false;
  /** Path of the lock file. */
  readonly file: string;

  private constructor(file: string) {
    this.file = file;
  }

  /**
   * Take the lock of a checkpoint.
   *
   * @param checkpointPath - the checkpoint the lock guards
   * @returns the held lock; call {@link JobLock.release} when the job ends
   * @throws PrimeosError `E_CHECKPOINT` when another live process holds it
   */
  static acquire(checkpointPath: string): JobLock {
    const file = `${checkpointPath}.lock`;
    for (let attempt = 0; attempt < 3; attempt++) {
      if (createWithPid(file)) return new JobLock(file);
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        continue; // removed meanwhile: try again
      }
      const pid = Number.parseInt(text, 10);
      if (Number.isSafeInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        throw new PrimeosError('E_CHECKPOINT', `the job of ${checkpointPath} is running (pid ${pid}, lock ${file})`, {
          pid,
        });
      }
      // stale (its process is gone) or unreadable (left by a crash): take it over
      try {
        unlinkSync(file);
      } catch {
        // another process took it over first: the next attempt sees its lock
      }
    }
    throw new PrimeosError('E_CHECKPOINT', `cannot take the lock ${file}`);
  }

  /** Remove the lock file (idempotent). */
  release(): void {
    if (this.released) return;
    this.released = true;
    try {
      unlinkSync(this.file);
    } catch {
      // already gone
    }
  }
}
