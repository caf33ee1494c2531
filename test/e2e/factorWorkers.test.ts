import { writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { runPrimeos } from './cliProcess.js';
import { tempDir } from '../fixtures/tempDir.js';

const dir = tempDir('workers');

const near = (b: bigint): fc.Arbitrary<bigint> => fc.bigInt({ min: b - 50n, max: b + 50n });
const anyInt = fc.oneof(
  near(1n << 32n),
  near(1n << 53n),
  near(1n << 64n),
  near(-(1n << 32n)),
  near(-(1n << 53n)),
  near(-(1n << 64n)),
  fc.bigInt({ min: -(1n << 64n), max: 1n << 64n }),
  fc.bigInt({ min: 1n << 64n, max: 1n << 76n }),
);
const anyLine = fc.oneof(
  { weight: 8, arbitrary: anyInt.map(String) },
  { weight: 1, arbitrary: fc.constantFrom('', '# c', 'x1', '0', '{"n":"0x1f"}', '-1', '00012\r') },
);

describe('primeos factor: the same bytes whatever the workers and the batch size', () => {
  it('--workers 0/1/2, --batch 1/any/default and --in-thread-ms 0/1/default give byte-identical output (ndjson and text)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(anyLine, { minLength: 150, maxLength: 400 }),
        fc.constantFrom('ndjson', 'text'),
        fc.integer({ min: 2, max: 200 }),
        async (lines, format, batch) => {
          const file = path.join(dir, 'in.txt');
          writeFileSync(file, lines.join('\n') + '\n');
          const runs = await Promise.all(
            [
              ['--workers', '0'],
              ['--workers', '1', '--batch', String(batch)],
              ['--workers', '2'],
              ['--workers', '2', '--batch', '1'],
              // the pool from the first batch, and a move to it after the first batch done on the job's thread
              ['--workers', '2', '--in-thread-ms', '0'],
              ['--workers', '1', '--in-thread-ms', '1'],
            ].map((w) => runPrimeos(['factor', file, '--format', format, '--budget-ms', '20000', ...w])),
          );
          const [first, ...rest] = runs;
          expect(first!.stdout.split('\n').length).toBeGreaterThan(100);
          for (const r of rest) {
            expect(r.code).toBe(first!.code);
            expect(r.stdout).toBe(first!.stdout);
          }
        },
      ),
      { numRuns: 2 },
    );
  });
});
