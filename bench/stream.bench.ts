/**
 * Stream benchmarks (issue 6), each compared with a baseline measured in the same run:
 * - parallel speedup: a CPU-bound factorisation stream (semiprimes with two ~36-bit factors, the `factorize`
 *   operator on a worker pool) on 2 worker threads vs 1, rounds alternating, medians compared (target ≥ 1.7×);
 * - pipeline overhead: the credit-bridged decode + verify pipeline (`fromPull → verifyIntegrity → decodeChunks`,
 *   batches of 1024 chunks, credits returned by the sink) vs calling the codec in a plain loop over the same
 *   chunks (target ≥ 70% of the loop's throughput); the unbatched per-chunk pipeline is shown for reference.
 * Each parallel round also measures the machine's ceiling (a plain busy loop on 2 threads vs 1), since other
 * processes on a shared machine can leave less than two cores: the speedup is only meaningful next to it.
 * Workers load the TypeScript worker module through the tsx shim of the stream tests.
 * Usage: `npx tsx bench/stream.bench.ts [numbers=96]`. Writes bench/results/stream.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import path from 'node:path';
import { lastValueFrom, from, toArray, type Observable } from 'rxjs';
import { Bench } from 'tinybench';
import { decodeChunk, encodeBytes, verifyChunkIntegrity } from '../src/encoding/index.js';
import { isPrime } from '../src/primes/index.js';
import { CreditGate } from '../src/stream/CreditGate.js';
import { decodeChunks } from '../src/stream/operators/decodeChunks.js';
import { factorize } from '../src/stream/operators/factorize.js';
import { verifyIntegrity } from '../src/stream/operators/verifyIntegrity.js';
import { fromPull } from '../src/stream/sources/fromPull.js';
import { WorkerPool } from '../src/stream/WorkerPool.js';

const here = path.dirname(new URL(import.meta.url).pathname);
const root = path.join(here, '..');
const NUMBERS = Number(process.argv[2] ?? 96);
const BATCH = 1024;
const ROUNDS = 5;
const OVERHEAD_ROUNDS = 15;

/** A deterministic 64-bit LCG. */
function* lcg(seed: bigint): Generator<bigint> {
  let s = seed;
  for (;;) {
    s = (s * 6364136223846793005n + 1442695040888963407n) % 2n ** 64n;
    yield s;
  }
}
function nextPrime(n: bigint): bigint {
  let p = n;
  while (!isPrime(p)) p++;
  return p;
}
/** Semiprimes p·q with p, q ≈ 2^35..2^36: several ms of rho/ECM each, whatever the band plan. */
function semiprimes(count: number): bigint[] {
  const r = lcg(2026n);
  const out: bigint[] = [];
  while (out.length < count) {
    const a = (r.next().value as bigint) >> 28n;
    const b = (r.next().value as bigint) >> 28n;
    out.push(nextPrime(a | (1n << 35n)) * nextPrime(b | (1n << 35n)));
  }
  return out;
}

function pool(threads: number): WorkerPool {
  return new WorkerPool({
    filename: path.join(root, 'test/unit/stream/fixtures/tsxWorker.cjs'),
    workerData: { tsWorker: path.join(root, 'src/stream/workers/streamWorker.ts') },
    threads,
    idleTimeoutMs: 60_000,
  });
}

/**
 * The machine's parallel ceiling in this run: operations done by a plain busy loop in `threads` threads over
 * the same wall time (1.0 s), summed. Other processes on the machine lower it; a 2-thread figure near 2× the
 * 1-thread one means two idle cores.
 */
async function rawLoops(threads: number): Promise<number> {
  const code = `const { parentPort } = require('node:worker_threads'); let x = 0; const t = Date.now(); while (Date.now() - t < 1000) x++; parentPort.postMessage(x);`;
  const counts = await Promise.all(
    Array.from(
      { length: threads },
      () =>
        new Promise<number>((resolve, reject) => {
          const w = new Worker(code, { eval: true });
          w.once('message', (m: number) => {
            resolve(m);
            void w.terminate();
          });
          w.once('error', reject);
        }),
    ),
  );
  return counts.reduce((a, b) => a + b, 0);
}

/** Run an Observable pipeline whose sink returns one credit per emitted item. */
function drain<T>(obs: Observable<T>, gate: CreditGate): Promise<number> {
  return new Promise((resolve, reject) => {
    let n = 0;
    obs.subscribe({
      next: () => {
        n++;
        gate.release();
      },
      error: reject,
      complete: () => resolve(n),
    });
  });
}

