import { PrimeosError, hasErrorCode } from '../../model/PrimeosError.js';
import { parseBigInt } from '../../primes/parseBigInt.js';
import { SIEVE_MAX } from '../../primes/SegmentedSieve.js';
import { primesFrom } from '../../primes/sieve.js';
import { readLines, type LineRecord } from '../../stream/sources/readLines.js';
import { readStreamLines } from '../../stream/sources/readStreamLines.js';
import type { PipelineNode } from '../PipelineGraph.js';
import type { Item } from './Item.js';

/** A source record that is an item error (the node's policy decides): carried as the item value. */
export class SourceFailure {
  readonly error: PrimeosError;
  constructor(error: PrimeosError) {
    this.error = error;
  }
}

/** Where a file source starts (resume): byte offset and lines already consumed. */
export interface SourceStart {
  readonly offset: number;
  readonly lines: number;
}

/**
 * The raw items of a source node: lines with their 1-based numbers and end offsets; a record that cannot be read
 * (an over-long line, bad JSON, a bad chunk) is an item whose value is a {@link SourceFailure}.
 *
 * @param node - the source node
 * @param stdin - what "-" reads
 * @param start - resume position of a file source
 * @param signal - stops reading
 * @returns the items
 */
export async function* sourceItems(
  node: PipelineNode,
  stdin: NodeJS.ReadableStream,
  start: SourceStart,
  signal: AbortSignal,
): AsyncGenerator<Item> {
  const o = node.options;
  if (node.type === 'primes') {
    const from = o.from as number;
    const end = o.to === undefined ? SIEVE_MAX + 1 : (o.to as number) + 1;
    let left = (o.count as number | undefined) ?? Infinity;
    let i = 0;
    if (left <= 0) return;
    for (const p of primesFrom(from, end)) {
      i++;
      yield { v: BigInt(p), line: i, end: i };
      if (--left <= 0) return;
    }
    return;
  }
  const maxLineBytes =
    (o.maxLineBytes as number | undefined) ??
    (node.type === 'chunks' ? Math.ceil((o.maxBits as number) / 3) + 16 : 1 << 20);
  const file = o.path as string;
  const records: AsyncIterable<LineRecord> =
    file === '-'
      ? readStreamLines(stdin, { maxLineBytes, signal })
      : readLines(file, { start: start.offset, maxLineBytes, signal });
  for await (const rec of records) {
    const line = start.lines + rec.line + 1;
    if (rec.kind === 'too-long') {
      yield {
        v: new SourceFailure(
          new PrimeosError('E_RANGE', `line ${line} has ${rec.bytes} bytes, above the limit of ${maxLineBytes}`),
        ),
        line,
        end: rec.end,
      };
      continue;
    }
    if (node.type === 'lines') {
      yield { v: rec.text, line, end: rec.end };
      continue;
    }
    const t = rec.text.trim();
    if (t === '' || (node.type === 'chunks' && t.startsWith('#'))) continue;
    try {
      const v =
        node.type === 'ndjson'
          ? (JSON.parse(t) as unknown)
          : parseBigInt(t, { maxBits: o.maxBits as number, allowNegative: false });
      yield { v, line, end: rec.end };
    } catch (err) {
      const e = hasErrorCode(err)
        ? new PrimeosError(err.code, `line ${line}: ${err.message}`)
        : new PrimeosError('E_PARSE', `line ${line}: invalid JSON: ${(err as Error).message}`);
      yield { v: new SourceFailure(e), line, end: rec.end };
    }
  }
}
