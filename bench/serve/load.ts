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
 * The run is `rounds` rounds, each a fresh server under the load twice — `cold` (its first requests: threads and
 * code still warming up) and `warm` (the same load again: a server in service) — and then the CLI (whose time
 * includes its start-up, as every CLI job's does). For each kind: the median of the per-round ratios, the
 * best-against-best ratio (the least disturbed run of each side) and every round's ratio; latencies and CPU
 * seconds come from the round of median server time; the peak RSS is the highest of all.
 * Usage: `npm run build && npx tsx bench/serve/load.ts [clients=50] [perClient=2000] [workers=2] [rounds=3]`.
 * Writes bench/results/serve-load.json.
 */
import { spawnSync } from 'node:child_process';
import { request } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CLI, cpuSecondsOf, sampleRss, startBenchServer, type BenchServer } from './serverProcess.js';

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

/** One burst of the load on a running server: every client's request at once. */
interface Burst {
  seconds: number;
  /** CPU seconds of the server process (all threads) during the burst, or since its start for the first one. */
  cpuSeconds: number;
  clientCpuSeconds: number;
  latencies: number[];
  firsts: number[];
  records: number;
  wrong: number;
}

/** One round: a fresh server under the load twice (cold: its first requests; warm: the same again), then the CLI. */
interface Round {
  cold: Burst;
  warm: Burst;
  cliSeconds: number;
  cliCpuSeconds: number;
  peakRss: number;
}

const clientCpu = (): number => process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6;

async function burst(server: BenchServer, inputs: bigint[][], fromStart: boolean): Promise<Burst> {
  const latencies: number[] = [];
  const firsts: number[] = [];
  let wrong = 0;
  let records = 0;
  const texts: { ns: bigint[]; text: string }[] = [];
  const cpu0 = fromStart ? 0 : cpuSecondsOf(server.child.pid as number);
  const clientCpu0 = clientCpu();
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
  const seconds = (performance.now() - t0) / 1000;
  const cpuSeconds = cpuSecondsOf(server.child.pid as number) - cpu0;
  const clientCpuSeconds = clientCpu() - clientCpu0;
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
  return { seconds, cpuSeconds, clientCpuSeconds, latencies, firsts, records, wrong };
}

async function round(inputs: bigint[][], file: string, dir: string): Promise<Round> {
  const server = await startBenchServer(['--workers', String(WORKERS), '--max-concurrent', String(CLIENTS + 8)]);
  const rss = sampleRss(server.child.pid as number);
  let cold: Burst;
  let warm: Burst;
  try {
    cold = await burst(server, inputs, true);
    warm = await burst(server, inputs, false);
  } finally {
    await server.stop();
  }
  const peakRss = rss.stop();

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
  return { cold, warm, cliSeconds, cliCpuSeconds, peakRss };
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
  const best = (xs: number[]): number => Math.min(...xs);
  const wrong = rounds.reduce((a, r) => a + r.cold.wrong + r.warm.wrong, 0);
  /** The figures of one kind of burst over all rounds, each against the CLI of its round. */
  const summary = (pick: (r: Round) => Burst): Record<string, unknown> => {
    // the round of median time gives the latencies
    const mid = pick([...rounds].sort((a, b) => pick(a).seconds - pick(b).seconds)[(rounds.length - 1) >> 1] as Round);
    const ratios = rounds.map((r) => r.cliSeconds / pick(r).seconds);
    return {
      records: mid.records,
      seconds: +mid.seconds.toFixed(2),
      recordsPerSecond: Math.round(total / mid.seconds),
      requestLatencyMs: {
        p50: Math.round(quantile(mid.latencies, 0.5)),
        p99: Math.round(quantile(mid.latencies, 0.99)),
      },
      firstRecordMs: { p50: Math.round(quantile(mid.firsts, 0.5)), p99: Math.round(quantile(mid.firsts, 0.99)) },
      cpuSeconds: +mid.cpuSeconds.toFixed(2),
      clientCpuSeconds: +mid.clientCpuSeconds.toFixed(2),
      // median of the per-round ratios (each round runs the server, then the CLI, on the same input)
      throughputVsCli: +median(ratios).toFixed(3),
      // best time against best time: what each side does when the shared machine leaves it alone
      throughputVsCliBest: +(best(rounds.map((r) => r.cliSeconds)) / best(rounds.map((r) => pick(r).seconds))).toFixed(
        3,
      ),
      throughputVsCliPerRound: ratios.map((x) => +x.toFixed(3)),
      // records per CPU second, server (all its threads) vs CLI: steadier than wall time on a loaded machine
      cpuEfficiencyVsCli: +median(rounds.map((r) => r.cliCpuSeconds / pick(r).cpuSeconds)).toFixed(3),
    };
  };
  const report = {
    clients: CLIENTS,
    perClient: PER_CLIENT,
    workers: WORKERS,
    rounds: ROUNDS,
    wrongRecords: wrong,
    serverPeakRssMiB: +(Math.max(...rounds.map((r) => r.peakRss)) / MiB).toFixed(1),
    cliSeconds: +median(rounds.map((r) => r.cliSeconds)).toFixed(2),
    cliCpuSeconds: +median(rounds.map((r) => r.cliCpuSeconds)).toFixed(2),
    cliRecordsPerSecond: Math.round(total / median(rounds.map((r) => r.cliSeconds))),
    // a server that has served requests before (threads up, code compiled): its throughput in service
    warm: summary((r) => r.warm),
    // the first requests of a fresh process (its CPU seconds include the server's start-up)
    cold: summary((r) => r.cold),
  };
  console.log(JSON.stringify(report, null, 2));
  const out = path.resolve(import.meta.dirname, '../results');
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'serve-load.json'), JSON.stringify(report, null, 2) + '\n');
  if (wrong > 0) process.exitCode = 1;
}

void main();
