import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { runPrimeos, startPrimeos } from './cliProcess.js';
import { tempDir } from '../fixtures/tempDir.js';

const dir = tempDir('run');

describe('issue 17 item 7: the VM is bounded and hears signals', () => {
  it('SIGINT stops `NOP; JMP 0` with a raised --max-steps at once (exit 130)', async () => {
    const prog = path.join(dir, 'loop.asm');
    writeFileSync(prog, 'loop:\nNOP\nJMP loop\n');
    const job = startPrimeos(['run', prog, '--max-steps', String(2 ** 40)]);
    await new Promise((r) => setTimeout(r, 700)); // running the loop by now
    expect(job.child.exitCode).toBeNull();
    const t0 = performance.now();
    job.child.kill('SIGINT');
    const r = await job.done;
    const ms = performance.now() - t0;
    // either the VM saw the abort between slices (130) or the signal's default action ended it mid-slice
    expect(r.code === 130 || r.signal === 'SIGINT').toBe(true);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(ms).toBeLessThan(2000); // ~20 ms here; generous for a loaded machine
  });

  it('one PRIME step on 2^44497−1 ends at --time-limit-ms with E_BUDGET (it took 33 s)', async () => {
    const prog = path.join(dir, 'prime.asm');
    writeFileSync(prog, 'PUSH 2\nPUSH 44497\nPOW\nPUSH 1\nSUB\nPRIME\nPRINT\n');
    const t0 = performance.now();
    const r = await runPrimeos(['run', prog, '--time-limit-ms', '300']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/E_BUDGET: pc 5 \(PRIME\): time limit 300 ms/);
    expect(performance.now() - t0).toBeLessThan(15_000);
  });

  it('--max-stack, --max-steps and --time-limit-ms have upper bounds (exit 2)', async () => {
    for (const args of [
      ['--max-stack', String(2 ** 21)],
      ['--max-steps', String(2 ** 41)],
      ['--time-limit-ms', String(10 ** 12)],
    ]) {
      const r = await runPrimeos(['run', ...args], { stdin: 'PUSH 1\nPRINT\n' });
      expect([args[0], r.code]).toEqual([args[0], 2]);
    }
  });
});
