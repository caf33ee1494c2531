import { spawn } from 'node:child_process';
import { CLI, runPrimeos } from './cliProcess.js';

const bytesOf = (n: number): Buffer => Buffer.from(Array.from({ length: n }, (_, i) => (i * 37 + 11) % 256));

describe('primeos encode / decode / verify stream block by block', () => {
  it('decode reports a damaged block in the middle, writes every other block, and exits 1', async () => {
    const data = bytesOf(500); // 5 blocks of 100 bytes
    const enc = await runPrimeos(['encode', '-', '--block-size', '100'], { stdin: data.toString('latin1') });
    expect(enc.code).toBe(0);
    // the CLI read the latin1 text as bytes: check what it encoded round-trips first
    const input = Buffer.from(data.toString('latin1'), 'utf8');
    const lines = enc.stdout.trim().split('\n');
    const blockSize = 100;
    const blocks = Math.ceil(input.length / blockSize);
    expect(lines).toHaveLength(blocks + input.length);
    // corrupt one data chunk of block 2 (line: header of block 2 is at 2 * 101)
    const damaged = 2;
    lines[damaged * (blockSize + 1) + 5] = (BigInt(lines[damaged * (blockSize + 1) + 5]!) * 3n).toString();
    const dec = await runPrimeos(['decode', '-'], { stdin: lines.join('\n') + '\n' });
    expect(dec.code).toBe(1);
    const expected = Buffer.concat([input.subarray(0, damaged * blockSize), input.subarray((damaged + 1) * blockSize)]);
    expect(dec.stdoutBytes.equals(expected)).toBe(true);
    expect(dec.stderr).toMatch(/E_CHECKSUM|E_CHUNK_INVALID/);
    expect(dec.stderr).toMatch(/block 2: byte at offset 4 is missing/);
    expect(dec.stderr).toMatch(new RegExp(`1 of ${blocks} blocks damaged`));
    // verify names the one bad chunk and keeps going
    const v = await runPrimeos(['verify', '-'], { stdin: lines.join('\n') + '\n' });
    expect(v.code).toBe(1);
    const verdicts = v.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { valid: boolean; line: number });
    expect(verdicts).toHaveLength(lines.length);
    expect(verdicts.filter((r) => !r.valid).map((r) => r.line)).toEqual([damaged * (blockSize + 1) + 6]);
  });

  it('decode writes the first blocks before its input ends (it does not hold the stream)', async () => {
    const data = bytesOf(4096);
    const enc = await runPrimeos(['encode', '-', '--block-size', '64'], { stdin: data.toString('latin1') });
    const input = Buffer.from(data.toString('latin1'), 'utf8');
    const lines = enc.stdout.split('\n');
    const half = Math.floor(lines.length / 2);
    const child = spawn(process.execPath, [CLI, 'decode', '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let firstOutput: (() => void) | undefined;
    const gotOutput = new Promise<void>((resolve) => (firstOutput = resolve));
    child.stdout.on('data', (d: Buffer) => {
      out.push(d);
      firstOutput?.();
    });
    const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    // the first half of the lines, stdin left open: decoded bytes must arrive now
    child.stdin.write(lines.slice(0, half).join('\n') + '\n');
    await gotOutput;
    const early = Buffer.concat(out).length;
    expect(early).toBeGreaterThan(0);
    expect(early).toBeLessThan(input.length);
    child.stdin.end(lines.slice(half).join('\n'));
    expect(await closed).toBe(0);
    clearTimeout(timer);
    expect(Buffer.concat(out).equals(input)).toBe(true);
  });

  it('encode streams: its output for a prefix of the input comes before the input ends', async () => {
    const child = spawn(process.execPath, [CLI, 'encode', '-', '--block-size', '16'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let text = '';
    let firstOutput: (() => void) | undefined;
    const gotOutput = new Promise<void>((resolve) => (firstOutput = resolve));
    child.stdout.setEncoding('latin1').on('data', (d: string) => {
      text += d;
      firstOutput?.();
    });
    const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdin.write('x'.repeat(100));
    await gotOutput;
    expect(text.length).toBeGreaterThan(0);
    child.stdin.end('y'.repeat(100));
    expect(await closed).toBe(0);
    clearTimeout(timer);
    const dec = await runPrimeos(['decode', '-'], { stdin: text });
    expect(dec.stdout).toBe('x'.repeat(100) + 'y'.repeat(100));
  });

  it('decode --max-chunks stops early with exit 1 and says why', async () => {
    const enc = await runPrimeos(['encode', '-'], { stdin: 'hello world' });
    const dec = await runPrimeos(['decode', '-', '--max-chunks', '3'], { stdin: enc.stdout });
    expect(dec.code).toBe(1);
    expect(dec.stderr).toMatch(/stopped after 3 chunks/);
  });
});
