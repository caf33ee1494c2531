/**
 * Primes benchmarks (issue 3): BPSW on a 1024-bit prime, rho and ECM on balanced 64/80/96-bit
 * semiprimes, π(10^9) by sieve, π(10^12) by Lagarias–Miller–Odlyzko, getPrime(10^6). Baselines measured in the
 * same run:
 * - primality: bigint-crypto-utils `isProbablyPrime(p, 1, true)` (one Miller–Rabin round, no workers);
 * - rho: a textbook Floyd rho in plain BigInt (gcd every step);
 * - π(10^9): the odd-only byte sieve `primesUpTo` from smallPrimes.ts (not segmented);
 * - getPrime(10^6): sieving with `primesUpTo` to the Rosser bound and indexing;
 * - trial division to 2^16 of a 256-bit number: one BigInt `%` per prime.
 * Usage: `npx tsx bench/primes.bench.ts`. Writes bench/results/primes.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isProbablyPrime } from 'bigint-crypto-utils';
import { Bench } from 'tinybench';
import { gcd } from '../src/primes/arith.js';
import { ecm } from '../src/primes/ecm.js';
import { nthPrime } from '../src/primes/nthPrime.js';
import { primalityOf } from '../src/primes/primality.js';
import { primeCount } from '../src/primes/primeCount.js';
import { rho } from '../src/primes/rho.js';
import { seededRandom } from '../src/primes/internal/seededRandom.js';
import { randomPrime as randomPrimeFrom } from './bandCorpus.js';
import { countPrimes } from '../src/primes/sieve.js';
import { primesUpTo } from '../src/primes/smallPrimes.js';
import { trialDivide } from '../src/primes/trialDivision.js';

const next = seededRandom(2026);
const randomPrime = (bits: number): bigint => randomPrimeFrom(next, bits);
function semiprimes(bits: number, count: number): bigint[] {
  const out: bigint[] = [];
  for (let i = 0; i < count; i++) out.push(randomPrime(bits >> 1) * randomPrime(bits - (bits >> 1)));
  return out;
}

/** Textbook Floyd rho, plain BigInt, gcd every step: the baseline. */
function floydRho(n: bigint): bigint {
  for (let c = 1n; ; c++) {
    let x = 2n;
    let y = 2n;
    let d = 1n;
    while (d === 1n) {
      x = (x * x + c) % n;
      y = (y * y + c) % n;
      y = (y * y + c) % n;
      d = gcd(x > y ? x - y : y - x, n);
    }
    if (d !== n) return d;
  }
}

const P1024 = randomPrime(1024);
const N256 = randomPrime(128) * randomPrime(128);
const TDIV_PRIMES = Array.from(primesUpTo(65536), (p) => BigInt(p));
const SEMI = { 64: semiprimes(64, 8), 80: semiprimes(80, 6), 96: semiprimes(96, 4) } as const;
let sink = 0;
let cursor = 0;
const pick = (xs: readonly bigint[]): bigint => xs[cursor++ % xs.length] as bigint;

const primality = new Bench({ name: 'primality', time: 1500 });
primality
  .add('BPSW primalityOf(1024-bit prime)', () => {
    sink += primalityOf(P1024).length;
  })
  .add('baseline: bigint-crypto-utils isProbablyPrime(p, 1, true)', async () => {
    sink += (await isProbablyPrime(P1024, 1, true)) ? 1 : 0;
  });

const tdiv = new Bench({ name: 'trial division', time: 1000 });
tdiv
  .add('trialDivide(256-bit, bound 2^16): 32-bit limbs folded per prime (no BigInt op per prime)', () => {
    sink += trialDivide(N256, { bound: 65536 }).factors.length;
  })
  .add('baseline: BigInt n % p for every prime ≤ 2^16', () => {
    let k = 0;
    for (const p of TDIV_PRIMES) if (N256 % p === 0n) k++;
    sink += k;
  });

