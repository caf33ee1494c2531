/**
 * Load on `primeos serve` (whole processes, bounded): `clients` concurrent clients each POST `perClient` numbers
 * to /v1/factor at once; every record is checked (line order, n, the factors multiply back to n). Reported:
 * records/s, p50/p99 request latency and time to first record, the server's peak RSS (VmRSS every 50 ms), and the
 * throughput ratio against `primeos factor` on the same total input with the same worker count, measured in the
 * same run (the machine is shared: compare the ratio, not the absolute figures), and the same ratio in CPU
 * seconds (server process, all threads, vs the CLI process), which a loaded machine disturbs less. The clients
 * are `node:http` requests keeping the response's buffers and decoding them once at the end: the load generator
 * shares the machine's cores with the server, and `fetch` (web streams, a decode per chunk) cost it about twice
 * the CPU (0.35-0.5 s against 0.2 s per 100,000 records), time the CLI side of the comparison never pays.
 * The run is `rounds` rounds, each a fresh server under the load and then the CLI: reported are the median of the
 * per-round ratios, the best-against-best ratio (the least disturbed run of each side) and every round's ratio;
 * latencies and CPU seconds come from the round of median server time, the peak RSS is the highest of all.
 * Usage: `npm run build && npx tsx bench/serve/load.ts [clients=50] [perClient=2000] [workers=2] [rounds=3]`.
 * Writes bench/results/serve-load.json.
 */
import { spawnSync } from 'node:child_process';
import { request } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CLI, cpuSecondsOf, sampleRss, startBenchServer } from './serverProcess.js';

const CLIENTS = Number(process.argv[2] ?? 50);
const PER_CLIENT = Number(process.argv[3] ?? 2000);
const WORKERS = Number(process.argv[4] ?? 2);
const ROUNDS = Math.max(1, Number(process.argv[5] ?? 3));
const MiB = 1 << 20;

/** Deterministic numbers up to 2^62 (mostly composites with small and medium factors). */
function numbers(client: number): bigint[] {
  let x = BigInt(client + 1) * 0x9e3779b97f4a7c15n;
  const out: bigint[] = [];
  for (let i = 0; i < PER_CLIENT; i++) {
    x = (x * 6364136223846793005n + 1442695040888963407n) % (1n << 64n);
    out.push((x >> BigInt(2 + (i % 40))) + 2n);
  }
  return out;
}

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] as number;
};

interface Rec {
  line: number;
  n: string;
  status: string;
  factors: { prime: string; exponent: number }[];
}

/** One round: a fresh server under the load, then the CLI on the same total input. */
interface Round {
  serverSeconds: number;
  serverCpuSeconds: number;
  clientCpuSeconds: number;
  cliSeconds: number;
  cliCpuSeconds: number;
  peakRss: number;
  latencies: number[];
  firsts: number[];
  records: number;
  wrong: number;
}

async function round(inputs: bigint[][], file: string, dir: string): Promise<Round> {
  const server = await startBenchServer(['--workers', String(WORKERS), '--max-concurrent', String(CLIENTS + 8)]);
  const rss = sampleRss(server.child.pid as number);
  const latencies: number[] = [];
  const firsts: number[] = [];
  let wrong = 0;
  let records = 0;
  const texts: { ns: bigint[]; text: string }[] = [];
  const clientCpu0 = process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6;
  const t0 = performance.now();
  await Promise.all(
    inputs.map(
      (ns) =>
        new Promise<void>((resolve, reject) => {
          const start = performance.now();
          const req = request(new URL('/v1/factor', server.url), { method: 'POST' }, (res) => {
            const parts: Buffer[] = [];
            res.on('data', (d: Buffer) => {
              if (parts.length === 0) firsts.push(performance.now() - start);
              parts.push(d);
            });
            res.on('error', reject);
            res.on('end', () => {
              latencies.push(performance.now() - start);
              texts.push({ ns, text: Buffer.concat(parts).toString('utf8') });
              resolve();
            });
          });
          req.on('error', reject);
          req.end(ns.join('\n') + '\n');
        }),
    ),
  );
  const serverSeconds = (performance.now() - t0) / 1000;
  const serverCpuSeconds = cpuSecondsOf(server.child.pid as number);
  const clientCpuSeconds = process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6 - clientCpu0;
  const peakRss = rss.stop();
  await server.stop();
  // checked after the clock stopped: the checking client shares the machine's two cores with the server
  for (const { ns, text } of texts) {
    const lines = text.trim().split('\n');
    if (lines.length !== ns.length) wrong += Math.abs(ns.length - lines.length);
    for (const [i, l] of lines.entries()) {
      const r = JSON.parse(l) as Rec;
      records++;
      const product = r.factors.reduce((p, f) => p * BigInt(f.prime) ** BigInt(f.exponent), 1n);
      if (r.line !== i + 1 || BigInt(r.n) !== ns[i] || r.status !== 'complete' || product !== ns[i]) wrong++;
    }
  }

  // the CLI job on the same total input, same workers, right after the server's turn
  const c0 = performance.now();
  const cli = spawnSync('/usr/bin/time', [
    '-f',
    '%U %S',
    process.execPath,
    CLI,
    'factor',
    file,
    '--workers',
    String(WORKERS),
    '-o',
    path.join(dir, 'out'),
  ]);
  const cliSeconds = (performance.now() - c0) / 1000;
  if (cli.status !== 0) throw new Error(`CLI failed: ${cli.stderr.toString()}`);
  const cliCpuSeconds = cli.stderr
    .toString()
    .trim()
    .split('\n')
    .pop()!
    .split(' ')
    .reduce((a, x) => a + Number(x), 0);
  return {
    serverSeconds,
    serverCpuSeconds,
    clientCpuSeconds,
    cliSeconds,
    cliCpuSeconds,
    peakRss,
    latencies,
    firsts,
    records,
    wrong,
  };
}

