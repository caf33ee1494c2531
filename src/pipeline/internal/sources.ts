import { PrimeosError, hasErrorCode } from '../../model/PrimeosError.js';
import { parseBigInt } from '../../primes/parseBigInt.js';
import { byteBatches } from '../../stream/jobs/jobBatches.js';
import { FACTOR_JOB_IDLE_FLUSH_MS } from '../../stream/jobs/runFactorJob.js';
import { readChunks } from '../../stream/sources/readChunks.js';
import { readLines, type LineRecord } from '../../stream/sources/readLines.js';
import { readStreamLines } from '../../stream/sources/readStreamLines.js';
import type { PipelineNode } from '../PipelineGraph.js';
import type { Item } from './Item.js';
import { LineBlock } from './LineBlock.js';

/** A source record that is an item error (the node's policy decides): carried as the item value. */
export class SourceFailure {
  readonly error: PrimeosError;
  constructor(error: PrimeosError) {
    this.error = error;
  }
}

/** Most lines, and bytes, of one block of a `lines` source. */
export const LINE_BLOCK_LINES = 1024;
export const LINE_BLOCK_BYTES = 64 * 1024;

/** Lines of a `lines` source's first block (each next one twice as many, up to the block size). */
const FIRST_BLOCK_LINES = 16;

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
 * @param blockLines - most lines per block of a `lines` source (a block must fit its smallest out-edge)
 * @returns the items
 */
export async function* sourceItems(
  node: PipelineNode,
  stdin: NodeJS.ReadableStream,
  start: SourceStart,
  signal: AbortSignal,
  blockLines: number = LINE_BLOCK_LINES,
): AsyncGenerator<Item> {
  const o = node.options;
  if (node.type === 'primes') {
    const [{ SIEVE_MAX }, { primesFrom }] = await Promise.all([
      import('../../primes/SegmentedSieve.js'),
      import('../../primes/sieve.js'),
    ]);
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
  if (node.type === 'lines') {
    yield* lineBlocks(file, stdin, start, maxLineBytes, blockLines, signal);
    return;
  }
  const records: AsyncIterable<LineRecord> =
    file === '-'
      ? readStreamLines(stdin, { maxLineBytes, signal })
      : readLines(file, { start: start.offset, maxLineBytes, signal });
  for await (const rec of records) {
    const line = start.lines + rec.line + 1;
    if (rec.kind === 'too-long') {
      yield { v: tooLongFailure(line, rec.bytes, maxLineBytes), line, end: rec.end };
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

const tooLongFailure = (line: number, bytes: number, max: number): SourceFailure =>
  new SourceFailure(new PrimeosError('E_RANGE', `line ${line} has ${bytes} bytes, above the limit of ${max}`));

/**
 * The items of a `lines` source: blocks of up to `blockLines` lines ({@link LineBlock}), read with
 * the factor job's batcher (no string or object per line). A batch that holds an over-long line goes out line
 * by line instead, each over-long line as a {@link SourceFailure}.
 */
async function* lineBlocks(
  file: string,
  stdin: NodeJS.ReadableStream,
  start: SourceStart,
  maxLineBytes: number,
  blockLines: number,
  signal: AbortSignal,
): AsyncGenerator<Item> {
  const chunks =
    file === '-' ? (stdin as AsyncIterable<Uint8Array>) : readChunks(file, { start: start.offset, signal });
  let line = start.lines + 1;
  let at = start.offset;
  // the first blocks are small, so the first records are on their way while the rest is read (then doubling)
  let next = FIRST_BLOCK_LINES;
  const batches = byteBatches(chunks, {
    start: start.offset,
    maxLineBytes,
    linesPerBatch: () => {
      const lines = Math.min(blockLines, next);
      next *= 2;
      return lines;
    },
    maxBatchBytes: LINE_BLOCK_BYTES,
    ...(file === '-' ? { idleFlushMs: FACTOR_JOB_IDLE_FLUSH_MS } : {}),
  });
  for await (const b of batches) {
    if (signal.aborted) throw new PrimeosError('E_ABORTED', 'aborted');
    if (b.lines === 0) continue;
    if (b.tooLong.length === 0) {
      const block = new LineBlock(b.text, b.lines, line, at, b.end, b.stripCr, b.last);
      yield { v: block, line: block.lastLine, end: b.end };
    } else {
      const overLong = { lines: b.tooLong, ends: b.tooLongEnds };
      const items: Item[] = [];
      new LineBlock(b.text, b.lines, line, at, b.end, b.stripCr, false, overLong).forEachLine((v, n, end, bytes) =>
        items.push({ v: bytes === undefined ? v : tooLongFailure(n, bytes, maxLineBytes), line: n, end }),
      );
      yield* items;
    }
    line += b.lines;
    at = b.end;
  }
}
