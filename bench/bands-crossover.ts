/**
 * Band plan re-tuning: the default banded plan against candidate pretest plans (trial-division bound, short rho,
 * ECM curves before SIQS) on three corpora, in the same run, candidates alternating per number (rotating order),
 * process CPU time per `bandedFactorize` call (in-process; immune to the other processes of a shared machine).
 *
 * - balanced: p·q with p, q of bits/2 (the pretest can only cost);
 * - unbalanced: a 20–40-bit prime times a large prime (what the pretest is for);
 * - random: uniformly random numbers of exactly `bits` bits, capped at `--budget` ms each;
 * - engines (`--corpus engines`, not in the default set): CPU ms of one call of each engine on balanced
 *   semiprimes (medians of 3 numbers × 2 seeds; SIQS on 1 number at 192 bits), the costs the plan is tuned from.
 *
 *   npx tsx bench/bands-crossover.ts [--corpus balanced,unbalanced,random] [--count 5] [--budget 5000]
 *     [--candidates previous,default,lean,heavy] [--sizes 128,192]
 *
 * Prints per corpus and size the median and total CPU ms per candidate; writes bench/results/bands-crossover.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Band } from '../src/bands/Band.js';
import { bandedFactorize } from '../src/bands/bandedFactorize.js';
import { BAND_RANGES, BAND_TABLE } from '../src/bands/bandTable.js';
import { DEFAULT_CROSSOVERS } from '../src/primes/crossovers.js';
import type { StageSpec } from '../src/primes/StageSpec.js';
import { createEcmSplitter } from '../src/primes/ecm.js';
import { createMicroEcmSplitter } from '../src/primes/microEcm.js';
import { createRhoSplitter } from '../src/primes/rho.js';
import { siqsSplit } from '../src/primes/siqs.js';
import type { Splitter } from '../src/primes/Splitter.js';
import { createTrialDivisionSplitter } from '../src/primes/trialDivision.js';
import { balancedSemiprimes, randomBits, randomPrime, rng } from './bandCorpus.js';
import { cpuMs, median } from './stats.js';

const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] as string) : dflt;
};
const corpora = arg('corpus', 'balanced,unbalanced,random').split(',');
const count = Number(arg('count', '5'));
const budgetMs = Number(arg('budget', '5000'));
const only = arg('candidates', '');
const sizes = arg('sizes', '');

/** A candidate's pretest: what runs before SIQS from `pretestMinBits` (the rest of the plan is the default's). */
interface Pretest {
  /** Trial-division bound below `pretestMinBits` (above 64 bits) and from it. */
  readonly tdivLow: number;
  readonly tdivHigh: number;
  /** Iterations of the short rho from `pretestMinBits` (0: none). */
  readonly rhoIterations: number;
  readonly ecm: readonly {
    readonly B1: number;
    readonly curves: number;
    readonly minBits: number;
    readonly maxBits: number;
  }[];
}

/** The default plan with its pretest stages replaced. */
function candidateTable(p: Pretest): readonly Band[] {
  const c = DEFAULT_CROSSOVERS;
  const base = (BAND_TABLE.at(-1) as Band).plan;
  const siqsAt = base.findIndex((s) => s.engine === 'siqs');
  const pre: StageSpec[] = [
    { engine: 'tdiv', bound: 4_096, budgetMs: 1_000, maxBits: c.rhoMainMaxBits },
    { engine: 'tdiv', bound: p.tdivLow, budgetMs: 1_000, minBits: c.rhoMainMaxBits + 1, maxBits: c.pretestMinBits - 1 },
    { engine: 'tdiv', bound: p.tdivHigh, budgetMs: 1_000, minBits: c.pretestMinBits },
    ...base.filter((s) => s.engine === 'uecm' || (s.engine === 'rho' && s.maxBits === c.rhoMainMaxBits)),
    ...(p.rhoIterations > 0
      ? [{ engine: 'rho' as const, maxIterations: p.rhoIterations, budgetMs: 1_000, minBits: c.pretestMinBits }]
      : []),
    ...p.ecm.map((e) => ({ engine: 'ecm' as const, budgetMs: 20_000, ...e })),
  ];
  const stages = [...pre, ...base.slice(siqsAt)];
  return BAND_TABLE.map((b, i) => ({
    ...b,
    ...(BAND_RANGES[i] as object),
    plan: stages.filter((s) => (s.minBits ?? 0) <= b.maxBits),
  }));
}

