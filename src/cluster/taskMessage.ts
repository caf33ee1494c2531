import { PrimeosError } from '../model/PrimeosError.js';
import type { FactorJobEntriesInput, FactorJobBatchOutput } from '../stream/jobs/factorJobBatch.js';

/** Fields of a task entry in a job's task stream. */
export interface TaskFields {
  /** Task id: `first-last` line numbers of the batch (stable across resumes, the duplicate-drop key). */
  readonly task: string;
  /** The batch as JSON (`FactorJobEntriesInput`). */
  readonly input: string;
  [field: string]: string;
}

/** Fields of a result entry in a job's result stream. */
export interface ResultFields {
  readonly task: string;
  /** The rendered batch as JSON (`FactorJobBatchOutput`). */
  readonly out: string;
  [field: string]: string;
}

/**
 * The id of the task carrying a batch: its first and last line numbers.
 *
 * @param input - a non-empty batch
 * @returns `first-last`
 */
export function taskId(input: FactorJobEntriesInput): string {
  return `${input.lines[0] ?? 0}-${input.lines[input.lines.length - 1] ?? 0}`;
}

/**
 * The line range named by a task id.
 *
 * @param id - `first-last`
 * @returns the first and last line numbers, or undefined when `id` is not a task id
 */
export function taskLines(id: string): { first: number; last: number } | undefined {
  const m = /^(\d+)-(\d+)$/.exec(id);
  if (!m) return undefined;
  const first = Number(m[1]);
  const last = Number(m[2]);
  return Number.isSafeInteger(first) && Number.isSafeInteger(last) && first <= last ? { first, last } : undefined;
}

/**
 * Stream fields of a task.
 *
 * @param input - the batch
 * @returns the entry's fields
 */
export function encodeTask(input: FactorJobEntriesInput): TaskFields {
  return { task: taskId(input), input: JSON.stringify(input) };
}

const isStringOrCount = (x: unknown): x is string | number =>
  typeof x === 'string' || (typeof x === 'number' && Number.isSafeInteger(x) && x >= 0);

/**
 * Parse and check a task entry.
 *
 * @param fields - the entry's fields
 * @returns the batch
 * @throws PrimeosError `E_PARSE` when the entry is not a well-formed task
 */
export function decodeTask(fields: Readonly<Record<string, string>>): FactorJobEntriesInput {
  let v: unknown;
  try {
    v = JSON.parse(fields.input ?? '');
  } catch {
    throw new PrimeosError('E_PARSE', 'task entry without a JSON input');
  }
  const b = v as Partial<FactorJobEntriesInput>;
  if (
    typeof v !== 'object' ||
    v === null ||
    !Array.isArray(b.entries) ||
    !Array.isArray(b.lines) ||
    b.entries.length === 0 ||
    b.entries.length !== b.lines.length ||
    !b.entries.every(isStringOrCount) ||
    !b.lines.every((n) => Number.isSafeInteger(n) && n > 0) ||
    typeof b.settings !== 'object' ||
    b.settings === null
  ) {
    throw new PrimeosError('E_PARSE', 'malformed task entry');
  }
  return v as FactorJobEntriesInput;
}

/**
 * Stream fields of a result.
 *
 * @param id - the task id
 * @param out - the rendered batch
 * @returns the entry's fields
 */
export function encodeResult(id: string, out: FactorJobBatchOutput): ResultFields {
  return { task: id, out: JSON.stringify(out) };
}

/**
 * Parse and check a result entry.
 *
 * @param fields - the entry's fields
 * @returns the task id and the rendered batch
 * @throws PrimeosError `E_PARSE` when the entry is not a well-formed result
 */
export function decodeResult(fields: Readonly<Record<string, string>>): { id: string; out: FactorJobBatchOutput } {
  let v: unknown;
  try {
    v = JSON.parse(fields.out ?? '');
  } catch {
    throw new PrimeosError('E_PARSE', 'result entry without a JSON output');
  }
  const o = v as Partial<FactorJobBatchOutput>;
  const count = (x: unknown): boolean => Number.isSafeInteger(x) && (x as number) >= 0;
  if (
    typeof fields.task !== 'string' ||
    taskLines(fields.task) === undefined ||
    typeof v !== 'object' ||
    v === null ||
    typeof o.text !== 'string' ||
    !count(o.records) ||
    !count(o.failed) ||
    !count(o.partial) ||
    !Array.isArray(o.errors) ||
    !o.errors.every((e) => typeof e === 'string')
  ) {
    throw new PrimeosError('E_PARSE', 'malformed result entry');
  }
  return { id: fields.task, out: v as FactorJobBatchOutput };
}
