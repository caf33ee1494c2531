import type { FactorJobEntriesInput, FactorJobBatchOutput } from '../stream/jobs/factorJobBatch.js';
import { failedLineRecord } from '../stream/jobs/factorRecord.js';
import { echoInput, parseJobLine } from '../stream/jobs/jobLine.js';

/**
 * The output of a batch that is not factorised: every line that would have written a record writes a `failed`
 * record with code `E_PROCESS` instead (blank and `#` lines still write nothing). The error route of poison tasks
 * (tasks whose workers died on every delivery) and of malformed ones, rendered with the job's own record code.
 *
 * @param input - the batch
 * @param message - the reason, written into each record
 * @returns the rendered batch
 * @example
 * ```ts
 * poisonOutput(batch, 'task delivered 4 times, its worker died each time').failed; // lines in the batch
 * ```
 */
export function poisonOutput(input: FactorJobEntriesInput, message: string): FactorJobBatchOutput {
  const s = input.settings;
  const text = s.format === 'text';
  let out = '';
  let records = 0;
  const errors: string[] = [];
  for (let i = 0; i < input.entries.length; i++) {
    const entry = input.entries[i] as string | number;
    const line = input.lines[i] as number;
    if (typeof entry === 'string' && parseJobLine(entry, s).kind === 'skip') continue;
    records++;
    if (text) errors.push(`primeos: line ${line}: ${message}`);
    else {
      const echo = typeof entry === 'string' ? echoInput(entry) : undefined;
      out += JSON.stringify(failedLineRecord(line, echo, 'E_PROCESS', message)) + '\n';
    }
  }
  return { text: out, records, failed: records, partial: 0, errors };
}
