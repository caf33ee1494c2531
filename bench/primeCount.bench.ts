/**
 * π(x) benchmark (issue 3): `primeCount(x)` for x = 10^11, 10^12, 10^13 against Kim Walisch's `primecount X -t1`
 * (single thread) measured in the same run, in alternating rounds, medians reported:
 * - ours: wall milliseconds of one warm call (compiled, tables built) and its process CPU milliseconds, and
 *   the cold first call of a fresh process (child process per round; interpreter, JIT and tables included);
 * - primecount: the `Seconds` it prints with `--time` (its own wall time of the computation, no process start),
 *   and its CPU time from the shell's `times` (this one includes the process start).
 * The acceptance ratio is warm wall / primecount's wall (issue 3: ≤ 10 at 10^12). Missing primecount is skipped.
 * Usage: `npx tsx bench/primeCount.bench.ts [rounds]`. Writes bench/results/primeCount.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { primeCount } from '../src/primes/primeCount.js';
import { cpuMs, median } from './stats.js';

const XS = [1e11, 1e12, 1e13] as const;

if (process.argv[2] === '--cold') {
  // child: one first call in a fresh process
  const t0 = performance.now();
  primeCount(Number(process.argv[3]));
  console.log(performance.now() - t0);
  process.exit(0);
}
const ROUNDS = Number(process.argv[2] ?? 5);

/** Wall ms of primeCount(x) as the first call of a fresh process (module already loaded). */
function coldCall(x: number): number {
  const self = new URL(import.meta.url).pathname;
  const r = spawnSync(process.execPath, ['--import', 'tsx', self, '--cold', String(x)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cold run failed: ${r.stderr}`);
  return Number(r.stdout.trim());
}

/** One `primecount x -t1 --time` run: its printed result, its own wall ms and the child's CPU ms; undefined if absent. */
function runPrimecount(x: number): { pi: number; wallMs: number; cpuMs: number } | undefined {
  const r = spawnSync('bash', ['-c', `primecount ${x} -t1 --time && times`], { encoding: 'utf8' });
  if (r.status !== 0) return undefined;
  const lines = r.stdout.trim().split('\n');
  const seconds = /Seconds:\s*([\d.]+)/.exec(r.stdout);
  const result = lines.find((l) => /^\d+$/.test(l.trim()));
  // `times` prints the shell's then its children's user and system times: "0m0.020s 0m0.001s"
  const child = /(\d+)m([\d.]+)s (\d+)m([\d.]+)s\s*$/.exec(r.stdout.trim());
  if (!seconds || !result || !child) return undefined;
  const cpu = (Number(child[1]) * 60 + Number(child[2]) + Number(child[3]) * 60 + Number(child[4])) * 1000;
  return { pi: Number(result), wallMs: Number(seconds[1]) * 1000, cpuMs: cpu };
}

interface Row {
  x: number;
  pi: number;
  coldMs: number;
  warmMs: number;
  warmCpuMs: number;
  primecountMs?: number;
  primecountCpuMs?: number;
  ratio?: number;
}

const rows: Row[] = [];
for (const x of XS) {
  const pi = primeCount(x);
  const cold: number[] = [];
  const wall: number[] = [];
  const cpu: number[] = [];
  const pcWall: number[] = [];
  const pcCpu: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    cold.push(coldCall(x));
    const pc = runPrimecount(x);
    if (pc) {
      if (pc.pi !== pi) throw new Error(`π(${x}): primecount says ${pc.pi}, primeCount ${pi}`);
      pcWall.push(pc.wallMs);
      pcCpu.push(pc.cpuMs);
    }
    const c0 = cpuMs();
    const w0 = performance.now();
    primeCount(x);
    wall.push(performance.now() - w0);
    cpu.push(cpuMs() - c0);
  }
  const row: Row = { x, pi, coldMs: median(cold), warmMs: median(wall), warmCpuMs: median(cpu) };
  if (pcWall.length > 0) {
    row.primecountMs = median(pcWall);
    row.primecountCpuMs = median(pcCpu);
    row.ratio = row.warmMs / row.primecountMs;
  }
  rows.push(row);
}

const f = (v: number | undefined): string => (v === undefined ? '—' : v.toFixed(2));
console.log('x        π(x)           cold ms   warm ms   warm CPU ms   primecount ms   primecount CPU ms   ratio');
for (const r of rows) {
  console.log(
    [
      r.x.toExponential(0).padEnd(8),
      String(r.pi).padEnd(14),
      f(r.coldMs).padStart(7),
      f(r.warmMs).padStart(9),
      f(r.warmCpuMs).padStart(13),
      f(r.primecountMs).padStart(15),
      f(r.primecountCpuMs).padStart(19),
      f(r.ratio).padStart(7),
    ].join(' '),
  );
}
const out = path.join(path.dirname(new URL(import.meta.url).pathname), 'results');
mkdirSync(out, { recursive: true });
writeFileSync(path.join(out, 'primeCount.json'), JSON.stringify({ rounds: ROUNDS, rows }, null, 2) + '\n');
