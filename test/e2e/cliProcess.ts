import { spawn } from 'node:child_process';
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

/**
 * Run the built `primeos` CLI with arguments and optional stdin, bounded in time.
 *
 * @param args - CLI arguments
 * @param options - stdin text and a time limit (default 60 s)
 */
export function runPrimeos(
  args: readonly string[],
  options: { stdin?: string; timeoutMs?: number } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const stdoutBytes = Buffer.concat(out);
      resolve({ code, signal, stdout: stdoutBytes.toString('utf8'), stdoutBytes, stderr });
    });
    child.stdin.end(options.stdin ?? '');
  });
}
