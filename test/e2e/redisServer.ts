import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Debian's Redis server (installed by `.ci/run`). */
export const REDIS_SERVER = '/usr/bin/redis-server';

/** A `redis-server` started by a test, on 127.0.0.1 and a free port, in its own temporary directory. */
export interface TestRedis {
  readonly port: number;
  readonly url: string;
  readonly dir: string;
  /** Persistence: `false` (default) runs with `--save '' --appendonly no`; `true` with an fsync-always AOF. */
  readonly aof: boolean;
  /** Stop gracefully (SIGTERM: Redis flushes its AOF), wait for the exit. */
  stop(): Promise<void>;
  /** Stop and start again on the same port and directory (with AOF the data comes back). */
  restart(): Promise<void>;
  /** Stop and remove the directory. */
  close(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (bound to port 0, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function launch(port: number, dir: string, aof: boolean): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', ''];
  args.push(...(aof ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no']));
  return new Promise((resolve, reject) => {
    const child = spawn(REDIS_SERVER, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`redis-server did not start within 10 s:\n${log}`));
    }, 10_000);
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      log += d;
      if (/Ready to accept connections/.test(log)) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.stderr?.resume();
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}:\n${log}`));
    });
  });
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Start a private `redis-server` for a test (stop it in `afterAll` with `close()`).
 *
 * @param options - `aof: true` for persistence (append-only file, fsync on every write)
 * @returns the running server
 */
export async function startRedis(options: { aof?: boolean } = {}): Promise<TestRedis> {
  const aof = options.aof ?? false;
  const dir = mkdtempSync(path.join(tmpdir(), 'primeos-redis-'));
  const port = await freePort();
  let child = await launch(port, dir, aof);
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    dir,
    aof,
    stop: () => stopProcess(child),
    async restart() {
      await stopProcess(child);
      child = await launch(port, dir, aof);
    },
    async close() {
      await stopProcess(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
