import { Subject } from 'rxjs';
import { CreditGate } from '../../../../src/stream/CreditGate.js';
import { toAsyncIterable } from '../../../../src/stream/sinks/toAsyncIterable.js';
import { fromPull } from '../../../../src/stream/sources/fromPull.js';

describe('toAsyncIterable', () => {
  it('returns a credit when the consumer asks for the next item, and all of them on break', async () => {
    const gate = new CreditGate(3);
    const it = toAsyncIterable(fromPull([10, 20, 30, 40, 50], { gate }), { gate });
    expect(await it.next()).toEqual({ done: false, value: 10 });
    await new Promise((r) => setImmediate(r));
    expect(gate.inFlight).toBe(3);
    expect(await it.next()).toEqual({ done: false, value: 20 });
    await it.return?.();
    expect(gate.inFlight).toBe(0);
  });

  it('weighs batches with credits()', async () => {
    const gate = new CreditGate(4);
    const s = new Subject<number[]>();
    const it = toAsyncIterable(s, { gate, credits: (b) => b.length });
    const first = it.next();
    gate.tryAcquire();
    gate.tryAcquire();
    s.next([1, 2]);
    expect((await first).value).toEqual([1, 2]);
    expect(gate.inFlight).toBe(2);
    s.complete();
    expect((await it.next()).done).toBe(true);
    expect(gate.inFlight).toBe(0);
  });

  it('rethrows upstream errors', async () => {
    const s = new Subject<number>();
    const it = toAsyncIterable(s);
    const p = it.next();
    s.error(new Error('bad'));
    await expect(p).rejects.toThrow('bad');
  });
});
