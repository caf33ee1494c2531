import { poisonOutput } from '../../../src/cluster/poisonOutput.js';
import { factorJobBatch } from '../../../src/stream/jobs/factorJobBatch.js';
import { TEST_JOB_SETTINGS } from '../../fixtures/jobs/jobSettings.js';

const settings = TEST_JOB_SETTINGS;

describe('poisonOutput', () => {
  const input = { entries: ['12', '', '# c', 'x', 5000], lines: [3, 4, 5, 6, 7], settings };

  it('writes one failed E_PROCESS record for every line that would write a record, in the job record format', () => {
    const out = poisonOutput(input, 'gave up');
    const normal = factorJobBatch(input);
    expect(out.records).toBe(normal.records);
    expect(out.failed).toBe(3);
    const recs = out.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { line: number; input?: string; status: string; error: { code: string } });
    expect(recs.map((r) => r.line)).toEqual([3, 6, 7]);
    expect(recs.map((r) => r.input)).toEqual(['12', 'x', undefined]);
    for (const r of recs)
      expect(r).toMatchObject({ status: 'failed', error: { code: 'E_PROCESS', message: 'gave up' } });
  });

  it('in text format the lines go to the error list, like GNU factor', () => {
    const out = poisonOutput({ ...input, settings: { ...settings, format: 'text' } }, 'gave up');
    expect(out.text).toBe('');
    expect(out.errors).toEqual(['primeos: line 3: gave up', 'primeos: line 6: gave up', 'primeos: line 7: gave up']);
  });
});
