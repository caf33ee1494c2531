import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { balancedSemiprimes, randomBits, rng } from '../../bench/bandCorpus.js';
import { CLI, runPrimeos } from './cliProcess.js';
import { tempDir } from '../fixtures/tempDir.js';

const root = path.resolve(__dirname, '../..');
const dir = tempDir('job');

interface Rec {
  line: number;
  n?: string;
  input?: string;
  status: string;
  factors?: { prime: string; exponent: number; certainty: string }[];
  error?: { code: string; message: string };
}
const parse = (out: string): Rec[] =>
  out
    .trim()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Rec);

describe('primeos factor (built CLI)', () => {
  it('reproduces the PARI/GP oracle on the bundled example, in input order, byte-identically across worker counts', async () => {
    const oracle = JSON.parse(readFileSync(path.join(root, 'test/fixtures/jobs/numbers.oracle.json'), 'utf8')) as {
      n: string;
      factors: [string, number][];
    }[];
    const example = path.join(root, 'examples/numbers.txt');
    const one = await runPrimeos(['factor', example, '--workers', '1']);
    expect(one.code).toBe(0);
    const recs = parse(one.stdout);
    expect(recs.map((r) => r.n)).toEqual(oracle.map((o) => o.n));
    for (const [i, r] of recs.entries()) {
      expect(r.status).toBe('complete');
      expect(r.factors?.map((f) => [f.prime, f.exponent])).toEqual(oracle[i]!.factors);
    }
    const lines = readFileSync(example, 'utf8').split('\n');
    for (const r of recs) expect(lines[r.line - 1]!.trim()).toMatch(/^-?(0x)?[0-9a-f]+$/);
    const two = await runPrimeos(['factor', example, '--workers', '2', '--batch', '3']);
    const inThread = await runPrimeos(['factor', example, '--workers', '0']);
    expect(two.stdout).toBe(one.stdout);
    expect(inThread.stdout).toBe(one.stdout);
  });

  it('--format text is byte-identical to GNU factor below 2^100', async () => {
    const next = rng(100);
    const ns: bigint[] = [1n, 2n, 3n, 4n, 0n];
    for (let i = 0; i < 150; i++) ns.push(randomBits(next, 2 + (i % 99)));
    for (const bits of [40, 56, 64, 72]) for (const { n } of balancedSemiprimes(bits, 3, 9)) ns.push(n);
    const input = ns.join('\n') + '\n';
    const file = path.join(dir, 'gnu.txt');
    writeFileSync(file, input);
    const gnu = execFileSync('factor', { input, encoding: 'utf8' });
    const ours = await runPrimeos(['factor', file, '--format', 'text']);
    // stdout is GNU's byte for byte; 0 (line 5) has no factorisation, so, as in NDJSON, it counts as failed: exit 1
    expect(ours.stdout).toBe(gnu);
    expect(ours.code).toBe(1);
    expect(ours.stderr).toMatch(/^primeos: line 5: /m);
  });

  it('reads stdin and NDJSON input, and writes hex on request', async () => {
    const r = await runPrimeos(['factor', '-', '--hex'], { stdin: '{"n": "0x1f4"}\n{"n": 91}\n# c\n\n77\n' });
    expect(r.code).toBe(0);
    const recs = parse(r.stdout);
    expect(recs.map((x) => [x.line, x.n])).toEqual([
      [1, '0x1f4'],
      [2, '0x5b'],
      [5, '0x4d'],
    ]);
    expect(recs[0]!.factors!.map((f) => f.prime)).toEqual(['0x2', '0x5']);
  });

  it('a job of one batch loads neither the stream engine nor RxJS; a longer job does, and both write the records', async () => {
    // a preload that lists, at exit, the npm packages the process loaded
    const probe = path.join(dir, 'packages.cjs');
    writeFileSync(
      probe,
      "process.on('exit', () => { const p = new Set(); for (const k of Object.keys(require.cache)) { " +
        'const m = /node_modules[\\\\/]([^\\\\/]+)/.exec(k); if (m) p.add(m[1]); } ' +
        "process.stderr.write('packages: ' + [...p].sort().join(',') + '\\n'); });",
    );
    const env = { NODE_OPTIONS: `--require ${probe}` };
    const packages = (stderr: string): string[] => /^packages: (.*)$/m.exec(stderr)?.[1]?.split(',') ?? [];
    const one = await runPrimeos(['factor', '--format', 'text'], { stdin: '18446744073709551557\n', env });
    expect(one.code).toBe(0);
    expect(one.stdout).toBe('18446744073709551557: 18446744073709551557\n');
    expect(packages(one.stderr)).toContain('commander');
    expect(packages(one.stderr)).not.toContain('rxjs');
    const numbers = Array.from({ length: 40 }, (_, i) => String(1000 + i));
    const many = await runPrimeos(['factor', '--format', 'text', '--workers', '0'], {
      stdin: numbers.join('\n') + '\n',
      env,
    });
    expect(many.code).toBe(0);
    expect(
      many.stdout
        .trim()
        .split('\n')
        .map((l) => l.split(':')[0]),
    ).toEqual(numbers);
    expect(packages(many.stderr)).toContain('rxjs');
  });

  it('exits 0 when stdout is closed early (| head -1)', () => {
    const big = path.join(dir, 'big.txt');
    const next = rng(7);
    writeFileSync(big, Array.from({ length: 20000 }, () => randomBits(next, 60).toString()).join('\n'));
    const r = spawnSync('bash', ['-c', `node "${CLI}" factor "${big}" | head -1; echo "status:\${PIPESTATUS[0]}"`], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    const out = r.stdout.trim().split('\n');
    expect(JSON.parse(out[0]!)).toMatchObject({ line: 1, status: 'complete' });
    expect(out[out.length - 1]).toBe('status:0');
  });

  it('turns every bad line into one failed record and never crashes', async () => {
    const file = path.join(dir, 'bad.txt');
    const huge = '9'.repeat(100_000);
    const longLine = '1'.repeat(300_000);
    const content = Buffer.concat([
      Buffer.from(
        [
          'garbage',
          '12abc',
          '-15',
          '1.5',
          '1e10',
          '0x',
          '--3',
          huge,
          longLine,
          '{"n": 5',
          '{"m": 1}',
          '{"n": 1e300}',
          '[1,2]',
        ].join('\n') + '\n',
      ),
      Buffer.from([0xff, 0xfe, 0x31, 0x0a]), // invalid UTF-8
      Buffer.from('42'),
    ]);
    writeFileSync(file, content);
    const r = await runPrimeos(['factor', file, '--max-line-bytes', '200000']);
    expect(r.code).toBe(1); // some records failed
    const recs = parse(r.stdout);
    expect(recs.map((x) => x.line)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    const byLine = new Map(recs.map((x) => [x.line, x]));
    expect(byLine.get(3)).toMatchObject({ status: 'complete', n: '-15' });
    expect(byLine.get(15)).toMatchObject({ status: 'complete', n: '42' });
    expect(byLine.get(8)!.error!.code).toBe('E_RANGE'); // 10^5 digits: above --max-bits
    expect(byLine.get(9)!.error!.code).toBe('E_RANGE'); // line above --max-line-bytes
    for (const l of [1, 2, 4, 5, 6, 7, 10, 11, 12, 13, 14]) {
      expect(byLine.get(l)).toMatchObject({ status: 'failed', error: { code: 'E_PARSE' } });
    }
    expect(byLine.get(8)!.input!.length).toBeLessThanOrEqual(65);
    const empty = path.join(dir, 'empty.txt');
    writeFileSync(empty, '');
    const e = await runPrimeos(['factor', empty]);
    expect(e.code).toBe(0);
    expect(e.stdout).toBe('');
  });

  it('reports usage errors with exit 2', async () => {
    expect((await runPrimeos(['factor', '--workers', 'many'])).code).toBe(2);
    // a missing input is an I/O error: its own exit code, 3 (README "Exit codes")
    expect((await runPrimeos(['factor', path.join(dir, 'missing.txt')])).code).toBe(3);
    expect(
      (await runPrimeos(['factor', '--checkpoint', path.join(dir, 'x.ckpt'), path.join(root, 'examples/numbers.txt')]))
        .code,
    ).toBe(2);
  });
});

describe('primeos factor --checkpoint / --resume', () => {
  it('after SIGKILL at 20 random moments mid-job, resuming gives output byte-identical to an uninterrupted run', async () => {
    const input = path.join(dir, 'resume.txt');
    const next = rng(4242);
    const rows: string[] = [];
    for (let i = 0; i < 24_000; i++) {
      rows.push(i % 97 === 0 ? 'not-a-number' : i % 89 === 0 ? '' : randomBits(next, 50 + (i % 25)).toString());
    }
    writeFileSync(input, rows.join('\n') + '\n');
    const reference = path.join(dir, 'reference.ndjson');
    const ref = await runPrimeos(['factor', input, '-o', reference, '--workers', '2']);
    expect(ref.code).toBe(1); // the bad lines
    const expected = readFileSync(reference);

    const out = path.join(dir, 'resumed.ndjson');
    const ckpt = path.join(dir, 'job.ckpt');
    const total = expected.toString().split('\n').length - 1;
    const kills = 20;
    let killed = 0;
    type Checkpoint = { records: number; outputBytes: number; done: boolean };
    const checkpoint = (): Checkpoint | undefined => {
      try {
        return JSON.parse(readFileSync(ckpt, 'utf8')) as Checkpoint;
      } catch {
        return undefined; // not written yet
      }
    };
    /**
     * Run the CLI; with a kill plan, SIGKILL it a random 0–150 ms after its checkpoint has passed
     * `afterRecords`, so every kill lands mid-job (between or during writes) whatever the machine's speed.
     */
    const run = (args: string[], kill?: { afterRecords: number; extraMs: number }): Promise<number | null> =>
      new Promise((resolve) => {
        const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'ignore'] });
        let timer: NodeJS.Timeout | undefined;
        const poll = kill
          ? setInterval(() => {
              if (timer || (checkpoint()?.records ?? 0) < kill.afterRecords) return;
              timer = setTimeout(() => {
                killed++;
                child.kill('SIGKILL');
              }, kill.extraMs);
            }, 5)
          : undefined;
        child.on('exit', (code) => {
          clearInterval(poll);
          clearTimeout(timer);
          resolve(code);
        });
      });
    const random = rng(99);
    const positions = new Set<number>(); // committed positions seen between kills
    for (let attempt = 0; killed < kills && attempt < 100; attempt++) {
      const cp = checkpoint();
      if (cp?.done) break;
      const at = cp?.records ?? 0;
      const afterRecords = at + 1 + Math.floor(((total - at) * 0.04 * random()) / 2 ** 32);
      const args = cp
        ? ['factor', '--resume', ckpt, '--workers', '2', '--checkpoint-interval', '10']
        : ['factor', input, '-o', out, '--checkpoint', ckpt, '--workers', '2', '--checkpoint-interval', '10'];
      await run(args, { afterRecords, extraMs: random() % 60 });
      const after = checkpoint();
      if (after && after.outputBytes > 0 && after.outputBytes < expected.length) positions.add(after.records);
    }
    expect(killed).toBeGreaterThanOrEqual(kills);
    expect(positions.size).toBeGreaterThanOrEqual(10); // the kills really landed mid-job
    // finish whatever is left
    const code = checkpoint()?.done ? 1 : await run(['factor', '--resume', ckpt, '--workers', '2']);
    expect(code).toBe(1);
    expect(readFileSync(out).equals(expected)).toBe(true);
  }, 300_000);
});
