import { spawn } from 'node:child_process';
import { join } from 'node:path';

describe('cancellation', () => {
  it('aborting stops sources, workers and timers: the process exits by itself, promptly', async () => {
    const script = join(__dirname, 'fixtures', 'cancelScript.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', script, join(__dirname, 'fixtures')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), 40_000);
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    const exitedAt = Date.now();
    clearTimeout(killer);
    expect(err).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(out.trim()) as {
      codes: string[];
      seen: { lines: number; ticks: number; retries: number; factorised: number };
      abortedAt: number;
    };
    expect(report.codes).toEqual(['E_ABORTED', 'E_ABORTED', 'E_ABORTED']);
    expect(report.seen.ticks).toBeGreaterThan(0);
    expect(report.seen.retries).toBeGreaterThan(0);
    // generous bound (the machine may be loaded); a leaked handle keeps the process alive until the kill
    expect(exitedAt - report.abortedAt).toBeLessThan(15_000);
  });
});
