import fc from 'fast-check';
import { batchEntries } from '../../../../src/stream/jobs/factorJobBatch.js';
import type { FactorJobSettings } from '../../../../src/stream/jobs/JobCheckpoint.js';
import { byteBatches, type JobBatch } from '../../../../src/stream/jobs/jobBatches.js';
import { splitLines } from '../../../../src/stream/sources/splitLines.js';

const settings: FactorJobSettings = {
  input: 'auto',
  format: 'ndjson',
  budgetMs: 1000,
  seed: 1,
  maxBits: 64,
  maxLineBytes: 8,
  hex: false,
  timings: false,
};

async function* chunked(bytes: Buffer, cuts: readonly number[]): AsyncGenerator<Uint8Array> {
  let at = 0;
  for (const c of [...cuts].sort((a, b) => a - b)) {
    if (c > at && c < bytes.length) {
      yield bytes.subarray(at, c);
      at = c;
    }
  }
  if (at < bytes.length) yield bytes.subarray(at);
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('byteBatches', () => {
  it('yields the lines readLines yields (CRLF, too-long lines, unterminated last line), any chunking and size', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('1', '2', 'é', '\r', '\n', '\n', 'x'), { maxLength: 80 }),
        fc.array(fc.nat(90), { maxLength: 6 }),
        fc.integer({ min: 1, max: 7 }),
        fc.nat(40),
        async (chars, cuts, size, start) => {
          const bytes = Buffer.from(chars.join(''));
          const want = await collect(splitLines(chunked(bytes, cuts), { maxLineBytes: 8, start }));
          const batches = await collect(
            byteBatches(chunked(bytes, cuts), { start, maxLineBytes: 8, linesPerBatch: () => size }),
          );
          const got = batches.flatMap(
            (b, i) =>
              batchEntries({
                text: b.text,
                firstLine: 1 + batches.slice(0, i).reduce((n, x) => n + x.lines, 0),
                tooLong: b.tooLong,
                stripCr: b.stripCr,
                settings,
              }).entries,
          );
          expect(got).toEqual(want.map((r) => (r.kind === 'line' ? r.text : r.bytes)));
          // every batch ends where its last line's record ends; only the last batch says so
          let line = 0;
          for (const b of batches) {
            line += b.lines;
            expect(b.end).toBe(want[line - 1]?.end);
          }
          expect(batches.map((b) => b.last)).toEqual(batches.map((_, i) => i === batches.length - 1));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('sends the complete lines of a quiet input after the idle time (interactive stdin)', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    async function* slow(): AsyncGenerator<Uint8Array> {
      yield Buffer.from('12\n3');
      await gate;
      yield Buffer.from('4\n');
    }
    const seen: JobBatch[] = [];
    const it = byteBatches(slow(), { start: 0, maxLineBytes: 100, linesPerBatch: () => 1000, idleFlushMs: 20 });
    const first = await it.next();
    seen.push(first.value as JobBatch);
    expect(seen[0]).toMatchObject({ text: '12\n', lines: 1, end: 3, last: false });
    release();
    const rest = await collect({ [Symbol.asyncIterator]: () => it });
    expect(rest).toEqual([{ text: '34\n', lines: 1, end: 6, tooLong: [], tooLongEnds: [], last: true, stripCr: true }]);
  });
});
