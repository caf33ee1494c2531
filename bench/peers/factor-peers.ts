/**
 * Peer comparison for issue 3, every target in one run and one table: our code against GNU coreutils
 * `factor`, PARI/GP, primesieve and primecount on the same inputs, measured in the same process run.
 *
 * - semiprime-B: balanced semiprimes of B bits, factored by `bandedFactorize` (the default plan). Ours is
 *   the median wall time per number in-process after a warm-up on other numbers of the same class (a
 *   factorisation job runs thousands of numbers in one process; the first call of a cold process pays
 *   for JIT compilation, see `cold ms`, the first call of the run, for that figure).
 * - GNU factor: one process per number; the median of `factor 4` (process start-up) is subtracted
 *   ("GNU net").
 * - gp: one process per class; each call timed inside gp with `getwalltime()` (wall time, like ours;
 *   `getabstime()` would be CPU time) over a repeat loop.
 * - bpsw-1024: `primalityOf` on random 1024-bit primes against gp `ispseudoprime`.
 * - pi-1e9: `countPrimes(1e9)` (segmented sieve) against `primesieve 1e9 -t1 --time`.
 * - pi-1e12: `primeCount(1e12)` against `primecount 1e12 -t1 --time`.
 * - nth-1e6: `getPrime(10^6)` of a fresh registry (the 10^6-th prime counting from 0, i.e. p_{10^6+1})
 *   against `primesieve -n 1e6 -t1 --time`.
 * Runs of ours and of the peer tool alternate, and medians are reported, so a load on the shared machine
 * hits both. Missing tools are skipped (their columns are NaN).
 *
 * Usage: `npx tsx bench/peers/factor-peers.ts [countPerClass] [repeats]` (defaults 9 and 5).
 * Writes bench/results/factor-peers.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bandedFactorize } from '../../src/bands/bandedFactorize.js';
import { primalityOf } from '../../src/primes/primality.js';
import { primeCount } from '../../src/primes/primeCount.js';
import { createAndInitializePrimeRegistry } from '../../src/primes/PrimeRegistry.js';
import { seededRandom } from '../../src/primes/internal/seededRandom.js';
import { countPrimes } from '../../src/primes/sieve.js';
import { randomPrime as randomPrimeFrom } from '../bandCorpus.js';
import { median } from '../stats.js';

const COUNT = Number(process.argv[2] ?? 9);
const REPEATS = Number(process.argv[3] ?? 5);
const WARMUP = 10;
const next = seededRandom(31337);
const warmNext = seededRandom(4242);

function has(tool: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
}

function timeMs(f: () => unknown): number {
  const t = performance.now();
  f();
  return performance.now() - t;
}

/** How a row is judged: `ratio` is ours / peer; `limit` the target of the issue. */
interface Target {
  readonly text: string;
  readonly met: (row: Row) => boolean;
}

interface Row {
  readonly cls: string;
  readonly count: number;
  readonly oursMs: number;
  readonly coldMs: number;
  readonly peer: string;
  readonly peerMs: number;
  readonly gpMs: number;
  readonly target: string;
  readonly met: boolean | undefined;
}

function row(
  cls: string,
  count: number,
  ours: readonly number[],
  peer: string,
  peerMs: number,
  gpMs: number,
  target: Target,
): Row {
  const partial = { cls, count, oursMs: median(ours), coldMs: ours[0] ?? NaN, peer, peerMs, gpMs, target: target.text };
  const met = Number.isNaN(peerMs) && peer !== '' ? undefined : target.met({ ...partial, met: undefined });
  return { ...partial, met };
}

function gnuTime(n: bigint): number {
  const t = performance.now();
  const r = spawnSync('factor', [n.toString()], { encoding: 'utf8' });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`factor failed on ${n}: ${r.stderr}`);
  return ms;
}

