import fc from 'fast-check';
import { LineSplitter } from '../../../src/stream/sources/LineSplitter.js';
import type { LineRecord } from '../../../src/stream/sources/readLines.js';
import { splitLineBatches, splitLines } from '../../../src/stream/sources/splitLines.js';

/** The records of `bytes` computed the plain way: split at '\n', strip one '\r' before it, apply the limit. */
function reference(bytes: Buffer, maxLineBytes: number, encoding: 'utf8' | 'latin1'): LineRecord[] {
  const out: LineRecord[] = [];
  let from = 0;
  let line = 0;
  while (from < bytes.length) {
    const nl = bytes.indexOf(10, from);
    const end = nl === -1 ? bytes.length : nl + 1;
    let body = bytes.subarray(from, nl === -1 ? bytes.length : nl);
    if (nl !== -1 && body.length > 0 && body[body.length - 1] === 13) body = body.subarray(0, body.length - 1);
    out.push(
      body.length > maxLineBytes
        ? { kind: 'too-long', code: 'E_RANGE', offset: from, end, line, bytes: body.length, maxLineBytes }
        : { kind: 'line', text: body.toString(encoding), offset: from, end, line },
    );
    line++;
    from = end;
  }
  return out;
}

const lineBytes = fc
  .array(fc.oneof(fc.constantFrom('\n', '\r\n', '\r', 'é', '世', '🙂'), fc.string({ maxLength: 12 })), {
    maxLength: 40,
  })
  .map((parts) => Buffer.from(parts.join(''), 'utf8'));

async function* chunksOf(bytes: Buffer, cuts: number[]): AsyncGenerator<Uint8Array> {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  let from = 0;
  for (const c of [...at, bytes.length]) {
    yield Uint8Array.from(bytes.subarray(from, c)); // a fresh copy: not a Buffer
    from = c;
  }
}

describe('line splitting', () => {
  it('gives the same records whatever the chunk boundaries, in both encodings', () => {
    fc.assert(
      fc.property(
        lineBytes,
        fc.array(fc.nat(), { maxLength: 20 }),
        fc.integer({ min: 0, max: 30 }),
        fc.constantFrom('utf8' as const, 'latin1' as const),
        (bytes, cuts, maxLineBytes, encoding) => {
          const splitter = new LineSplitter({ maxLineBytes, encoding });
          const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
          const got: LineRecord[] = [];
          let from = 0;
          for (const c of [...at, bytes.length]) {
            got.push(...splitter.push(bytes.subarray(from, c)));
            from = c;
          }
          got.push(...splitter.end());
          expect(got).toEqual(reference(bytes, maxLineBytes, encoding));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('splitLines and splitLineBatches agree with the splitter (async, offsets from start)', async () => {
    await fc.assert(
      fc.asyncProperty(lineBytes, fc.array(fc.nat(), { maxLength: 8 }), fc.nat(1000), async (bytes, cuts, start) => {
        const expected = reference(bytes, 16, 'utf8').map((r) => ({
          ...r,
          offset: r.offset + start,
          end: r.end + start,
        }));
        const flat: LineRecord[] = [];
        for await (const r of splitLines(chunksOf(bytes, cuts), { maxLineBytes: 16, start })) flat.push(r);
        expect(flat).toEqual(expected);
        const batches: LineRecord[][] = [];
        for await (const b of splitLineBatches(chunksOf(bytes, cuts), { maxLineBytes: 16, start })) batches.push(b);
        expect(batches.every((b) => b.length > 0)).toBe(true);
        expect(batches.flat()).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });
});
