/**
 * Whole-process memory of a pipeline with a slow sink on one branch: `primeos pipeline run` (built CLI) reads
 * N MiB of generated number lines from stdin (1 GiB by default; generated lazily by this process, never stored,
 * and written only as fast as the pipe drains), and fans every line out to
 *   - a slow branch: `stdout`, read by this process at a throttled pace (a pause of `pauseMs` after every chunk
 *     it reads, so the slow branch is slower than the fast one by a bounded factor and sets the pace), and
 *   - a fast branch: parse → filter (1 in 101 lines) → a file.
 * Every edge blocks when full, so the slow reader sets the pace of the source and memory stays bounded
 * whatever N is. The pipeline process's RSS is read from /proc/<pid>/status every 100 ms: the bench reports the
 * peak (VmHWM) over the whole run and where RSS levelled off (its highest value over the second half of the
 * run, and the time RSS first came within 5 % of the peak). Goal ≤ 150 MB. 1 GiB takes several minutes.
 * Usage: `npx tsx bench/pipeline-memory.ts [MiB=1024] [pauseMs=1] [youngGeneration=fixed|growing]`
 * (environment: BENCH_NODE_ARGS adds node flags to the pipeline process, BENCH_STDERR=1 prints its stderr).
 * Writes bench/results/pipeline-memory.json.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const MiB = 1 << 20;
const inputMiB = Number(process.argv[2] ?? 1024);
const pauseMs = Number(process.argv[3] ?? 1);
const youngGeneration = process.argv[4] ?? 'fixed';
const root = path.resolve(import.meta.dirname, '..');
const dir = mkdtempSync(path.join(tmpdir(), 'primeos-pipeline-mem-'));

const graph = path.join(dir, 'graph.json');
writeFileSync(
  graph,
  JSON.stringify({
    name: 'slow-branch',
    capacity: 64,
    nodes: [
      { id: 'in', type: 'lines', options: { path: '-' } },
      { id: 'slow', type: 'stdout' },
      { id: 'parse', type: 'parse', onError: 'skip', options: { input: 'lines' } },
      { id: 'sample', type: 'filter', options: { where: 'item % 101 == 0' } },
      { id: 'kept', type: 'text', options: { path: 'kept.txt' } },
    ],
    edges: [
      { from: 'in', to: 'slow' },
      { from: 'in', to: 'parse' },
      { from: 'parse', to: 'sample' },
      { from: 'sample', to: 'kept' },
    ],
  }),
);

/** VmHWM (peak) and VmRSS (now) of a process, kB; zeros once it is gone. */
function memKb(pid: number): { hwm: number; rss: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string): number => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
    return { hwm: kb('VmHWM'), rss: kb('VmRSS') };
  } catch {
    return { hwm: 0, rss: 0 };
  }
}

const t0 = performance.now();
const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter((a) => a !== '');
const child = spawn(
  process.execPath,
  [
    ...nodeArgs,
    path.join(root, 'dist/cli/main.js'),
    'pipeline',
    'run',
    graph,
    '--metrics',
    '--young-generation',
    youngGeneration,
  ],
  {
    stdio: ['pipe', 'pipe', 'pipe'],
  },
);
let peakKb = 0;
/** [seconds since start, RSS kB] every 100 ms. */
const samples: [number, number][] = [];
const sampler = setInterval(() => {
  const m = memKb(child.pid as number);
  if (m.rss === 0) return;
  peakKb = Math.max(peakKb, m.hwm);
  samples.push([(performance.now() - t0) / 1000, m.rss]);
}, 100);
let stderr = '';
child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));

// the slow reader: pause after every chunk
let outBytes = 0;
child.stdout.on('data', (d: Buffer) => {
  outBytes += d.length;
  child.stdout.pause();
  setTimeout(() => child.stdout.resume(), pauseMs);
});

// the lazy writer: 64 KiB blocks of numbers, written only when the pipe drains
const total = inputMiB * MiB;
let written = 0;
let x = 0x2545f4914f6cdd1dn;
const block = (): Buffer => {
  const parts: string[] = [];
  let size = 0;
  while (size < 64 * 1024) {
    x = (x * 6364136223846793005n + 1442695040888963407n) % 2n ** 64n;
    const s = (x >> 11n).toString();
    parts.push(s);
    size += s.length + 1;
  }
  return Buffer.from(parts.join('\n') + '\n', 'latin1');
};
const pump = (): void => {
  while (written < total) {
    const b = block();
    written += b.length;
    if (!child.stdin.write(b)) {
      child.stdin.once('drain', pump);
      return;
    }
  }
  child.stdin.end();
};
child.stdin.on('error', () => undefined);
pump();

child.on('close', (code) => {
  clearInterval(sampler);
  const elapsedS = (performance.now() - t0) / 1000;
  const metricsLine = stderr.split('\n').find((l) => l.startsWith('{"event":"metrics"'));
  const metrics =
    metricsLine === undefined
      ? undefined
      : (JSON.parse(metricsLine) as {
          nodes: { id: string; out: number; channels: { maxFill: number; capacity: number }[] }[];
        });
  const half = samples.filter(([t]) => t >= elapsedS / 2);
  const levelKb = half.reduce((m, [, kb]) => Math.max(m, kb), 0);
  const nearPeakS = samples.find(([, kb]) => kb >= 0.95 * peakKb)?.[0];
  // RSS per 10 % of the run (its highest sample in each tenth): where it climbed and where it stayed
  const tenths = Array.from({ length: 10 }, (_, i) =>
    samples
      .filter(([t]) => t >= (i * elapsedS) / 10 && t < ((i + 1) * elapsedS) / 10)
      .reduce((m, [, kb]) => Math.max(m, kb / 1024), 0),
  );
  const result = {
    inputMiB,
    pauseMs,
    youngGeneration,
    inputBytes: written,
    outputBytes: outBytes,
    exitCode: code,
    elapsedS,
    peakRssMB: peakKb / 1024,
    levelledRssMB: levelKb / 1024,
    nearPeakAtS: nearPeakS,
    rssMBByTenth: tenths.map((x) => Math.round(x * 10) / 10),
    goalMB: 150,
    nodes: metrics?.nodes.map((n) => ({
      id: n.id,
      out: n.out,
      maxFill: n.channels.map((c) => `${c.maxFill}/${c.capacity}`),
    })),
  };
  mkdirSync(path.join(root, 'bench/results'), { recursive: true });
  writeFileSync(path.join(root, 'bench/results/pipeline-memory.json'), JSON.stringify(result, null, 2) + '\n');
  process.stdout.write(
    `${(written / MiB).toFixed(0)} MiB in, ${(outBytes / MiB).toFixed(0)} MiB through the slow branch, exit ${code}, ` +
      `${elapsedS.toFixed(1)} s, young generation ${youngGeneration}: peak RSS ${result.peakRssMB.toFixed(1)} MB ` +
      `(goal ≤ 150), levelled at ${result.levelledRssMB.toFixed(1)} MB (highest RSS over the second half; ` +
      `within 5 % of the peak from ${nearPeakS?.toFixed(1)} s); RSS by tenth of the run: ${result.rssMBByTenth.join(' ')}\n`,
  );
  if (code !== 0 || process.env.BENCH_STDERR) process.stdout.write(stderr.slice(-20000));
  rmSync(dir, { recursive: true, force: true });
});
