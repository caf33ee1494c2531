import { createHash } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CLI, runPrimeos, startPrimeos, waitFor } from './cliProcess.js';

let dir: string;
let input: string;
let reference: Buffer;
/** A job long enough to signal (15,000 numbers below 2^64) and its uninterrupted output. */
let long: string;
let longReference: Buffer;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'primeos-safe-'));
  input = path.join(dir, 'in.txt');
  // 400 lines, some of them bad or blank, numbers of 20–70 bits
  const rows: string[] = [];
  let x = 123456789n;
  for (let i = 0; i < 400; i++) {
    x = (x * 6364136223846793005n + 1442695040888963407n) % 2n ** 64n;
    rows.push(i % 53 === 7 ? 'oops' : i % 61 === 5 ? '' : (x >> BigInt(i % 44)).toString());
  }
  writeFileSync(input, rows.join('\n') + '\n');
  const ref = await runPrimeos(['factor', input, '--workers', '0']);
  expect(ref.code).toBe(1);
  reference = ref.stdoutBytes;
  long = path.join(dir, 'long.txt');
  let y = 987654321n;
  const nums: bigint[] = [];
  for (let i = 0; i < 15000; i++) nums.push((y = (y * 6364136223846793005n + 1442695040888963407n) % 2n ** 64n));
  writeFileSync(long, nums.join('\n') + '\n');
  const whole = await runPrimeos(['factor', long]);
  expect(whole.code).toBe(0);
  longReference = whole.stdoutBytes;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const newline = (b: Buffer, count: number): number => {
  let at = -1;
  for (let i = 0; i < count; i++) at = b.indexOf(0x0a, at + 1);
  return at + 1;
};

/**
 * A valid mid-job state made by hand: the output holds the first `records` records of the reference and the
 * checkpoint (with correct fingerprints) says so. Each case then damages one thing.
 */
function midJob(name: string, records = 100): { out: string; ck: string; cp: Record<string, unknown> } {
  const out = path.join(dir, `${name}.nd`);
  const ck = path.join(dir, `${name}.ckpt`);
  const outBytes = reference.subarray(0, newline(reference, records));
  const last = JSON.parse(outBytes.toString().trim().split('\n').at(-1)!) as { line: number };
  const inBytes = readFileSync(input);
  const inputOffset = newline(inBytes, last.line);
  const lines = outBytes.toString().trim().split('\n');
  const st = statSync(input);
  const cp = {
    version: 2,
    inputPath: input,
    outputPath: out,
    inputOffset,
    lines: last.line,
    records,
    failed: lines.filter((l) => l.includes('"failed"')).length,
    partial: 0,
    outputBytes: outBytes.length,
    settings: {
      input: 'auto',
      format: 'ndjson',
      budgetMs: 60000,
      seed: 1,
      maxBits: 4096,
      maxLineBytes: 1048576,
      hex: false,
      timings: false,
    },
    done: false,
    input: { size: st.size, mtimeMs: st.mtimeMs, sha256: sha(inBytes.subarray(0, inputOffset)) },
    output: { sha256: sha(outBytes) },
  };
  writeFileSync(out, outBytes);
  writeFileSync(ck, JSON.stringify(cp));
  return { out, ck, cp };
}

const refused = async (args: string[], out: string): Promise<string> => {
  const before = readFileSync(out);
  const r = await runPrimeos(args);
  expect(r.code).toBe(2);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(readFileSync(out).equals(before)).toBe(true); // nothing truncated or appended
  return r.stderr;
};

