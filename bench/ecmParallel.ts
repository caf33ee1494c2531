/**
 * ECM curves on a pool of two threads: the same number of curves (a number with no factor within reach, so every
 * curve runs) as one `ecmCurves` task on one thread against `ecmParallel` over both, alternating, medians of the
 * wall time and their ratio. Whether a factor is found is luck (the seeds differ), so speed is measured on curves.
 *
 *   npx tsx bench/ecmParallel.ts                # 2^521 − 1 times 2^607 − 1, B1 = 11 000 and 50 000
 *   npx tsx bench/ecmParallel.ts 40 5           # curves per run, runs
 *
 * Workers load the TypeScript worker module through the tsx shim of the stream tests.
 */
import path from 'node:path';
import { ECM_STAGE_B2_FACTOR } from '../src/primes/factorPlan.js';
import type { SplitOutcome } from '../src/primes/Splitter.js';
import { ecmParallel } from '../src/stream/ecmParallel.js';
import { WorkerPool } from '../src/stream/WorkerPool.js';
import type { EcmCurvesInput } from '../src/stream/workers/streamWorker.js';
import { median } from './stats.js';

const here = path.dirname(new URL(import.meta.url).pathname);
const root = path.join(here, '..');
const curves = Number(process.argv[2] ?? 24);
const runs = Number(process.argv[3] ?? 3);
const n = (2n ** 521n - 1n) * (2n ** 607n - 1n);

const pool = new WorkerPool({
  filename: path.join(root, 'test/unit/stream/fixtures/tsxWorker.cjs'),
  workerData: { tsWorker: path.join(root, 'src/stream/workers/streamWorker.ts') },
  threads: 2,
  idleTimeoutMs: 60_000,
});
const oneThread = pool.task<EcmCurvesInput, SplitOutcome>('ecmCurves');

for (const B1 of [11_000, 50_000]) {
  const stage = { B1, curves, budgetMs: 600_000 };
  const one = async (): Promise<number> => {
    const t = performance.now();
    await oneThread({ n, B1, B2: ECM_STAGE_B2_FACTOR * B1, curves, seed: 1, budgetMs: 600_000 });
    return performance.now() - t;
  };
  const both = async (): Promise<number> => {
    const t = performance.now();
    await ecmParallel(n, { pool, stages: [stage] });
    return performance.now() - t;
  };
  await Promise.all([one(), one()]); // both threads up and warm
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 0) {
      a.push(await one());
      b.push(await both());
    } else {
      b.push(await both());
      a.push(await one());
    }
  }
  console.log(
    `B1 ${B1}, ${curves} curves on a ${n.toString(2).length}-bit n: one thread ${median(a).toFixed(0)} ms, two threads ${median(b).toFixed(0)} ms → ${(median(a) / median(b)).toFixed(2)}×`,
  );
}
await pool.destroy();
