import { join } from 'node:path';
import { WorkerPool } from '../../../src/stream/WorkerPool.js';
import { tsWorker } from './fixtures/tsWorker.js';

describe('WorkerPool', () => {
  it('validates threads, runs tasks with bigints, and refuses work after destroy', async () => {
    expect(() => new WorkerPool({ filename: 'x.js', threads: 0 })).toThrow(
      expect.objectContaining({ code: 'E_RANGE' }),
    );
    const pool = new WorkerPool(tsWorker(join(__dirname, 'fixtures/testWorker.ts')));
    const square = pool.task<bigint[], bigint[]>('squareBatch');
    expect(await square([2n ** 70n, -3n])).toEqual([2n ** 140n, 9n]);
    expect(pool.stats.completed).toBe(1);
    await pool.destroy();
    await pool.destroy(); // idempotent
    expect(pool.destroyed).toBe(true);
    await expect(square([1n])).rejects.toMatchObject({ code: 'E_STATE' });
  });

  it('timedTask reports the run time on the thread, without the time spent waiting in the queue', async () => {
    const pool = new WorkerPool({ ...tsWorker(join(__dirname, 'fixtures/testWorker.ts')), threads: 1 });
    try {
      const spin = pool.timedTask<number, number>('spinTask');
      const t0 = performance.now();
      // one thread: the second task waits for the first one's 150 ms before its own 150 ms begin
      const [a, b] = await Promise.all([spin(150), spin(150)]);
      const wallOfSecond = performance.now() - t0;
      expect(a.value).toBe(150);
      for (const r of [a, b]) expect(r.runMs).toBeGreaterThanOrEqual(149);
      // the two ran one after the other within the wall time: had the second counted its wait, the sum would be
      // about 150 ms more than the wall time
      expect((a.runMs as number) + (b.runMs as number)).toBeLessThanOrEqual(wallOfSecond + 1);
      // a plain function is not a workerTask: no run time
      expect((await pool.timedTask<number, number>('spin')(1)).runMs).toBeUndefined();
    } finally {
      await pool.destroy();
    }
  });

  it('after the running task is aborted, the tasks queued behind it still run (on a fresh thread)', async () => {
    const pool = new WorkerPool(tsWorker(join(__dirname, 'fixtures/testWorker.ts')));
    const spin = pool.task<number, number>('spin');
    const square = pool.task<bigint[], bigint[]>('squareBatch');
    expect(await square([3n])).toEqual([9n]); // the thread is up
    const running = new AbortController();
    const waiting = new AbortController();
    const a = spin(20_000, running.signal);
    const b = square([5n]);
    const c = spin(20_000, waiting.signal);
    expect(pool.stats).toMatchObject({ running: 3, queued: 2 });
    waiting.abort();
    await expect(c).rejects.toMatchObject({ code: 'E_ABORTED' });
    await new Promise((r) => setTimeout(r, 100));
    running.abort();
    await expect(a).rejects.toMatchObject({ code: 'E_ABORTED' });
    expect(await b).toEqual([25n]);
    expect(pool.stats).toMatchObject({ running: 0, queued: 0, completed: 2 });
    // destroy rejects what still waits for a thread
    const d = expect(spin(20_000)).rejects.toMatchObject({ code: 'E_STATE' });
    const e = expect(square([1n])).rejects.toMatchObject({ code: 'E_STATE' });
    await pool.destroy();
    await Promise.all([d, e]);
  });
});
