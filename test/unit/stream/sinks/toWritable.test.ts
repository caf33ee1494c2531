import { Writable } from 'node:stream';
import { CreditGate } from '../../../../src/stream/CreditGate.js';
import { fromPull } from '../../../../src/stream/sources/fromPull.js';
import { toWritable } from '../../../../src/stream/sinks/toWritable.js';

/** A slow object-mode Writable with a tiny buffer; records the in-flight count seen at each write. */
function slowWritable(delayMs: number, pulledRef: () => number): { w: Writable; got: number[]; lag: number[] } {
  const got: number[] = [];
  const lag: number[] = [];
  const w = new Writable({
    objectMode: true,
    highWaterMark: 1,
    write(chunk: number, _enc, cb) {
      lag.push(pulledRef() - got.length);
      setTimeout(() => {
        got.push(chunk);
        cb();
      }, delayMs);
    },
  });
  return { w, got, lag };
}

describe('toWritable', () => {
  it('returns credits only when the Writable has written, waits for drain, keeps order', async () => {
    let pulled = 0;
    function* src(): Generator<number> {
      for (let i = 0; i < 40; i++) {
        pulled++;
        yield i;
      }
    }
    const gate = new CreditGate(3);
    const { w, got, lag } = slowWritable(1, () => pulled);
    const summary = await toWritable(fromPull(src(), { gate }), w, { gate });
    expect(got).toEqual([...Array(40).keys()]);
    expect(summary.written).toBe(40);
    expect(summary.drains).toBeGreaterThan(0);
    expect(Math.max(...lag)).toBeLessThanOrEqual(3);
    expect(gate.maxInFlight).toBe(3);
    expect(gate.inFlight).toBe(0);
    expect(w.writableFinished).toBe(true);
  });

  it('rejects with the Writable error and with E_ABORTED on abort', async () => {
    const gate = new CreditGate(2);
    const failing = new Writable({
      objectMode: true,
      write(_c, _e, cb) {
        cb(new Error('disk full'));
      },
    });
    failing.on('error', () => undefined);
    await expect(toWritable(fromPull([1, 2, 3], { gate }), failing, { gate })).rejects.toThrow('disk full');

    const gate2 = new CreditGate(2);
    const ac = new AbortController();
    async function* forever(): AsyncGenerator<number> {
      for (let i = 0; ; i++) {
        await new Promise((r) => setTimeout(r, 1));
        if (i === 5) ac.abort();
        yield i;
      }
    }
    const sink = new Writable({ objectMode: true, write: (_c, _e, cb) => cb() });
    await expect(
      toWritable(fromPull(forever(), { gate: gate2, signal: ac.signal }), sink, { gate: gate2, signal: ac.signal }),
    ).rejects.toMatchObject({ code: 'E_ABORTED' });
  });
});
