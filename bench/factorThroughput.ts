/**
 * Whole-process throughput of `primeos factor` (issue 12), every ratio measured in the same run:
 * - random 64-bit and random 32-bit numbers, `--format text`, default workers, against GNU `factor`;
 * - balanced 96-bit semiprimes, 2 workers against `--workers 0`;
 * - cold start: `primeos --help` and a one-number factor (median of 5), and `node -e 0` for reference;
 * - with `--baseline DIR` (a checkout with a built dist/), the same random 64-bit job by that build: now vs before.
 * Wall time and peak RSS from /usr/bin/time. Writes bench/results/factorThroughput.json.
 *
 * - with `--scaling`, the ceiling two cores give: two `--workers 0` semiprime jobs at once against one alone, the
 *   semiprimes' two halves as two `--workers 0` jobs at once against the whole (a 2-way split without threads), and
 *   the 2-worker row again on 4× the semiprimes (start-up and JIT warm-up amortised), and where the CPU time of
 *   the 800-semiprime jobs goes, thread by thread (Linux /proc: the main thread, the N busiest other threads —
 *   the worker threads — and the rest: V8's compiler and GC helper threads, libuv), and the ceiling of threads
 *   themselves: the same semiprimes factorised by a bare loop of `factorize` calls in one worker thread against
 *   two (no CLI, no input, no messages, no output; median of 3 alternating runs), and that loop's CPU time split
 *   into the work and its isolate's helper threads (V8's optimising compiler and GC), with the bound on two isolates
 *   it implies, and the part of the whole job outside that loop (the bound it puts on perfect threads).
 *
 *   npm run build && npx tsx bench/factorThroughput.ts [--n64 100000] [--n32 1000000] [--semi 800] [--scaling] [--baseline DIR]
 */
