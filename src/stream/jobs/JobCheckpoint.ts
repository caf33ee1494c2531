import { closeSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { PrimeosError } from '../../model/PrimeosError.js';

/** Checkpoint format version (2: input and output fingerprints). */
export const CHECKPOINT_VERSION = 2;

/** The settings a factor job needs to continue exactly as it started. */
export interface FactorJobSettings {
  readonly input: 'auto' | 'lines' | 'ndjson';
  readonly format: 'ndjson' | 'text';
  readonly budgetMs: number;
  readonly seed: number;
  readonly maxBits: number;
  readonly maxLineBytes: number;
  readonly hex: boolean;
  readonly timings: boolean;
}

/**
 * What pins a job's input file: its size and modification time when the job started, and the SHA-256 of its
 * bytes before the committed offset. A resume refuses an input that differs in any of them.
 */
export interface InputFingerprint {
  readonly size: number;
  readonly mtimeMs: number;
  /** Hex SHA-256 of input bytes `[0, inputOffset)`. */
  readonly sha256: string;
}

/** What pins a job's output file: the SHA-256 of its committed bytes `[0, outputBytes)`. */
export interface OutputFingerprint {
  readonly sha256: string;
}

/**
 * A factor job's committed position: everything up to `inputOffset` has been read and its records, and
 * only those, occupy the first `outputBytes` bytes of the output file.
 */
export interface JobCheckpoint {
  readonly version: number;
  /** Absolute paths of the job's input and output files. */
  readonly inputPath: string;
  readonly outputPath: string;
  /** Byte offset in the input where the next unread line starts. */
  readonly inputOffset: number;
  /** Input lines consumed (the next line's 1-based number is `lines + 1`). */
  readonly lines: number;
  /** Records written (skipped blank/comment lines write none). */
  readonly records: number;
  /** Records with status `failed`, and `partial`. */
  readonly failed: number;
  readonly partial: number;
  /** Length of the committed output. */
  readonly outputBytes: number;
  readonly settings: FactorJobSettings;
  /** True once the whole input was processed. */
  readonly done: boolean;
  /**
   * Fingerprints of the files. A factor job always writes them and refuses to resume without them; other users
   * of this format (pipelines) may leave them out.
   */
  readonly input?: InputFingerprint;
  readonly output?: OutputFingerprint;
}

/**
 * Write a file atomically and durably: a temp file next to it is written and fsynced, renamed over the
 * target, and the directory is fsynced, so after a crash (even a power loss) readers see the old or the new
 * content, never a torn or empty file.
 *
 * @param file - target path
 * @param data - the content
 */
export function writeFileDurably(file: string, data: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w', 0o644);
  try {
    writeSync(fd, data);
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      // nothing to remove
    }
    throw err;
  }
  closeSync(fd);
  renameSync(tmp, file);
  let dir: number | undefined;
  try {
    dir = openSync(path.dirname(file), 'r');
    fsyncSync(dir);
  } catch (err) {
    // some platforms (and some file systems) refuse fsync on a directory: the rename is still atomic
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EINVAL' && code !== 'EPERM' && code !== 'EBADF') throw err;
  } finally {
    if (dir !== undefined) closeSync(dir);
  }
}

/**
 * Save a checkpoint atomically and durably (see {@link writeFileDurably}).
 *
 * @param file - checkpoint path
 * @param cp - the checkpoint
 */
export function saveCheckpoint(file: string, cp: JobCheckpoint): void {
  writeFileDurably(file, JSON.stringify(cp) + '\n');
}

const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
const isSha256 = (x: unknown): x is string => typeof x === 'string' && /^[0-9a-f]{64}$/.test(x);
const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * The first problem of a parsed checkpoint, or `undefined` when every field has the right type and range.
 *
 * @param c - the parsed JSON
 * @returns a message naming the bad field, or undefined
 */
export function checkpointProblem(c: unknown): string | undefined {
  if (!isRecord(c)) return 'not a JSON object';
  if (c.version !== CHECKPOINT_VERSION) {
    return (
      `version ${JSON.stringify(c.version)} is not ${CHECKPOINT_VERSION}` +
      (c.version === 1 ? ' (a checkpoint of an older primeos: restart the job)' : '')
    );
  }
  for (const k of ['inputPath', 'outputPath'] as const) {
    if (typeof c[k] !== 'string' || !path.isAbsolute(c[k])) return `${k} must be an absolute path`;
  }
  for (const k of ['inputOffset', 'lines', 'records', 'failed', 'partial', 'outputBytes'] as const) {
    if (!isCount(c[k])) return `${k} must be a non-negative integer, got ${JSON.stringify(c[k])}`;
  }
  const n = c as unknown as JobCheckpoint;
  if (n.records > n.lines) return 'records exceeds lines';
  if (n.failed + n.partial > n.records) return 'failed + partial exceeds records';
  if (n.records > 0 && n.outputBytes === 0 && n.settings?.format === 'ndjson') return 'records without output bytes';
  if (typeof c.done !== 'boolean') return 'done must be a boolean';
  const s = c.settings;
  if (!isRecord(s)) return 'settings must be an object';
  if (!['auto', 'lines', 'ndjson'].includes(s.input as string)) return 'settings.input must be auto, lines or ndjson';
  if (!['ndjson', 'text'].includes(s.format as string)) return 'settings.format must be ndjson or text';
  for (const k of ['budgetMs', 'maxBits'] as const) {
    if (!isCount(s[k])) return `settings.${k} must be a non-negative integer`;
  }
  if (!isCount(s.maxLineBytes) || s.maxLineBytes < 1) return 'settings.maxLineBytes must be a positive integer';
  if (!isCount(s.seed)) return 'settings.seed must be a non-negative integer';
  if (typeof s.hex !== 'boolean' || typeof s.timings !== 'boolean')
    return 'settings.hex and settings.timings must be booleans';
  const i = c.input;
  if (i === undefined && c.output === undefined) return undefined;
  if (
    !isRecord(i) ||
    !isCount(i.size) ||
    typeof i.mtimeMs !== 'number' ||
    !Number.isFinite(i.mtimeMs) ||
    !isSha256(i.sha256)
  ) {
    return 'input must be { size, mtimeMs, sha256 }';
  }
  if (n.inputOffset > i.size) return 'inputOffset is past the end of the input';
  if (!isRecord(c.output) || !isSha256(c.output.sha256)) return 'output must be { sha256 }';
  return undefined;
}

/**
 * Read and validate a checkpoint: every field is checked for type and range (negative or fractional
 * offsets, wrong types, missing fingerprints are refused before anything is touched).
 *
 * @param file - checkpoint path
 * @returns the checkpoint
 * @throws PrimeosError `E_CHECKPOINT` when the file is unreadable, not JSON, or not a valid checkpoint of this
 * version
 */
export function loadCheckpoint(file: string): JobCheckpoint {
  let cp: unknown;
  try {
    cp = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new PrimeosError('E_CHECKPOINT', `cannot read checkpoint ${file}: ${(err as Error).message}`, undefined, {
      cause: err,
    });
  }
  const problem = checkpointProblem(cp);
  if (problem !== undefined)
    throw new PrimeosError('E_CHECKPOINT', `${file} is not a valid primeos checkpoint: ${problem}`);
  return cp as JobCheckpoint;
}
