import { join } from 'node:path';
import { from, lastValueFrom, toArray, take, Subject } from 'rxjs';
import { parallel } from '../../../../src/stream/operators/parallel.js';
import { WorkerPool } from '../../../../src/stream/WorkerPool.js';
import { tsWorker } from '../fixtures/tsWorker.js';

const worker = tsWorker(join(__dirname, '../fixtures/testWorker.ts'));
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('parallel (async function)', () => {
  it('runs up to `concurrency` tasks at once and emits results in input order', async () => {
    let running = 0;
    let peak = 0;
    const out = await lastValueFrom(
      from([30, 5, 20, 1, 10, 2, 15]).pipe(
        parallel(
          async (ms: number) => {
            running++;
            peak = Math.max(peak, running);
            await sleep(ms);
            running--;
            return ms * 2;
          },
          { concurrency: 3 },
        ),
        toArray(),
      ),
    );
    expect(out).toEqual([60, 10, 40, 2, 20, 4, 30]);
    expect(peak).toBe(3);
  });

  it('unordered mode emits in completion order', async () => {
    const out = await lastValueFrom(
      from([20, 1]).pipe(
        parallel(async (ms: number) => (await sleep(ms), ms), { concurrency: 2, ordered: false }),
        toArray(),
      ),
    );
    expect(out).toEqual([1, 20]);
  });

  it('unsubscribing and aborting cancel running tasks', async () => {
    const aborted: boolean[] = [];
    const task = (ms: number, signal: AbortSignal): Promise<number> =>
      new Promise((resolve) => {
        const onAbort = (): void => {
          clearTimeout(t);
          aborted.push(true);
        };
        const t = setTimeout(() => {
          signal.removeEventListener('abort', onAbort);
          resolve(ms);
        }, ms);
        signal.addEventListener('abort', onAbort);
      });
    const first = await lastValueFrom(from([1, 500, 500]).pipe(parallel(task, { concurrency: 3 }), take(1), toArray()));
    expect(first).toEqual([1]);
    expect(aborted).toHaveLength(2);

    const ac = new AbortController();
    const s = new Subject<number>();
    const p = lastValueFrom(s.pipe(parallel(task, { concurrency: 2, signal: ac.signal }), toArray()));
    s.next(500);
    s.next(500);
    ac.abort();
    await expect(p).rejects.toMatchObject({ code: 'E_ABORTED' });
    expect(aborted).toHaveLength(4);
  });
});

describe('parallel (piscina pool)', () => {
  const pool = new WorkerPool({ ...worker, threads: 2 });
  afterAll(() => pool.destroy());

  it('posts bigint batches to worker threads and reassembles them in order', async () => {
    const batches = [[1n, 2n], [3n], [2n ** 100n, 5n], [7n]];
    const out = await lastValueFrom(
      from(batches).pipe(parallel<bigint[], bigint[]>({ pool, task: 'squareBatch' }), toArray()),
    );
    expect(out).toEqual(batches.map((b) => b.map((x) => x * x)));
    expect(pool.stats.completed).toBeGreaterThanOrEqual(4);
  });

  it('two threads really run at the same time (a two-party rendezvous only completes in parallel)', async () => {
    const shared = new SharedArrayBuffer(4);
    const out = await lastValueFrom(
      from([shared, shared]).pipe(
        parallel<SharedArrayBuffer, boolean>({ pool, task: 'rendezvous' }, { concurrency: 2 }),
        toArray(),
      ),
    );
    expect(out).toEqual([true, true]);
  });

  it('worker errors keep their code; abort cancels a running worker task', async () => {
    await expect(lastValueFrom(from([0]).pipe(parallel({ pool, task: 'fail' })))).rejects.toMatchObject({
      code: 'E_RANGE',
      message: 'worker failure',
      details: { where: 'worker', task: 'fail' },
    });
    const ac = new AbortController();
    // the spin outlasts the test timeout: only a real cancellation lets this test finish
    const p = lastValueFrom(
      from([600_000]).pipe(parallel<number, number>({ pool, task: 'spin' }, { signal: ac.signal })),
    );
    setTimeout(() => ac.abort(), 100);
    await expect(p).rejects.toMatchObject({ code: 'E_ABORTED' });
  });

  it('a pool created from { worker } is destroyed when the subscription ends', async () => {
    const out = await lastValueFrom(
      from([[4n]]).pipe(
        parallel<bigint[], bigint[]>({ worker: { ...worker, threads: 1 }, task: 'squareBatch' }),
        toArray(),
      ),
    );
    expect(out).toEqual([[16n]]);
  });
});
