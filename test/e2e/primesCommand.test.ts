import { execFileSync } from 'node:child_process';
import { runPrimeos } from './cliProcess.js';

/** PARI/GP's primes in [a, b], the independent oracle. */
const gpPrimes = (a: bigint, b: bigint): string =>
  execFileSync('gp', ['-q', '-f'], { input: `forprime(p=${a},${b},print(p))\n`, encoding: 'utf8' });

describe('issue 17 item 4: primes beyond 2^52', () => {
  it('continues across 2^52 and up to 2^64 exactly as PARI/GP lists them', async () => {
    const a = 2n ** 52n - 300n;
    const r = await runPrimeos(['primes', '--from', String(a), '--count', '20']);
    expect(r.code).toBe(0);
    const gp =
      gpPrimes(a, a + 2000n)
        .split('\n')
        .slice(0, 20)
        .join('\n') + '\n';
    expect(r.stdout).toBe(gp);
    expect(BigInt(r.stdout.trim().split('\n').at(-1)!)).toBeGreaterThan(2n ** 52n);
    const b = 2n ** 60n + 12345n;
    const mid = await runPrimeos(['primes', '--from', String(b), '--to', String(b + 3000n)]);
    expect(mid.stdout).toBe(gpPrimes(b, b + 3000n));
  });

  it('lists the last primes below 2^64 and refuses (E_RANGE, exit 2) to go beyond', async () => {
    const top = await runPrimeos(['primes', '--from', '18446744073709551500', '--count', '5']);
    expect(top.stdout).toBe(gpPrimes(18446744073709551500n, 2n ** 64n));
    expect(top.code).toBe(2);
    expect(top.stderr).toMatch(/E_RANGE: 3 of 5 primes; none are listed above 2\^64/);
    const over = await runPrimeos(['primes', '--from', String(2n ** 64n + 1n), '--count', '1']);
    expect(over.code).toBe(2);
    expect(over.stdout).toBe('');
  });
});