const top = DEFAULT_CROSSOVERS.siqsMaxBits;
/** The default plan's pretest (bandTable.ts), as a candidate to vary. */
const DEFAULT_PRETEST: Pretest = {
  tdivLow: 16_384,
  tdivHigh: 1 << 20,
  rhoIterations: 0,
  ecm: [
    { B1: 2_000, curves: 1, minBits: 110, maxBits: 140 },
    { B1: 2_000, curves: 6, minBits: 141, maxBits: 180 },
    { B1: 2_000, curves: 16, minBits: 181, maxBits: top },
    { B1: 11_000, curves: 8, minBits: 181, maxBits: top },
  ],
};
const candidates: { name: string; table: readonly Band[] }[] = [
  // the plan tuned on 2026-11-23, before the kernel ECM / faster SIQS, tdiv and BPSW
  {
    name: 'previous',
    table: candidateTable({
      tdivLow: 16_384,
      tdivHigh: 65_536,
      rhoIterations: 1 << 12,
      ecm: [
        { B1: 2_000, curves: 3, minBits: 141, maxBits: 180 },
        { B1: 11_000, curves: 8, minBits: 181, maxBits: top },
      ],
    }),
  },
  { name: 'default', table: BAND_TABLE },
  // the default with one change each: the short rho back, trial division from 110 bits to 2^16 only,
  // one curve already from 90 bits, two curves from 110 bits, 10 curves at 141–180 bits, 16 at B1 = 11 000 above
  { name: 'default+rho', table: candidateTable({ ...DEFAULT_PRETEST, rhoIterations: 1 << 12 }) },
  { name: 'default-tdiv16', table: candidateTable({ ...DEFAULT_PRETEST, tdivHigh: 65_536 }) },
  {
    name: 'default+low',
    table: candidateTable({
      ...DEFAULT_PRETEST,
      ecm: [{ B1: 2_000, curves: 1, minBits: 90, maxBits: 109 }, ...DEFAULT_PRETEST.ecm],
    }),
  },
  {
    name: 'default+1curve',
    table: candidateTable({
      ...DEFAULT_PRETEST,
      ecm: DEFAULT_PRETEST.ecm.map((e) => (e.minBits === 110 ? { ...e, curves: 2 } : e)),
    }),
  },
  {
    name: 'default+4at160',
    table: candidateTable({
      ...DEFAULT_PRETEST,
      ecm: DEFAULT_PRETEST.ecm.map((e) => (e.minBits === 141 ? { ...e, curves: 10 } : e)),
    }),
  },
  {
    name: 'default+8at192',
    table: candidateTable({
      ...DEFAULT_PRETEST,
      ecm: DEFAULT_PRETEST.ecm.map((e) => (e.minBits === 181 && e.B1 === 11_000 ? { ...e, curves: 16 } : e)),
    }),
  },
  {
    name: 'lean',
    table: candidateTable({
      tdivLow: 1 << 18,
      tdivHigh: 1 << 20,
      rhoIterations: 0,
      ecm: [
        { B1: 2_000, curves: 2, minBits: 110, maxBits: 140 },
        { B1: 2_000, curves: 6, minBits: 141, maxBits: 180 },
        { B1: 2_000, curves: 6, minBits: 181, maxBits: top },
        { B1: 11_000, curves: 8, minBits: 181, maxBits: top },
      ],
    }),
  },
  {
    name: 'heavy',
    table: candidateTable({
      tdivLow: 1 << 18,
      tdivHigh: 1 << 20,
      rhoIterations: 0,
      ecm: [
        { B1: 2_000, curves: 4, minBits: 110, maxBits: 140 },
        { B1: 2_000, curves: 16, minBits: 141, maxBits: 180 },
        { B1: 2_000, curves: 12, minBits: 181, maxBits: top },
        { B1: 11_000, curves: 24, minBits: 181, maxBits: top },
      ],
    }),
  },
].filter((x) => only === '' || only.split(',').includes(x.name));

function corpus(kind: string): { bits: number; ns: bigint[] }[] {
  const next = rng(4242);
  if (kind === 'balanced') {
    return [96, 112, 128, 160, 192].map((bits) => ({
      bits,
      ns: balancedSemiprimes(bits, bits >= 192 ? Math.max(3, count >> 1) : count, 31).map((x) => x.n),
    }));
  }
  if (kind === 'unbalanced') {
    return [96, 112, 128, 160, 192, 224, 256].map((bits) => ({
      bits,
      ns: Array.from({ length: count }, (_, i) => {
        const small = 20 + Math.round((20 * i) / Math.max(1, count - 1));
        return randomPrime(next, small) * randomPrime(next, bits - small);
      }),
    }));
  }
  return [128, 160, 192, 256].map((bits) => ({
    bits,
    ns: Array.from({ length: count }, () => randomBits(next, bits)),
  }));
}

