import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { PrimeosError } from '../../model/PrimeosError.js';

/** Checkpoint format version. */
export const CHECKPOINT_VERSION = 1;

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
}

/**
 * Write a checkpoint atomically: a temp file next to it, then `rename` (readers see the old or the new
 * checkpoint, never a torn one).
 *
 * @param path - checkpoint path
 * @param cp - the checkpoint
 */
export function saveCheckpoint(path: string, cp: JobCheckpoint): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(cp) + '\n');
  renameSync(tmp, path);
}

/**
 * Read and validate a checkpoint.
 *
 * @param path - checkpoint path
 * @returns the checkpoint
 * @throws PrimeosError `E_PARSE` when the file is missing, unreadable or not a version-1 checkpoint
 */
export function loadCheckpoint(path: string): JobCheckpoint {
  let cp: unknown;
  try {
    cp = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new PrimeosError('E_PARSE', `cannot read checkpoint ${path}: ${(err as Error).message}`);
  }
  const c = cp as Partial<JobCheckpoint>;
  if (
    typeof cp !== 'object' ||
    cp === null ||
    c.version !== CHECKPOINT_VERSION ||
    typeof c.inputPath !== 'string' ||
    typeof c.outputPath !== 'string' ||
    !Number.isSafeInteger(c.inputOffset) ||
    !Number.isSafeInteger(c.outputBytes) ||
    !Number.isSafeInteger(c.lines) ||
    typeof c.settings !== 'object'
  ) {
    throw new PrimeosError('E_PARSE', `${path} is not a primeos checkpoint (version ${CHECKPOINT_VERSION})`);
  }
  return cp as JobCheckpoint;
}
