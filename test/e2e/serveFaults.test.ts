import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBits, rng } from '../../bench/bandCorpus.js';
import { createClient } from '../../src/client/createClient.js';
import { runPrimeos } from './cliProcess.js';
import { startServer, stopServer, type ServerProcess } from './serverProcess.js';

let dir: string;
const started: ServerProcess[] = [];
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'primeos-serve-faults-'));
});
afterAll(async () => {
  for (const s of started) await stopServer(s, 2000);
  rmSync(dir, { recursive: true, force: true });
});

const start = async (args: string[]): Promise<ServerProcess> => {
  const s = await startServer(args);
  started.push(s);
  return s;
};

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const srv = createNetServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });

/** Numbers that keep one worker busy for a while (64–72-bit composites). */
const slowInput = (count: number, seed: number): string => {
  const next = rng(seed);
  const ns: string[] = [];
  for (let i = 0; i < count; i++) ns.push(randomBits(next, 64 + (i % 9)).toString());
  return ns.join('\n') + '\n';
};

const poll = async <T>(f: () => Promise<T | undefined>, timeoutMs: number): Promise<T> => {
  const t0 = performance.now();
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (performance.now() - t0 > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe('primeos serve faults', () => {
  it('a job survives kill -9 of its server: a restart on the same data dir completes it, output = the CLI run', async () => {
    const input = slowInput(2000, 7);
    const file = path.join(dir, 'job.txt');
    writeFileSync(file, input);
    const dataDir = path.join(dir, 'data');
    const first = await start(['--workers', '1', '--data-dir', dataDir]);
    const created = (await (await fetch(`${first.url}/v1/jobs?seed=3`, { method: 'POST', body: input })).json()) as {
      id: string;
    };
    // wait for committed progress, then kill hard in the middle of the job
    const atKill = await poll(async () => {
      const s = (await (await fetch(`${first.url}/v1/jobs/${created.id}`)).json()) as {
        state: string;
        progress: { records: number };
      };
      return s.progress.records >= 200 ? s : undefined;
    }, 30_000);
    expect(atKill.state).toBe('running');
    first.child.kill('SIGKILL');
    await first.exited;

    const second = await start(['--workers', '1', '--data-dir', dataDir]);
    const done = await poll(async () => {
      const s = (await (await fetch(`${second.url}/v1/jobs/${created.id}`)).json()) as {
        state: string;
        progress: { records: number };
      };
      return s.state === 'done' ? s : undefined;
    }, 40_000);
    expect(done.progress.records).toBe(2000);
    const results = await (await fetch(`${second.url}/v1/jobs/${created.id}/results`)).text();
    const cli = await runPrimeos(['factor', file, '--seed', '3', '--workers', '1']);
    expect(results).toBe(cli.stdout);
    // from=N gives the same bytes from record N
    const tail = await (await fetch(`${second.url}/v1/jobs/${created.id}/results?from=1990`)).text();
    expect(tail).toBe(cli.stdout.split('\n').slice(1990).join('\n'));
  });

  it('client.factor survives its server being killed and restarted: every record once, in order', async () => {
    const port = await freePort();
    const args = ['--workers', '1', '--port', String(port)];
    // startServer passes --port 0 first; the later --port wins
    let server = await start(args);
    const numbers = slowInput(1000, 11).trim().split('\n');
    const client = createClient({ url: server.url, retries: 40, minDelayMs: 50, maxDelayMs: 400 });
    const got: string[] = [];
    let killed = false;
    for await (const r of client.factorLines(numbers, { seed: 2 })) {
      got.push(r.text);
      if (!killed && got.length === 300) {
        killed = true;
        server.child.kill('SIGKILL');
        await server.exited;
        server = await start(args);
      }
    }
    expect(killed).toBe(true);
    const cli = await runPrimeos(['factor', '-', '--seed', '2', '--workers', '1'], {
      stdin: numbers.join('\n') + '\n',
    });
    expect(got.join('\n') + '\n').toBe(cli.stdout);
  });
});
