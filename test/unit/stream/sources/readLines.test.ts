import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, toArray } from 'rxjs';
import { fc, test } from '@fast-check/jest';
import { readLines, type LineRecord } from '../../../../src/stream/sources/readLines.js';
import { fromFile } from '../../../../src/stream/sources/fromFile.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'primeos-lines-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function collect(path: string, opts: Parameters<typeof readLines>[1] = {}): Promise<LineRecord[]> {
  const out: LineRecord[] = [];
  for await (const r of readLines(path, opts)) out.push(r);
  return out;
}

/** Naive oracle: split the whole buffer on \n, tracking offsets. */
function oracle(buf: Buffer, max: number): { kind: string; text?: string; offset: number; end: number }[] {
  const out: { kind: string; text?: string; offset: number; end: number }[] = [];
  let start = 0;
  while (start < buf.length) {
    const nl = buf.indexOf(10, start);
    const stop = nl === -1 ? buf.length : nl;
    let body = buf.subarray(start, stop);
    if (nl !== -1 && body.length > 0 && body[body.length - 1] === 13) body = body.subarray(0, body.length - 1);
    const end = nl === -1 ? buf.length : nl + 1;
    out.push(
      body.length > max
        ? { kind: 'too-long', offset: start, end }
        : { kind: 'line', text: body.toString(), offset: start, end },
    );
    start = end;
  }
  return out;
}

describe('readLines', () => {
  test.prop(
    [
      fc.array(fc.oneof(fc.string({ maxLength: 40 }), fc.constant('x'.repeat(70))), { maxLength: 30 }),
      fc.boolean(),
      fc.integer({ min: 1, max: 64 }),
    ],
    { numRuns: 60 },
  )(
    'gives the same lines and byte offsets as a naive split, whatever the read size',
    async (lines, crlf, readBytes) => {
      const text = lines.join(crlf ? '\r\n' : '\n');
      const buf = Buffer.from(text, 'utf8');
      const path = join(dir, 'p.txt');
      await writeFile(path, buf);
      const got = (await collect(path, { readBytes, maxLineBytes: 50 })).map((r) =>
        r.kind === 'line'
          ? { kind: r.kind, text: r.text, offset: r.offset, end: r.end }
          : { kind: r.kind, offset: r.offset, end: r.end },
      );
      expect(got).toEqual(oracle(buf, 50));
    },
  );

  it('resumes at a byte offset and reports over-long lines as typed records', async () => {
    const path = join(dir, 'r.txt');
    await writeFile(path, `alpha\n${'z'.repeat(100)}\nbeta\ngamma\n`);
    const all = await collect(path, { maxLineBytes: 10, readBytes: 7 });
    expect(all.map((r) => r.kind)).toEqual(['line', 'too-long', 'line', 'line']);
    expect(all[1]).toMatchObject({ kind: 'too-long', code: 'E_RANGE', bytes: 100, offset: 6, maxLineBytes: 10 });
    const resumed = await collect(path, { start: all[1]!.end });
    expect(resumed.map((r) => (r.kind === 'line' ? r.text : '?'))).toEqual(['beta', 'gamma']);
    expect(resumed[0]!.offset).toBe(all[2]!.offset);
  });

  it('fromFile emits the same records and each subscription reopens the file', async () => {
    const path = join(dir, 'f.txt');
    await writeFile(path, 'one\ntwo\nthree');
    const obs = fromFile(path, { highWaterMark: 2 });
    const a = await lastValueFrom(obs.pipe(toArray()));
    const b = await lastValueFrom(obs.pipe(toArray()));
    expect(a.map((r) => (r.kind === 'line' ? r.text : ''))).toEqual(['one', 'two', 'three']);
    expect(b).toEqual(a);
  });

  it('an aborted read rejects with E_ABORTED', async () => {
    const path = join(dir, 'a.txt');
    await writeFile(path, 'a\nb\nc\n');
    const ac = new AbortController();
    ac.abort();
    await expect(collect(path, { signal: ac.signal })).rejects.toMatchObject({ code: 'E_ABORTED' });
  });
});
