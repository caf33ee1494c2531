/**
 * Cluster benchmark and fault trials (real redis-server, real processes of the built CLI; run `npm run build`
 * first): `npx tsx bench/cluster.ts [numbers=5000] [maxSemiprimeBits=96] [killTrials=3]`.
 *
 * - throughput of `primeos factor` locally (1 and 2 worker threads) and on the cluster (1 and 2 workers of one
 *   thread each) on the same mixed input; the overhead of one cluster worker against one local thread;
 * - `kill -9` of one of two workers at a random moment (killTrials times), `kill -9` of the submitter then
 *   `--resume`: each output compared byte for byte with the local one;
 * - Redis memory (`DBSIZE`, `used_memory`) before and after.
 *
 * Wall-clock figures on a shared machine are noisy: compare the ratios, measured in the same run.
 * Writes bench/results/cluster.json.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from 'redis';
import { startRedis } from '../test/e2e/redisServer.js';
import { clusterCorpus } from './clusterCorpus.js';

const root = path.resolve(import.meta.dirname, '..');
const CLI = path.join(root, 'dist/cli/main.js');
const count = Number(process.argv[2] ?? 5000);
const maxBits = Number(process.argv[3] ?? 96);
const killTrials = Number(process.argv[4] ?? 3);
const TRIAL_LIMIT_MS = 15 * 60_000;

interface Proc {
  readonly child: ChildProcess;
  readonly exit: Promise<number | null>;
  stderr: string;
}
const live = new Set<ChildProcess>();
function start(args: readonly string[]): Proc {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  live.add(child);
  const timer = setTimeout(() => child.kill('SIGKILL'), TRIAL_LIMIT_MS);
  const p: Proc = {
    child,
    stderr: '',
    exit: new Promise((resolve) =>
      child.once('exit', (code) => {
        clearTimeout(timer);
        live.delete(child);
        resolve(code);
      }),
    ),
  };
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (p.stderr += d));
  return p;
}
async function timed(args: readonly string[]): Promise<{ ms: number; code: number | null; stderr: string }> {
  const t0 = performance.now();
  const p = start(args);
  const code = await p.exit;
  return { ms: performance.now() - t0, code, stderr: p.stderr };
}
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
async function grown(file: string, bytes: number): Promise<void> {
  while (!existsSync(file) || statSync(file).size < bytes) await sleep(20);
}

const dir = mkdtempSync(path.join(tmpdir(), 'primeos-bench-cluster-'));
const redis = await startRedis();
const client = createClient({ url: redis.url });
await client.connect();
const memory = async (): Promise<{ keys: number; usedMemory: number; usedMemoryDataset: number; clients: number }> => {
  const info = (await client.info('memory')) + (await client.info('clients'));
  const field = (name: string): number => Number(new RegExp(`^${name}:(\\d+)`, 'm').exec(info)?.[1] ?? 0);
  return {
    keys: await client.dbSize(),
    usedMemory: field('used_memory'),
    usedMemoryDataset: field('used_memory_dataset'),
    clients: field('connected_clients'),
  };
};
const workers = async (n: number, prefix: string): Promise<Proc[]> => {
  const ws = Array.from({ length: n }, (_, i) =>
    start(['cluster', 'worker', '--redis', redis.url, '--name', `${prefix}${i}`, '--claim-idle-ms', '1000']),
  );
  while ((await client.keys('primeos:cluster:worker:*')).length < n) await sleep(20);
  return ws;
};
const stop = async (ws: readonly Proc[]): Promise<(number | null)[]> => {
  for (const w of ws) w.child.kill('SIGTERM');
  return Promise.all(ws.map((w) => w.exit));
};

try {
  const input = path.join(dir, 'in.txt');
  writeFileSync(input, clusterCorpus(count, 7, maxBits));
  const lines = readFileSync(input, 'utf8').split('\n').length - 1;
  console.log(`input: ${count} numbers (${lines} lines, semiprimes up to ${maxBits} bits)`);
  const baseline = await memory();

  const local1 = await timed(['factor', input, '-o', path.join(dir, 'local1.ndjson'), '-w', '1']);
  const local2 = await timed(['factor', input, '-o', path.join(dir, 'local2.ndjson'), '-w', '2']);
  const expected = readFileSync(path.join(dir, 'local1.ndjson'), 'utf8');
  const same = (file: string): boolean => readFileSync(file, 'utf8') === expected;

  const clusterRun = async (n: number): Promise<{ ms: number; identical: boolean; exits: (number | null)[] }> => {
    const ws = await workers(n, `b${n}-`);
    const out = path.join(dir, `cluster${n}.ndjson`);
    const r = await timed(['factor', '--cluster', redis.url, input, '-o', out]);
    return { ms: r.ms, identical: same(out), exits: await stop(ws) };
  };
  const cluster1 = await clusterRun(1);
  const afterFirstJob = await memory();
  const cluster2 = await clusterRun(2);

  const kills: { atMs: number; ms: number; identical: boolean; claimedBySurvivor: boolean }[] = [];
  for (let t = 0; t < killTrials; t++) {
    const ws = await workers(2, `k${t}-`);
    const out = path.join(dir, `kill${t}.ndjson`);
    const t0 = performance.now();
    const sub = start(['factor', '--cluster', redis.url, input, '-o', out, '--batch', '4']);
    const atMs = Math.round(cluster2.ms * (0.1 + 0.6 * Math.random()));
    await Promise.race([sleep(atMs), sub.exit]);
    (ws[t % 2] as Proc).child.kill('SIGKILL');
    await sub.exit;
    const survivor = ws[(t + 1) % 2] as Proc;
    kills.push({
      atMs,
      ms: performance.now() - t0,
      identical: same(out),
      claimedBySurvivor: /claimed/.test(survivor.stderr),
    });
    await stop([survivor]);
    await client.del(`primeos:cluster:worker:k${t}-${t % 2}`); // the killed worker's heartbeat would expire in 3 s
  }

  const ws = await workers(2, 'r-');
  const out = path.join(dir, 'resume.ndjson');
  const ckpt = `${out}.ckpt`;
  const sub = start(['factor', '--cluster', redis.url, input, '-o', out, '--checkpoint', ckpt]);
  await grown(out, Math.floor(expected.length * (0.2 + 0.5 * Math.random())));
  sub.child.kill('SIGKILL');
  await sub.exit;
  const resumedAtBytes = statSync(out).size;
  const resumed = await timed(['factor', '--cluster', redis.url, '--resume', ckpt]);
  const resume = { resumedAtBytes, ms: resumed.ms, identical: same(out), code: resumed.code };
  await stop(ws);

  await sleep(100);
  const after = await memory();
  const result = {
    input: { numbers: count, lines, maxSemiprimeBits: maxBits },
    wallMs: {
      local1: Math.round(local1.ms),
      local2: Math.round(local2.ms),
      cluster1: Math.round(cluster1.ms),
      cluster2: Math.round(cluster2.ms),
    },
    linesPerSecond: {
      local1: Math.round(lines / (local1.ms / 1000)),
      local2: Math.round(lines / (local2.ms / 1000)),
      cluster1: Math.round(lines / (cluster1.ms / 1000)),
      cluster2: Math.round(lines / (cluster2.ms / 1000)),
    },
    overheadCluster1VsLocal1: +(cluster1.ms / local1.ms).toFixed(3),
    speedupCluster2VsCluster1: +(cluster1.ms / cluster2.ms).toFixed(3),
    identical: {
      local2: same(path.join(dir, 'local2.ndjson')),
      cluster1: cluster1.identical,
      cluster2: cluster2.identical,
    },
    workerExitCodes: [...cluster1.exits, ...cluster2.exits],
    killTrials: kills,
    submitterKillResume: resume,
    redis: { baseline, afterFirstJob, after },
  };
  mkdirSync(path.join(root, 'bench/results'), { recursive: true });
  writeFileSync(path.join(root, 'bench/results/cluster.json'), JSON.stringify(result, null, 2) + '\n');
  console.log(JSON.stringify(result, null, 2));
} finally {
  for (const c of live) c.kill('SIGKILL');
  await client.close().catch(() => undefined);
  await redis.close();
  rmSync(dir, { recursive: true, force: true });
}
