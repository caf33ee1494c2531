/**
 * Micro-ECM vs Pollard–Brent rho (both in the WebAssembly kernel) on balanced semiprimes of 40, 48, 56
 * and 64 bits. Per number, the two engines run back to back in alternating order (A/B, then B/A for the
 * next), after a warm-up pass over the whole corpus; the table reports medians over the corpus.
 * Baseline: `createRhoSplitter({ maxIterations: 2^26 })` (the current rho, uncapped in practice).
 * Usage: `npx tsx bench/microEcm.bench.ts [count=201] [bits,…]`; `UECM_TUNE=1` also ranks candidate
 * (B1, B2/B1, D) plans per size by mean curves to a split (exact) × measured µs per curve. Writes bench/results/microEcm.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { balancedSemiprimes } from './bandCorpus.js';
import type { Splitter } from '../src/primes/Splitter.js';
import {
  createMicroEcmSplitter,
  MICRO_ECM_PLANS,
  type MicroEcmPlan,
  microEcmStage1Scalar,
} from '../src/primes/microEcm.js';
import { createRhoSplitter } from '../src/primes/rho.js';
import { wasmMicroEcmCurve } from '../src/primes/internal/wasmKernel.js';

const count = Number(process.argv[2] ?? 201);
const sizes = (process.argv[3] ?? '40,48,56,64').split(',').map(Number);
const rho = createRhoSplitter({ maxIterations: 1 << 26 });
const uecm = createMicroEcmSplitter({ minN: 1n << 32n });

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1] ?? NaN;
};

function time(split: Splitter, n: bigint, seed: number): number {
  const t0 = performance.now();
  const out = split(n, { seed, budgetMs: 10_000 });
  const t1 = performance.now();
  if (out.status === 'found' && n % out.divisor !== 0n) throw new Error(`wrong divisor of ${n}`);
  return out.status === 'found' ? t1 - t0 : Infinity;
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const round = (x: number): number => Math.round(x * 1e4) / 1e4;

/** Times (ms) of the engines per number of the corpus, interleaved per number (order alternating). */
function race(corpus: readonly bigint[], engines: readonly Splitter[]): number[][] {
  const times = engines.map((): number[] => []);
  for (let pass = 0; pass < 2; pass++) {
    corpus.forEach((n, i) => {
      const order = engines.map((_, k) => k);
      if (i & 1) order.reverse();
      for (const k of order) {
        const t = time(engines[k] as Splitter, n, i + 1);
        if (pass === 1) times[k]?.push(t);
      }
    });
  }
  return times;
}

/** Candidate plans for UECM_TUNE. */
const candidates: MicroEcmPlan[] = [];
for (const b1 of [27, 35, 45, 50, 60, 70, 85, 100, 110, 125, 150, 175, 200, 250]) {
  for (const m of [25, 40, 50]) {
    for (const d of [60, 120, 210])
      candidates.push({ maxBits: 64, b1, b2: b1 * m, d, scalar: microEcmStage1Scalar(b1) });
  }
}
let costUs: number[] | undefined;

/**
 * Microseconds per curve of each candidate: full curves on the prime 2^64 − 59 (never split), candidates
 * interleaved, median of 7 rounds.
 */
function curveCosts(): number[] {
  const prime = (1n << 64n) - 59n;
  const samples = candidates.map((): number[] => []);
  for (let round = 0; round < 8; round++) {
    candidates.forEach((p, k) => {
      const t0 = performance.now();
      for (let s = 0; s < 200; s++) wasmMicroEcmCurve(prime, BigInt(6 + s), p);
      if (round > 0) samples[k]?.push(((performance.now() - t0) / 200) * 1000);
    });
  }
  return samples.map(median);
}

/**
 * Expected cost per number of each candidate plan: mean curves to a split over the corpus (exact, the
 * curves are seeded) × measured cost per curve; best 8.
 */
function tune(corpus: readonly bigint[]): unknown[] {
  costUs ??= curveCosts();
  const costs = costUs;
  return candidates
    .map((p, k) => {
      const split = createMicroEcmSplitter({ minN: 1n << 32n, plans: [p], maxCurves: 1 << 14 });
      let curves = 0;
      corpus.forEach((n, i) => {
        curves += split(n, { seed: i + 1, budgetMs: 10_000 }).effort.ecmCurves ?? 0;
      });
      const meanCurves = curves / corpus.length;
      const us = costs[k] ?? NaN;
      return {
        b1: p.b1,
        b2: p.b2,
        d: p.d,
        meanCurves: round(meanCurves),
        usPerCurve: round(us),
        expectedUs: round(meanCurves * us),
      };
    })
    .sort((a, b) => a.expectedUs - b.expectedUs)
    .slice(0, 8);
}

const rows: Record<string, unknown>[] = [];
for (const bits of sizes) {
  const corpus = balancedSemiprimes(bits, count, 11).map((c) => c.n);
  const [u = [], r = []] = race(corpus, [uecm, rho]);
  const row: Record<string, unknown> = {
    bits,
    count,
    microEcmMedianMs: round(median(u)),
    rhoMedianMs: round(median(r)),
    medianRatio: round(median(r) / median(u)),
    microEcmMeanMs: round(mean(u)),
    rhoMeanMs: round(mean(r)),
    meanRatio: round(mean(r) / mean(u)),
  };
  if (process.env.UECM_TUNE) row.tune = tune(corpus);
  rows.push(row);
  console.log(JSON.stringify(row));
}

const out = path.join(path.dirname(new URL(import.meta.url).pathname), 'results', 'microEcm.json');
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(
  out,
  JSON.stringify(
    { date: new Date().toISOString(), plans: MICRO_ECM_PLANS.map(({ scalar: _s, ...p }) => p), rows },
    null,
    2,
  ),
);
