/**
 * One hard number on a pool of two threads: `factorizeAsync` with SIQS sieving on both threads (`parallel`, the
 * default on such a pool) against the same call with `parallel: false` (the whole plan on one thread), on the
 * same balanced semiprimes, same pool, calls alternating and the order rotated per number. Wall-clock medians
 * per size and their ratio; `SIQS_PARALLEL_MIN_BITS` is where the ratio passes 1.
 *
 *   npx tsx bench/siqsParallel.ts                 # 100, 110, 120, 140, 160, 192 bits
 *   npx tsx bench/siqsParallel.ts 224 1           # other sizes (comma-separated) and numbers per size
 *
 * Workers load the TypeScript worker module through the tsx shim of the stream tests. Writes
 * bench/results/siqsParallel.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Factorization } from '../src/primes/Factorization.js';
import { factorizeAsync } from '../src/stream/factorizeAsync.js';
import { WorkerPool } from '../src/stream/WorkerPool.js';
import { balancedSemiprimes } from './bandCorpus.js';
import { median } from './stats.js';

const here = path.dirname(new URL(import.meta.url).pathname);
const root = path.join(here, '..');
const sizes = (process.argv[2] ?? '100,110,120,140,160,192').split(',').map(Number);
const count = Number(process.argv[3] ?? 0);

const pool = new WorkerPool({
  filename: path.join(root, 'test/unit/stream/fixtures/tsxWorker.cjs'),
  workerData: { tsWorker: path.join(root, 'src/stream/workers/streamWorker.ts') },
  threads: 2,
  idleTimeoutMs: 60_000,
});

async function timed(n: bigint, parallel: boolean): Promise<number> {
  const t0 = performance.now();
  const f: Factorization = await factorizeAsync(n, { pool, parallel });
  const ms = performance.now() - t0;
  if (f.status !== 'complete') throw new Error(`${n}: ${f.status}`);
  return ms;
}

const rows: { bits: number; count: number; parallelMs: number; oneThreadMs: number; speedUp: number }[] = [];
// warm-up: both paths, both threads, on numbers outside the measured ones
for (const n of balancedSemiprimes(140, 2, 99).map((s) => s.n)) {
  await Promise.all([timed(n, true), timed(n, false)]);
}
for (const bits of sizes) {
  const k = count > 0 ? count : bits <= 120 ? 15 : bits <= 160 ? 6 : 3;
  const numbers = balancedSemiprimes(bits, k, 31).map((s) => s.n);
  const par: number[] = [];
  const one: number[] = [];
  for (let i = 0; i < k; i++) {
    const n = numbers[i] as bigint;
    if (i % 2 === 0) {
      par.push(await timed(n, true));
      one.push(await timed(n, false));
    } else {
      one.push(await timed(n, false));
      par.push(await timed(n, true));
    }
  }
  const row = { bits, count: k, parallelMs: median(par), oneThreadMs: median(one), speedUp: 0 };
  row.speedUp = row.oneThreadMs / row.parallelMs;
  rows.push(row);
  console.log(
    `${bits} bits × ${k}: parallel ${row.parallelMs.toFixed(1)} ms, one thread ${row.oneThreadMs.toFixed(1)} ms → ${row.speedUp.toFixed(2)}×`,
  );
}
await pool.destroy();
mkdirSync(path.join(here, 'results'), { recursive: true });
writeFileSync(
  path.join(here, 'results', 'siqsParallel.json'),
  JSON.stringify({ date: new Date().toISOString(), rows }, null, 2),
);
