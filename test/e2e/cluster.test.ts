import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from 'redis';
import { clusterCorpus } from '../../bench/clusterCorpus.js';
import { CLI, runPrimeos } from './cliProcess.js';
import { startRedis, type TestRedis } from './redisServer.js';

/** Real redis-server, real worker and submitter processes (the built CLI). */

let dir: string;
let redis: TestRedis;
let input: string;
let local: string;
const children = new Set<ChildProcess>();

interface Proc {
  readonly child: ChildProcess;
  stderr: string;
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function start(args: readonly string[], env: Record<string, string> = {}): Proc {
  const child = spawn(process.execPath, [CLI, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ...env },
  });
  children.add(child);
  const p: Proc = {
    child,
    stderr: '',
    exit: new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        children.delete(child);
        resolve({ code, signal });
      }),
    ),
  };
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (p.stderr += d));
  return p;
}

const worker = (url: string, name: string, extra: readonly string[] = [], env: Record<string, string> = {}): Proc =>
  start(['cluster', 'worker', '--redis', url, '--name', name, '--claim-idle-ms', '800', ...extra], env);

async function stopAll(procs: readonly Proc[]): Promise<(number | null)[]> {
  for (const p of procs) p.child.kill('SIGTERM');
  return (await Promise.all(procs.map((p) => p.exit))).map((e) => e.code);
}

