import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { runPrimeos } from './cliProcess.js';
import { tempDir } from '../fixtures/tempDir.js';

const dir = tempDir('codec');

describe('primeos encode / decode / verify / run / primes', () => {
  it('round-trips arbitrary bytes through encode | decode, over files and stdin', async () => {
    const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 131 + 7) % 256));
    const file = path.join(dir, 'data.bin');
    writeFileSync(file, bytes);
    const enc = await runPrimeos(['encode', file, '--block-size', '100']);
    expect(enc.code).toBe(0);
    const chunks = enc.stdout.trim().split('\n');
    expect(chunks).toHaveLength(10 + 1000); // 10 block headers + one data chunk per byte
    const dec = await runPrimeos(['decode', '-'], { stdin: enc.stdout });
    expect(dec.code).toBe(0);
    expect(dec.stdoutBytes.equals(bytes)).toBe(true);
    const text = 'Grüße, 世界! 🙂\n';
    const e2 = await runPrimeos(['encode', '-'], { stdin: text });
    const d2 = await runPrimeos(['decode', '-'], { stdin: e2.stdout });
    expect(d2.stdout).toBe(text);
  });

  it('decode refuses a damaged stream and names the problem', async () => {
    const enc = await runPrimeos(['encode', '-'], { stdin: 'abcdef' });
    const lines = enc.stdout.trim().split('\n');
    lines.splice(3, 1); // drop one data chunk
    const dec = await runPrimeos(['decode', '-'], { stdin: lines.join('\n') });
    expect(dec.code).toBe(1);
    expect(dec.stdout).toBe('');
    expect(dec.stderr).toMatch(/E_CHUNK_INVALID|E_CHECKSUM/);
  });

  it('verify gives one verdict per chunk and exits 1 on a corrupted chunk', async () => {
    const enc = await runPrimeos(['encode', '-'], { stdin: 'xy' });
    const lines = enc.stdout.trim().split('\n');
    lines[1] = (BigInt(lines[1]!) * 3n).toString();
    lines.push('not-a-chunk');
    const v = await runPrimeos(['verify', '-'], { stdin: lines.join('\n') + '\n' });
    expect(v.code).toBe(1);
    const recs = v.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { line: number; valid: boolean; code?: string });
    expect(recs.map((r) => r.valid)).toEqual([true, false, true, false]);
    expect(recs[3]!.code).toBe('E_PARSE');
  });

  it('runs a program from assembler text and from its chunks, streaming PRINT output', async () => {
    const asm = 'PUSH 5\nPUSH 3\nADD\nPRINT\nPUSH 2\nPUSH 100\nPOW\nPRINT\n';
    const direct = await runPrimeos(['run', '-'], { stdin: asm });
    expect(direct.code).toBe(0);
    expect(direct.stdout).toBe(`8\n${2n ** 100n}\n`);
    const chunks = await runPrimeos(['encode', '--program', '-'], { stdin: asm });
    const viaChunks = await runPrimeos(['run', '-'], { stdin: chunks.stdout });
    expect(viaChunks.stdout).toBe(direct.stdout);
  });

  it('reports VM limits and bad programs with their codes and exit 1', async () => {
    const loop = await runPrimeos(['run', '-', '--max-steps', '1000'], { stdin: 'start:\nJMP start\n' });
    expect(loop.code).toBe(1);
    expect(loop.stderr).toMatch(/E_VM_STEPS/);
    const noOperand = await runPrimeos(['run', '-'], { stdin: '[{"opcode": 2}]' });
    expect(noOperand.code).toBe(1);
    const bad = await runPrimeos(['run', '-'], { stdin: 'FROB 3\n' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/E_PARSE/);
  });

  it('streams primes from the sieve', async () => {
    const r = await runPrimeos(['primes', '--from', '1000000', '--count', '5']);
    expect(r.stdout.trim().split('\n').map(Number)).toEqual([1000003, 1000033, 1000037, 1000039, 1000081]);
    const range = await runPrimeos(['primes', '--to', '30']);
    expect(range.stdout.trim().split('\n').map(Number)).toEqual([2, 3, 5, 7, 11, 13, 17, 19, 23, 29]);
    expect((await runPrimeos(['primes'])).code).toBe(2);
  });
});
