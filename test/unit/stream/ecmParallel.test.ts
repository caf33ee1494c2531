import { join } from 'node:path';
import { isProbablyPrime } from 'bigint-crypto-utils';
import { ecmParallel } from '../../../src/stream/ecmParallel.js';
import { WorkerPool } from '../../../src/stream/WorkerPool.js';
import { tsWorker } from './fixtures/tsWorker.js';

const streamWorker = join(__dirname, '../../../src/stream/workers/streamWorker.ts');

async function nextPrime(x: bigint): Promise<bigint> {
  let p = x | 1n;
  while (!(await isProbablyPrime(p, 16, true))) p += 2n;
  return p;
}

describe('ecmParallel: ECM curves on every thread of a pool', () => {
  const pool = new WorkerPool(tsWorker(streamWorker, 2));
  afterAll(() => pool.destroy());

  it('finds a 40-bit factor of a 260-bit number, curves on both threads', async () => {
    const p = await nextPrime(1n << 40n);
    const q = await nextPrime(1n << 220n);
    const completed = pool.stats.completed;
    const out = await ecmParallel(p * q, { pool, stages: [{ B1: 2_000, curves: 200, budgetMs: 20_000 }], seed: 5 });
    expect(out).toMatchObject({ status: 'found', divisor: p });
    expect(out.effort.ecmCurves).toBeGreaterThan(0);
    expect(out.effort.ecmB1).toBe(2_000);
    expect(pool.stats.completed - completed).toBeGreaterThanOrEqual(1);
    expect(pool.stats.liveThreads).toBe(2);
  });

  it('runs every curve of every stage when none finds a factor, then is exhausted', async () => {
    const n = (await nextPrime(1n << 130n)) * (await nextPrime(1n << 131n));
    const stages = [
      { B1: 200, curves: 9, budgetMs: 20_000 },
      { B1: 400, curves: 3, budgetMs: 20_000 },
    ];
    const out = await ecmParallel(n, { pool, stages });
    expect(out).toEqual({ status: 'exhausted', effort: { ecmCurves: 12, ecmB1: 400 } });
  });

  it('honours the signal and the budgets', async () => {
    const n = (await nextPrime(1n << 130n)) * (await nextPrime(1n << 131n));
    const completed = pool.stats.completed;
    const stages = [{ B1: 50_000, curves: 1000, budgetMs: 60_000 }];
    expect((await ecmParallel(n, { pool, stages, signal: AbortSignal.abort() })).status).toBe('aborted');
    expect(pool.stats.completed).toBe(completed);
    expect(await ecmParallel(n, { pool, stages: [{ B1: 2_000, curves: 50, budgetMs: 0 }] })).toMatchObject({
      status: 'exhausted',
      effort: { ecmCurves: 0 },
    });
    const controller = new AbortController();
    const running = ecmParallel(n, { pool, stages, signal: controller.signal });
    await new Promise((r) => setTimeout(r, 100));
    controller.abort();
    expect((await running).status).toBe('aborted');
    const timed = await ecmParallel(n, { pool, stages, budgetMs: 300 });
    expect(timed.status).toBe('exhausted');
    expect(timed.effort.ecmCurves).toBeLessThan(1000);
  });

  it('rejects with E_STATE on a destroyed pool', async () => {
    const gone = new WorkerPool(tsWorker(streamWorker, 2));
    await gone.destroy();
    const n = (await nextPrime(1n << 130n)) * (await nextPrime(1n << 131n));
    await expect(
      ecmParallel(n, { pool: gone, stages: [{ B1: 200, curves: 2, budgetMs: 1000 }] }),
    ).rejects.toMatchObject({ code: 'E_STATE' });
  });
});
