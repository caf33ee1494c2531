/**
 * Primality and trial-division benchmarks (issue 3, docs/ARCHITECTURE.md §4), every ratio against a baseline measured
 * in the same run, with alternating A/B rounds and medians of process CPU time (gp's `getabstime()` is CPU
 * time as well, so the ratios hold on a loaded machine):
 * - `primalityOf(p)` on random primes of 64–1024 bits (80 bits: the 13-base Miller–Rabin range) against
 *   PARI/GP `ispseudoprime(p)` (a gp process per round, timed inside gp with `getabstime()` over a repeat
 *   loop) and against BPSW with the Selfridge strong Lucas test (`isStrongProbablePrime(p, 2)` +
 *   `isStrongLucasProbablePrime(p)`, what `primalityOf` ran above ψ13 before the extra strong Lucas test)
 *   and against ES-BPSW on BigInt (`isStrongProbablePrime(p, 2)` + `isExtraStrongLucasProbablePrime(p)`,
 *   what it ran before the WebAssembly multi-limb kernel);
 * - `trialDivide(n, { bound })` on 64–512-bit inputs without small factors against one BigInt `%` per
 *   prime.
 *
 * Missing gp is skipped. Usage: `npx tsx bench/primality.bench.ts [rounds] [all|primality|trial]`.
 * Writes bench/results/primality.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  isExtraStrongLucasProbablePrime,
  isStrongLucasProbablePrime,
  isStrongProbablePrime,
  primalityOf,
} from '../src/primes/primality.js';
import { seededRandom } from '../src/primes/internal/seededRandom.js';
import { primesUpTo } from '../src/primes/smallPrimes.js';
import { trialDivide } from '../src/primes/trialDivision.js';
import { randomPrime } from './bandCorpus.js';
import { cpuMs, median } from './stats.js';

const ROUNDS = Number(process.argv[2] ?? 5);
const next = seededRandom(4242);

/** CPU milliseconds per call of f over xs, repeated until at least minMs of CPU time elapsed. */
function timePerCall(xs: readonly bigint[], f: (x: bigint) => unknown, minMs: number): number {
  let calls = 0;
  const t0 = cpuMs();
  let t: number;
  do {
    for (const x of xs) f(x);
    calls += xs.length;
    t = cpuMs();
  } while (t - t0 < minMs);
  return (t - t0) / calls;
}

/** Per-number milliseconds of `ispseudoprime(p)` inside one gp process, or undefined without gp. */
function gpMs(ps: readonly bigint[], reps: number): number | undefined {
  const lines = ps.map(
    (p) => `{my(t = getabstime()); for (r = 1, ${reps}, ispseudoprime(${p})); print((getabstime() - t) / ${reps}.)}`,
  );
  const r = spawnSync('gp', ['-q', '-f'], { input: `${lines.join('\n')}\nquit\n`, encoding: 'utf8' });
  if (r.error !== undefined || r.status !== 0) return undefined;
  return median(
    r.stdout
      .trim()
      .split('\n')
      .map((s) => Number(s)),
  );
}

const selfridgeBpsw = (p: bigint): boolean => isStrongProbablePrime(p, 2n) && isStrongLucasProbablePrime(p);
/** ES-BPSW on BigInt `x * y % n`: what primalityOf ran above ψ13 before the multi-limb kernel. */
const bigintEsBpsw = (p: bigint): boolean => isStrongProbablePrime(p, 2n) && isExtraStrongLucasProbablePrime(p);

interface Row {
  readonly case: string;
  readonly oursMs: number;
  readonly baselineMs: number;
  readonly baseline: string;
  readonly gpMs?: number;
  readonly esBpswMs?: number;
}

function primalityRows(): Row[] {
  const rows: Row[] = [];
  for (const bits of [64, 80, 96, 128, 256, 512, 1024]) {
    const ps = Array.from({ length: 5 }, () => randomPrime(next, bits));
    const budget = bits >= 512 ? 60 : 20;
    const ours: number[] = [];
    const base: number[] = [];
    const gp: number[] = [];
    const es: number[] = [];
    // the machine is shared: gp, ours and the baseline take turns in every round
    for (let r = 0; r < ROUNDS; r++) {
      const g = gpMs(ps, bits >= 512 ? 100 : 2000);
      if (g !== undefined) gp.push(g);
      ours.push(timePerCall(ps, primalityOf, budget));
      base.push(timePerCall(ps, selfridgeBpsw, budget));
      es.push(timePerCall(ps, bigintEsBpsw, budget));
    }
    rows.push({
      case: `primalityOf ${bits}-bit prime`,
      oursMs: median(ours),
      baselineMs: median(base),
      baseline: 'BPSW, Selfridge strong Lucas',
      esBpswMs: median(es),
      ...(gp.length === 0 ? {} : { gpMs: median(gp) }),
    });
  }
  return rows;
}

/** Cofactor of n after one BigInt `%` per prime ≤ bound: the baseline. */
function perPrimeRemainder(primes: readonly bigint[]): (n: bigint) => bigint {
  return (n) => {
    for (const p of primes) while (n % p === 0n) n /= p;
    return n;
  };
}

function trialRows(): Row[] {
  const rows: Row[] = [];
  for (const [bits, bound] of [
    [64, 1 << 20],
    [128, 1 << 20],
    [256, 1 << 20],
    [512, 1 << 20],
    [256, 1 << 16],
  ] as const) {
    // products of two primes above the bound: trial division runs to the end of the bound
    const ns = Array.from({ length: 3 }, () => randomPrime(next, bits >> 1) * randomPrime(next, bits - (bits >> 1)));
    const primes = Array.from(primesUpTo(bound), (p) => BigInt(p));
    const baselineFn = perPrimeRemainder(primes);
    const ours: number[] = [];
    const base: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      ours.push(timePerCall(ns, (n) => trialDivide(n, { bound }), 50));
      base.push(timePerCall(ns, baselineFn, 50));
    }
    rows.push({
      case: `trialDivide ${bits}-bit, bound 2^${Math.log2(bound)}`,
      oursMs: median(ours),
      baselineMs: median(base),
      baseline: 'one BigInt % per prime',
    });
  }
  return rows;
}

function main(): void {
  const which = process.argv[3] ?? 'all';
  const rows = [...(which === 'trial' ? [] : primalityRows()), ...(which === 'primality' ? [] : trialRows())];
  console.table(
    rows.map((r) => ({
      case: r.case,
      'ours ms': +r.oursMs.toFixed(4),
      'baseline ms': +r.baselineMs.toFixed(4),
      'ours/baseline': +(r.oursMs / r.baselineMs).toFixed(3),
      'BigInt ES-BPSW ms': r.esBpswMs === undefined ? NaN : +r.esBpswMs.toFixed(4),
      'ours/ES-BPSW': r.esBpswMs === undefined ? NaN : +(r.oursMs / r.esBpswMs).toFixed(3),
      'gp ms': r.gpMs === undefined ? NaN : +r.gpMs.toFixed(4),
      'ours/gp': r.gpMs === undefined ? NaN : +(r.oursMs / r.gpMs).toFixed(2),
    })),
  );
  const dir = path.join(process.cwd(), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'primality.json'), JSON.stringify({ date: new Date().toISOString(), rows }, null, 2));
}

main();