describe('issue 17 item 1: a resume never writes wrong output', () => {
  it('a valid checkpoint resumes byte-identically; a changed input, changed output, conflicting flag or bad field is refused with exit 2', async () => {
    const ok = midJob('ok');
    const resumed = await runPrimeos(['factor', '--resume', ok.ck, '--workers', '0']);
    expect(resumed.code).toBe(1);
    expect(readFileSync(ok.out).equals(reference)).toBe(true);

    // the output's committed bytes were changed
    const tampered = midJob('tampered');
    const bytes = readFileSync(tampered.out);
    bytes[10] = bytes[10] === 0x31 ? 0x32 : 0x31;
    writeFileSync(tampered.out, bytes);
    expect(await refused(['factor', '--resume', tampered.ck], tampered.out)).toMatch(/differs from the checkpoint/);

    // conflicting flags
    const flags = midJob('flags');
    for (const extra of [
      ['--format', 'text'],
      ['--hex'],
      ['--budget-ms', '5'],
      ['--seed', '7'],
      ['-o', path.join(dir, 'other.nd')],
    ]) {
      expect(await refused(['factor', '--resume', flags.ck, ...extra], flags.out)).toMatch(/conflicts/);
    }
    // the same values as the checkpoint are not a conflict
    const same = await runPrimeos(['factor', '--resume', flags.ck, '--seed', '1', '--workers', '0', '-o', flags.out]);
    expect(same.code).toBe(1);
    expect(readFileSync(flags.out).equals(reference)).toBe(true);

    // invalid fields
    const fields = midJob('fields');
    // (every field rule is unit-tested in test/unit/stream/jobs/JobCheckpoint.test.ts)
    for (const patch of [{ outputBytes: -1 }, { inputOffset: '12' }, { settings: { format: 'ndjson' } }]) {
      writeFileSync(fields.ck, JSON.stringify({ ...fields.cp, ...patch }));
      expect(await refused(['factor', '--resume', fields.ck], fields.out)).toMatch(/not a valid primeos checkpoint/);
    }

    // the input changed: shrunk, grown, or same size with other bytes
    const inputCopy = readFileSync(input);
    try {
      for (const change of [
        inputCopy.subarray(0, 1000),
        Buffer.concat([inputCopy, Buffer.from('712\n')]),
        Buffer.from(inputCopy.toString().replace(/^(\d)/, (d) => String((Number(d) + 1) % 10))),
      ]) {
        const changed = midJob('changed');
        writeFileSync(input, change);
        expect(await refused(['factor', '--resume', changed.ck], changed.out)).toMatch(/input .* (changed|differs)/);
        writeFileSync(input, inputCopy);
      }
    } finally {
      writeFileSync(input, inputCopy);
    }
  });
});

describe('issue 17 item 2: the same file twice is refused', () => {
  it('-o the input, --checkpoint the input or the output (also via another path or a hard link): exit 2, files untouched', async () => {
    const data = path.join(dir, 'data.txt');
    writeFileSync(data, '12\n15\n');
    const out = path.join(dir, 'same.nd');
    writeFileSync(out, 'precious\n');
    const link = path.join(dir, 'link.txt');
    execFileSync('ln', [data, link]);
    for (const args of [
      ['factor', data, '-o', data],
      ['factor', data, '-o', path.join(dir, '.', 'data.txt')],
      ['factor', data, '-o', link],
      ['factor', data, '-o', out, '--checkpoint', data],
      ['factor', data, '-o', out, '--checkpoint', out],
    ]) {
      const r = await runPrimeos(args);
      expect([args.join(' '), r.code]).toEqual([args.join(' '), 2]);
      expect(r.stderr).toMatch(/same file/);
    }
    expect(readFileSync(data, 'utf8')).toBe('12\n15\n');
    expect(readFileSync(out, 'utf8')).toBe('precious\n');
  });
});

describe('issue 17 item 3: one process per checkpoint', () => {
  it('a resume while the job runs is refused (lock with pid); a stale lock is taken over', async () => {
    const big = long;
    const out = path.join(dir, 'big.nd');
    const ck = path.join(dir, 'big.ckpt');
    const job = startPrimeos([
      'factor',
      big,
      '-o',
      out,
      '--checkpoint',
      ck,
      '--workers',
      '1',
      '--checkpoint-interval',
      '0',
    ]);
    await waitFor(() => existsSync(`${ck}.lock`) && existsSync(ck));
    const lockPid = Number(readFileSync(`${ck}.lock`, 'utf8'));
    expect(lockPid).toBe(job.child.pid);
    const second = await runPrimeos(['factor', '--resume', ck]);
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(new RegExp(`running \\(pid ${lockPid}`));
    job.child.kill('SIGKILL');
    await job.done;
    // the lock of the killed job is stale: a resume takes it over and finishes the job correctly
    expect(readFileSync(`${ck}.lock`, 'utf8').trim()).toBe(String(lockPid));
    const resumed = await runPrimeos(['factor', '--resume', ck]);
    expect(resumed.code).toBe(0);
    expect(existsSync(`${ck}.lock`)).toBe(false);
    expect(readFileSync(out).equals(longReference)).toBe(true);
  });
});

