/**
 * Load on `primeos serve` (whole processes, bounded): `clients` concurrent clients each POST `perClient` numbers
 * to /v1/factor at once; every record is checked (line order, n, the factors multiply back to n). Reported:
 * records/s, p50/p99 request latency and time to first record, the server's peak RSS (VmRSS every 50 ms), and the
 * throughput ratio against `primeos factor` on the same total input with the same worker count, measured in the
 * same run (the machine is shared: compare the ratio, not the absolute figures), and the same ratio in CPU
 * seconds (server process, all threads, vs the CLI process), which a loaded machine disturbs less.
 * Usage: `npm run build && npx tsx bench/serve/load.ts [clients=50] [perClient=2000] [workers=2]`.
 * Writes bench/results/serve-load.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CLI, cpuSecondsOf, sampleRss, startBenchServer } from './serverProcess.js';

const CLIENTS = Number(process.argv[2] ?? 50);
const PER_CLIENT = Number(process.argv[3] ?? 2000);
const WORKERS = Number(process.argv[4] ?? 2);
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

async function main(): Promise<void> {
  const inputs = Array.from({ length: CLIENTS }, (_, c) => numbers(c));
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
    inputs.map(async (ns) => {
      const start = performance.now();
      const res = await fetch(new URL('/v1/factor', server.url), { method: 'POST', body: ns.join('\n') + '\n' });
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let text = '';
      let first = true;
      for (;;) {
        const r = await reader.read();
        if (r.done) break;
        if (first) {
          firsts.push(performance.now() - start);
          first = false;
        }
        text += decoder.decode(r.value, { stream: true });
      }
      latencies.push(performance.now() - start);
      texts.push({ ns, text });
    }),
  );
  const serverSeconds = (performance.now() - t0) / 1000;
  const serverCpuSeconds = cpuSecondsOf(server.child.pid as number);
  const clientCpuSeconds = process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6 - clientCpu0;
  const peak = rss.stop();
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

  // the CLI job on the same total input, same workers, same run
  const dir = mkdtempSync(path.join(tmpdir(), 'primeos-load-'));
  const file = path.join(dir, 'all.txt');
  writeFileSync(file, inputs.map((ns) => ns.join('\n')).join('\n') + '\n');
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
  const cliCpuSeconds = cli.stderr
    .toString()
    .trim()
    .split('\n')
    .pop()!
    .split(' ')
    .reduce((a, x) => a + Number(x), 0);
  const cliSeconds = (performance.now() - c0) / 1000;
  rmSync(dir, { recursive: true, force: true });
  if (cli.status !== 0) throw new Error(`CLI failed: ${cli.stderr.toString()}`);

  const total = CLIENTS * PER_CLIENT;
  const report = {
    clients: CLIENTS,
    perClient: PER_CLIENT,
    workers: WORKERS,
    records,
    wrongRecords: wrong,
    serverSeconds: +serverSeconds.toFixed(2),
    serverRecordsPerSecond: Math.round(total / serverSeconds),
    requestLatencyMs: { p50: Math.round(quantile(latencies, 0.5)), p99: Math.round(quantile(latencies, 0.99)) },
    firstRecordMs: { p50: Math.round(quantile(firsts, 0.5)), p99: Math.round(quantile(firsts, 0.99)) },
    serverPeakRssMiB: +(peak / MiB).toFixed(1),
    serverCpuSeconds: +serverCpuSeconds.toFixed(2),
    clientCpuSeconds: +clientCpuSeconds.toFixed(2),
    cliSeconds: +cliSeconds.toFixed(2),
    cliCpuSeconds: +cliCpuSeconds.toFixed(2),
    cliRecordsPerSecond: Math.round(total / cliSeconds),
    throughputVsCli: +(cliSeconds / serverSeconds).toFixed(3),
    // records per CPU second, server (all its threads) vs CLI: steadier than wall time on a loaded machine
    cpuEfficiencyVsCli: +(cliCpuSeconds / serverCpuSeconds).toFixed(3),
  };
  console.log(JSON.stringify(report, null, 2));
  const out = path.resolve(import.meta.dirname, '../results');
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'serve-load.json'), JSON.stringify(report, null, 2) + '\n');
  if (wrong > 0) process.exitCode = 1;
}

void main();
