import { bandedFactorize } from '../../../../src/bands/bandedFactorize.js';
import { factorJobBatch } from '../../../../src/stream/jobs/factorJobBatch.js';
import { factorRecord, factorTextLine, failedLineRecord } from '../../../../src/stream/jobs/factorRecord.js';
import type { FactorJobSettings } from '../../../../src/stream/jobs/JobCheckpoint.js';

const settings: FactorJobSettings = {
  input: 'auto',
  format: 'ndjson',
  budgetMs: 10_000,
  seed: 1,
  maxBits: 80,
  maxLineBytes: 100,
  hex: false,
  timings: false,
};
const opts = { budgetMs: settings.budgetMs, seed: settings.seed, maxBits: settings.maxBits };

describe('factorJobBatch', () => {
  const entries = [
    '12',
    '',
    '# comment',
    'abc',
    '0',
    '{"n": "0x10"}',
    500,
    '-91',
    String(2n ** 81n),
    '18446744073709551557',
  ];
  const lines = entries.map((_, i) => 41 + i);

  it('NDJSON: one record per number or bad line, built from factorRecord/failedLineRecord, with counters', () => {
    const out = factorJobBatch({ entries, lines, settings });
    const expected = [
      JSON.stringify(factorRecord(41, bandedFactorize(12n, opts))),
      JSON.stringify(failedLineRecord(44, 'abc', 'E_PARSE', 'not an integer: "abc"')),
      JSON.stringify(factorRecord(45, bandedFactorize(0n, opts))),
      JSON.stringify(factorRecord(46, bandedFactorize(16n, opts))),
      JSON.stringify(failedLineRecord(47, undefined, 'E_RANGE', 'line has 500 bytes, above the limit of 100')),
      JSON.stringify(factorRecord(48, bandedFactorize(-91n, opts))),
    ];
    const text = out.text.split('\n');
    expect(text.slice(0, 6)).toEqual(expected);
    expect(JSON.parse(text[6]!)).toMatchObject({ line: 49, status: 'failed', error: { code: 'E_RANGE' } });
    expect(text.slice(7)).toEqual([JSON.stringify(factorRecord(50, bandedFactorize(18446744073709551557n, opts))), '']);
    expect(out).toMatchObject({ records: 8, failed: 4, partial: 0, errors: [] });
  });

  it('text: GNU lines, "0:" for zero (counted failed, as in NDJSON), failures as messages in input order', () => {
    const out = factorJobBatch({ entries, lines, settings: { ...settings, format: 'text' } });
    expect(out.text).toBe(
      [
        factorTextLine(bandedFactorize(12n, opts)),
        '0:',
        '16: 2 2 2 2',
        factorTextLine(bandedFactorize(-91n, opts)),
        '18446744073709551557: 18446744073709551557',
        '',
      ].join('\n'),
    );
    expect(out.records).toBe(8);
    // the same failed count as the NDJSON batch of the same lines: the formats agree on 0
    expect(out.failed).toBe(factorJobBatch({ entries, lines, settings }).failed);
    expect(out.failed).toBe(4);
    expect(out.errors.map((e) => e.slice(0, e.indexOf(':', 9)))).toEqual([
      'primeos: line 44',
      'primeos: line 45',
      'primeos: line 47',
      'primeos: line 49',
    ]);
  });

  it('an aborted signal gives partial records, counted', () => {
    const c = new AbortController();
    c.abort();
    const out = factorJobBatch({ entries: [String(1000003n * 1000033n)], lines: [1], settings }, c.signal);
    expect(JSON.parse(out.text)).toMatchObject({ status: 'partial', reason: 'aborted' });
    expect(out.partial).toBe(1);
  });

  it.each(['text', 'ndjson'] as const)(
    '%s: a batch larger than the kernel input area, with too-long and odd lines, equals the line-by-line path',
    (format) => {
      const text: FactorJobSettings = { ...settings, format, maxBits: 64 };
      // deterministic mixed lines: plain decimals of every size to 2^64, and lines the kernel leaves to JS
      const odd = ['', '# c', '+5', ' 7', '0', '-12', '0012', '18446744073709551616', '0x1f', '{"n":"9"}', 'é'];
      let x = 0x9e3779b97f4a7c15n;
      const lines: string[] = [];
      const tooLong: number[] = [];
      for (let i = 0; i < 12_000; i++) {
        x = (x * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n);
        if (i % 997 === 5) {
          tooLong.push(i, 150 + i);
          lines.push('');
        } else if (i % 89 === 7) lines.push(odd[i % odd.length] as string);
        else lines.push((x >> BigInt(Number(x % 64n))).toString() + (i % 101 === 3 ? '\r' : ''));
      }
      const batch = factorJobBatch({ text: lines.join('\n') + '\n', firstLine: 10, tooLong, settings: text });
      // the same lines one by one (the entries form takes each line by itself, a too-long one as its length)
      const byLine = factorJobBatch({
        entries: lines.map((l, i) => {
          const at = tooLong.findIndex((t, k) => k % 2 === 0 && t === i);
          return at >= 0 ? (tooLong[at + 1] as number) : l.endsWith('\r') ? l.slice(0, -1) : l;
        }),
        lines: lines.map((_, i) => 10 + i),
        settings: text,
      });
      expect(Buffer.byteLength(lines.join('\n'))).toBeGreaterThan(1 << 16);
      expect(batch.text).toBe(byLine.text);
      expect(batch.errors).toEqual(byLine.errors);
      expect([batch.records, batch.failed, batch.partial]).toEqual([byLine.records, byLine.failed, byLine.partial]);
      const tooLongShown = format === 'text' ? batch.errors : batch.text.split('\n');
      expect(tooLongShown.filter((e) => e.includes('bytes, above the limit'))).toHaveLength(tooLong.length / 2);
    },
  );
});
