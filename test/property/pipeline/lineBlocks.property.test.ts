import fc from 'fast-check';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { LineBlock } from '../../../src/pipeline/internal/LineBlock.js';
import { RecordBlock } from '../../../src/pipeline/internal/RecordBlock.js';
import { unpack } from '../../../src/pipeline/internal/blockItems.js';
import type { Item } from '../../../src/pipeline/internal/Item.js';
import { SourceFailure, sourceItems } from '../../../src/pipeline/internal/sources.js';
import { loadPipeline } from '../../../src/pipeline/loadPipeline.js';
import type { PipelineConfig } from '../../../src/pipeline/PipelineConfig.js';
import { runPipeline } from '../../../src/pipeline/runPipeline.js';
import { isJobSkipLine } from '../../../src/stream/jobs/jobLine.js';
import { readStreamLines } from '../../../src/stream/sources/readStreamLines.js';
import { tempDir } from '../../fixtures/tempDir.js';

const dir = tempDir('blocks');

const MAX_LINE = 16;

/** Input lines of every kind a `lines` source meets: numbers, blanks, comments, junk, CRs, non-ASCII, long. */
const lineArb = fc.oneof(
  fc.bigInt({ min: 0n, max: 2n ** 40n }).map(String),
  fc.constantFrom('', ' ', '# note', '  # x', 'abc', '-7', '\u00e9t\u00e9', '1\r', '\r', '\u00a0'),
  fc.string({ minLength: MAX_LINE + 1, maxLength: MAX_LINE + 6 }).map((s) => s.replace(/\n/g, 'x')),
);
const inputArb = fc.record({
  lines: fc.array(lineArb, { minLength: 0, maxLength: 60 }),
  terminated: fc.boolean(),
  crlf: fc.boolean(),
});
const render = (i: { lines: string[]; terminated: boolean; crlf: boolean }): Buffer => {
  const nl = i.crlf ? '\r\n' : '\n';
  const body = i.lines.join(nl);
  return Buffer.from(i.lines.length > 0 && i.terminated ? body + nl : body);
};

/** What a line-at-a-time reader gives for the same bytes: (text | too-long bytes, line, end). */
async function reference(bytes: Buffer): Promise<{ v: string | number; line: number; end: number }[]> {
  const out: { v: string | number; line: number; end: number }[] = [];
  for await (const r of readStreamLines(Readable.from([bytes]), { maxLineBytes: MAX_LINE }))
    out.push({ v: r.kind === 'line' ? r.text : r.bytes, line: r.line + 1, end: r.end });
  return out;
}

/** The items of a `lines` source over `bytes`, blocks unpacked, too-long lines as their byte counts. */
async function sourced(bytes: Buffer, blockLines: number): Promise<{ items: Item[]; blocks: LineBlock[] }> {
  const node = {
    id: 'in',
    type: 'lines',
    role: 'source',
    output: 'text',
    options: { path: '-', maxLineBytes: MAX_LINE },
  } as unknown as Parameters<typeof sourceItems>[0];
  const items: Item[] = [];
  const blocks: LineBlock[] = [];
  const stdin = Readable.from([bytes]);
  for await (const item of sourceItems(
    node,
    stdin,
    { offset: 0, lines: 0 },
    new AbortController().signal,
    blockLines,
  )) {
    if (item.v instanceof LineBlock) {
      expect(item.v.count).toBeLessThanOrEqual(blockLines);
      blocks.push(item.v);
    }
    items.push(...unpack(item));
  }
  return { items, blocks };
}

const plainItems = (items: Item[]): { v: string | number; line: number; end: number }[] =>
  items.map((i) => ({
    v: i.v instanceof SourceFailure ? Number(/has (\d+) bytes/.exec(i.v.error.message)?.[1]) : (i.v as string),
    line: i.line,
    end: i.end,
  }));