import { spawn, spawnSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { balancedSemiprimes, randomBits, rng } from './bandCorpus.js';

const here = path.dirname(new URL(import.meta.url).pathname);
const cli = path.resolve(here, '../dist/cli/main.js');
const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const num = (name: string, d: number): number => Number(arg(name) ?? d);

interface Run {
  readonly wallS: number;
  readonly rssMb: number;
}
function timed(cmd: string, args: string[], input?: string): Run {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', cmd, ...args], {
    stdio: [input === undefined ? 'ignore' : openSync(input, 'r'), 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  const [w, m] = (r.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number);
  return { wallS: w ?? NaN, rssMb: (m ?? NaN) / 1024 };
}
/** CPU seconds per thread of a whole-process run, polled from /proc every 10 ms (the last reading of each thread). */
async function threadCpu(args: string[], input: string): Promise<{ wallS: number; main: number; others: number[] }> {
  const tick = 100; // USER_HZ on Linux
  const child = spawn(process.execPath, args, { stdio: [openSync(input, 'r'), 'ignore', 'ignore'] });
  const pid = child.pid as number;
  const last = new Map<number, number>();
  const t0 = performance.now();
  let done = false;
  child.on('exit', () => (done = true));
  while (!done) {
    try {
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        try {
          const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
          const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
          last.set(Number(tid), (Number(f[11]) + Number(f[12])) / tick);
        } catch {
          // the thread ended between the listing and the read
        }
      }
    } catch {
      // the process ended
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  const wallS = (performance.now() - t0) / 1000;
  const main = last.get(pid) ?? 0;
  last.delete(pid);
  return { wallS, main, others: [...last.values()].sort((a, b) => b - a) };
}

/**
 * Source of the bare loop (CommonJS, for `node -e` or an eval worker): load the built primes module, call
 * `factorize` on each string of `numbers` (a JS expression), then run `after`.
 */
function bareLoop(numbers: string, after = ''): string {
  const lib = new URL('../dist/primes/index.js', import.meta.url).href;
  return `import(${JSON.stringify(lib)}).then(({ factorize }) => {
  for (const n of ${numbers}) factorize(BigInt(n));
  ${after}
});`;
}

/**
 * Wall seconds for `threads` worker threads to factorise `lines` with a bare `factorize` loop (thread i takes
 * every threads-th line), from thread start to the last thread's reply: what threads alone give, without a job.
 */
async function bareThreads(lines: readonly string[], threads: number): Promise<number> {
  const code =
    "const { parentPort, workerData } = require('node:worker_threads');\n" +
    bareLoop('workerData', 'parentPort.postMessage(0);');
  const t0 = performance.now();
  await Promise.all(
    Array.from(
      { length: threads },
      (_, i) =>
        new Promise<void>((resolve, reject) => {
          const w = new Worker(code, { eval: true, workerData: lines.filter((_, j) => j % threads === i) });
          w.once('error', reject);
          w.once('message', () => void w.terminate().then(() => resolve()));
        }),
    ),
  );
  return (performance.now() - t0) / 1000;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] as number;

const dir = mkdtempSync(path.join(tmpdir(), 'primeos-throughput-'));
const rows: string[] = [];
const results: Record<string, unknown> = { date: new Date().toISOString() };
const row = (name: string, a: Run, b: Run, what: string): void => {
  const line = `${name.padEnd(34)} ${a.wallS.toFixed(2).padStart(7)} s ${a.rssMb.toFixed(0).padStart(5)} MB | ${what.padEnd(18)} ${b.wallS.toFixed(2).padStart(7)} s ${b.rssMb.toFixed(0).padStart(5)} MB | ratio ${(b.wallS / a.wallS).toFixed(2)}`;
  rows.push(line);
  console.log(line);
  results[name] = { primeos: a, other: b, what, ratio: b.wallS / a.wallS };
};

const n64 = num('n64', 100_000);
const n32 = num('n32', 1_000_000);
const nSemi = num('semi', 800);
const next = rng(64);
const f64 = path.join(dir, 'r64.txt');
writeFileSync(f64, Array.from({ length: n64 }, () => randomBits(next, 64).toString()).join('\n') + '\n');
const f32 = path.join(dir, 'r32.txt');
writeFileSync(f32, Array.from({ length: n32 }, () => randomBits(next, 32).toString()).join('\n') + '\n');
const fSemi = path.join(dir, 'semi96.txt');
writeFileSync(
  fSemi,
  balancedSemiprimes(96, nSemi, 7)
    .map((x) => x.n)
    .join('\n') + '\n',
);

if (n64 > 0)
  row(
    `random 64-bit ×${n64} (text)`,
    timed(process.execPath, [cli, 'factor', '--format', 'text'], f64),
    timed('factor', [], f64),
    'GNU factor',
  );
if (n32 > 0)
  row(
    `random 32-bit ×${n32} (text)`,
    timed(process.execPath, [cli, 'factor', '--format', 'text'], f32),
    timed('factor', [], f32),
    'GNU factor',
  );
if (nSemi > 0)
  row(
    `96-bit semiprimes ×${nSemi}, 2 workers`,
    timed(process.execPath, [cli, 'factor', '--workers', '2'], fSemi),
    timed(process.execPath, [cli, 'factor', '--workers', '0'], fSemi),
    '--workers 0',
  );
if (process.argv.includes('--scaling') && nSemi > 0) {
  // what two cores give at best: the same --workers 0 job twice at once against once alone (process-level
  // scaling, no sharing at all), and the 2-worker job on 4× the input (start-up and warm-up amortised)
  const alone = timed(process.execPath, [cli, 'factor', '--workers', '0'], fSemi);
  const t0 = performance.now();
  const both = [0, 1].map(
    () =>
      new Promise<void>((resolve) => {
        const c = spawn(process.execPath, [cli, 'factor', '--workers', '0'], {
          stdio: [openSync(fSemi, 'r'), 'ignore', 'ignore'],
        });
        c.on('exit', () => resolve());
      }),
  );
  await Promise.all(both);
  const twiceS = (performance.now() - t0) / 1000;
  const line = `two --workers 0 jobs at once: ${twiceS.toFixed(2)} s vs one ${alone.wallS.toFixed(2)} s → throughput ×${((2 * alone.wallS) / twiceS).toFixed(2)} (the machine's ceiling for 2 threads)`;
  console.log(line);
  results.processScaling = { alone: alone.wallS, twiceS, speedup: (2 * alone.wallS) / twiceS };
  // a two-way split without threads: each half a --workers 0 job of its own, both at once (no
  // messages, no shared thread; each pays its own start-up and JIT warm-up, as each worker thread does)
  const lines = readFileSync(fSemi, 'utf8').trimEnd().split('\n');
  const halves = [lines.slice(0, lines.length >> 1), lines.slice(lines.length >> 1)].map((h, i) => {
    const f = path.join(dir, `semi96-half${i}.txt`);
    writeFileSync(f, h.join('\n') + '\n');
    return f;
  });
  const h0 = performance.now();
  await Promise.all(
    halves.map(
      (f) =>
        new Promise<void>((resolve) => {
          const c = spawn(process.execPath, [cli, 'factor', '--workers', '0'], {
            stdio: [openSync(f, 'r'), 'ignore', 'ignore'],
          });
          c.on('exit', () => resolve());
        }),
    ),
  );
  const halvesS = (performance.now() - h0) / 1000;
  console.log(
    `the two halves as two --workers 0 jobs at once: ${halvesS.toFixed(2)} s vs the whole ${alone.wallS.toFixed(2)} s → ×${(alone.wallS / halvesS).toFixed(2)} (a 2-way split with no shared thread and no messages: compare the 2-worker row)`,
  );
  results.halvesAtOnce = { whole: alone.wallS, halvesS, speedup: alone.wallS / halvesS };
  const one: number[] = [];
  const two: number[] = [];
  for (let i = 0; i < 3; i++) {
    one.push(await bareThreads(lines, 1));
    two.push(await bareThreads(lines, 2));
  }
  const [oneS, twoS] = [median(one), median(two)];
  console.log(
    `bare threads (a factorize loop, no job): 1 thread ${oneS.toFixed(2)} s, 2 threads ${twoS.toFixed(2)} s → ×${(oneS / twoS).toFixed(2)} (the most any job could get from a second thread here, before its own start-up)`,
  );
  results.bareThreads = { oneS, twoS, speedup: oneS / twoS };
  // Amdahl: what the job does besides that loop (process and module start-up, reading, writing, exit) does not
  // split over threads; the loop's own time includes a thread start, so this part is if anything understated
  const fixedS = Math.max(0, alone.wallS - oneS);
  const perfect = (fixedS + oneS) / (fixedS + oneS / 2);
  console.log(
    `the --workers 0 job beyond the bare loop: ${fixedS.toFixed(2)} s (${alone.wallS.toFixed(2)} − ${oneS.toFixed(2)}) → threads costing nothing at all would give ×${perfect.toFixed(2)}`,
  );
  results.amdahl = { fixedS, perfectThreads: perfect };
  if (existsSync('/proc/self/task')) {
    const split: Record<string, unknown> = {};
    for (const workers of [0, 2]) {
      const t = await threadCpu([cli, 'factor', '--workers', String(workers)], fSemi);
      const busiest = t.others.slice(0, workers);
      const rest = t.others.slice(workers).reduce((a, b) => a + b, 0);
      const total = t.main + busiest.reduce((a, b) => a + b, 0) + rest;
      console.log(
        `CPU by thread, --workers ${workers}: wall ${t.wallS.toFixed(2)} s, main ${t.main.toFixed(2)} s` +
          (workers > 0 ? `, workers ${busiest.map((c) => c.toFixed(2)).join(' + ')} s` : '') +
          `, other threads (V8 compiler/GC helpers, libuv) ${rest.toFixed(2)} s, total ${total.toFixed(2)} s`,
      );
      split[`workers${workers}`] = { wallS: t.wallS, main: t.main, workers: busiest, otherThreads: rest, total };
    }
    results.cpuByThread = split;
    // why threads stop short of 2×: the bare loop in one isolate, thread by thread. Its helper threads (V8's
    // optimising compiler and GC) run free on the idle core; with two isolates each pays them again for the same
    // code, and all of it shares the two cores with the work: 2 threads take at least (work + 2·helpers) / 2
    const bare = await threadCpu(
      ['-e', bareLoop("require('node:fs').readFileSync(0, 'utf8').trim().split('\\n')")],
      fSemi,
    );
    const helpers = bare.others.reduce((a, b) => a + b, 0);
    const bound = (2 * bare.main) / (bare.main + 2 * helpers);
    console.log(
      `CPU by thread, the bare loop in one isolate: work ${bare.main.toFixed(2)} s, helper threads (V8 compiler/GC) ${helpers.toFixed(2)} s → 2 isolates ≤ ×${bound.toFixed(2)} (2·work / (work + 2·helpers))`,
    );
    results.bareLoopCpu = { work: bare.main, helpers, boundSpeedup: bound };
  }
  const f4 = path.join(dir, 'semi96x4.txt');
  writeFileSync(
    f4,
    balancedSemiprimes(96, 4 * nSemi, 9)
      .map((x) => x.n)
      .join('\n') + '\n',
  );
  row(
    `96-bit semiprimes ×${4 * nSemi}, 2 workers`,
    timed(process.execPath, [cli, 'factor', '--workers', '2'], f4),
    timed(process.execPath, [cli, 'factor', '--workers', '0'], f4),
    '--workers 0',
  );
}
const baseline = arg('baseline');
if (baseline !== undefined && n64 > 0) {
  const old = path.resolve(baseline, 'dist/cli/main.js');
  row(
    `random 64-bit ×${n64} (ndjson), now`,
    timed(process.execPath, [cli, 'factor'], f64),
    timed(process.execPath, [old, 'factor'], f64),
    'baseline build',
  );
}
const one = path.join(dir, 'one.txt');
writeFileSync(one, '18446744073709551557\n');
const cold = (args: string[], input?: string): number =>
  median(Array.from({ length: 5 }, () => timed(process.execPath, args, input).wallS));
const cs = {
  help: cold([cli, '--help']),
  oneNumber: cold([cli, 'factor'], one),
  oneNumberFile: cold([cli, 'factor', one]),
  node: cold(['-e', '0']),
};
results.coldStart = cs;
console.log(
  `cold start (median of 5): primeos --help ${cs.help.toFixed(3)} s, one 64-bit factor ${cs.oneNumber.toFixed(3)} s (stdin) ${cs.oneNumberFile.toFixed(3)} s (file argument), node -e 0 ${cs.node.toFixed(3)} s`,
);
mkdirSync(path.resolve(here, 'results'), { recursive: true });
writeFileSync(path.resolve(here, 'results/factorThroughput.json'), JSON.stringify(results, null, 2));
console.log('(ratio: other wall / primeos wall; > 1 means primeos is faster) → bench/results/factorThroughput.json');
