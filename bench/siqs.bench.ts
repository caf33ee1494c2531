/**
 * SIQS against PARI/GP `factor()` on balanced semiprimes (same numbers, same run).
 *
 *   npx tsx bench/siqs.bench.ts            # 80, 100, 128, 160, 192 bits, 5 numbers each
 *   npx tsx bench/siqs.bench.ts 224        # adds one 224-bit number
 *   SIQS_BENCH_COUNT=7 npx tsx bench/siqs.bench.ts
 *   SIQS_BENCH_SIZES=64,80,96,128 npx tsx bench/siqs.bench.ts   # other sizes (comma-separated bits)
 *
 * Times are CPU milliseconds (process.cpuUsage for SIQS, gettime() inside gp, which excludes gp's
 * start-up; at ≤ 128 bits gp factors each number 50 times and the mean is taken). Each size starts with
 * untimed SIQS runs on other numbers (JIT warm-up: at least 20 up to 100 bits, else 3, and at least 300 ms,
 * so that V8's compiler threads, which process CPU time also counts, are done). Prints medians and ratios;
 * writes bench/results/siqs.json.
 *
 * Also, per size, relation collection with the WebAssembly SIQS kernel against the portable JS sieve on the
 * same context and batches (CPU time, both warmed up first, same relations checked): the kernel's speed-up.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { isProbablyPrime } from 'bigint-crypto-utils';
import { siqs } from '../src/primes/siqs.js';
import { collectRelations, collectRelationsPortable } from '../src/primes/internal/siqsCollect.js';
import { prepareSiqs } from '../src/primes/internal/siqsContext.js';
import { siqsParams } from '../src/primes/internal/siqsParams.js';
import { median } from './stats.js';

const COUNT = Number(process.env['SIQS_BENCH_COUNT'] ?? 5);
const SIZES = (process.env['SIQS_BENCH_SIZES'] ?? '80,100,128,160,192')
  .split(',')
  .map(Number)
  .filter((b) => b > 0);
const extra = process.argv
  .slice(2)
  .map(Number)
  .filter((b) => b > 0);

function rng(seed: number): () => bigint {
  let s = BigInt(seed) | 1n;
  return () => {
    s = (s * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n);
    return s >> 16n;
  };
}

async function nextPrime(n: bigint): Promise<bigint> {
  let c = n | 1n;
  while (!(await isProbablyPrime(c, 16, true))) c += 2n;
  return c;
}

async function semiprime(bits: number, rand: () => bigint): Promise<bigint> {
  for (;;) {
    const h = bits >> 1;
    const r = (k: number): bigint => {
      let v = 0n;
      for (let i = 0; i < Math.ceil(k / 48) + 1; i++) v = (v << 48n) | rand();
      return (v % (1n << BigInt(k - 2))) + (3n << BigInt(k - 2)); // in [0.75, 1)·2^k
    };
    const p = await nextPrime(r(h));
    const q = await nextPrime(r(bits - h));
    const n = p * q;
    if (p !== q && n.toString(2).length === bits) return n;
  }
}

/** gp's CPU ms per factor() call; small inputs are factored `repeat` times (gettime() has 1 ms resolution). */
function gpTimes(ns: bigint[], repeat: number): number[] | undefined {
  const script =
    ns.map((n) => `gettime();for(i=1,${repeat},factor(${n}));print(gettime()/${repeat}.);`).join('\n') + '\nquit\n';
  try {
    const out = execFileSync('gp', ['-q', '--default', 'parisizemax=1G'], { input: script, encoding: 'utf8' });
    return out
      .trim()
      .split('\n')
      .map((l) => Number(l.trim()));
  } catch {
    return undefined;
  }
}

interface Row {
  bits: number;
  count: number;
  siqsMedianMs: number;
  gpMedianMs: number | undefined;
  ratio: number | undefined;
  siqsMs: number[];
  gpMs: number[] | undefined;
  /** CPU ms of the same relation batches: WebAssembly kernel, portable JS, and their ratio. */
  kernelMs: number;
  portableMs: number;
}

