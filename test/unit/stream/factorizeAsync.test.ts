import { join } from 'node:path';
import { balancedSemiprimes } from '../../../bench/bandCorpus.js';
import { bandedFactorize } from '../../../src/bands/bandedFactorize.js';
import type { Factorization } from '../../../src/primes/index.js';
import { factorizeAsync } from '../../../src/stream/factorizeAsync.js';
import { WorkerPool } from '../../../src/stream/WorkerPool.js';
import { tsWorker } from './fixtures/tsWorker.js';

const streamWorker = join(__dirname, '../../../src/stream/workers/streamWorker.ts');
const stable = (f: Factorization): unknown => ({ ...f, elapsedMs: 0 });
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Poll `cond` every 10 ms until it holds or `ms` pass; returns whether it held. */
async function eventually(cond: () => boolean, ms: number): Promise<boolean> {
  const end = performance.now() + ms;
  while (!cond() && performance.now() < end) await sleep(10);
  return cond();
}

// a balanced 180-bit semiprime: its few ECM pretest curves take ~20 ms, then SIQS runs ~1.7 s on an idle core
const hard = balancedSemiprimes(180, 1, 3)[0]!.n;

describe('factorizeAsync', () => {
  const pool = new WorkerPool(tsWorker(streamWorker));
  afterAll(() => pool.destroy());

  it('gives the same factorisations as bandedFactorize, computed on a worker thread', async () => {
    const numbers = [-360n, 1n, 2n ** 61n - 1n, 2n ** 64n + 1n, (2n ** 89n - 1n) * (2n ** 31n - 1n), 91];
    for (const n of numbers) {
      const f = await factorizeAsync(n, { pool });
      expect(stable(f)).toEqual(stable(bandedFactorize(BigInt(n))));
    }
    const f = await factorizeAsync(2n ** 64n + 1n, { pool });
    expect(f.factors.map((x) => x.prime)).toEqual([274177n, 67280421310721n]);
    expect(pool.stats.completed).toBeGreaterThanOrEqual(numbers.length + 1);
  });

  it('aborted mid-SIQS: settles within 100 ms of the abort with E_ABORTED and the thread running it is stopped', async () => {
    await factorizeAsync(221n, { pool }); // the thread is up and loaded
    expect(pool.stats.liveThreads).toBe(1);
    const controller = new AbortController();
    const started = performance.now();
    const settled = factorizeAsync(hard, { pool, signal: controller.signal }).then(
      (f) => ({ value: f, at: performance.now() }),
      (err: unknown) => ({ error: err, at: performance.now() }),
    );
    await sleep(250);
    expect(pool.stats.running).toBe(1); // still working (SIQS needs well over a second)
    const abortedAt = performance.now();
    controller.abort(new Error('user gave up'));
    const outcome = await settled;
    expect(outcome).toMatchObject({ error: { code: 'E_ABORTED' } });
    expect(outcome.at - abortedAt).toBeLessThan(100);
    expect(abortedAt - started).toBeGreaterThanOrEqual(240);
    // the thread was terminated, not left computing: none alive, nothing running, and no CPU burnt afterwards
    expect(await eventually(() => pool.stats.liveThreads === 0, 1000)).toBe(true);
    expect(pool.stats.running).toBe(0);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await sleep(400);
    const cpu = process.cpuUsage(cpu0);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    expect(cpuMs).toBeLessThan((performance.now() - t0) * 0.5);
    // the pool still works: a new thread is started for the next call
    expect((await factorizeAsync(91n, { pool })).factors.map((x) => x.prime)).toEqual([7n, 13n]);
  });

  it('aborting one call leaves the others alone: a queued call runs on a fresh thread, an aborted queued one never runs', async () => {
    const running = new AbortController();
    const queued = new AbortController();
    const a = factorizeAsync(hard, { pool, signal: running.signal });
    const b = factorizeAsync(2n ** 64n + 1n, { pool }); // queued behind `a` on the pool's one thread
    const c = factorizeAsync(hard, { pool, signal: queued.signal }); // queued too, aborted before it starts
    await sleep(100);
    queued.abort();
    await expect(c).rejects.toMatchObject({ code: 'E_ABORTED' });
    running.abort();
    await expect(a).rejects.toMatchObject({ code: 'E_ABORTED' });
    expect((await b).factors.map((x) => x.prime)).toEqual([274177n, 67280421310721n]);
    expect(pool.stats.running).toBe(0);
  });

  it('an already-aborted signal rejects at once, without running anything', async () => {
    const completed = pool.stats.completed;
    const t0 = performance.now();
    await expect(factorizeAsync(hard, { pool, signal: AbortSignal.abort() })).rejects.toMatchObject({
      code: 'E_ABORTED',
    });
    expect(performance.now() - t0).toBeLessThan(100);
    expect(pool.stats.completed).toBe(completed);
  });

  it('honours budgetMs: a hard number with a small budget gives a typed non-complete result quickly', async () => {
    await factorizeAsync(221n, { pool });
    const t0 = performance.now();
    const f = await factorizeAsync(hard, { pool, budgetMs: 150 });
    expect(performance.now() - t0).toBeLessThan(1500);
    expect(f).toMatchObject({ status: 'partial', reason: 'budget', cofactor: hard });
  });

  it('refuses bad input and bad options with typed errors', async () => {
    await expect(factorizeAsync('91' as unknown as bigint, { pool })).rejects.toMatchObject({ code: 'E_PARSE' });
    await expect(factorizeAsync(0.5, { pool })).rejects.toMatchObject({ code: 'E_RANGE' });
    await expect(factorizeAsync(91n, { pool, budgetMs: -1 })).rejects.toMatchObject({ code: 'E_RANGE' });
    await expect(factorizeAsync(91n, { pool, seed: Number.NaN })).rejects.toMatchObject({ code: 'E_RANGE' });
    const notASignal = { aborted: false } as unknown as AbortSignal;
    await expect(factorizeAsync(91n, { pool, signal: notASignal })).rejects.toMatchObject({ code: 'E_RANGE' });
    // a refused input inside the engines is a failed result, as the synchronous call gives
    expect(await factorizeAsync(0n, { pool })).toMatchObject({ status: 'failed', error: { code: 'E_RANGE' } });
    expect(await factorizeAsync(2n ** 80n + 1n, { pool, maxBits: 64 })).toMatchObject({
      status: 'failed',
      error: { code: 'E_RANGE' },
    });
  });

  it('rejects with E_STATE on a destroyed pool', async () => {
    const gone = new WorkerPool(tsWorker(streamWorker));
    await gone.destroy();
    await expect(factorizeAsync(91n, { pool: gone })).rejects.toMatchObject({ code: 'E_STATE' });
  });
});

