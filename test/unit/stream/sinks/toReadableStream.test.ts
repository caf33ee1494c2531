import { CreditGate } from '../../../../src/stream/CreditGate.js';
import { fromPull } from '../../../../src/stream/sources/fromPull.js';
import { toReadableStream } from '../../../../src/stream/sinks/toReadableStream.js';

describe('toReadableStream', () => {
  it('enqueues only on demand and returns credits as the reader reads', async () => {
    let pulled = 0;
    function* src(): Generator<number> {
      for (let i = 0; i < 20; i++) {
        pulled++;
        yield i * i;
      }
    }
    const gate = new CreditGate(2);
    const reader = toReadableStream(fromPull(src(), { gate }), { gate }).getReader();
    const out: number[] = [];
    for (;;) {
      const r = await reader.read();
      if (r.done) break;
      expect(pulled - out.length).toBeLessThanOrEqual(3);
      out.push(r.value);
      await new Promise((res) => setImmediate(res));
    }
    expect(out).toEqual([...Array(20).keys()].map((i) => i * i));
    expect(gate.maxInFlight).toBeLessThanOrEqual(2);
  });

  it('cancel stops the source', async () => {
    let closed = false;
    async function* src(): AsyncGenerator<number> {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        closed = true;
      }
    }
    const gate = new CreditGate(2);
    const reader = toReadableStream(fromPull(src(), { gate }), { gate }).getReader();
    expect((await reader.read()).value).toBe(0);
    await reader.cancel();
    await new Promise((res) => setImmediate(res));
    expect(closed).toBe(true);
  });
});
