import { Readable } from 'node:stream';
import { from, lastValueFrom, mergeMap, take, toArray } from 'rxjs';
import { CreditGate } from '../../../../src/stream/CreditGate.js';
import { fromPull } from '../../../../src/stream/sources/fromPull.js';
import { toAsyncIterable } from '../../../../src/stream/sinks/toAsyncIterable.js';

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

/** An async source that records how many items were pulled and whether it was closed. */
function countingSource(n: number): { gen: AsyncGenerator<number>; pulled: () => number; closed: () => boolean } {
  let pulled = 0;
  let closed = false;
  async function* g(): AsyncGenerator<number> {
    try {
      for (let i = 0; i < n; i++) {
        await Promise.resolve();
        pulled++;
        yield i;
      }
    } finally {
      closed = true;
    }
  }
  return { gen: g(), pulled: () => pulled, closed: () => closed };
}

describe('fromPull', () => {
  it('RxJS alone pulls far ahead of a slow consumer; the credit bridge does not', async () => {
    const eager = countingSource(10_000);
    const seenEager = await lastValueFrom(
      from(eager.gen).pipe(
        mergeMap(async (x) => {
          await tick();
          return x;
        }, 2),
        take(10),
        toArray(),
      ),
    );
    expect(seenEager).toHaveLength(10);
    expect(eager.pulled()).toBeGreaterThan(100); // the failure mode fromPull exists to fix

    const src = countingSource(10_000);
    const gate = new CreditGate(4);
    const out: number[] = [];
    for await (const x of toAsyncIterable(fromPull(src.gen, { gate }), { gate })) {
      // pulled - consumed never exceeds the high-water mark (+1 for the item in hand)
      expect(src.pulled() - out.length).toBeLessThanOrEqual(4);
      await tick();
      out.push(x);
      if (out.length === 10) break;
    }
    expect(out).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(src.pulled()).toBeLessThanOrEqual(14);
    expect(gate.maxInFlight).toBeLessThanOrEqual(4);
    await tick();
    expect(src.closed()).toBe(true);
  });

  it('pulls Iterables, Node Readables and WHATWG ReadableStreams in order', async () => {
    const sync = await lastValueFrom(fromPull([1, 2, 3]).pipe(toArray()));
    expect(sync).toEqual([1, 2, 3]);
    const node = await lastValueFrom(fromPull<string>(Readable.from(['a', 'b', 'c'])).pipe(toArray()));
    expect(node).toEqual(['a', 'b', 'c']);
    let i = 0;
    const rs = new ReadableStream<number>({
      pull(c) {
        if (i < 5) c.enqueue(i++);
        else c.close();
      },
    });
    const web = await lastValueFrom(fromPull(rs).pipe(toArray()));
    expect(web).toEqual([0, 1, 2, 3, 4]);
  });

  it('a synchronous infinite iterable is stopped by take() and yields to timers', async () => {
    function* naturals(): Generator<number> {
      for (let k = 0; ; k++) yield k;
    }
    let timerRan = false;
    setTimeout(() => (timerRan = true), 0);
    const got = await lastValueFrom(fromPull(naturals(), { yieldEvery: 100 }).pipe(take(5000), toArray()));
    expect(got).toHaveLength(5000);
    expect(got[4999]).toBe(4999);
    expect(timerRan).toBe(true);
  });

  it('aborting errors with E_ABORTED and closes the source', async () => {
    const src = countingSource(1_000_000);
    const gate = new CreditGate(2);
    const ac = new AbortController();
    const seen: number[] = [];
    const it = toAsyncIterable(fromPull(src.gen, { gate, signal: ac.signal }), { gate });
    await expect(
      (async () => {
        for await (const x of it) {
          seen.push(x);
          if (x === 3) ac.abort();
        }
      })(),
    ).rejects.toMatchObject({ code: 'E_ABORTED' });
    await tick();
    expect(src.closed()).toBe(true);
    expect(src.pulled()).toBeLessThan(10);
  });

  it('propagates a source error', async () => {
    async function* bad(): AsyncGenerator<number> {
      yield 1;
      throw new Error('boom');
    }
    await expect(lastValueFrom(fromPull(bad()).pipe(toArray()))).rejects.toThrow('boom');
  });
});

describe('fromPull on a string', () => {
  it('treats a string as the Iterable of its characters', async () => {
    expect(await lastValueFrom(fromPull('héllo').pipe(toArray()))).toEqual(['h', 'é', 'l', 'l', 'o']);
  });
});
