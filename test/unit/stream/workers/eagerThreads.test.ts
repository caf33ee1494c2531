import { execFileSync } from 'node:child_process';
import { closeSync, openSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  EAGER_THREADS_BYTES,
  IN_THREAD_MS,
  threadStart,
  warrantsEagerThreads,
} from '../../../../src/stream/workers/eagerThreads.js';
import { tempDir } from '../../../fixtures/tempDir.js';

const dir = tempDir('eager');
/** A regular file of exactly the threshold's size and one a byte above it. */
const sized = (): { at: string; above: string } => {
  const at = path.join(dir, 'at.txt');
  const above = path.join(dir, 'above.txt');
  writeFileSync(at, Buffer.alloc(EAGER_THREADS_BYTES, 0x31));
  writeFileSync(above, Buffer.alloc(EAGER_THREADS_BYTES + 1, 0x31));
  return { at, above };
};

describe('warrantsEagerThreads', () => {
  test('a regular file above the threshold, by path or descriptor; not at it, not a directory or a missing file', () => {
    const { at, above } = sized();
    expect(warrantsEagerThreads(at)).toBe(false);
    expect(warrantsEagerThreads(above)).toBe(true);
    expect(warrantsEagerThreads(dir)).toBe(false);
    expect(warrantsEagerThreads(path.join(dir, 'missing.txt'))).toBe(false);
    const fd = openSync(above, 'r');
    try {
      expect(warrantsEagerThreads(fd)).toBe(true);
    } finally {
      closeSync(fd);
    }
    expect(warrantsEagerThreads(-1)).toBe(false);
  });
});

describe('threadStart', () => {
  test('eager above the threshold, in-thread first at or below it, neither for a pipe, a directory or a missing file', () => {
    const { at, above } = sized();
    expect(threadStart(at)).toEqual({ eager: false, inThreadMs: IN_THREAD_MS });
    expect(threadStart(path.join(dir, 'empty.txt'))).toEqual({ eager: false, inThreadMs: 0 }); // missing
    writeFileSync(path.join(dir, 'empty.txt'), '');
    expect(threadStart(path.join(dir, 'empty.txt'))).toEqual({ eager: false, inThreadMs: IN_THREAD_MS });
    expect(threadStart(above)).toEqual({ eager: true, inThreadMs: 0 });
    expect(threadStart(dir)).toEqual({ eager: false, inThreadMs: 0 });
    const fifo = path.join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    expect(threadStart(fifo)).toEqual({ eager: false, inThreadMs: 0 });
  });
});
