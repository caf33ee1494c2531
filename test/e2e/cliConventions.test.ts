import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CLI, runPrimeos } from './cliProcess.js';
import { tempDir } from '../fixtures/tempDir.js';

const dir = tempDir('conv');

/** No stack trace and no "internal error" in what a user sees. */
const plain = (stderr: string): void => {
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(stderr).not.toMatch(/internal error/);
  expect(stderr.trim().split('\n')).toHaveLength(1);
};

describe('issue 17 item 10: usage and I/O errors are plain messages with exit 2 or 3', () => {
  it('missing files, directories, unreadable files and bad ranges: exit 3 (I/O) or 2 (usage), one line each', async () => {
    const missing = path.join(dir, 'missing.chunks');
    for (const cmd of ['decode', 'verify', 'run', 'encode', 'factor']) {
      const r = await runPrimeos([cmd, missing]);
      expect([cmd, r.code]).toEqual([cmd, 3]);
      plain(r.stderr);
      expect(r.stderr).toContain(`primeos ${cmd}: ${missing}: no such file or directory`);
    }
    const r = await runPrimeos(['encode', dir]);
    expect(r.code).toBe(3);
    plain(r.stderr);
    expect(r.stderr).toContain(dir);
    const out = await runPrimeos(['factor', '-o', path.join(dir, 'no/such/dir/out.nd')], { stdin: '12\n' });
    expect(out.code).toBe(3);
    plain(out.stderr);
    const secret = path.join(dir, 'secret.txt');
    writeFileSync(secret, '12\n');
    chmodSync(secret, 0o000);
    const root = process.getuid?.() === 0; // root reads anything: then the file is simply read
    const denied = await runPrimeos(['factor', secret]);
    expect(denied.code).toBe(root ? 0 : 3);
    if (!root) expect(denied.stderr).toMatch(/permission denied \(EACCES\)/);
    const range = await runPrimeos(['primes', '--from', '100', '--to', '10']);
    expect(range.code).toBe(2);
    plain(range.stderr);
  });

  it('a resume whose output was deleted is refused with exit 2 and a message', async () => {
    const input = path.join(dir, 'in.txt');
    writeFileSync(input, '12\n15\n');
    const out = path.join(dir, 'o.nd');
    const ck = path.join(dir, 'o.ckpt');
    expect((await runPrimeos(['factor', input, '-o', out, '--checkpoint', ck])).code).toBe(0);
    const cp = JSON.parse(execFileSync('cat', [ck], { encoding: 'utf8' })) as Record<string, unknown>;
    writeFileSync(ck, JSON.stringify({ ...cp, done: false }));
    rmSync(out);
    const r = await runPrimeos(['factor', '--resume', ck]);
    expect(r.code).toBe(2);
    plain(r.stderr);
    expect(r.stderr).toMatch(/output .* is missing/);
  });
});

describe('issue 17 item 11: CLI conventions', () => {
  it('`help factor` shows the factor help; an unknown command says so; bare primeos prints help and exits 2', async () => {
    const help = await runPrimeos(['help', 'factor']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: primeos factor/m);
    const unknown = await runPrimeos(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command 'frobnicate'/);
    const bare = await runPrimeos([]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/^Usage: primeos/m);
    expect(bare.stdout).toBe('');
  });

  it('a FIFO, /dev/stdin and a process substitution are read by every command like a file', () => {
    const fifo = path.join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const sh = (script: string): { stdout: string; status: number | null } => {
      const r = spawnSync('bash', ['-c', script], { encoding: 'utf8', timeout: 30_000 });
      return { stdout: r.stdout, status: r.status };
    };
    const cli = `node "${CLI}"`;
    const chunks = execFileSync(process.execPath, [CLI, 'encode'], { input: 'hi', encoding: 'utf8' });
    const prog = execFileSync(process.execPath, [CLI, 'encode', '--program'], {
      input: 'PUSH 5\nPRINT\n',
      encoding: 'utf8',
    });
    const cases: [string, string, (out: string) => void][] = [
      ['factor', '12\n', (o) => expect(o).toContain('"n":"12"')],
      ['encode', 'hi', (o) => expect(o).toBe(chunks)],
      ['decode', chunks, (o) => expect(o).toBe('hi')],
      ['verify', chunks, (o) => expect(o).toContain('"valid":true')],
      ['run', prog, (o) => expect(o).toBe('5\n')],
    ];
    for (const [cmd, input, check] of cases) {
      const data = path.join(dir, `${cmd}.in`);
      writeFileSync(data, input);
      const viaFifo = sh(`cat "${data}" > "${fifo}" & ${cli} ${cmd} "${fifo}"; s=$?; wait; exit $s`);
      const viaDevStdin = sh(`${cli} ${cmd} /dev/stdin < "${data}"`);
      const viaSubst = sh(`${cli} ${cmd} <(cat "${data}")`);
      for (const r of [viaFifo, viaDevStdin, viaSubst]) {
        expect([cmd, r.status]).toEqual([cmd, 0]);
        check(r.stdout);
      }
    }
  });

  it('run escapes control characters in error messages', async () => {
    const r = await runPrimeos(['run', '-'], { stdin: 'PUSH 1\n\u001b[31mBOGUS\u0007\n' });
    expect(r.code).not.toBe(0);
    expect([...r.stderr].filter((c) => c !== '\n' && (c < ' ' || c === '\u007f'))).toEqual([]);
    expect(r.stderr).toContain('\\u001b');
  });

  it('--format text and NDJSON agree on 0: both count it failed (exit 1)', async () => {
    const nd = await runPrimeos(['factor'], { stdin: '0\n' });
    const text = await runPrimeos(['factor', '--format', 'text'], { stdin: '0\n' });
    expect(JSON.parse(nd.stdout)).toMatchObject({ status: 'failed', error: { code: 'E_RANGE' } });
    expect(nd.code).toBe(1);
    expect(text.code).toBe(nd.code);
    expect(text.stdout).toBe('0:\n'); // GNU factor's line
    expect(text.stderr).toMatch(/^primeos: line 1: /m);
  });
});
