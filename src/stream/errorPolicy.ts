import type { ErrorCode } from '../model/PrimeosError.js';
import { STREAM_DEFAULTS } from './streamDefaults.js';

/**
 * The one error-policy vocabulary of the stream engine (operators, the pipeline builder, the jobs): what to do
 * when processing one item fails — fail the stream (`propagate`), drop the item (`skip`), or emit a substitute
 * (`substitute`).
 */
export type ErrorPolicy = 'propagate' | 'skip' | 'substitute';

/** A substitute function may return this to drop the item instead (counted as skipped). */
export const SKIP: unique symbol = Symbol('primeos.skip');

/** One recorded failure. */
export interface ItemFailure {
  /** 0-based position of the item (in the operator's input, or in the pipeline's source). */
  readonly index: number;
  readonly code: ErrorCode;
  readonly message: string;
  readonly action: ErrorPolicy;
}

/** What an error policy did (mutated in place; create with {@link createErrorRecord}). */
export interface ErrorRecord {
  processed: number;
  failed: number;
  skipped: number;
  substituted: number;
  /** The most recent failures (at most `keepLast`). */
  readonly recent: ItemFailure[];
  readonly keepLast: number;
}

/**
 * An empty {@link ErrorRecord}.
 *
 * @param keepLast - how many failures to keep in `recent` (default 100)
 * @returns a fresh record
 *
 * @example
 * ```ts
 * import { createErrorRecord, verifyIntegrity } from 'primeos/stream';
 * const record = createErrorRecord();
 * chunks$.pipe(verifyIntegrity({ policy: 'skip', record })); // then read record.skipped
 * ```
 */
export function createErrorRecord(keepLast: number = STREAM_DEFAULTS.keepFailures): ErrorRecord {
  return { processed: 0, failed: 0, skipped: 0, substituted: 0, recent: [], keepLast };
}

/**
 * Count one failure and what the policy did with it (the only place failures are recorded).
 *
 * @param record - the record to update
 * @param failure - the failed item's index, code and message, and the action taken
 */
export function recordFailure(record: ErrorRecord, failure: ItemFailure): void {
  record.failed++;
  if (failure.action === 'skip') record.skipped++;
  else if (failure.action === 'substitute') record.substituted++;
  record.recent.push(failure);
  if (record.recent.length > record.keepLast) record.recent.shift();
}

/**
 * Two records as one (counts added, recent failures in index order, the last `keepLast` kept).
 *
 * @param a - a record
 * @param b - another record
 * @returns a new record
 */
export function mergeRecords(a: ErrorRecord, b: ErrorRecord): ErrorRecord {
  const keepLast = Math.max(a.keepLast, b.keepLast);
  const recent = [...a.recent, ...b.recent].sort((x, y) => x.index - y.index).slice(-keepLast);
  return {
    processed: a.processed + b.processed,
    failed: a.failed + b.failed,
    skipped: a.skipped + b.skipped,
    substituted: a.substituted + b.substituted,
    recent,
    keepLast,
  };
}
