import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { balancedSemiprimes } from '../../../../bench/bandCorpus.js';
import type { FactorJobSettings } from '../../../../src/stream/jobs/JobCheckpoint.js';
import { runFactorJob, type FactorJobOptions } from '../../../../src/stream/jobs/runFactorJob.js';
import { WorkerPool } from '../../../../src/stream/WorkerPool.js';
import { tsWorker } from '../fixtures/tsWorker.js';
import { TEST_JOB_SETTINGS } from '../../../fixtures/jobs/jobSettings.js';
import {
  JOB_SIQS_PARALLEL_MIN_BITS,
  SIQS_PARALLEL_MIN_BITS,
} from '../../../../src/stream/internal/parallelThresholds.js';

const streamWorker = join(__dirname, '../../../../src/stream/workers/streamWorker.ts');

// a generous budget per number: the outputs compared must all be complete, whatever the machine's load
const settings: FactorJobSettings = { ...TEST_JOB_SETTINGS, budgetMs: 20_000 };

/** Run a job over `text` (its size known, as for a file) and collect its output and the batches done here. */
async function run(
  text: string,
  extra: Partial<FactorJobOptions>,
): Promise<{ out: string; here: number; hereMs: number; summary: Awaited<ReturnType<typeof runFactorJob>> }> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const bytes = Buffer.from(text);
  let here = 0;
  let hereMs = 0;
  let since = 0;
  const summary = await runFactorJob({
    input: async function* (start: number) {
      yield bytes.subarray(start);
    },
    inputBytes: bytes.length,
    output: { stream: sink },
    settings,
    onThreadBusy: (busy) => {
      if (busy) {
        here++;
        since = performance.now();
      } else hereMs += performance.now() - since;
    },
    ...extra,
  });
  return { out: Buffer.concat(chunks).toString(), here, hereMs, summary };
}

describe('runFactorJob with a pool and time on its own thread (inThreadMs)', () => {
  // a fresh pool per test: its stats tell whether a thread started and how many batches it took
  let pool: WorkerPool;
  beforeEach(() => {
    pool = new WorkerPool(tsWorker(streamWorker, 2));
  });
  afterEach(() => pool.destroy());

  const cheap = Array.from({ length: 300 }, (_, i) => String(2n ** 40n + BigInt(i * 7919))).join('\n') + '\n';

  it('a job whose work fits in inThreadMs never starts a thread, and writes what a job without a pool writes', async () => {
    const alone = await run(cheap, {});
    const mixed = await run(cheap, { pool, inThreadMs: 10_000 });
    expect(mixed.out).toBe(alone.out);
    expect(mixed.summary.records).toBe(300);
    expect(mixed.here).toBeGreaterThan(1);
    expect(pool.stats.completed).toBe(0);
    expect(pool.stats.liveThreads).toBe(0);
  });

  it('without inThreadMs every batch of a job of several goes to the pool', async () => {
    const alone = await run(cheap, {});
    const pooled = await run(cheap, { pool });
    expect(pooled.out).toBe(alone.out);
    expect(pooled.here).toBe(0);
    expect(pool.stats.completed).toBeGreaterThan(1);
  });

  it('moves to the pool once the work done here, scaled to the input, would exceed inThreadMs', async () => {
    // ~3 ms per number once warm, tens of ms cold: after the 30 ms sample, a few numbers done, the projection for
    // the 60 is far above 150 ms, so the job moves then (the batch under way when the sample ends finishes here);
    // by the 150 ms cap alone it would have worked here 150 ms or more
    const costly =
      balancedSemiprimes(100, 60, 5)
        .map((x) => x.n)
        .join('\n') + '\n';
    const alone = await run(costly, {});
    const moved = await run(costly, { pool, inThreadMs: 150 });
    expect(moved.out).toBe(alone.out);
    expect(moved.here).toBeGreaterThan(0);
    expect(pool.stats.completed).toBeGreaterThan(0);
    expect(moved.hereMs).toBeLessThan(120);
  });
});

