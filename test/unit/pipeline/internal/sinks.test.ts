import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { Channel } from '../../../../src/pipeline/internal/Channel.js';
import { itemCount } from '../../../../src/pipeline/internal/blockItems.js';
import type { Item } from '../../../../src/pipeline/internal/Item.js';
import { LineBlock } from '../../../../src/pipeline/internal/LineBlock.js';
import { RecordBlock } from '../../../../src/pipeline/internal/RecordBlock.js';
import { runSink } from '../../../../src/pipeline/internal/sinks.js';
import type { PipelineNode } from '../../../../src/pipeline/PipelineGraph.js';
import { tempDir } from '../../../fixtures/tempDir.js';

const dir = tempDir('sinks');

const sink = (file: string): PipelineNode =>
  ({ id: 'out', type: 'ndjson', role: 'sink', output: undefined, options: { path: file } }) as unknown as PipelineNode;

/** Lines "10", "", "12", … with a record per non-blank line, as one block of records. */
function records(count: number): { block: RecordBlock; text: string; ends: number[] } {
  const lines = Array.from({ length: count }, (_, i) => (i % 3 === 1 ? '' : String(10 + i)));
  const text = lines.map((l) => l + '\n').join('');
  const ends: number[] = [];
  let at = 0;
  for (const l of lines) ends.push((at += l.length + 1));
  const src = new LineBlock(text, count, 1, 0, at, false);
  const recs = lines.flatMap((l, i) => (l === '' ? [] : [`{"line":${i + 1}}\n`]));
  return { block: new RecordBlock(recs.join(''), recs.length, src), text: recs.join(''), ends };
}

describe('runSink with blocks', () => {
  test('writes a block of records in one piece and counts its records', async () => {
    const file = path.join(dir, 'whole.ndjson');
    const { block, text } = records(10);
    const c = new Channel<Item>('f', 'out', 100, 'block', itemCount);
    expect(c.send({ v: block, line: 10, end: block.source.end })).toBeUndefined();
    c.close();
    expect(c.stats().maxFill).toBe(block.records);
    const n = await runSink(sink(file), [c], new PassThrough(), undefined, undefined, new AbortController().signal);
    expect(n).toBe(block.records);
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(c.stats().delivered).toBe(block.records);
  });

  test('on resume, a block that straddles the committed position is written from the next record on', async () => {
    const { block, ends } = records(10);
    for (let committed = 1; committed < 10; committed++) {
      const file = path.join(dir, `resume-${committed}.ndjson`);
      // what an earlier run wrote: the records of lines 1..committed
      const before = block.items().filter((i) => i.line <= committed);
      const prefix = before.map((i) => (i.v as { text: string }).text + '\n').join('');
      writeFileSync(file, prefix + 'garbage past the committed bytes\n');
      const c = new Channel<Item>('f', 'out', 100, 'block', itemCount);
      expect(c.send({ v: block, line: 10, end: block.source.end })).toBeUndefined();
      c.close();
      const resume = {
        bytes: Buffer.byteLength(prefix),
        end: ends[committed - 1] as number,
        line: committed,
        items: 0,
      };
      const n = await runSink(sink(file), [c], new PassThrough(), resume, undefined, new AbortController().signal);
      expect(n).toBe(block.records - before.length);
      expect(readFileSync(file, 'utf8')).toBe(block.text);
    }
  });
});