async function main(): Promise<void> {
  const loadavgAtStart = loadavg();
  // ---- parallel speedup
  const numbers = semiprimes(NUMBERS);
  const pools = { one: pool(1), two: pool(2) };
  const warm = numbers.slice(0, 4);
  await lastValueFrom(from(warm).pipe(factorize({ pool: pools.one, batchSize: 1 }), toArray()));
  await lastValueFrom(from(warm).pipe(factorize({ pool: pools.two, batchSize: 1 }), toArray()));
  // rounds alternate 1 and 2 workers so a change of machine load hits both alike; medians are compared
  const par = new Bench({ name: 'parallel factorisation', time: 0, iterations: ROUNDS, warmup: false });
  let check1: bigint[] = [];
  let check2: bigint[] = [];
  const times: Record<'1' | '2', number[]> = { '1': [], '2': [] };
  const runOn = async (threads: '1' | '2'): Promise<bigint[]> => {
    const p = threads === '1' ? pools.one : pools.two;
    const t = performance.now();
    const fs = await lastValueFrom(from(numbers).pipe(factorize({ pool: p, batchSize: 2 }), toArray()));
    times[threads].push(performance.now() - t);
    return fs.map((f) => f.factors.reduce((a, q) => a * q.prime ** BigInt(q.exponent), 1n));
  };
  const ceiling: number[] = [];
  par.add(`factorize ${NUMBERS} semiprimes, 1 worker then 2 workers`, async () => {
    check1 = await runOn('1');
    check2 = await runOn('2');
    ceiling.push((await rawLoops(2)) / (await rawLoops(1)));
  });
  await par.run();
  await pools.one.destroy();
  await pools.two.destroy();
  if (check1.some((x, i) => x !== numbers[i]) || check2.some((x, i) => x !== numbers[i])) {
    throw new Error('factorisations do not multiply back');
  }

  // ---- pipeline overhead over the codec
  const bytes = new Uint8Array(256 * 1024).map((_, i) => (i * 7919 + (i >> 8)) & 255);
  const chunks = encodeBytes(bytes);
  const batches: bigint[][] = [];
  for (let i = 0; i < chunks.length; i += BATCH) batches.push(chunks.slice(i, i + BATCH));
  let sink = 0;
  // the three cases run in alternation, one pass each per round, so load changes hit them alike; medians
  const passes: Record<'loop' | 'batched' | 'perChunk', number[]> = { loop: [], batched: [], perChunk: [] };
  const timed = async (key: keyof typeof passes, f: () => unknown): Promise<void> => {
    const t = performance.now();
    await f();
    passes[key].push(performance.now() - t);
  };
  const ovh = new Bench({ name: 'decode + verify overhead', time: 0, iterations: OVERHEAD_ROUNDS, warmup: true });
  ovh.add('plain loop, batched pipeline, per-chunk pipeline (one pass each)', async () => {
    await timed('loop', () => {
      let n = 0;
      for (const c of chunks) {
        if (verifyChunkIntegrity(c) && decodeChunk(c).kind !== 'invalid') n++;
      }
      sink += n;
    });
    await timed('batched', async () => {
      const gate = new CreditGate(16);
      sink += await drain(fromPull(batches, { gate }).pipe(verifyIntegrity(), decodeChunks()), gate);
    });
    await timed('perChunk', async () => {
      const gate = new CreditGate(16);
      sink += await drain(fromPull(chunks, { gate }).pipe(verifyIntegrity(), decodeChunks()), gate);
    });
  });
  await ovh.run();

  const median = (xs: number[]): number => {
    const v = [...xs].sort((a, b) => a - b);
    return v[Math.floor(v.length / 2)] as number;
  };
  const t1 = median(times['1']);
  const t2 = median(times['2']);
  const loop = median(passes.loop);
  const piped = median(passes.batched);
  const perChunk = median(passes.perChunk);
  const rows = [
    { case: 'factorisation stream, 1 worker (median)', ms: +t1.toFixed(1), ratio: 1, target: '' },
    {
      case: 'factorisation stream, 2 workers (median)',
      ms: +t2.toFixed(1),
      ratio: +(t1 / t2).toFixed(2),
      target: '≥ 1.7× (speedup)',
    },
    {
      case: 'machine ceiling: plain busy loop, 2 threads vs 1 (median)',
      ms: 0,
      ratio: +median(ceiling).toFixed(2),
      target: '(2.0 = two idle cores)',
    },
    { case: `plain codec loop, ${chunks.length} chunks`, ms: +loop.toFixed(2), ratio: 1, target: '' },
    {
      case: 'decode + verify pipeline, batched',
      ms: +piped.toFixed(2),
      ratio: +(loop / piped).toFixed(2),
      target: '≥ 0.70 (of loop throughput)',
    },
    {
      case: 'decode + verify pipeline, per chunk',
      ms: +perChunk.toFixed(2),
      ratio: +(loop / perChunk).toFixed(2),
      target: '(reference)',
    },
  ];
  console.log(
    `load average at start: ${loadavgAtStart.map((x) => x.toFixed(2)).join(' ')} (2 workers need 2 idle cores)`,
  );
  console.table(par.table());
  console.table(ovh.table());
  console.table(rows);
  const out = path.join(here, 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(
    path.join(out, 'stream.json'),
    JSON.stringify(
      {
        date: new Date().toISOString(),
        node: process.version,
        loadavgAtStart,
        numbers: NUMBERS,
        chunks: chunks.length,
        factorisationMs: times,
        overheadMs: passes,
        ceiling,
        rows,
        sink,
      },
      null,
      2,
    ),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