describe('runFactorJob of one hard number on a pool of two threads', () => {
  let pool: WorkerPool;
  beforeEach(() => {
    pool = new WorkerPool(tsWorker(streamWorker, 2));
  });
  afterEach(() => pool.destroy());

  const { n, p, q } = balancedSemiprimes(JOB_SIQS_PARALLEL_MIN_BITS + 4, 1, 12)[0]!;

  it('sieves it on the pool threads and writes what a job without a pool writes (NDJSON and text, number and JSON lines)', async () => {
    for (const [text, format] of [
      [`${n * 1000003n}\r\n`, 'ndjson'],
      [`{"n": "${-n}"}`, 'text'],
    ] as const) {
      const job = { ...settings, format };
      const alone = await run(text, { settings: job });
      const completed = pool.stats.completed;
      const sieved = await run(text, { pool, settings: job });
      expect(sieved.out).toBe(alone.out);
      expect(sieved.out).toContain(String(p < q ? p : q));
      expect(pool.stats.completed - completed).toBeGreaterThanOrEqual(2); // SIQS batches ran on the threads
      expect(sieved.summary.records).toBe(1);
    }
  });

  it('leaves a one-line job of a small number, a prime or a comment on its own thread', async () => {
    const below = balancedSemiprimes(JOB_SIQS_PARALLEL_MIN_BITS - 30, 1, 3)[0]!.n; // SIQS here: threads would start cold
    for (const text of ['91\n', `${2n ** 127n - 1n}\n`, `# ${n}\n`, `${below}\n`]) {
      const alone = await run(text, {});
      const withPool = await run(text, { pool });
      expect(withPool.out).toBe(alone.out);
    }
    expect(pool.stats.completed).toBe(0);
  });

  it('oneBatchHere: false (a server) keeps the job’s thread free: the number goes to the pool, sieved there from 136 bits', async () => {
    const mid = balancedSemiprimes(SIQS_PARALLEL_MIN_BITS + 10, 1, 14)[0]!.n;
    const ecmWork = 1099511627791n * (2n ** 521n - 1n); // above SIQS: the ECM curves on the pool
    for (const text of [`${mid}\n`, `${n}\n`, `${ecmWork}\n`, '91\n']) {
      const alone = await run(text, {});
      const completed = pool.stats.completed;
      const away = await run(text, { pool, oneBatchHere: false });
      expect(away.out).toBe(alone.out);
      expect(away.here).toBe(0);
      // SIQS batches or ECM curves on both threads, the one batch task for 91
      expect(pool.stats.completed - completed).toBeGreaterThanOrEqual(text === '91\n' ? 1 : 2);
    }
  });

  it('the last of several hard numbers is sieved on both threads, the others one per thread', async () => {
    const text =
      balancedSemiprimes(SIQS_PARALLEL_MIN_BITS + 14, 3, 15)
        .map((x) => x.n)
        .join('\n') + '\n';
    const alone = await run(text, {});
    const pooled = await run(text, { pool });
    expect(pooled.out).toBe(alone.out);
    expect(pooled.summary.records).toBe(3);
    // two one-line batch tasks, then for the last number its plan without SIQS and two or more SIQS batches
    expect(pool.stats.completed).toBeGreaterThanOrEqual(5);
  });

  it('while a job works on its own thread, a line long enough for a long stage goes to the pool', async () => {
    const text = `91\n${n}\n77\n`;
    const alone = await run(text, {});
    const mixed = await run(text, { pool, inThreadMs: 10_000 });
    expect(mixed.out).toBe(alone.out);
    expect(mixed.here).toBe(2); // 91 and 77
    expect(pool.stats.completed).toBeGreaterThanOrEqual(1);
  });

  it('a budget too small for the sieve gives the partial record the job gives without a pool', async () => {
    const job = { ...settings, budgetMs: 1 };
    const sieved = await run(`${balancedSemiprimes(200, 1, 13)[0]!.n}\n`, { pool, settings: job });
    expect(JSON.parse(sieved.out)).toMatchObject({ status: 'partial', reason: 'budget' });
  });
});
