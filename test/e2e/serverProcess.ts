import { spawn, type ChildProcess } from 'node:child_process';
import { CLI } from './cliProcess.js';

/** A `primeos serve` process started by a test. */
export interface ServerProcess {
  readonly child: ChildProcess;
  /** Base URL without trailing slash, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** stderr so far (pino logs). */
  stderr(): string;
  /** Resolves with the exit code (or signal) once the process ended. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Start the built CLI's `primeos serve --port 0 …` and wait for the URL on its first stdout line.
 *
 * @param args - extra arguments
 * @param timeoutMs - start-up limit
 */
export function startServer(args: readonly string[] = [], timeoutMs = 20_000): Promise<ServerProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--log-level', 'warn', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
      child.once('exit', (code, signal) => res({ code, signal })),
    );
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start: ${err}`));
    }, timeoutMs);
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(timer);
        resolve({ child, url: out.slice(0, nl), stderr: () => err, exited });
      }
    });
    void exited.then(({ code }) => {
      clearTimeout(timer);
      if (!out.includes('\n')) reject(new Error(`server exited ${code}: ${err}`));
    });
  });
}

/**
 * Stop a server process: SIGTERM, then SIGKILL after `graceMs`.
 *
 * @param server - the process
 * @param graceMs - time allowed for the drain
 * @returns the exit status
 */
export async function stopServer(
  server: ServerProcess | undefined,
  graceMs = 10_000,
): Promise<{ code: number | null; signal: NodeJS.Signals | null } | undefined> {
  if (server === undefined) return undefined;
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), graceMs);
  const r = await server.exited;
  clearTimeout(timer);
  return r;
}
