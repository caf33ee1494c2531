import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { balancedSemiprimes } from '../../../../bench/bandCorpus.js';
import type { FactorJobSettings } from '../../../../src/stream/jobs/JobCheckpoint.js';
import { runFactorJob, type FactorJobOptions } from '../../../../src/stream/jobs/runFactorJob.js';
import { WorkerPool } from '../../../../src/stream/WorkerPool.js';
import { tsWorker } from '../fixtures/tsWorker.js';
import { TEST_JOB_SETTINGS } from '../../../fixtures/jobs/jobSettings.js';

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
