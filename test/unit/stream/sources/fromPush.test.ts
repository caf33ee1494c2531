import { Subject, lastValueFrom, toArray } from 'rxjs';
import { CreditGate } from '../../../../src/stream/CreditGate.js';
import { fromPush, createOverflowStats, type OverflowPolicy } from '../../../../src/stream/sources/fromPush.js';

/** Push 0..n-1 synchronously while the sink releases nothing until the end, then release everything. */
async function run(policy: OverflowPolicy, n: number, hwm: number, bufferSize?: number) {
  const gate = new CreditGate(hwm);
  const stats = createOverflowStats();
  const dropped: number[] = [];
  const src = new Subject<number>();
  const out: number[] = [];
  let error: unknown;
  const done = new Promise<void>((resolve) => {
    fromPush(src, { gate, policy, bufferSize, stats, onDrop: (x) => dropped.push(x) }).subscribe({
      next: (x) => out.push(x),
      error: (e: unknown) => {
        error = e;
        resolve();
      },
      complete: () => resolve(),
    });
  });
  for (let i = 0; i < n; i++) src.next(i);
  src.complete();
  // the sink now writes everything it got, one by one
  while (gate.inFlight > 0) {
    gate.release();
    await new Promise((r) => setImmediate(r));
  }
  await done;
  return { out, dropped, stats, error };
}

describe('fromPush', () => {
  it('error policy fails with BackpressureError (E_BACKPRESSURE) when no credit is free', async () => {
    const r = await run('error', 10, 3);
    expect(r.out).toEqual([0, 1, 2]);
    expect(r.error).toMatchObject({ code: 'E_BACKPRESSURE', name: 'BackpressureError' });
  });

  it('drop-newest keeps the head, drops the tail and records it', async () => {
    const r = await run('drop-newest', 10, 3, 2);
    expect(r.out).toEqual([0, 1, 2, 3, 4]);
    expect(r.dropped).toEqual([5, 6, 7, 8, 9]);
    expect(r.stats).toMatchObject({ dropped: 5, droppedNewest: 5, maxWaiting: 2 });
    expect(r.error).toBeUndefined();
  });

  it('drop-oldest keeps the latest waiting items', async () => {
    const r = await run('drop-oldest', 10, 3, 2);
    expect(r.out).toEqual([0, 1, 2, 8, 9]);
    expect(r.dropped).toEqual([3, 4, 5, 6, 7]);
    expect(r.stats.droppedOldest).toBe(5);
  });

  it('sample keeps only the most recent waiting item', async () => {
    const r = await run('sample', 10, 2);
    expect(r.out).toEqual([0, 1, 9]);
    expect(r.stats.sampledOut).toBe(7);
  });

  it('buffer(n) buffers n then fails', async () => {
    const ok = await run({ buffer: 7 }, 10, 3);
    expect(ok.out).toEqual([...Array(10).keys()]);
    expect(ok.error).toBeUndefined();
    const bad = await run({ buffer: 6 }, 10, 3);
    expect(bad.error).toMatchObject({ code: 'E_BACKPRESSURE' });
  });

  it('passes everything through when credits keep up', async () => {
    const gate = new CreditGate(1);
    const src = new Subject<number>();
    const p = lastValueFrom(fromPush(src, { gate, policy: 'error' }).pipe(toArray()));
    for (let i = 0; i < 5; i++) {
      src.next(i);
      gate.release();
    }
    src.complete();
    expect(await p).toEqual([0, 1, 2, 3, 4]);
  });
});
