import fc from 'fast-check';
import { bandedFactorize } from '../../../../src/bands/bandedFactorize.js';
import { factorJobBatch } from '../../../../src/stream/jobs/factorJobBatch.js';
import { factorRecordJson, factorTextLine, failedLineRecord } from '../../../../src/stream/jobs/factorRecord.js';
import type { FactorJobSettings } from '../../../../src/stream/jobs/JobCheckpoint.js';
import { echoInput, parseJobLine } from '../../../../src/stream/jobs/jobLine.js';

/** Integers around the boundaries of the small-number path (2^32, 2^53, 2^64), signed, and plain random ones. */
const near = (b: bigint): fc.Arbitrary<bigint> => fc.bigInt({ min: b - 40n, max: b + 40n });
const anyInt = fc.oneof(
  near(1n << 32n),
  near(1n << 53n),
  near(1n << 64n),
  near(0n),
  fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
  fc.bigInt({ min: 0n, max: (1n << 80n) - 1n }),
  fc.bigInt({ min: -(1n << 64n), max: 0n }),
);
/** A line as users write it: the integer in decimal (maybe with leading zeros or CRLF), hex, NDJSON, junk. */
const anyLine = fc.oneof(
  { weight: 6, arbitrary: anyInt.map((n) => n.toString()) },
  { weight: 1, arbitrary: anyInt.map((n) => (n < 0n ? '-00' + (-n).toString() : '00' + n.toString())) },
  { weight: 1, arbitrary: anyInt.map((n) => n.toString() + '\r') },
  { weight: 1, arbitrary: anyInt.map((n) => (n < 0n ? '-0x' + (-n).toString(16) : '0x' + n.toString(16))) },
  { weight: 1, arbitrary: anyInt.map((n) => JSON.stringify({ n: n.toString() })) },
  { weight: 1, arbitrary: fc.constantFrom('', '# note', 'abc', ' 12 ', '+7', '-0', '0', '1', '-1', 'é1') },
);

/** The output of one line by the general path only (parse, bandedFactorize, the record renderers). */
function reference(raw: string, line: number, s: FactorJobSettings): { text: string; errors: string[] } {
  const text = s.format === 'text';
  const parsed = parseJobLine(raw, s);
  if (parsed.kind === 'skip') return { text: '', errors: [] };
  if (parsed.kind === 'error') {
    return text
      ? { text: '', errors: [`primeos: line ${line}: ${parsed.message}`] }
      : {
          text: JSON.stringify(failedLineRecord(line, echoInput(raw), parsed.code, parsed.message)) + '\n',
          errors: [],
        };
  }
  const f = bandedFactorize(parsed.n, { budgetMs: s.budgetMs, seed: s.seed, maxBits: s.maxBits });
  if (!text) return { text: factorRecordJson(line, f, s) + '\n', errors: [] };
  if (f.status !== 'failed') return { text: factorTextLine(f) + '\n', errors: [] };
  // 0: GNU factor's "0:" line and a failure, as for any failed number
  return { text: f.n === 0n ? '0:\n' : '', errors: [`primeos: line ${line}: ${f.error.message}`] };
}

describe('factorJobBatch (small-number path and batches)', () => {
  it('writes the bytes of the general path, whatever the batch cut, in text and NDJSON, decimal and hex', () => {
    fc.assert(
      fc.property(
        fc.array(anyLine, { minLength: 1, maxLength: 40 }),
        fc.constantFrom('ndjson', 'text') as fc.Arbitrary<'ndjson' | 'text'>,
        fc.boolean(),
        fc.integer({ min: 1, max: 41 }),
        fc.constantFrom(20, 33, 64, 90, 4096),
        (lines, format, hex, cutAt, maxBits) => {
          const settings: FactorJobSettings = {
            input: 'auto',
            format,
            budgetMs: 10_000,
            seed: 3,
            maxBits,
            maxLineBytes: 1 << 20,
            hex,
            timings: false,
          };
          let want = '';
          const wantErrors: string[] = [];
          lines.forEach((raw, i) => {
            // the reader drops one '\r' before a '\n'
            const r = reference(raw.endsWith('\r') ? raw.slice(0, -1) : raw, i + 1, settings);
            want += r.text;
            wantErrors.push(...r.errors);
          });
          // one text, or two batches cut anywhere: the same bytes
          const whole = factorJobBatch({ text: lines.join('\n') + '\n', firstLine: 1, settings });
          const cut = Math.min(cutAt, lines.length);
          const a = factorJobBatch({ text: lines.slice(0, cut).join('\n') + '\n', firstLine: 1, settings });
          const b = factorJobBatch({
            text: lines
              .slice(cut)
              .map((l) => l + '\n')
              .join(''),
            firstLine: cut + 1,
            settings,
          });
          // and the one-entry-per-line form (raw lines as a reader split them)
          const entries = factorJobBatch({
            entries: lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l)),
            lines: lines.map((_, i) => i + 1),
            settings,
          });
          expect(whole.text).toBe(want);
          expect(whole.errors).toEqual(wantErrors);
          expect(a.text + b.text).toBe(want);
          expect(entries.text).toBe(want);
          expect(a.records + b.records).toBe(whole.records);
        },
      ),
      { numRuns: 150 },
    );
  });
});
