import { CreditGate } from '../../../src/stream/CreditGate.js';

describe('CreditGate', () => {
  it('rejects a non-positive capacity with E_RANGE', () => {
    expect(() => new CreditGate(0)).toThrow(expect.objectContaining({ code: 'E_RANGE' }));
    expect(() => new CreditGate(1.5)).toThrow(expect.objectContaining({ code: 'E_RANGE' }));
  });

  it('hands out at most highWaterMark credits and wakes waiters in order on release', async () => {
    const gate = new CreditGate(2);
    expect(gate.tryAcquire()).toBe(true);
    expect(gate.tryAcquire()).toBe(true);
    expect(gate.tryAcquire()).toBe(false);
    const order: number[] = [];
    const a = gate.acquire().then(() => order.push(1));
    const b = gate.acquire().then(() => order.push(2));
    expect(gate.blockedEvents).toBe(2);
    gate.release();
    await a;
    expect(order).toEqual([1]);
    expect(gate.inFlight).toBe(2);
    gate.release();
    await b;
    expect(order).toEqual([1, 2]);
    expect(gate.maxInFlight).toBe(2);
    expect(gate.totals).toEqual({ acquired: 4, released: 2 });
  });

  it('refuses to release more than was taken', () => {
    const gate = new CreditGate(3);
    gate.tryAcquire();
    expect(() => gate.release(2)).toThrow(expect.objectContaining({ code: 'E_STATE' }));
  });

  it('pause holds credits back until resume', async () => {
    const gate = new CreditGate(2);
    gate.pause();
    expect(gate.available).toBe(0);
    let got = false;
    const p = gate.acquire().then(() => (got = true));
    await Promise.resolve();
    expect(got).toBe(false);
    gate.resume();
    await p;
    expect(got).toBe(true);
  });

  it('aborting a wait rejects with E_ABORTED and leaves no credit taken', async () => {
    const gate = new CreditGate(1);
    gate.tryAcquire();
    const ac = new AbortController();
    const p = gate.acquire(ac.signal);
    ac.abort();
    await expect(p).rejects.toMatchObject({ code: 'E_ABORTED' });
    gate.release();
    expect(gate.inFlight).toBe(0);
    expect(gate.tryAcquire()).toBe(true);
  });

  it('drained() resolves when the last credit returns and pressure events are emitted', async () => {
    const gate = new CreditGate(1);
    const kinds: string[] = [];
    gate.pressure.subscribe((e) => kinds.push(e.kind));
    await gate.acquire();
    const waiter = gate.acquire();
    gate.release();
    await waiter;
    let drained = false;
    const d = gate.drained().then(() => (drained = true));
    await Promise.resolve();
    expect(drained).toBe(false);
    gate.release();
    await d;
    expect(kinds).toEqual(['blocked', 'relieved']);
  });
});
