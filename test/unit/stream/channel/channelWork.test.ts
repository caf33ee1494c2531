import fc from 'fast-check';
import { channelWork, type ChannelWork, type ItemOutcome } from '../../../../src/stream/channel/channelWork.js';
import { factorJobBatch } from '../../../../src/stream/jobs/factorJobBatch.js';

const signal = new AbortController().signal;
const run = (w: ChannelWork, data: string[]): Promise<ItemOutcome[]> =>
  w.run(
    data.map((d, seq) => ({ seq, data: d })),
    signal,
  );

describe('channelWork', () => {
  it('factor: one outcome per item, skipped lines empty, the rest the job batch record of that line', async () => {
    const items = ['12', '', '# c', 'x', '{"n":"0x10"}', '97'];
    const out = await run(channelWork('factor', { seed: 4 }), items);
    expect(out.map((o) => o.out === '')).toEqual([false, true, true, false, false, false]);
    const settings = {
      input: 'auto',
      format: 'ndjson',
      budgetMs: 10_000,
      seed: 4,
      maxBits: 4096,
      maxLineBytes: 1 << 20,
      hex: false,
      timings: false,
    } as const;
    const whole = factorJobBatch({ entries: items, lines: items.map((_, i) => i + 1), settings }).text;
    expect(out.map((o) => o.out).join('')).toBe(whole);
  });

  it('encode → decode round-trips any text', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ unit: 'grapheme', maxLength: 300 }), { minLength: 1, maxLength: 4 }),
        async (texts) => {
          const enc = await run(channelWork('encode', { blockSize: 16 }), texts);
          const dec = await run(
            channelWork('decode'),
            enc.map((o) => o.out),
          );
          expect(dec.map((o) => o.out)).toEqual(texts);
          expect(dec.every((o) => o.error === undefined)).toBe(true);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('decode of a damaged stream, run of a failing program and verify of garbage give typed errors, never throw', async () => {
    const [enc] = await run(channelWork('encode'), ['hello']);
    const lines = (enc as ItemOutcome).out.trim().split('\n');
    const [dec] = await run(channelWork('decode'), [lines.slice(0, -1).join('\n')]);
    expect(dec?.error?.code).toMatch(/^E_/);
    const [vm] = await run(channelWork('run', { maxSteps: 50 }), ['loop:\nJMP loop']);
    expect(vm?.error?.code).toBe('E_VM_STEPS');
    const [bad] = await run(channelWork('run'), ['FROB 1']);
    expect(bad?.error?.code).toBe('E_PARSE');
    const [ok] = await run(channelWork('run'), ['PUSH 20\nPUSH 22\nADD\nPRINT\nHALT']);
    expect(ok).toEqual({ out: '42\n' });
    const [v] = await run(channelWork('verify'), ['garbage']);
    expect(JSON.parse((v as ItemOutcome).out)).toMatchObject({ line: 1, valid: false, code: 'E_PARSE' });
  });
});
