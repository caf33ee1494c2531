import type { ErrorCode } from '../../model/PrimeosError.js';
import { bandedFactorize } from '../../bands/bandedFactorize.js';
import type { Factorization } from '../../primes/Factorization.js';
import { factorRecordJson, factorTextLine, failedLineRecord } from './factorRecord.js';
import type { FactorJobSettings } from './JobCheckpoint.js';
import { echoInput, parseJobLine } from './jobLine.js';

/**
 * A batch of consecutive input lines of a factor job, as posted to a worker thread: plain strings and numbers,
 * so structured clone is cheap and the reply is one string.
 */
export interface FactorJobBatchInput {
  /** Each line's text, or, for a line above `settings.maxLineBytes`, its length in bytes. */
  readonly entries: readonly (string | number)[];
  /** 1-based line number of each entry. */
  readonly lines: readonly number[];
  readonly settings: FactorJobSettings;
}

/** The rendered output of a {@link FactorJobBatchInput}, with the counters the job commits. */
export interface FactorJobBatchOutput {
  /** The batch's output bytes: NDJSON records or GNU-style text lines, each ending in `\n`. */
  readonly text: string;
  /** Records written (blank and `#` lines write none), and of those failed and partial. */
  readonly records: number;
  readonly failed: number;
  readonly partial: number;
  /** In text format, the messages of failed lines (GNU `factor` writes them to stderr), in input order. */
  readonly errors: readonly string[];
}

/**
 * Parse, factorise and render one batch of job lines: the whole per-line work of a factor job, shared by the
 * in-thread path and the stream worker (`factorJobBatch` task) so both write the same bytes.
 *
 * @param input - line texts (or too-long lengths), their line numbers, the job settings
 * @param signal - cancels the factorisations in progress (results become `partial`, reason `aborted`)
 * @returns the output text and counters
 * @example
 * ```ts
 * import { factorJobBatch } from 'primeos/stream';
 * const settings = { input: 'auto', format: 'text', budgetMs: 1000, seed: 1, maxBits: 4096,
 *   maxLineBytes: 1 << 20, hex: false, timings: false } as const;
 * factorJobBatch({ entries: ['12', '# note', '91'], lines: [1, 2, 3], settings }).text; // '12: 2 2 3\n91: 7 13\n'
 * ```
 */
export function factorJobBatch(input: FactorJobBatchInput, signal?: AbortSignal): FactorJobBatchOutput {
  const s = input.settings;
  const text = s.format === 'text';
  const engine = {
    budgetMs: s.budgetMs,
    seed: s.seed,
    maxBits: s.maxBits,
    ...(signal === undefined ? {} : { signal }),
  };
  const errors: string[] = [];
  let out = '';
  let records = 0;
  let failed = 0;
  let partial = 0;
  const fail = (line: number, echo: string | undefined, code: ErrorCode, message: string): void => {
    records++;
    failed++;
    if (text) errors.push(`primeos: line ${line}: ${message}`);
    else out += JSON.stringify(failedLineRecord(line, echo, code, message)) + '\n';
  };
  const { entries, lines } = input;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] as string | number;
    const line = lines[i] as number;
    if (typeof entry === 'number') {
      fail(line, undefined, 'E_RANGE', `line has ${entry} bytes, above the limit of ${s.maxLineBytes}`);
      continue;
    }
    const parsed = parseJobLine(entry, s);
    if (parsed.kind === 'skip') continue;
    if (parsed.kind === 'error') {
      fail(line, echoInput(entry), parsed.code, parsed.message);
      continue;
    }
    const f: Factorization = bandedFactorize(parsed.n, engine);
    records++;
    if (f.status === 'partial') partial++;
    if (!text) {
      if (f.status === 'failed') failed++;
      out += factorRecordJson(line, f, s) + '\n';
    } else if (f.status !== 'failed') out += factorTextLine(f) + '\n';
    else {
      // 0 has no factorisation: failed in both formats (the same count, the same exit code); text still
      // prints GNU factor's "0:" line so its stdout stays GNU-compatible
      if (f.n === 0n) out += '0:\n';
      failed++;
      errors.push(`primeos: line ${line}: ${f.error.message}`);
    }
  }
  return { text: out, records, failed, partial, errors };
}