const median = (xs: number[]): number => quantile(xs, 0.5);

async function main(): Promise<void> {
  const inputs = Array.from({ length: CLIENTS }, (_, c) => numbers(c));
  const dir = mkdtempSync(path.join(tmpdir(), 'primeos-load-'));
  const file = path.join(dir, 'all.txt');
  writeFileSync(file, inputs.map((ns) => ns.join('\n')).join('\n') + '\n');
  const rounds: Round[] = [];
  try {
    for (let i = 0; i < ROUNDS; i++) rounds.push(await round(inputs, file, dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const total = CLIENTS * PER_CLIENT;
  // the round of median server time gives the latencies; ratios are per round (server and CLI side by side)
  const byTime = [...rounds].sort((a, b) => a.serverSeconds - b.serverSeconds);
  const mid = byTime[Math.floor((byTime.length - 1) / 2)] as Round;
  const ratios = rounds.map((r) => r.cliSeconds / r.serverSeconds);
  const cpuRatios = rounds.map((r) => r.cliCpuSeconds / r.serverCpuSeconds);
  const best = (xs: number[]): number => Math.min(...xs);
  const wrong = rounds.reduce((a, r) => a + r.wrong, 0);
  const report = {
    clients: CLIENTS,
    perClient: PER_CLIENT,
    workers: WORKERS,
    rounds: ROUNDS,
    records: mid.records,
    wrongRecords: wrong,
    serverSeconds: +mid.serverSeconds.toFixed(2),
    serverRecordsPerSecond: Math.round(total / mid.serverSeconds),
    requestLatencyMs: { p50: Math.round(quantile(mid.latencies, 0.5)), p99: Math.round(quantile(mid.latencies, 0.99)) },
    firstRecordMs: { p50: Math.round(quantile(mid.firsts, 0.5)), p99: Math.round(quantile(mid.firsts, 0.99)) },
    serverPeakRssMiB: +(Math.max(...rounds.map((r) => r.peakRss)) / MiB).toFixed(1),
    serverCpuSeconds: +mid.serverCpuSeconds.toFixed(2),
    clientCpuSeconds: +mid.clientCpuSeconds.toFixed(2),
    cliSeconds: +median(rounds.map((r) => r.cliSeconds)).toFixed(2),
    cliCpuSeconds: +median(rounds.map((r) => r.cliCpuSeconds)).toFixed(2),
    cliRecordsPerSecond: Math.round(total / median(rounds.map((r) => r.cliSeconds))),
    // median of the per-round ratios (each round runs the server, then the CLI, on the same input)
    throughputVsCli: +median(ratios).toFixed(3),
    // best time against best time: what each side does when the shared machine leaves it alone
    throughputVsCliBest: +(best(rounds.map((r) => r.cliSeconds)) / best(rounds.map((r) => r.serverSeconds))).toFixed(3),
    throughputVsCliPerRound: ratios.map((x) => +x.toFixed(3)),
    // records per CPU second, server (all its threads) vs CLI: steadier than wall time on a loaded machine
    cpuEfficiencyVsCli: +median(cpuRatios).toFixed(3),
  };
  console.log(JSON.stringify(report, null, 2));
  const out = path.resolve(import.meta.dirname, '../results');
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'serve-load.json'), JSON.stringify(report, null, 2) + '\n');
  if (wrong > 0) process.exitCode = 1;
}

void main();