describe('factorizeAsync on a pool of two threads: SIQS sieves on both', () => {
  const pool = new WorkerPool(tsWorker(streamWorker, 2));
  afterAll(() => pool.destroy());
  const primesOf = (f: Factorization): unknown => f.factors.map((x) => [x.prime, x.exponent, x.certainty]);

  it('finds the factorisations bandedFactorize finds, with SIQS on the pool for what needs it', async () => {
    const [a, b] = balancedSemiprimes(140, 2, 8);
    const numbers = [
      -360n,
      1n,
      2n ** 61n - 1n,
      2n ** 64n + 1n,
      a!.n, // SIQS alone
      -(3n ** 5n) * 1000003n * b!.n, // small factors, then SIQS on the cofactor
      a!.p ** 2n * 1000003n, // a square left after trial division: no sieve
    ];
    for (const n of numbers) {
      const f = await factorizeAsync(n, { pool });
      const sync = bandedFactorize(n);
      expect(f.status).toBe(sync.status);
      expect(primesOf(f)).toEqual(primesOf(sync));
      expect({ n: f.n, sign: f.sign, bits: f.bits, band: f.band }).toEqual({
        n: sync.n,
        sign: sync.sign,
        bits: sync.bits,
        band: sync.band,
      });
    }
    const f = await factorizeAsync(a!.n * 1000003n, { pool });
    expect(f.method).toEqual(['tdiv', 'siqs']);
    expect(f.effort.siqsRelations).toBeGreaterThan(0);
  });

  it('runs the ECM schedule above SIQS range on both threads: the factors bandedFactorize finds', async () => {
    const n = 1099511627791n * (2n ** 521n - 1n); // 562 bits; its 41-bit factor is ECM's, the rest a prime
    const completed = pool.stats.completed;
    const f = await factorizeAsync(n, { pool });
    expect(f.status).toBe('complete');
    expect(primesOf(f)).toEqual(primesOf(bandedFactorize(n)));
    expect(f.method).toContain('ecm');
    expect(pool.stats.completed - completed).toBeGreaterThanOrEqual(2); // the deferred plan, then curves
  });

  it('parallel: false runs the whole plan on one thread, exactly as bandedFactorize', async () => {
    const n = balancedSemiprimes(120, 1, 9)[0]!.n * 1000003n;
    expect(stable(await factorizeAsync(n, { pool, parallel: false }))).toEqual(stable(bandedFactorize(n)));
  });

  it('aborted while sieving: rejects with E_ABORTED; a small budget gives a partial result', async () => {
    const controller = new AbortController();
    const run = factorizeAsync(hard, { pool, signal: controller.signal });
    await sleep(250);
    controller.abort();
    await expect(run).rejects.toMatchObject({ code: 'E_ABORTED' });
    const f = await factorizeAsync(hard, { pool, budgetMs: 300 });
    expect(f).toMatchObject({ status: 'partial', reason: 'budget', cofactor: hard });
    expect((await factorizeAsync(91n, { pool })).factors.map((x) => x.prime)).toEqual([7n, 13n]);
  });
});
