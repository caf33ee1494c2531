/**
 * Whole-process benchmark of the main job (issue 7): the built `primeos factor` CLI against GNU `factor`
 * and PARI/GP on the same generated corpora, in the same run. Wall time and peak RSS come from
 * /usr/bin/time; ratios are against the peers measured here and now.
 *
 *   npm run build && npx tsx bench/jobs.ts [--random64 100000] [--mixed 2000] [--gnu-sample 40] [--rounds 3]
 *
 * With `--rounds k` (default 3) each tool runs k times on the random 64-bit corpus, alternating primeos and GNU
 * `factor` so both see the same machine load, and the medians are reported. `--mixed 0` skips the semiprimes.
 *
 * GNU `factor` needs seconds to minutes per 100–128-bit semiprime, so on the mixed corpus it runs on an
 * evenly spread sample (`--gnu-sample`) and its time is scaled to the corpus size (said in the table).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { balancedSemiprimes, randomBits, rng } from './bandCorpus.js';

const here = path.dirname(new URL(import.meta.url).pathname);
const cli = path.resolve(here, '../dist/cli/main.js');
const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const has = (cmd: string): boolean => spawnSync('which', [cmd]).status === 0;

interface Run {
  readonly wallS: number;
  readonly maxRssMb: number;
  readonly ok: boolean;
}

/** Run a command with stdin from a file, discarding stdout; time and peak RSS from GNU time. */
function timed(cmd: string, args: string[], input: string): Run {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', cmd, ...args], {
    stdio: [openIn(input), 'ignore', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const last = r.stderr.trim().split('\n').pop() ?? '';
  const [wall, rss] = last.split(' ').map(Number);
  return { wallS: wall ?? NaN, maxRssMb: (rss ?? NaN) / 1024, ok: r.status === 0 };
}
const openIn = (file: string): number => openSync(file, 'r');

/** The run with the median wall time of `runs` (odd count: the middle one). */
function median(runs: readonly Run[]): Run {
  const sorted = [...runs].sort((a, b) => a.wallS - b.wallS);
  return sorted[Math.floor((sorted.length - 1) / 2)] as Run;
}

function main(): void {
  if (!existsSync(cli)) throw new Error('build first: npm run build');
  const dir = mkdtempSync(path.join(tmpdir(), 'primeos-bench-'));
  const results: Record<string, unknown> = { date: new Date().toISOString() };
  const rows: string[][] = [['corpus', 'tool', 'numbers', 'wall s', 'per number ms', 'peak RSS MB', 'vs primeos']];
  /** One table row; `ratio` is the peer's wall time over primeos' (undefined for primeos itself). */
  const addRow = (
    corpus: string,
    tool: string,
    numbers: number,
    wallS: number,
    rssMb: number,
    ratio?: number,
  ): void => {
    rows.push([
      corpus,
      tool,
      String(numbers),
      wallS.toFixed(2),
      ((wallS * 1000) / numbers).toFixed(3),
      rssMb.toFixed(0),
      ratio === undefined ? '1.00' : ratio.toFixed(2),
    ]);
  };

  // 1. random 64-bit numbers
  const n64 = arg('random64', 100_000);
  const next = rng(64);
  const f64 = path.join(dir, 'random64.txt');
  writeFileSync(f64, Array.from({ length: n64 }, () => randomBits(next, 64).toString()).join('\n') + '\n');
  const rounds = Math.max(1, arg('rounds', 3));
  const oursRuns: Run[] = [];
  const gnuRuns: Run[] = [];
  for (let i = 0; i < rounds; i++) {
    oursRuns.push(timed(process.execPath, [cli, 'factor', '-'], f64));
    gnuRuns.push(timed('factor', [], f64));
  }
  const ours64 = median(oursRuns);
  const gnu64 = median(gnuRuns);
  addRow('random 64-bit', 'primeos', n64, ours64.wallS, ours64.maxRssMb, undefined);
  addRow('random 64-bit', 'GNU factor', n64, gnu64.wallS, gnu64.maxRssMb, gnu64.wallS / ours64.wallS);
  results.random64 = {
    n: n64,
    rounds,
    primeos: ours64,
    gnu: gnu64,
    gnuOverPrimeos: gnu64.wallS / ours64.wallS,
    primeosWallS: oursRuns.map((r) => r.wallS),
    gnuWallS: gnuRuns.map((r) => r.wallS),
  };

  // 2. mixed 80–128-bit balanced semiprimes
  const nMixed = arg('mixed', 2000);
  if (nMixed > 0) mixedCorpus(dir, nMixed, results, addRow);

  const width = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] as string).length)));
  for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(width[c] as number)).join('  '));
  const out = path.resolve(here, 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'jobs.json'), JSON.stringify(results, null, 2));
  console.log(
    `\n(vs primeos: peer wall time / primeos wall time; > 1 means primeos is faster; random 64-bit: medians of ` +
      `${rounds} alternating runs) → bench/results/jobs.json`,
  );
}

/** The mixed-semiprime section: primeos, PARI/GP when installed, and GNU `factor` on a scaled sample. */
function mixedCorpus(
  dir: string,
  nMixed: number,
  results: Record<string, unknown>,
  addRow: (corpus: string, tool: string, numbers: number, wallS: number, rssMb: number, ratio?: number) => void,
): void {
  const sizes = [80, 88, 96, 104, 112, 120, 128];
  const mixed: bigint[] = [];
  for (let i = 0; mixed.length < nMixed; i++) {
    const bits = sizes[i % sizes.length] as number;
    mixed.push((balancedSemiprimes(bits, 1, 1000 + i)[0] as { n: bigint }).n);
  }
  const fMixed = path.join(dir, 'mixed.txt');
  writeFileSync(fMixed, mixed.join('\n') + '\n');
  const oursMixed = timed(process.execPath, [cli, 'factor', '-'], fMixed);
  addRow('semiprimes 80–128', 'primeos', nMixed, oursMixed.wallS, oursMixed.maxRssMb, undefined);
  const mixedResult: Record<string, unknown> = { n: nMixed, primeos: oursMixed };
  if (has('gp')) {
    const fGp = path.join(dir, 'mixed.gp');
    writeFileSync(fGp, mixed.map((n) => `print(factor(${n}))`).join('\n') + '\nquit\n');
    const gp = timed('gp', ['-q', '-f', '--default', 'nbthreads=2'], fGp);
    addRow('semiprimes 80–128', 'PARI/GP', nMixed, gp.wallS, gp.maxRssMb, gp.wallS / oursMixed.wallS);
    mixedResult.gp = gp;
  }
  const sampleSize = Math.min(arg('gnu-sample', 40), nMixed);
  const sample = Array.from({ length: sampleSize }, (_, i) => mixed[Math.floor((i * nMixed) / sampleSize)] as bigint);
  const fSample = path.join(dir, 'sample.txt');
  writeFileSync(fSample, sample.join('\n') + '\n');
  const gnuSample = timed('factor', [], fSample);
  const gnuScaled = (gnuSample.wallS * nMixed) / sampleSize;
  addRow(
    'semiprimes 80–128',
    `GNU factor (${sampleSize} sampled, scaled)`,
    nMixed,
    gnuScaled,
    gnuSample.maxRssMb,
    gnuScaled / oursMixed.wallS,
  );
  mixedResult.gnuSample = { ...gnuSample, sampleSize, scaledWallS: gnuScaled };
  results.mixed = mixedResult;
}

main();
