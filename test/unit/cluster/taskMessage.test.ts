import fc from 'fast-check';
import {
  decodeResult,
  decodeTask,
  encodeResult,
  encodeTask,
  taskId,
  taskLines,
} from '../../../src/cluster/taskMessage.js';
import type { FactorJobEntriesInput } from '../../../src/stream/jobs/factorJobBatch.js';
import { TEST_JOB_SETTINGS } from '../../fixtures/jobs/jobSettings.js';

const settings = TEST_JOB_SETTINGS;

const batch = fc
  .tuple(fc.integer({ min: 1, max: 1e9 }), fc.array(fc.oneof(fc.string(), fc.nat()), { minLength: 1, maxLength: 20 }))
  .map(([first, entries]): FactorJobEntriesInput => ({ entries, lines: entries.map((_, i) => first + i), settings }));

describe('taskMessage', () => {
  it('a task survives encoding, and its id names its first and last lines', () => {
    fc.assert(
      fc.property(batch, (b) => {
        const fields = encodeTask(b);
        expect(decodeTask(fields)).toEqual(b);
        expect(taskLines(taskId(b))).toEqual({ first: b.lines[0], last: b.lines[b.lines.length - 1] });
      }),
    );
  });

  it('a result survives encoding', () => {
    const out = { text: '{"line":1}\n', records: 1, failed: 0, partial: 0, errors: [] };
    expect(decodeResult(encodeResult('4-9', out))).toEqual({ id: '4-9', out });
  });

  it('refuses malformed entries with E_PARSE', () => {
    const bad: Record<string, string>[] = [
      {},
      { task: '1-1', input: 'nope' },
      { task: '1-1', input: '{"entries":[],"lines":[],"settings":{}}' },
      { task: '1-2', input: '{"entries":["1"],"lines":[1,2],"settings":{}}' },
      { task: '1-1', input: '{"entries":["1"],"lines":[0],"settings":{}}' },
    ];
    for (const f of bad) expect(() => decodeTask(f)).toThrow(expect.objectContaining({ code: 'E_PARSE' }));
    expect(() => decodeResult({ task: 'x', out: '{}' })).toThrow(expect.objectContaining({ code: 'E_PARSE' }));
    expect(() => decodeResult({ task: '1-1', out: '{"text":1}' })).toThrow(
      expect.objectContaining({ code: 'E_PARSE' }),
    );
    expect(taskLines('9-3')).toBeUndefined();
  });
});