describe('blocks of lines', () => {
  test('a lines source in blocks gives, unpacked, the items of a line-at-a-time reader (text, number, end offset)', async () => {
    await fc.assert(
      fc.asyncProperty(inputArb, fc.integer({ min: 1, max: 9 }), async (input, blockLines) => {
        const bytes = render(input);
        const { items } = await sourced(bytes, blockLines);
        expect(plainItems(items)).toEqual(await reference(bytes));
      }),
      { numRuns: 150 },
    );
  });

  test('cut, join and continuedBy keep every line, number and end offset', async () => {
    await fc.assert(
      fc.asyncProperty(inputArb, fc.integer({ min: 1, max: 30 }), fc.nat(), async (input, blockLines, at) => {
        const { blocks } = await sourced(render(input), blockLines);
        for (const b of blocks) {
          const whole = b.items();
          if (b.count > 1) {
            const [head, rest] = b.cut(1 + (at % (b.count - 1)));
            expect(head.continuedBy(rest)).toBe(true);
            expect([...head.items(), ...rest.items()]).toEqual(whole);
            expect(LineBlock.join([head, rest]).items()).toEqual(whole);
          }
        }
        // blocks with no line between them (an over-long line goes alone) continue one another
        for (let k = 1; k < blocks.length; k++) {
          const [a, b] = [blocks[k - 1] as LineBlock, blocks[k] as LineBlock];
          expect(a.continuedBy(b)).toBe(b.firstLine === a.lastLine + 1);
          if (a.continuedBy(b)) expect(LineBlock.join([a, b]).items()).toEqual([...a.items(), ...b.items()]);
        }
      }),
      { numRuns: 100 },
    );
  });

  test('a block of records splits into blocks of at most max records, each with its own source lines', async () => {
    await fc.assert(
      fc.asyncProperty(inputArb, fc.integer({ min: 1, max: 7 }), async (input, max) => {
        const { blocks } = await sourced(render(input), 1024);
        for (const b of blocks) {
          // one record per line that is not blank or a comment, as the factor worker writes them
          const records: string[] = [];
          b.forEachLine((line, n) => {
            if (!isJobSkipLine(line)) records.push(JSON.stringify({ line: n, text: line }));
          });
          const whole = new RecordBlock(records.map((r) => r + '\n').join(''), records.length, b);
          const pieces = whole.split(max);
          for (const p of pieces) expect(p.records).toBeLessThanOrEqual(max);
          expect(pieces.map((p) => p.text).join('')).toBe(whole.text);
          expect(pieces.flatMap((p) => p.items())).toEqual(whole.items());
          expect(pieces[pieces.length - 1]?.source.end).toBe(b.end);
          for (const item of whole.items()) {
            const r = JSON.parse((item.v as { text: string }).text) as { line: number };
            expect(r.line).toBe(item.line);
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  test('lines → factorize → ndjson in blocks writes what the item-at-a-time path writes, at any capacity', async () => {
    await fc.assert(
      fc.asyncProperty(inputArb, fc.integer({ min: 1, max: 40 }), fc.nat(), async (input, capacity, run) => {
        const file = path.join(dir, `in-${run}.txt`);
        writeFileSync(file, render(input));
        const graph = (out: string, itemwise: boolean): PipelineConfig => ({
          capacity,
          nodes: [
            { id: 'in', type: 'lines', onError: 'skip', options: { path: file, maxLineBytes: MAX_LINE } },
            ...(itemwise ? [{ id: 'one', type: 'filter', options: { where: 'true' } }] : []),
            { id: 'f', type: 'factorize', options: { workers: 0 } },
            { id: 'out', type: 'ndjson', options: { path: out } },
          ],
          edges: itemwise
            ? [
                { from: 'in', to: 'one' },
                { from: 'one', to: 'f' },
                { from: 'f', to: 'out' },
              ]
            : [
                { from: 'in', to: 'f' },
                { from: 'f', to: 'out' },
              ],
        });
        const a = path.join(dir, `blocks-${run}.ndjson`);
        const b = path.join(dir, `items-${run}.ndjson`);
        const sa = await runPipeline(await loadPipeline(graph(a, false), { baseDir: dir }));
        const sb = await runPipeline(await loadPipeline(graph(b, true), { baseDir: dir }));
        expect(sa.status).toBe('completed');
        expect(sb.status).toBe('completed');
        expect(readFileSync(a, 'utf8')).toBe(readFileSync(b, 'utf8'));
        const f = sa.nodes.find((n) => n.id === 'f');
        expect(f?.out).toBe(sb.nodes.find((n) => n.id === 'f')?.out);
        for (const n of sa.nodes) for (const c of n.channels) expect(c.maxFill).toBeLessThanOrEqual(c.capacity);
      }),
      { numRuns: 40 },
    );
  });
});
