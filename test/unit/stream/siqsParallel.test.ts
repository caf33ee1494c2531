import { join } from 'node:path';
import { balancedSemiprimes } from '../../../bench/bandCorpus.js';
import { siqsParams } from '../../../src/primes/internal/siqsParams.js';
import { siqs } from '../../../src/primes/siqs.js';
import { siqsParallel } from '../../../src/stream/siqsParallel.js';
import { WorkerPool } from '../../../src/stream/WorkerPool.js';
import { tsWorker } from './fixtures/tsWorker.js';

const streamWorker = join(__dirname, '../../../src/stream/workers/streamWorker.ts');

describe('siqsParallel: SIQS sieving on every thread of a pool', () => {
  const pool = new WorkerPool(tsWorker(streamWorker, 2));
  afterAll(() => pool.destroy());

  it('splits balanced semiprimes (120–150 bits) with batches run on both threads', async () => {
    for (const [bits, seed] of [
      [120, 1],
      [150, 2],
    ] as const) {
      const { n, p, q } = balancedSemiprimes(bits, 1, seed)[0]!;
      const completed = pool.stats.completed;
      const out = await siqsParallel(n, { pool, seed: 3 });
      expect(out.status).toBe('found');
      if (out.status === 'found') expect([p, q]).toContain(out.divisor);
      expect(out.effort.siqsRelations).toBeGreaterThan(0);
      expect(pool.stats.completed - completed).toBeGreaterThanOrEqual(2);
    }
    expect(pool.stats.liveThreads).toBe(2);
  });

  it('gives the outcomes of siqs where no sieve is needed, without running a task', async () => {
    const completed = pool.stats.completed;
    const prime = 2n ** 89n - 1n;
    const power = (2n ** 61n - 1n) ** 2n;
    for (const n of [prime, power, 2n ** 100n + 2n, 10007n * 10009n]) {
      expect(await siqsParallel(n, { pool })).toEqual(siqs(n));
    }
    expect(pool.stats.completed).toBe(completed);
  });

  it('honours the signal and the budget', async () => {
    const { n } = balancedSemiprimes(176, 1, 4)[0]!;
    expect((await siqsParallel(n, { pool, signal: AbortSignal.abort() })).status).toBe('aborted');
    expect((await siqsParallel(n, { pool, budgetMs: 0 })).status).toBe('exhausted');
    const controller = new AbortController();
    const running = siqsParallel(n, { pool, signal: controller.signal });
    await new Promise((r) => setTimeout(r, 50));
    controller.abort();
    expect((await running).status).toBe('aborted');
  });

  it('passes parameter overrides to the threads: double large primes split the same numbers', async () => {
    const { n, p, q } = balancedSemiprimes(112, 1, 5)[0]!;
    const base = siqsParams(112);
    const params = { doubleLargePrimeExponent: 1.8, thresholdSlack: base.thresholdSlack + 12 };
    const out = await siqsParallel(n, { pool, params });
    expect(out.status === 'found' && [p, q].includes(out.divisor)).toBe(true);
  });

  it('rejects with E_STATE on a destroyed pool', async () => {
    const gone = new WorkerPool(tsWorker(streamWorker, 2));
    await gone.destroy();
    const { n } = balancedSemiprimes(100, 1, 6)[0]!;
    await expect(siqsParallel(n, { pool: gone })).rejects.toMatchObject({ code: 'E_STATE' });
  });
});
