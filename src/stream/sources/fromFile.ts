import { defer, type Observable } from 'rxjs';
import { fromPull, type FromPullOptions } from './fromPull.js';
import { readLines, type LineRecord, type ReadLinesOptions } from './readLines.js';

/** Options of {@link fromFile}: the credit options of `fromPull` plus the line options of `readLines`. */
export type FromFileOptions = FromPullOptions & ReadLinesOptions;

/**
 * A credit-bridged Observable of a file's lines with their byte offsets (see {@link readLines}). Each
 * subscription opens the file afresh; unsubscribing or aborting closes it.
 *
 * @param path - file path
 * @param options - gate / high-water mark, start offset, line limit, signal
 * @returns a cold Observable of {@link LineRecord}s
 * @throws PrimeosError `E_ABORTED` (as an Observable error) when `signal` aborts
 *
 * @example
 * ```ts
 * import { CreditGate, fromFile, toAsyncIterable } from 'primeos/stream';
 * const gate = new CreditGate(64);
 * for await (const r of toAsyncIterable(fromFile('numbers.txt', { gate }), { gate })) console.log(r);
 * ```
 */
export function fromFile(path: string, options: FromFileOptions = {}): Observable<LineRecord> {
  return defer(() => fromPull(readLines(path, options), options));
}
