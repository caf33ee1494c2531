import { Subject, lastValueFrom, tap, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { adaptiveBatch } from '../../../../src/stream/operators/adaptiveBatch.js';
import { BatchSizer } from '../../../../src/stream/BatchSizer.js';
import { CreditGate } from '../../../../src/stream/CreditGate.js';
import { fromPull } from '../../../../src/stream/sources/fromPull.js';
import { toAsyncIterable } from '../../../../src/stream/sinks/toAsyncIterable.js';
import { fromPull as pull } from '../../../../src/stream/sources/fromPull.js';

const range = (n: number): number[] => [...Array(n).keys()];

describe('adaptiveBatch', () => {
  it('fixed: cuts every size items and flushes the remainder', async () => {
    const out = await lastValueFrom(pull(range(10)).pipe(adaptiveBatch({ mode: 'fixed', size: 4 }), toArray()));
    expect(out).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 9],
    ]);
    expect(() => adaptiveBatch({ mode: 'fixed', size: 0 })).toThrow(expect.objectContaining({ code: 'E_RANGE' }));
  });

  it('boundary: a new batch starts at each boundary item, capped by maxSize', async () => {
    const items = ['H', 'a', 'b', 'H', 'c', 'H', 'd', 'e', 'f', 'g'];
    const out = await lastValueFrom(
      pull(items).pipe(
        adaptiveBatch({ mode: 'boundary', isBoundary: (x: string) => x === 'H', maxSize: 3 }),
        toArray(),
      ),
    );
    expect(out).toEqual([
      ['H', 'a', 'b'],
      ['H', 'c'],
      ['H', 'd', 'e'],
      ['f', 'g'],
    ]);
  });

  it('time: groups what arrives within the window (TestScheduler)', () => {
    const ts = new TestScheduler((a, b) => expect(a).toEqual(b));
    ts.run(({ cold, expectObservable }) => {
      const src = cold('a b c 10ms d e 20ms f|');
      const out = src.pipe(adaptiveBatch({ mode: 'time', windowMs: 5, maxSize: 10, scheduler: ts }));
      // a@0 b@1 c@2 → flushed @5; d@13 e@14 → flushed @18; f@35 flushed by completion @36
      expectObservable(out).toBe('5ms x 12ms y 17ms (z|)', { x: ['a', 'b', 'c'], y: ['d', 'e'], z: ['f'] });
    });
  });

  it('adaptive: steers the batch size toward the target latency with an injected clock', async () => {
    let now = 0;
    const perItemMs = 2;
    const sizes: number[] = [];
    await lastValueFrom(
      pull(range(2000)).pipe(
        adaptiveBatch({
          mode: 'adaptive',
          targetBatchMs: 20,
          minSize: 1,
          maxSize: 64,
          initialSize: 1,
          clock: () => now,
        }),
        tap((b) => {
          now += perItemMs * b.length; // the downstream "works" 2 ms per item
          sizes.push(b.length);
        }),
        toArray(),
      ),
    );
    // target 20 ms at 2 ms/item → 10 items; reached by factor-2 steps 1,2,4,8,10
    expect(sizes.slice(0, 5)).toEqual([1, 2, 4, 8, 10]);
    expect(sizes.slice(5, -1).every((s) => s === 10)).toBe(true);
  });

  it('adaptive: respects the bounds and follows a slowing downstream', () => {
    const s = new BatchSizer({ targetBatchMs: 10, minSize: 4, maxSize: 32, initialSize: 16, smoothing: 1 });
    expect(s.record(0, 16)).toBe(32); // infinitely fast → grows, capped by max
    expect(s.record(320, 32)).toBe(16); // 10 ms/item → ideal 1, halved per step
    expect(s.record(160, 16)).toBe(8);
    expect(s.record(80, 8)).toBe(4);
    expect(s.record(40, 4)).toBe(4); // clamped at min
    expect(() => new BatchSizer({ minSize: 5, maxSize: 2 })).toThrow(expect.objectContaining({ code: 'E_RANGE' }));
  });

  it('flushes a partial batch when the shared gate blocks, so a batch larger than the credits cannot deadlock', async () => {
    const gate = new CreditGate(3);
    const batches: number[][] = [];
    for await (const b of toAsyncIterable(
      fromPull(range(10), { gate }).pipe(adaptiveBatch({ mode: 'fixed', size: 8, gate })),
      {
        gate,
        credits: (x) => x.length,
      },
    )) {
      batches.push(b);
    }
    expect(batches.flat()).toEqual(range(10));
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(3);
    expect(gate.maxInFlight).toBe(3);
  });

  it('propagates errors', async () => {
    const s = new Subject<number>();
    const p = lastValueFrom(s.pipe(adaptiveBatch({ mode: 'fixed', size: 2 }), toArray()));
    s.next(1);
    s.error(new Error('x'));
    await expect(p).rejects.toThrow('x');
  });
});
