import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';

/** Path of the built CLI entry (the e2e layer runs the real build, `npm test` builds first). */
export const CLI = path.resolve(__dirname, '../../dist/cli/main.js');

/** What a finished CLI process produced. */
export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  /** stdout as raw bytes (binary output). */
  readonly stdoutBytes: Buffer;
  readonly stderr: string;
}

/** Options of {@link startPrimeos}. */
export interface StartOptions {
  /** Text written to stdin, then stdin is closed; `false` leaves stdin open for the caller. */
  readonly stdin?: string | false;
  /** SIGKILL after this long (default 60 s). */
  readonly timeoutMs?: number;
  /** Extra environment variables. */
  readonly env?: NodeJS.ProcessEnv;
  /** Working directory. */
  readonly cwd?: string;
}

/** A running CLI process and the promise of its result. */
export interface CliProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** stderr received so far. */
  stderr(): string;
  /** stdout received so far. */
  stdout(): string;
  readonly done: Promise<CliRun>;
}

/**
 * Start the built `primeos` CLI (for tests that signal it or feed stdin slowly), bounded in time.
 *
 * @param args - CLI arguments
 * @param options - stdin, time limit, environment
 */
export function startPrimeos(args: readonly string[], options: StartOptions = {}): CliProcess {
  const child = spawn(process.execPath, [CLI, ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
    ...(options.env ? { env: { ...process.env, ...options.env } } : {}),
    ...(options.cwd ? { cwd: options.cwd } : {}),
  });
  const out: Buffer[] = [];
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => out.push(d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  const done = new Promise<CliRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const stdoutBytes = Buffer.concat(out);
      resolve({ code, signal, stdout: stdoutBytes.toString('utf8'), stdoutBytes, stderr });
    });
  });
  child.stdin.on('error', () => undefined); // the CLI may exit before reading stdin
  if (options.stdin !== false) child.stdin.end(options.stdin ?? '');
  return { child, done, stderr: () => stderr, stdout: () => Buffer.concat(out).toString('utf8') };
}

/**
 * Run the built `primeos` CLI with arguments and optional stdin, bounded in time.
 *
 * @param args - CLI arguments
 * @param options - stdin text and a time limit (default 60 s)
 */
export function runPrimeos(
  args: readonly string[],
  options: { stdin?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<CliRun> {
  return startPrimeos(args, options).done;
}

/**
 * Resolve once `probe()` is true (polled every 10 ms), or reject after `timeoutMs`.
 *
 * @param probe - the condition
 * @param timeoutMs - the limit
 */
export async function waitFor(probe: () => boolean, timeoutMs = 20_000): Promise<void> {
  const t0 = Date.now();
  while (!probe()) {
    if (Date.now() - t0 > timeoutMs) throw new Error('waitFor: timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}