/** Resolves once `file` holds at least `bytes` bytes (the job is under way), or rejects after 30 s. */
async function grown(file: string, bytes: number): Promise<void> {
  const t0 = Date.now();
  while (!existsSync(file) || statSync(file).size < bytes) {
    if (Date.now() - t0 > 30_000) throw new Error(`${file} did not grow`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function keysOf(url: string): Promise<string[]> {
  const c = createClient({ url });
  await c.connect();
  try {
    return (await c.keys('*')).sort();
  } finally {
    await c.close();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'primeos-cluster-'));
  redis = await startRedis();
  input = path.join(dir, 'in.txt');
  writeFileSync(input, clusterCorpus(300, 11, 64));
  const run = await runPrimeos(['factor', input, '-o', path.join(dir, 'local.ndjson'), '-w', '1']);
  expect(run.code).toBe(1); // bad lines: failed records
  local = readFileSync(path.join(dir, 'local.ndjson'), 'utf8');
});

afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await redis?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('primeos cluster (Redis Streams)', () => {
  it('two workers: output byte-identical to a local run, job keys deleted, status lists the workers, SIGTERM exits 0', async () => {
    const ws = [worker(redis.url, 'w1'), worker(redis.url, 'w2', ['--concurrency', '2'])];
    const out = path.join(dir, 'happy.ndjson');
    const run = await runPrimeos(['factor', '--cluster', redis.url, input, '-o', out, '--checkpoint', `${out}.ckpt`]);
    expect(run.stderr).toMatch(/records/);
    expect(run.code).toBe(1);
    expect(readFileSync(out, 'utf8')).toBe(local);
    const status = await runPrimeos(['cluster', 'status', '--redis', redis.url, '--json']);
    const s = JSON.parse(status.stdout) as { workers: { name: string; tasks: number }[]; jobs: unknown[] };
    expect(s.workers.map((w) => w.name)).toEqual(['w1', 'w2']);
    expect(s.jobs).toEqual([]);
    // only the workers' heartbeats are left: the job's keys, registration and checkpoint mapping are gone
    expect((await keysOf(redis.url)).filter((k) => !k.includes(':cluster:worker:'))).toEqual([]);
    expect(await stopAll(ws)).toEqual([0, 0]);
    expect(await keysOf(redis.url)).toEqual([]);
  });

  it('kill -9 of a worker mid-job: its tasks are claimed by the other, output identical', async () => {
    const w1 = worker(redis.url, 'k1');
    const w2 = worker(redis.url, 'k2');
    const out = path.join(dir, 'kill.ndjson');
    const sub = start(['factor', '--cluster', redis.url, input, '-o', out, '--batch', '1', '--cluster-tasks', '4']);
    await grown(out, 2000);
    w1.child.kill('SIGKILL');
    expect((await sub.exit).code).toBe(1);
    expect(readFileSync(out, 'utf8')).toBe(local);
    expect(await stopAll([w2])).toEqual([0]);
  });

  it('SIGTERM of a worker mid-job: it releases its running tasks and exits 0, the other finishes the job', async () => {
    const w1 = worker(redis.url, 't1', ['--drain-ms', '0']);
    const w2 = worker(redis.url, 't2');
    const out = path.join(dir, 'term.ndjson');
    const sub = start(['factor', '--cluster', redis.url, input, '-o', out, '--batch', '1', '--cluster-tasks', '4']);
    await grown(out, 2000);
    expect(await stopAll([w1])).toEqual([0]);
    expect((await sub.exit).code).toBe(1);
    expect(readFileSync(out, 'utf8')).toBe(local);
    expect(await stopAll([w2])).toEqual([0]);
  });

  it('kill -9 of the submitter, then --resume: output identical, queued tasks not re-sent', async () => {
    const ws = [worker(redis.url, 'r1'), worker(redis.url, 'r2')];
    const out = path.join(dir, 'resume.ndjson');
    const ckpt = `${out}.ckpt`;
    const sub = start(['factor', '--cluster', redis.url, input, '-o', out, '--checkpoint', ckpt, '--batch', '1']);
    await grown(out, 4000);
    sub.child.kill('SIGKILL');
    await sub.exit;
    const cp = JSON.parse(readFileSync(ckpt, 'utf8')) as { lines: number; done: boolean };
    expect(cp.done).toBe(false);
    const again = await runPrimeos(['factor', '--resume', ckpt, '--cluster', redis.url, '--batch', '1']);
    expect({ code: again.code, stderr: again.stderr }).toEqual({ code: 1, stderr: expect.stringMatching(/records/) });
    expect(readFileSync(out, 'utf8')).toBe(local);
    expect(await stopAll(ws)).toEqual([0, 0]);
    expect(await keysOf(redis.url)).toEqual([]);
  });

  it('a poison task (its worker dies on it) is retried at most --max-deliveries times, then reported as failed', async () => {
    // lines above 20 characters are heavy: one line per task with --batch 1
    const poison = '100000000000000000000007';
    const lines = [2, 3, 5, 7, 11, 13].map((k) => String(BigInt(k) * 10n ** 21n + 1n));
    lines.splice(3, 0, poison, '# a comment');
    const small = path.join(dir, 'poison.txt');
    writeFileSync(small, lines.join('\n') + '\n');
    const expected = await runPrimeos(['factor', small, '-w', '0']);
    const env = { PRIMEOS_CLUSTER_CRASH_ON_LINE: poison };
    let deaths = 0;
    let stopping = false;
    const live = new Set<Proc>();
    const spawnOne = (i: number): void => {
      const p = start(
        [
          'cluster',
          'worker',
          '--redis',
          redis.url,
          '--name',
          `p${i}`,
          '--claim-idle-ms',
          '2000',
          '--max-deliveries',
          '2',
        ],
        env,
      );
      live.add(p);
      void p.exit.then(({ signal }) => {
        live.delete(p);
        if (signal === 'SIGKILL') deaths++;
        if (!stopping) spawnOne(i + 2);
      });
    };
    spawnOne(0);
    spawnOne(1);
    const out = path.join(dir, 'poison.ndjson');
    const run = await runPrimeos(['factor', '--cluster', redis.url, small, '-o', out, '--batch', '1']);
    stopping = true;
    await stopAll([...live]);
    expect(run.code).toBe(1);
    // at most two deliveries ran it (and died); the next one reported it
    expect(deaths).toBeGreaterThanOrEqual(1);
    expect(deaths).toBeLessThanOrEqual(2);
    const got = readFileSync(out, 'utf8').trim().split('\n');
    const want = expected.stdout.trim().split('\n');
    expect(got).toHaveLength(want.length);
    const poisoned = got.filter((l) => (JSON.parse(l) as { status: string }).status === 'failed');
    for (const l of poisoned) {
      const r = JSON.parse(l) as { line: number; input: string; error: { code: string; message: string } };
      expect(r.error.code).toBe('E_PROCESS');
      expect(r.error.message).toMatch(/delivered 3 times .* given up after 2 deliveries/);
    }
    expect(poisoned.map((l) => (JSON.parse(l) as { input: string }).input)).toEqual([poison]);
    // every other record is the local one
    for (const [i, l] of got.entries()) if (!poisoned.includes(l)) expect(l).toBe(want[i]);
  });

  it('Redis restarted without persistence mid-job: the submitter fails with a clear error, never silently', async () => {
    const ws = [worker(redis.url, 'x1'), worker(redis.url, 'x2')];
    const out = path.join(dir, 'lost.ndjson');
    const sub = start(['factor', '--cluster', redis.url, input, '-o', out, '--batch', '1', '--cluster-tasks', '2']);
    await grown(out, 2000);
    await redis.restart();
    const { code } = await sub.exit;
    expect(code).toBe(1);
    expect(sub.stderr).toMatch(/Redis lost cluster job .*--resume/);
    expect(await stopAll(ws)).toEqual([0, 0]);
  });

  it('Redis restarted with an AOF mid-job: the job completes, output identical', async () => {
    const aof = await startRedis({ aof: true });
    try {
      const ws = [worker(aof.url, 'a1'), worker(aof.url, 'a2')];
      const out = path.join(dir, 'aof.ndjson');
      const sub = start(['factor', '--cluster', aof.url, input, '-o', out, '--batch', '1', '--cluster-tasks', '4']);
      await grown(out, 2000);
      await aof.restart();
      const { code } = await sub.exit;
      expect(sub.stderr).not.toMatch(/lost/);
      expect(code).toBe(1);
      expect(readFileSync(out, 'utf8')).toBe(local);
      expect(await stopAll(ws)).toEqual([0, 0]);
    } finally {
      await aof.close();
    }
  });
});
