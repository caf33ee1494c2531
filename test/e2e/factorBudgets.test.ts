import { spawn } from 'node:child_process';
import { balancedSemiprimes } from '../../bench/bandCorpus.js';
import { CLI, runPrimeos } from './cliProcess.js';

/** A deterministic odd number of exactly `bits` bits, in decimal. */
function oddOfBits(bits: number, seed: number): string {
  let n = 1n;
  let s = BigInt(seed);
  for (let i = 0; i < bits; i += 31) {
    s = (s * 1103515245n + 12345n) % 2147483648n;
    n = (n << 31n) | s;
  }
  return ((n >> BigInt(n.toString(2).length - bits)) | 1n).toString();
}

describe('primeos factor: budgets and signals hold at every size', () => {
  it('a 190,000-bit number with --budget-ms 1000 ends in about a second with a typed failed record', async () => {
    const t = performance.now();
    const r = await runPrimeos(['factor', '--workers', '0', '--max-bits', '200000', '--budget-ms', '1000'], {
      stdin: oddOfBits(190_000, 7) + '\n',
    });
    const ms = performance.now() - t;
    expect(r.code).toBe(1); // a failed record
    const rec = JSON.parse(r.stdout) as { status: string; error: { code: string } };
    expect(rec.status).toBe('failed');
    expect(rec.error.code).toBe('E_BUDGET');
    expect(ms).toBeLessThan(10_000); // ≈ 1.3 s idle; 503 s before the engines checked their budgets
  });

  it('a random 16k-bit odd number with --budget-ms 100 returns promptly', async () => {
    const t = performance.now();
    const r = await runPrimeos(['factor', '--max-bits', '20000', '--budget-ms', '100', '--format', 'text'], {
      stdin: oddOfBits(16_384, 11) + '\n',
    });
    expect(performance.now() - t).toBeLessThan(5000); // 12 s before
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/primality of a \d+-bit cofactor undecided/);
  });

  it('refuses --max-bits above 2^18 as a usage error', async () => {
    const r = await runPrimeos(['factor', '--max-bits', String(2 ** 18 + 1)], { stdin: '12\n' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--max-bits/);
  });

  it('with --workers 0, SIGINT during a long factorisation ends the process at once', async () => {
    const hard = balancedSemiprimes(216, 1, 5)[0]!.n; // SIQS: tens of seconds on this machine
    const child = spawn(process.execPath, [CLI, 'factor', '--workers', '0'], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin.end(`${hard}\n`);
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal, at: performance.now() })),
    );
    await new Promise((r) => setTimeout(r, 1500)); // started and busy in SIQS
    const sent = performance.now();
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    const end = await exited;
    clearTimeout(timer);
    // shells report 130 either way: exit code 130, or death by SIGINT
    expect(end.code === 130 || end.signal === 'SIGINT').toBe(true);
    expect(end.at - sent).toBeLessThan(1000); // ≈ 10 ms; the whole budget (60 s) before
  });
});