const factoring = new Bench({ name: 'factoring', time: 0, iterations: 8 });
factoring
  .add('rho 64-bit semiprime', () => {
    const r = rho(pick(SEMI[64]), { seed: 1, budgetMs: 60_000 });
    sink += r.status.length;
  })
  .add('baseline: Floyd rho 64-bit semiprime', () => {
    sink += Number(floydRho(pick(SEMI[64])) & 1n);
  })
  .add('ecm 64-bit semiprime', () => {
    sink += ecm(pick(SEMI[64]), { seed: 1, budgetMs: 60_000 }).status.length;
  })
  .add('ecm 80-bit semiprime', () => {
    sink += ecm(pick(SEMI[80]), { seed: 1, budgetMs: 60_000 }).status.length;
  })
  .add('rho 80-bit semiprime', () => {
    sink += rho(pick(SEMI[80]), { seed: 1, budgetMs: 60_000 }).status.length;
  })
  .add('ecm 96-bit semiprime', () => {
    sink += ecm(pick(SEMI[96]), { seed: 1, budgetMs: 60_000 }).status.length;
  });

const counting = new Bench({ name: 'counting', time: 0, iterations: 3 });
counting
  .add('π(10^9) by segmented sieve (countPrimes)', () => {
    sink += countPrimes(1e9);
  })
  .add('baseline: π(10^9) by odd-only byte sieve (primesUpTo)', () => {
    sink += primesUpTo(1e9).length;
  })
  .add('π(10^12) by Lagarias–Miller–Odlyzko (primeCount)', () => {
    sink += primeCount(1e12);
  })
  .add('getPrime(10^6) = nthPrime(10^6 + 1)', () => {
    sink += nthPrime(1e6 + 1);
  })
  .add('baseline: getPrime(10^6) by primesUpTo(Rosser bound)', () => {
    const n = 1e6 + 1;
    sink += primesUpTo(Math.ceil(n * (Math.log(n) + Math.log(Math.log(n)))))[n - 1] as number;
  });

interface Row {
  readonly suite: string;
  readonly task: string;
  readonly medianMs: number;
  readonly meanMs: number;
  readonly samples: number;
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  for (const b of [primality, tdiv, factoring, counting]) {
    await b.run();
    for (const t of b.tasks) {
      const r = t.result;
      if (r.state !== 'completed') {
        rows.push({ suite: b.name ?? '', task: t.name, medianMs: NaN, meanMs: NaN, samples: 0 });
        continue;
      }
      rows.push({
        suite: b.name ?? '',
        task: t.name,
        medianMs: r.latency.p50,
        meanMs: r.latency.mean,
        samples: r.latency.samplesCount,
      });
    }
  }
  const med = (name: string): number => rows.find((r) => r.task === name)?.medianMs ?? NaN;
  const ratios = {
    'BPSW vs bigint-crypto-utils 1 round':
      med('BPSW primalityOf(1024-bit prime)') / med('baseline: bigint-crypto-utils isProbablyPrime(p, 1, true)'),
    'trialDivide vs BigInt % (256-bit, 2^16)':
      med('trialDivide(256-bit, bound 2^16): 32-bit limbs folded per prime (no BigInt op per prime)') /
      med('baseline: BigInt n % p for every prime ≤ 2^16'),
    'rho vs Floyd (64-bit)': med('rho 64-bit semiprime') / med('baseline: Floyd rho 64-bit semiprime'),
    'countPrimes vs primesUpTo (10^9)':
      med('π(10^9) by segmented sieve (countPrimes)') / med('baseline: π(10^9) by odd-only byte sieve (primesUpTo)'),
    'nthPrime vs primesUpTo (10^6)':
      med('getPrime(10^6) = nthPrime(10^6 + 1)') / med('baseline: getPrime(10^6) by primesUpTo(Rosser bound)'),
  };
  console.table(rows.map((r) => ({ ...r, medianMs: +r.medianMs.toFixed(3), meanMs: +r.meanMs.toFixed(3) })));
  console.table(
    Object.entries(ratios).map(([k, v]) => ({ comparison: k, 'time ratio (ours/baseline)': +v.toFixed(3) })),
  );
  const dir = path.join(process.cwd(), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'primes.json'),
    JSON.stringify({ date: new Date().toISOString(), rows, ratios, sink }, null, 2),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