/** Per-number wall milliseconds of `expr(n)` inside one gp process (repeated `reps` times). */
function gpTimes(ns: readonly bigint[], expr: string, reps: number): number[] {
  const lines = ns.map(
    (n) =>
      `{my(t = getwalltime()); for (r = 1, ${reps}, ${expr.replace('N', n.toString())}); print((getwalltime() - t) / ${reps}.)}`,
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

/** The "Seconds: x" that primesieve and primecount print with `--time`, in ms, and the answer line. */
function toolTime(tool: string, args: readonly string[]): { ms: number; out: string } {
  const r = spawnSync(tool, [...args, '--time'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${tool} failed: ${r.stderr}`);
  const m = /Seconds:\s*([0-9.]+)/.exec(r.stdout);
  if (!m) throw new Error(`${tool}: no time in ${r.stdout}`);
  return { ms: Number(m[1]) * 1000, out: r.stdout };
}

/** Alternate `ours` and the peer tool `REPEATS` times after one warm-up call of ours; check both agree. */
function alternate(
  ours: () => number,
  tool: string | undefined,
  args: readonly string[],
): { ours: number[]; peer: number[] } {
  const expected = ours();
  const o: number[] = [];
  const p: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    o.push(
      timeMs(() => {
        if (ours() !== expected) throw new Error('ours is not deterministic');
      }),
    );
    if (tool !== undefined) {
      const t = toolTime(tool, args);
      if (!t.out.includes(String(expected))) throw new Error(`${tool} disagrees: ${t.out} vs ${expected}`);
      p.push(t.ms);
    }
  }
  return { ours: o, peer: p };
}

async function main(): Promise<void> {
  const gnu = has('factor');
  const gp = has('gp');
  const primesieve = has('primesieve');
  const primecount = has('primecount');
  const startup = gnu ? median(Array.from({ length: 15 }, () => gnuTime(4n))) : NaN;
  const rows: Row[] = [];
  const balanced = (rng: () => number, bits: number): bigint =>
    randomPrimeFrom(rng, bits >> 1) * randomPrimeFrom(rng, bits - (bits >> 1));

  for (const bits of [64, 80, 96, 112]) {
    const corpus = Array.from({ length: COUNT }, () => balanced(next, bits));
    const cold = timeMs(() => bandedFactorize(balanced(warmNext, bits)));
    for (let i = 1; i < WARMUP; i++) bandedFactorize(balanced(warmNext, bits));
    const ours = corpus.map((n) =>
      timeMs(() => {
        if (bandedFactorize(n).status !== 'complete') throw new Error(`ours did not finish ${n}`);
      }),
    );
    const gnuMs = gnu ? median(corpus.map(gnuTime)) - startup : NaN;
    const gpMs = gp ? median(gpTimes(corpus, 'factor(N)', bits <= 64 ? 20 : bits <= 80 ? 5 : 1)) : NaN;
    const target: Target =
      bits === 64
        ? { text: 'ours/GNU ≤ 1', met: (r) => r.oursMs / r.peerMs <= 1 }
        : { text: 'ours/GNU ≤ 0.1', met: (r) => r.oursMs / r.peerMs <= 0.1 };
    rows.push({
      ...row(`semiprime-${bits}`, COUNT, ours, gnu ? 'GNU factor (net)' : '', gnuMs, gpMs, target),
      coldMs: cold,
    });
  }

  const primes = Array.from({ length: COUNT }, () => randomPrimeFrom(next, 1024));
  for (let i = 0; i < WARMUP; i++) primalityOf(randomPrimeFrom(warmNext, 1024));
  const bpsw = primes.map((p) => timeMs(() => primalityOf(p)));
  const gpBpsw = gp ? median(gpTimes(primes, 'ispseudoprime(N)', 50)) : NaN;
  rows.push(
    row('bpsw-1024', COUNT, bpsw, gp ? 'gp ispseudoprime' : '', gpBpsw, gpBpsw, {
      text: 'ours/gp ≤ 5',
      met: (r) => r.oursMs / r.peerMs <= 5,
    }),
  );

  const pi9 = alternate(() => countPrimes(1e9), primesieve ? 'primesieve' : undefined, ['1e9', '-t1', '-c1']);
  rows.push(
    row('pi-1e9', REPEATS, pi9.ours, primesieve ? 'primesieve -t1' : '', median(pi9.peer), NaN, {
      text: 'ours/primesieve ≤ 5',
      met: (r) => r.oursMs / r.peerMs <= 5,
    }),
  );
  const pi12 = alternate(() => primeCount(1e12), primecount ? 'primecount' : undefined, ['1e12', '-t1']);
  rows.push(
    row('pi-1e12', REPEATS, pi12.ours, primecount ? 'primecount -t1' : '', median(pi12.peer), NaN, {
      text: 'ours/primecount ≤ 10',
      met: (r) => r.oursMs / r.peerMs <= 10,
    }),
  );
  // a fresh (initialised) registry for each call: nothing cached between calls
  const registries = await Promise.all(Array.from({ length: REPEATS + 1 }, () => createAndInitializePrimeRegistry()));
  let fresh = 0;
  const nth = alternate(() => Number(registries[fresh++]?.getPrime(1_000_000)), primesieve ? 'primesieve' : undefined, [
    '-n',
    '1000001',
    '-t1',
  ]);
  rows.push(
    row('nth-1e6', REPEATS, nth.ours, primesieve ? 'primesieve -n' : '', median(nth.peer), NaN, {
      text: 'ours < 50 ms',
      met: (r) => r.oursMs < 50,
    }),
  );

  console.log(`GNU factor start-up median: ${startup.toFixed(2)} ms (subtracted from its times)`);
  console.table(
    rows.map((r) => ({
      class: r.cls,
      n: r.count,
      'ours ms': +r.oursMs.toFixed(3),
      'cold ms': +r.coldMs.toFixed(2),
      peer: r.peer,
      'peer ms': +r.peerMs.toFixed(3),
      'ours/peer': +(r.oursMs / r.peerMs).toFixed(3),
      'gp ms': +r.gpMs.toFixed(3),
      'ours/gp': +(r.oursMs / r.gpMs).toFixed(2),
      target: r.target,
      met: r.met === undefined ? 'n/a' : r.met ? 'yes' : 'NO',
    })),
  );
  const dir = path.join(process.cwd(), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'factor-peers.json'),
    JSON.stringify({ date: new Date().toISOString(), startupMs: startup, rows }, null, 2),
  );
}

await main();
