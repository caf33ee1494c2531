/**
 * Sieve benchmark (issue 3): π(10^9) by `countPrimes` against `primesieve 1e9 -t1` (the reference C++
 * sieve, its own `--time` figure, so process start-up is not counted), plus the engine at several segment
 * sizes. The cases run in alternating rounds in the same process and the table reports medians, so a
 * shared machine's load falls on every case alike; the in-process cases also report their CPU time,
 * which a loaded machine inflates less than wall time. Usage:
 *
 *   npx tsx bench/sieve.bench.ts [--x 1e9] [--rounds 7] [--sizes 65536,131072,262144,524288]
 *
 * Writes bench/results/sieve.json. Cases whose tool is missing (primesieve) are reported as skipped.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SegmentedSieve } from '../src/primes/SegmentedSieve.js';
import { countPrimes } from '../src/primes/sieve.js';
import { median } from './stats.js';

const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? dflt) : dflt;
};
const X = Number(arg('x', '1e9'));
const ROUNDS = Number(arg('rounds', '7'));
const SIZES = arg('sizes', '65536,131072,262144,524288').split(',').map(Number);

/** π(X) with the engine at a given segment size (what countPrimes does, minus the range edges). */
function engineCount(segmentBytes: number): number {
  const s = new SegmentedSieve(0, Math.floor(X / 30) + 1, segmentBytes);
  let c = X >= 5 ? 3 : X >= 3 ? 2 : X >= 2 ? 1 : 0;
  while (s.next()) {
    const end = Math.min(s.length, Math.floor(X / 30) + 1 - s.byteStart);
    c += s.countPrimeBits(0, end - 1);
    const last = s.bytes[end - 1] as number;
    const base = 30 * (s.byteStart + end - 1);
    for (const [k, w] of [1, 7, 11, 13, 17, 19, 23, 29].entries()) if (!(last & (1 << k)) && base + w <= X) c++;
  }
  return c;
}

/** primesieve's own timing of π(X) on one thread, in ms (NaN when it is not installed). */
function primesieveMs(): { ms: number; cpuMs: number; count: number } {
  const r = spawnSync('primesieve', [String(X), '-t1', '--time', '-q'], { encoding: 'utf8' });
  if (r.status !== 0) return { ms: NaN, cpuMs: NaN, count: NaN };
  const lines = r.stdout.trim().split('\n');
  const seconds = Number(/Seconds:\s*([\d.]+)/.exec(r.stdout)?.[1]);
  return { ms: 1000 * seconds, cpuMs: NaN, count: Number(lines[lines.length - 1]) };
}

interface Case {
  readonly name: string;
  readonly run: () => { ms: number; cpuMs: number; count: number };
}
const timeIt = (f: () => number): { ms: number; cpuMs: number; count: number } => {
  const t = performance.now();
  const cpu = process.cpuUsage().user;
  const count = f();
  return { ms: performance.now() - t, cpuMs: (process.cpuUsage().user - cpu) / 1000, count };
};
const cases: Case[] = [
  { name: `countPrimes(${X})`, run: () => timeIt(() => countPrimes(X)) },
  { name: `baseline: primesieve ${X} -t1 (its --time)`, run: primesieveMs },
  ...SIZES.map((s) => ({ name: `engine, ${s / 1024} KiB segments`, run: () => timeIt(() => engineCount(s)) })),
];

const samples = new Map<string, number[]>();
const cpuSamples = new Map<string, number[]>();
const counts = new Map<string, number>();
for (const c of cases) c.run(); // warm-up
for (let r = 0; r < ROUNDS; r++) {
  for (const c of cases) {
    const { ms, cpuMs, count } = c.run();
    samples.set(c.name, [...(samples.get(c.name) ?? []), ms]);
    cpuSamples.set(c.name, [...(cpuSamples.get(c.name) ?? []), cpuMs]);
    counts.set(c.name, count);
  }
}
const reference = median(samples.get(cases[1]?.name ?? '') ?? []);
const rows = cases.map((c) => {
  const xs = samples.get(c.name) ?? [];
  const med = median(xs);
  const cpu = median(cpuSamples.get(c.name) ?? []);
  return {
    task: c.name,
    count: counts.get(c.name),
    medianMs: +med.toFixed(1),
    minMs: +Math.min(...xs).toFixed(1),
    cpuMedianMs: Number.isFinite(cpu) ? +cpu.toFixed(1) : '—',
    'ratio to primesieve': Number.isFinite(reference) ? +(med / reference).toFixed(2) : 'skipped',
  };
});
console.table(rows);
const dir = path.join(process.cwd(), 'bench', 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(
  path.join(dir, 'sieve.json'),
  JSON.stringify({ date: new Date().toISOString(), x: X, rounds: ROUNDS, rows }, null, 2),
);
