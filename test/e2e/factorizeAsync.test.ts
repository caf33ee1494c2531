import { execFile } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { balancedSemiprimes } from '../../bench/bandCorpus.js';

const dist = pathToFileURL(path.resolve(__dirname, '../../dist/index.js')).href;
const hard = balancedSemiprimes(192, 1, 3)[0]!.n; // SIQS: seconds

/**
 * factorizeAsync without a pool, from the built package: the shared default pool runs the work, and the
 * process ends by itself once nothing is left to do (its idle thread does not hold the event loop).
 */
describe('factorizeAsync from the built package, on its default pool', () => {
  it('factors, then a call aborted mid-work ends and the process exits at once (no thread left computing)', async () => {
    const script = `
      import { factorizeAsync } from ${JSON.stringify(dist)};
      const f = await factorizeAsync(2n ** 64n + 1n);
      const c = new AbortController();
      const p = factorizeAsync(${hard}n, { signal: c.signal }).then((x) => x.status, (e) => e.code);
      await new Promise((r) => setTimeout(r, 300));
      const t = performance.now();
      c.abort();
      const code = await p;
      process.on('exit', () => {
        const out = { status: f.status, primes: f.factors.map((x) => String(x.prime)), code, exitMs: performance.now() - t };
        process.stdout.write(JSON.stringify(out));
      });`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      timeout: 30_000,
    });
    const out = JSON.parse(stdout) as { status: string; primes: string[]; code: string; exitMs: number };
    expect(out).toMatchObject({ status: 'complete', primes: ['274177', '67280421310721'], code: 'E_ABORTED' });
    // SIQS would hold a live thread (and the process) for seconds more
    expect(out.exitMs).toBeLessThan(1000);
  });
});