/** CPU ms of `collect` over the same batches on the context of n (after an untimed round of each path, checked equal). */
function collectCpuMs(n: bigint, bits: number): { kernelMs: number; portableMs: number } {
  const ctx = prepareSiqs(n, siqsParams(bits));
  if ('divisor' in ctx) throw new Error(`small divisor of ${n}`);
  const batches = Array.from({ length: 8 }, (_, i) => ({ seed: 100 + i, aCount: 2 }));
  const time = (collect: typeof collectRelations): number => {
    const c0 = process.cpuUsage();
    for (const b of batches) collect(ctx, b);
    const c = process.cpuUsage(c0);
    return (c.user + c.system) / 1000;
  };
  for (const b of batches) {
    const k = collectRelations(ctx, b);
    const p = collectRelationsPortable(ctx, b);
    if (JSON.stringify(k.relations.map((r) => r.columns)) !== JSON.stringify(p.relations.map((r) => r.columns)))
      throw new Error('kernel and portable relations differ');
  }
  return { kernelMs: time(collectRelations), portableMs: time(collectRelationsPortable) };
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  const sizes = [...SIZES.map((b) => [b, COUNT] as const), ...extra.map((b) => [b, 1] as const)];
  for (const [bits, count] of sizes) {
    const rand = rng(bits * 1000 + 17);
    const ns: bigint[] = [];
    for (let i = 0; i < count; i++) ns.push(await semiprime(bits, rand));
    // untimed runs on other numbers of the same size, at least 20 (up to 100 bits) or 3 and at least 300 ms:
    // the timings are of JIT-compiled code, and process CPU time also counts V8's compiler threads, which
    // are still busy after one run (a cold process pays roughly 100 ms of compilation on its first calls)
    const warmUntil = performance.now() + 300;
    for (let w = 0; w < (bits <= 100 ? 20 : 3) || performance.now() < warmUntil; w++) {
      siqs(await semiprime(bits, rand), { seed: 1 });
    }
    const siqsMs: number[] = [];
    for (const n of ns) {
      const c0 = process.cpuUsage();
      const out = siqs(n, { seed: 1 });
      const c = process.cpuUsage(c0);
      if (out.status !== 'found' || n % out.divisor !== 0n) throw new Error(`SIQS failed on ${n}: ${out.status}`);
      siqsMs.push((c.user + c.system) / 1000);
    }
    const gpMs = gpTimes(ns, bits <= 128 ? 50 : 1);
    const s = median(siqsMs);
    const g = gpMs === undefined ? undefined : median(gpMs);
    const { kernelMs, portableMs } = collectCpuMs(ns[0] as bigint, bits);
    rows.push({
      bits,
      count,
      siqsMedianMs: s,
      gpMedianMs: g,
      ratio: g ? s / g : undefined,
      siqsMs,
      gpMs,
      kernelMs,
      portableMs,
    });
    console.log(`${bits} bits done`);
  }
  console.log(
    '\n| bits | n | SIQS median ms | PARI/GP median ms | SIQS / PARI | 16 a-values: kernel ms | portable JS ms | speed-up |',
  );
  console.log('|-----:|--:|---------------:|------------------:|------------:|------:|------:|------:|');
  for (const r of rows) {
    console.log(
      `| ${r.bits} | ${r.count} | ${r.siqsMedianMs.toFixed(1)} | ${r.gpMedianMs?.toFixed(1) ?? 'n/a'} | ${r.ratio?.toFixed(2) ?? 'n/a'} | ${r.kernelMs.toFixed(1)} | ${r.portableMs.toFixed(1)} | ${(r.portableMs / r.kernelMs).toFixed(2)} |`,
    );
  }
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/siqs.json', JSON.stringify({ date: new Date().toISOString(), rows }, null, 2));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
