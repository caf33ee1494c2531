/**
 * Peer comparison (issue 3): our `bandedFactorize` (the default plan of every size) against GNU coreutils `factor` and PARI/GP `factor()` on
 * the same generated corpus, in the same run, per class (balanced semiprimes of 64/80/96/112 bits),
 * plus BPSW on 1024-bit primes against PARI `ispseudoprime`.
 *
 * - ours: median wall time of `bandedFactorize(n)` per number (in-process);
 * - GNU factor: one process per number; the median of `factor 4` (process start-up) is reported and
 *   subtracted in the "net" column;
 * - gp: one process per class, timing each call inside gp with `getabstime()` over a repeat loop.
 *
 * Missing tools are skipped. Usage: `npx tsx bench/peers/factor-peers.ts [countPerClass]`.
 * Writes bench/results/factor-peers.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bandedFactorize } from '../../src/bands/bandedFactorize.js';
import { primalityOf } from '../../src/primes/primality.js';
import { seededRandom } from '../../src/primes/seededRandom.js';
import { randomPrime as randomPrimeFrom } from '../bandCorpus.js';

const COUNT = Number(process.argv[2] ?? 6);
const next = seededRandom(31337);

const randomPrime = (bits: number): bigint => randomPrimeFrom(next, bits);

function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function has(tool: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
}

interface ClassResult {
  readonly cls: string;
  readonly count: number;
  readonly oursMs: number;
  readonly gnuMs: number;
  readonly gnuNetMs: number;
  readonly gpMs: number;
}

function gnuTime(n: bigint): number {
  const t = performance.now();
  const r = spawnSync('factor', [n.toString()], { encoding: 'utf8' });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`factor failed on ${n}: ${r.stderr}`);
  return ms;
}

/** Per-number milliseconds of `expr(n)` inside one gp process (repeated `reps` times). */
function gpTimes(ns: bigint[], expr: string, reps: number): number[] {
  const lines = ns.map(
    (n) =>
      `{my(t = getabstime()); for (r = 1, ${reps}, ${expr.replace('N', n.toString())}); print((getabstime() - t) / ${reps}.)}`,
  );
  const r = spawnSync('gp', ['-q', '-f', '--default', 'parisize=64000000'], {
    input: `${lines.join('\n')}\nquit\n`,
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) throw new Error(`gp failed: ${r.stderr}`);
  return r.stdout
    .trim()
    .split('\n')
    .map((s) => Number(s));
}

function main(): void {
  const gnu = has('factor');
  const gp = has('gp');
  const startup = gnu ? median(Array.from({ length: 15 }, () => gnuTime(4n))) : NaN;
  const results: ClassResult[] = [];
  for (const bits of [64, 80, 96, 112]) {
    const corpus = Array.from({ length: COUNT }, () => randomPrime(bits >> 1) * randomPrime(bits - (bits >> 1)));
    const ours = corpus.map((n) => {
      const t = performance.now();
      const f = bandedFactorize(n);
      const ms = performance.now() - t;
      if (f.status !== 'complete') throw new Error(`ours did not finish ${n}`);
      return ms;
    });
    const g = gnu ? corpus.map(gnuTime) : [];
    const p = gp ? gpTimes(corpus, 'factor(N)', bits <= 64 ? 20 : bits <= 80 ? 5 : 1) : [];
    const gnuMs = median(g);
    results.push({
      cls: `semiprime-${bits}`,
      count: corpus.length,
      oursMs: median(ours),
      gnuMs,
      gnuNetMs: gnuMs - startup,
      gpMs: median(p),
    });
  }
  // primality of 1024-bit primes
  const primes = Array.from({ length: COUNT }, () => randomPrime(1024));
  const ours = primes.map((p) => {
    const t = performance.now();
    for (let i = 0; i < 5; i++) primalityOf(p);
    return (performance.now() - t) / 5;
  });
  const gpP = gp ? gpTimes(primes, 'ispseudoprime(N)', 50) : [];
  results.push({
    cls: 'bpsw-1024',
    count: primes.length,
    oursMs: median(ours),
    gnuMs: NaN,
    gnuNetMs: NaN,
    gpMs: median(gpP),
  });

  console.log(`GNU factor start-up median: ${startup.toFixed(2)} ms (subtracted in gnuNetMs)`);
  console.table(
    results.map((r) => ({
      class: r.cls,
      n: r.count,
      'ours ms': +r.oursMs.toFixed(3),
      'GNU factor ms': +r.gnuMs.toFixed(3),
      'GNU net ms': +r.gnuNetMs.toFixed(3),
      'gp ms': +r.gpMs.toFixed(3),
      'ours/GNU net': +(r.oursMs / r.gnuNetMs).toFixed(2),
      'ours/gp': +(r.oursMs / r.gpMs).toFixed(2),
    })),
  );
  const dir = path.join(process.cwd(), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'factor-peers.json'),
    JSON.stringify({ date: new Date().toISOString(), startupMs: startup, results }, null, 2),
  );
}

main();