// warm-up: the first use of an engine compiles its WebAssembly kernel; pay it outside the timings
{
  const next = rng(7);
  const warm = [
    randomPrime(next, 30) * randomPrime(next, 98),
    randomPrime(next, 48) * randomPrime(next, 152),
    ...balancedSemiprimes(100, 1, 3).map((x) => x.n),
  ];
  for (const cand of candidates) for (const n of warm) bandedFactorize(n, { table: cand.table, budgetMs });
}

/** Engine costs per size: which engines apply at a size, and the CPU ms of one call (a full call when it fails). */
function engineCosts(): Record<string, unknown>[] {
  const ecm = (B1: number): Splitter => createEcmSplitter({ levels: [{ digits: 0, B1, B2: 100 * B1, curves: 1 }] });
  const engines: { name: string; split: Splitter; from: number; to: number }[] = [
    { name: 'uecm', split: createMicroEcmSplitter({ maxCurves: 1_024 }), from: 48, to: 64 },
    { name: 'rho', split: createRhoSplitter({ maxIterations: 1 << 22, maxIterationsWasm: 1 << 26 }), from: 48, to: 80 },
    { name: 'siqs', split: siqsSplit, from: 48, to: 192 },
    { name: 'tdiv 2^16', split: createTrialDivisionSplitter({ bound: 1 << 16 }), from: 96, to: 256 },
    { name: 'tdiv 2^20', split: createTrialDivisionSplitter({ bound: 1 << 20 }), from: 96, to: 256 },
    { name: 'rho 2^12', split: createRhoSplitter({ maxIterations: 1 << 12 }), from: 96, to: 256 },
    { name: 'ecm curve B1=2000', split: ecm(2_000), from: 96, to: 256 },
    { name: 'ecm curve B1=11000', split: ecm(11_000), from: 96, to: 256 },
  ];
  const rows: Record<string, unknown>[] = [];
  for (const bits of [48, 56, 60, 64, 66, 70, 80, 96, 112, 128, 160, 192, 224, 256]) {
    const ns = balancedSemiprimes(bits, 3, 5).map((x) => x.n);
    const row: Record<string, unknown> = { corpus: 'engines', bits };
    for (const e of engines) {
      if (bits < e.from || bits > e.to) continue;
      const take = e.name === 'siqs' && bits >= 192 ? ns.slice(0, 1) : ns;
      const seeds = e.name === 'siqs' && bits >= 160 ? [1] : [1, 2];
      e.split(ns[0] as bigint, { seed: 9, budgetMs: 1e9 }); // warm-up (kernel compilation, tables)
      const ts: number[] = [];
      for (const n of take) {
        for (const seed of seeds) {
          const t = cpuMs();
          e.split(n, { seed, budgetMs: 1e9 });
          ts.push(cpuMs() - t);
        }
      }
      row[e.name] = +median(ts).toFixed(2);
    }
    rows.push(row);
    console.log(JSON.stringify(row));
  }
  return rows;
}

const results: Record<string, unknown>[] = [];
for (const kind of corpora) {
  if (kind === 'engines') {
    results.push(...engineCosts());
    continue;
  }
  for (const { bits, ns } of corpus(kind).filter((x) => sizes === '' || sizes.split(',').includes(String(x.bits)))) {
    const times = candidates.map(() => [] as number[]);
    const incomplete = candidates.map(() => 0);
    ns.forEach((n, i) => {
      for (let k = 0; k < candidates.length; k++) {
        const j = (i + k) % candidates.length;
        const cand = candidates[j] as (typeof candidates)[number];
        const t = cpuMs();
        const f = bandedFactorize(n, { table: cand.table, budgetMs });
        (times[j] as number[]).push(cpuMs() - t);
        if (f.status !== 'complete') incomplete[j] = (incomplete[j] as number) + 1;
      }
    });
    const row: Record<string, unknown> = { corpus: kind, bits, n: ns.length };
    candidates.forEach((cand, j) => {
      const ts = times[j] as number[];
      row[`${cand.name} med`] = +median(ts).toFixed(1);
      row[`${cand.name} sum`] = +ts.reduce((a, b) => a + b, 0).toFixed(0);
      if (incomplete[j]) row[`${cand.name} incomplete`] = incomplete[j];
    });
    results.push(row);
    console.log(JSON.stringify(row));
  }
}
const out = path.resolve(path.dirname(new URL(import.meta.url).pathname), 'results');
mkdirSync(out, { recursive: true });
writeFileSync(path.join(out, 'bands-crossover.json'), JSON.stringify(results, null, 2));