describe('issue 17 item 5: checkpoints are atomic and durable', () => {
  it('the output is fsynced before each checkpoint; the checkpoint is written to a temp file, fsynced, renamed, and its directory fsynced', () => {
    const small = path.join(dir, 'small.txt');
    writeFileSync(small, Array.from({ length: 300 }, (_, i) => String(1000 + i)).join('\n'));
    const out = path.join(dir, 'small.nd');
    const ck = path.join(dir, 'small.ckpt');
    const log = path.join(dir, 'strace.log');
    const r = spawnSync(
      'strace',
      [
        '-f',
        '-y',
        '-e',
        'trace=fsync,fdatasync,rename,renameat,renameat2,write,pwrite64',
        '-o',
        log,
        process.execPath,
        CLI,
        'factor',
        small,
        '-o',
        out,
        '--checkpoint',
        ck,
        '--workers',
        '0',
        '--batch',
        '1',
        '--checkpoint-interval',
        '0',
      ],
      { encoding: 'utf8', timeout: 30_000 },
    );
    expect(r.status).toBe(0);
    const calls = readFileSync(log, 'utf8')
      .split('\n')
      .map((l) => l.replace(/^\d+\s+/, ''))
      .filter((l) => /^(fsync|fdatasync|rename|write|pwrite64)/.test(l) && (l.includes(dir) || l.startsWith('rename')));
    const renames = calls.flatMap((l, i) => (/^rename/.test(l) && l.includes(ck) ? [i] : []));
    expect(renames.length).toBeGreaterThanOrEqual(3);
    let lastOutputWrite = -1;
    let lastOutputSync = -1;
    for (const [i, l] of calls.entries()) {
      if (/^(write|pwrite64)\(\d+<[^>]*small\.nd>/.test(l)) lastOutputWrite = i;
      if (/^f(data)?sync\(\d+<[^>]*small\.nd>/.test(l)) lastOutputSync = i;
      if (!renames.includes(i)) continue;
      // every output byte written before this checkpoint was fsynced before it
      expect(lastOutputSync).toBeGreaterThan(lastOutputWrite);
      expect(calls[i - 1]).toMatch(/^f(data)?sync\(\d+<[^>]*small\.ckpt\.tmp-\d+>/);
      expect(calls[i + 1]).toMatch(new RegExp(`^fsync\\(\\d+<${dir.replace(/[/.]/g, '\\$&')}>`));
    }
    expect(JSON.parse(readFileSync(ck, 'utf8'))).toMatchObject({ done: true, records: 300 });
  });
});

describe('issue 17 item 8: signals stop a job cleanly', () => {
  const numbers = (): string => long;

  it('SIGINT on a -o job exits 130 without a stack trace, its checkpoint resumes to the exact output; SIGTERM exits 143', async () => {
    const file = numbers();
    const out = path.join(dir, 'sig.nd');
    const ck = path.join(dir, 'sig.ckpt');
    for (const [i, [sig, code]] of (
      [
        ['SIGINT', 130],
        ['SIGTERM', 143],
        ['SIGINT', 130],
      ] as const
    ).entries()) {
      const args =
        i === 0
          ? ['factor', file, '-o', out, '--checkpoint', ck, '--checkpoint-interval', '0']
          : ['factor', '--resume', ck, '--checkpoint-interval', '0'];
      const before = i === 0 ? 0 : (JSON.parse(readFileSync(ck, 'utf8')) as { records: number }).records;
      const job = startPrimeos([...args, '--workers', '1']);
      await waitFor(
        () => existsSync(ck) && (JSON.parse(readFileSync(ck, 'utf8')) as { records: number }).records > before,
      );
      job.child.kill(sig);
      const r = await job.done;
      expect([sig, r.code]).toEqual([sig, code]);
      expect(r.stderr).not.toMatch(/ERR_STREAM|^\s+at |internal error/m);
      expect(r.stderr).toMatch(new RegExp(`stopped by ${sig}: checkpoint saved`));
    }
    const last = await runPrimeos(['factor', '--resume', ck]);
    expect(last.code).toBe(0);
    expect(readFileSync(out).equals(longReference)).toBe(true);
  });

  it('without a checkpoint, SIGINT on a -o job says nothing about a checkpoint', async () => {
    const out = path.join(dir, 'sig2.nd');
    const job = startPrimeos(['factor', numbers(), '-o', out, '--workers', '1']);
    await waitFor(() => existsSync(out) && statSync(out).size > 0);
    job.child.kill('SIGINT');
    const r = await job.done;
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/stopped by SIGINT/);
    expect(r.stderr).not.toMatch(/checkpoint|ERR_STREAM|^\s+at /m);
  });
});

describe('issue 17 item 9: slow stdin', () => {
  it('a record is written while stdin is still open (flush after a short idle time)', async () => {
    const job = startPrimeos(['factor', '--workers', '0'], { stdin: false });
    job.child.stdin.write('12\n');
    await waitFor(() => job.stdout().includes('"n":"12"'), 5000);
    expect(job.child.exitCode).toBeNull(); // still waiting for more input
    job.child.stdin.write('15\n');
    await waitFor(() => job.stdout().includes('"n":"15"'), 5000);
    job.child.stdin.end();
    const r = await job.done;
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(2);
  });
});
