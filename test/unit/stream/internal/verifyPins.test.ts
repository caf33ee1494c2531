import { createHash } from 'node:crypto';
import { statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { verifyInputPin, verifyOutputPin } from '../../../../src/stream/internal/verifyPins.js';
import { tempDir } from '../../../fixtures/tempDir.js';

const dir = tempDir('pins');

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
const code = (f: () => unknown): unknown => {
  try {
    f();
  } catch (err) {
    return [(err as { code: string }).code, (err as Error).message];
  }
  return 'no error';
};

describe('verifyInputPin / verifyOutputPin', () => {
  test('a file as pinned passes and its running hash continues from the committed prefix', () => {
    const f = path.join(dir, 'in.txt');
    writeFileSync(f, '12\n34\n56\n');
    const st = statSync(f);
    const h = verifyInputPin(f, { size: st.size, mtimeMs: st.mtimeMs, sha256: sha('12\n34\n') }, 6, 'the job');
    expect(h.length).toBe(6);
    h.append('56\n');
    expect(h.digest()).toBe(sha('12\n34\n56\n'));
    const o = verifyOutputPin(f, 3, sha('12\n'), 'the job');
    expect(o.length).toBe(3);
  });

  test('a changed size, time or prefix, a missing, short or altered output: E_CHECKPOINT naming it', () => {
    const f = path.join(dir, 'in2.txt');
    writeFileSync(f, 'abcdef');
    const st = statSync(f);
    const pin = { size: st.size, mtimeMs: st.mtimeMs, sha256: sha('abc') };
    expect(code(() => verifyInputPin(f, { ...pin, size: 5 }, 3, 'the run'))).toEqual([
      'E_CHECKPOINT',
      expect.stringMatching(/changed since the run started \(size 5 → 6/),
    ]);
    expect(code(() => verifyInputPin(f, { ...pin, mtimeMs: pin.mtimeMs - 1000 }, 3, 'the run'))).toEqual([
      'E_CHECKPOINT',
      expect.stringMatching(/changed since the run started/),
    ]);
    expect(code(() => verifyInputPin(f, { ...pin, sha256: sha('abd') }, 3, 'the run'))).toEqual([
      'E_CHECKPOINT',
      expect.stringMatching(/differs from the checkpoint in its first 3 bytes; restart the run/),
    ]);
    expect(code(() => verifyInputPin(path.join(dir, 'gone'), pin, 3, 'the run'))).toEqual([
      'E_CHECKPOINT',
      expect.stringMatching(/is missing/),
    ]);
    expect(code(() => verifyOutputPin(f, 7, sha('abcdefg'), 'the run'))).toEqual([
      'E_CHECKPOINT',
      expect.stringMatching(/has 6 bytes, fewer than the 7 committed/),
    ]);
    expect(code(() => verifyOutputPin(f, 2, sha('ax'), 'the run'))).toEqual([
      'E_CHECKPOINT',
      expect.stringMatching(/output .* differs from the checkpoint in its first 2 bytes/),
    ]);
    expect(code(() => verifyOutputPin(path.join(dir, 'gone'), 0, sha(''), 'the run'))).toEqual([
      'E_CHECKPOINT',
      expect.stringMatching(/output .* is missing/),
    ]);
  });
});
