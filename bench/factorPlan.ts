/**
 * One factor plan: `PrimeRegistry.factor` against `bandedFactorize` on the same balanced semiprimes, in the same
 * process, the two alternating per number (rotating which goes first), after a warm-up of both at each size on
 * other numbers. Each number is factored once by each (the registry's result cache never answers). Times are
 * process CPU ms per call (a load on the shared machine does not inflate them) and wall ms.
 *
 *   npx tsx bench/factorPlan.ts [--sizes 64,80,96,112,128,144,160] [--scale 1]
 *
 * `--scale` multiplies the count of numbers per size. Prints per size the mean ms of each and the ratio
 * registry / banded (CPU, and wall in parentheses); writes bench/results/factorPlan.json. Both run the plan of
 * `src/primes/factorPlan.ts` (the registry its full stage list, the band planner the part up to the band's top),
 * so the ratios should stay within a few percent of 1.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bandedFactorize } from '../src/bands/bandedFactorize.js';
import { createAndInitializePrimeRegistry } from '../src/primes/PrimeRegistry.js';
import { balancedSemiprimes } from './bandCorpus.js';
import { cpuMs, median } from './stats.js';

const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] as string) : dflt;
};
const sizes = arg('sizes', '64,80,96,112,128,144,160').split(',').map(Number);
const scale = Number(arg('scale', '1'));
/** Numbers per size: many where a call takes microseconds, few where SIQS takes a large fraction of a second. */
const COUNT: Record<number, number> = { 64: 400, 80: 200, 96: 100, 112: 60, 128: 30, 144: 14, 160: 8 };
/** Warm-up numbers per size and engine (SIQS gets faster over the first tens of calls of a process). */
const WARMUP: Record<number, number> = { 64: 100, 80: 60, 96: 40, 112: 30, 128: 12, 144: 4, 160: 2 };

interface Row {
  readonly bits: number;
  readonly count: number;
  readonly registryCpuMs: number;
  readonly bandedCpuMs: number;
  readonly registryWallMs: number;
  readonly bandedWallMs: number;
  readonly registryMedianCpuMs: number;
  readonly bandedMedianCpuMs: number;
  /** Mean CPU ms of `registry.factor` over mean CPU ms of `bandedFactorize`. */
  readonly ratio: number;
  /** The same with wall-clock means (inflated by other processes on a shared machine). */
  readonly wallRatio: number;
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

function measure(run: () => void): { cpu: number; wall: number } {
  const c0 = cpuMs();
  const t0 = performance.now();
  run();
  return { cpu: cpuMs() - c0, wall: performance.now() - t0 };
}

const rows: Row[] = [];
for (const bits of sizes) {
  const count = Math.max(1, Math.round((COUNT[bits] ?? 10) * scale));
  const warm = balancedSemiprimes(bits, WARMUP[bits] ?? 4, 2);
  const corpus = balancedSemiprimes(bits, count, 1);
  // a fresh registry per size, with the default options: no cached result from an earlier size
  const registry = await createAndInitializePrimeRegistry();
  for (const { n } of warm) {
    registry.factor(n);
    bandedFactorize(n);
  }
  const reg = { cpu: [] as number[], wall: [] as number[] };
  const band = { cpu: [] as number[], wall: [] as number[] };
  corpus.forEach(({ n, p, q }, i) => {
    const runRegistry = (): void => {
      const m = measure(() => {
        const f = registry.factor(n);
        if (f.length !== 2 || f[0]?.prime !== p || f[1]?.prime !== q) throw new Error(`registry.factor(${n}) wrong`);
      });
      reg.cpu.push(m.cpu);
      reg.wall.push(m.wall);
    };
    const runBanded = (): void => {
      const m = measure(() => {
        const f = bandedFactorize(n);
        if (f.status !== 'complete' || f.factors[0]?.prime !== p) throw new Error(`bandedFactorize(${n}) wrong`);
      });
      band.cpu.push(m.cpu);
      band.wall.push(m.wall);
    };
    if (i % 2 === 0) {
      runRegistry();
      runBanded();
    } else {
      runBanded();
      runRegistry();
    }
  });
  const row: Row = {
    bits,
    count,
    registryCpuMs: mean(reg.cpu),
    bandedCpuMs: mean(band.cpu),
    registryWallMs: mean(reg.wall),
    bandedWallMs: mean(band.wall),
    registryMedianCpuMs: median(reg.cpu),
    bandedMedianCpuMs: median(band.cpu),
    ratio: mean(reg.cpu) / mean(band.cpu),
    wallRatio: mean(reg.wall) / mean(band.wall),
  };
  rows.push(row);
  await registry.terminate();
  const f = (x: number): string => x.toFixed(x < 1 ? 3 : 2).padStart(9);
  console.log(
    `${String(bits).padStart(4)} bits × ${String(count).padStart(3)}: registry.factor ${f(row.registryCpuMs)} ms ` +
      `(wall ${f(row.registryWallMs)})  bandedFactorize ${f(row.bandedCpuMs)} ms (wall ${f(row.bandedWallMs)})  ` +
      `ratio ${row.ratio.toFixed(3)} (wall ${row.wallRatio.toFixed(3)})`,
  );
}

const root = path.resolve(import.meta.dirname, '..');
mkdirSync(path.join(root, 'bench/results'), { recursive: true });
const out = { bench: 'factorPlan', date: new Date().toISOString(), node: process.version, rows };
writeFileSync(path.join(root, 'bench/results/factorPlan.json'), JSON.stringify(out, null, 2) + '\n');
console.log('wrote bench/results/factorPlan.json');
