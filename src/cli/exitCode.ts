/**
 * Exit codes of the primeos CLI (README "Exit codes"; docs/ARCHITECTURE.md §8). Every command and edge uses these names.
 *
 * - `Ok` 0: done, every record ok.
 * - `RecordsFailed` 1: done, some records failed (each says why).
 * - `Usage` 2: bad arguments or refused input (conflicting flags, a checkpoint that does not match its files,
 *   the same file given twice, a number out of range); nothing was written.
 * - `Io` 3: a file or device could not be read or written (missing, no permission, a directory, disk full).
 * - `Internal` 70: a bug in primeos (the message says "internal error").
 * - `Interrupted` 130: stopped by SIGINT; `Terminated` 143: stopped by SIGTERM (128 + signal number).
 */
export const ExitCode = {
  Ok: 0,
  RecordsFailed: 1,
  Usage: 2,
  Io: 3,
  Internal: 70,
  Interrupted: 130,
  Terminated: 143,
} as const;
