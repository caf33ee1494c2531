/**
 * Bench helpers for `primeos serve`: start the built CLI's server as a child process and sample its resident
 * memory from /proc (the whole server process, worker threads included).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The built CLI (run `npm run build` first). */
export const CLI = path.resolve(import.meta.dirname, '../../dist/cli/main.js');

/** A running server process. */
export interface BenchServer {
  readonly child: ChildProcess;
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Start `primeos serve --port 0` with extra arguments and wait for its URL.
 *
 * @param args - extra arguments
 * @returns the server
 */
export function startBenchServer(args: readonly string[]): Promise<BenchServer> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--log-level', 'warn', ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl < 0) return;
      resolve({
        child,
        url: out.slice(0, nl),
        stop: () =>
          new Promise<void>((res) => {
            if (child.exitCode !== null) return res();
            child.once('exit', () => res());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

/**
 * Resident set size of a process, in bytes (VmRSS), or NaN once it is gone.
 *
 * @param pid - process id
 * @returns bytes
 */
export function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m === null ? NaN : Number(m[1]) * 1024;
  } catch {
    return NaN;
  }
}

/**
 * Sample a process's RSS every `everyMs` until stopped.
 *
 * @param pid - process id
 * @param everyMs - sampling interval
 * @returns the sampler: `peak()` so far and `stop()`
 */
export function sampleRss(pid: number, everyMs = 50): { peak(): number; stop(): number } {
  let peak = rssOf(pid);
  const timer = setInterval(() => {
    const r = rssOf(pid);
    if (r > peak) peak = r;
  }, everyMs);
  return {
    peak: () => peak,
    stop: () => {
      clearInterval(timer);
      return peak;
    },
  };
}

/**
 * CPU seconds (user + system, all threads) a process has used so far, from /proc.
 *
 * @param pid - process id
 * @returns seconds, NaN once it is gone
 */
export function cpuSecondsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}
