import type { Command } from 'commander';
import { bandedFactorize } from '../../bands/bandedFactorize.js';
import { decodeChunk, encodeData, encodeText, decodeText } from '../../encoding/index.js';
import { isPrime } from '../../primes/primality.js';
import { countPrimes } from '../../primes/sieve.js';
import { intOption } from '../options.js';
import { ExitCode, type CliIO, type CommandRegistrar } from '../program.js';

interface BenchFlags {
  seconds: number;
}

interface Case {
  readonly name: string;
  /** One unit of work; returns something so it cannot be optimised away. */
  readonly run: (i: number) => unknown;
  /** The same amount of plain-BigInt work, the floor the case is compared with (optional). */
  readonly baseline?: (i: number) => unknown;
}

/** Median time per call (ms) of `fn` over as many calls as fit in `budgetMs` (at least 5). */
function measure(fn: (i: number) => unknown, budgetMs: number): { medianMs: number; runs: number } {
  const times: number[] = [];
  const end = performance.now() + budgetMs;
  let sink = 0;
  for (let i = 0; times.length < 5 || performance.now() < end; i++) {
    const t0 = performance.now();
    const r = fn(i);
    times.push(performance.now() - t0);
    if (r !== undefined) sink++;
  }
  times.sort((a, b) => a - b);
  return { medianMs: (times[times.length >> 1] as number) + sink * 0, runs: times.length };
}

/** A seeded 64-bit odd composite-ish stream for the cases (xorshift; no Math.random). */
function numbers(bits: number, count: number): bigint[] {
  let x = 0x9e3779b97f4a7c15n;
  const mask = (1n << 64n) - 1n;
  const out: bigint[] = [];
  for (let i = 0; i < count; i++) {
    let v = 0n;
    for (let b = 0; b < bits; b += 64) {
      x ^= (x << 13n) & mask;
      x ^= x >> 7n;
      x ^= (x << 17n) & mask;
      v = (v << 64n) | x;
    }
    out.push((v & ((1n << BigInt(bits)) - 1n)) | (1n << BigInt(bits - 1)) | 1n);
  }
  return out;
}

function cases(): Case[] {
  const r64 = numbers(64, 256);
  const r100 = numbers(100, 16);
  const p1024 = 2n ** 1279n - 1n; // a Mersenne prime (1279 bits)
  const text = 'primeos '.repeat(12_500); // 100 kB
  const chunks = Array.from({ length: 4096 }, (_, i) => encodeData(i % 256, (i * 7) % 256));
  const textChunks = encodeText(text);
  return [
    {
      name: 'isPrime(M1279), BPSW',
      run: () => isPrime(p1024),
      baseline: () => {
        // one base-2 Fermat test in plain BigInt: the floor of any probable-prime test
        let r = 1n;
        let b = 2n;
        let e = p1024 - 1n;
        while (e > 0n) {
          if (e & 1n) r = (r * b) % p1024;
          b = (b * b) % p1024;
          e >>= 1n;
        }
        return r;
      },
    },
    { name: 'factor random 64-bit', run: (i) => bandedFactorize(r64[i % r64.length] as bigint) },
    { name: 'factor random 100-bit', run: (i) => bandedFactorize(r100[i % r100.length] as bigint) },
    { name: 'π(10^8) by segmented sieve', run: () => countPrimes(1e8) },
    {
      name: 'decode+verify 4096 chunks',
      run: () => chunks.map((c) => decodeChunk(c).kind),
      baseline: () => chunks.map((c) => c % 1000003n),
    },
    { name: 'encodeText 100 kB', run: () => encodeText(text).length },
    { name: 'decodeText 100 kB', run: () => decodeText(textChunks).length },
  ];
}

function benchAction(flags: BenchFlags, io: CliIO): number {
  const budget = (flags.seconds * 1000) / 7 / 2;
  const rows: string[][] = [['case', 'median ms', 'runs', 'baseline ms', 'ratio']];
  for (const c of cases()) {
    const m = measure(c.run, budget);
    const b = c.baseline ? measure(c.baseline, budget) : undefined;
    rows.push([
      c.name,
      m.medianMs.toFixed(3),
      String(m.runs),
      b ? b.medianMs.toFixed(3) : '–',
      b ? (m.medianMs / b.medianMs).toFixed(2) + '×' : '–',
    ]);
    io.stderr.write('.');
  }
  io.stderr.write('\n');
  const width = (rows[0] as string[]).map((_, i) => Math.max(...rows.map((r) => (r[i] as string).length)));
  for (const r of rows) io.stdout.write(r.map((cell, i) => cell.padEnd(width[i] as number)).join('  ') + '\n');
  io.stdout.write('\nratio: case time / plain-BigInt baseline measured in the same run. Full suites: npm run bench.\n');
  return ExitCode.Ok;
}

/** `primeos bench`: a quick in-process benchmark of the core paths, as a table. */
export const registerBench: CommandRegistrar = (program: Command, io: CliIO, setExit) => {
  program
    .command('bench')
    .description('run a quick benchmark of the core paths and print a table (full suites: npm run bench)')
    .option('--seconds <n>', 'total time to spend', intOption(1, 3600), 10)
    .action((flags: BenchFlags) => {
      setExit(benchAction(flags, io));
    });
};
