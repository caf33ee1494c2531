import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { encodeBytes } from '../../../src/encoding/index.js';
import { loadPipeline } from '../../../src/pipeline/loadPipeline.js';
import type { PipelineConfig } from '../../../src/pipeline/PipelineConfig.js';
import { runPipeline, type PipelineRunSummary } from '../../../src/pipeline/runPipeline.js';
import { tempDir } from '../../fixtures/tempDir.js';

const dir = tempDir('run');

/** A Writable that collects what it gets, taking `delayMs` per write. */
function collector(delayMs = 0, onWrite?: (text: string) => void): Writable & { text: () => string } {
  const parts: string[] = [];
  const w = new Writable({
    write(chunk: Buffer, _enc, cb) {
      const t = chunk.toString('utf8');
      parts.push(t);
      onWrite?.(t);
      if (delayMs > 0) setTimeout(cb, delayMs);
      else cb();
    },
  });
  return Object.assign(w, { text: () => parts.join('') });
}

/** A stdin of `count` numbered lines that counts how many were pulled. */
function countingStdin(count: number): { stream: Readable; pulled: () => number } {
  let pulled = 0;
  function* lines(): Generator<string> {
    for (let i = 1; i <= count; i++) {
      pulled++;
      yield `${i}\n`;
    }
  }
  return { stream: Readable.from(lines(), { objectMode: false, highWaterMark: 64 }), pulled: () => pulled };
}

const node = (s: PipelineRunSummary, id: string) => s.nodes.find((n) => n.id === id);

describe('runPipeline', () => {
  test('fanout delivers every item to every branch, and a slow branch slows the source (bounded lag)', async () => {
    const N = 3000;
    const stdin = countingStdin(N);
    let maxLag = 0;
    let seen = 0;
    const slow = collector(1, (t) => {
      seen += t.split('\n').length - 1;
      maxLag = Math.max(maxLag, stdin.pulled() - seen);
    });
    const cfg: PipelineConfig = {
      capacity: 8,
      nodes: [
        { id: 'in', type: 'lines', options: { path: '-' } },
        { id: 'fast', type: 'text', options: { path: 'fast.txt' } },
        { id: 'twice', type: 'map', options: { select: 'int(item) * 2' } },
        { id: 'slow', type: 'stdout' },
      ],
      edges: [
        { from: 'in', to: 'fast' },
        { from: 'in', to: 'twice' },
        { from: 'twice', to: 'slow' },
      ],
    };
    const s = await runPipeline(await loadPipeline(cfg, { baseDir: dir }), { stdin: stdin.stream, stdout: slow });
    expect(s.status).toBe('completed');
    const want = Array.from({ length: N }, (_, i) => i + 1);
    expect(readFileSync(path.join(dir, 'fast.txt'), 'utf8')).toBe(want.map((i) => `${i}\n`).join(''));
    expect(slow.text()).toBe(want.map((i) => `${i * 2}\n`).join(''));
    // the source never ran ahead of the slow sink by more than the channels, node credits and read buffers hold
    expect(maxLag).toBeLessThan(400);
    for (const n of s.nodes) for (const c of n.channels) expect(c.maxFill).toBeLessThanOrEqual(c.capacity);
    expect(node(s, 'in')?.out).toBe(N);
    expect(node(s, 'fast')?.out).toBe(N);
    expect(node(s, 'slow')?.out).toBe(N);
  });

  test('a drop-oldest edge lets the other branch run at full speed; what it drops is counted', async () => {
    const N = 3000;
    const stdin = countingStdin(N);
    const slow = collector(2);
    const cfg: PipelineConfig = {
      nodes: [
        { id: 'in', type: 'lines', options: { path: '-' } },
        { id: 'fast', type: 'text', options: { path: 'fast2.txt' } },
        { id: 'slow', type: 'stdout' },
      ],
      edges: [
        { from: 'in', to: 'fast', capacity: 16 },
        { from: 'in', to: 'slow', capacity: 4, overflow: 'drop-oldest' },
      ],
    };
    const s = await runPipeline(await loadPipeline(cfg, { baseDir: dir }), { stdin: stdin.stream, stdout: slow });
    expect(s.status).toBe('completed');
    expect(readFileSync(path.join(dir, 'fast2.txt'), 'utf8').split('\n')).toHaveLength(N + 1);
    const lossy = node(s, 'slow')?.channels[0];
    expect(lossy?.dropped).toBeGreaterThan(0);
    expect((lossy?.dropped ?? 0) + (lossy?.delivered ?? 0)).toBe(N);
    const got = slow.text().trim().split('\n').map(Number);
    expect(got[got.length - 1]).toBe(N); // the newest items survive
    expect(got).toEqual([...got].sort((a, b) => a - b));
  });

  test.each([
    ['skip', 'skip', '2\n6\n', { errors: 2, skipped: 2, substituted: 0 }],
    ['default(value)', 'default("-1")', '2\n-2\n6\n-2\n', { errors: 2, skipped: 0, substituted: 2 }],
  ])('error policy %s: counts in the metrics, the stream goes on', async (_name, onError, output, counts) => {
    writeFileSync(path.join(dir, 'mixed.txt'), '1\nx\n3\n0x\n');
    const out = collector();
    const cfg = {
      nodes: [
        { id: 'in', type: 'lines', options: { path: 'mixed.txt' } },
        { id: 'parse', type: 'parse', onError, options: { input: 'lines' } },
        { id: 'double', type: 'map', options: { select: 'item * 2' } },
        { id: 'out', type: 'stdout' },
      ],
      edges: [
        { from: 'in', to: 'parse' },
        { from: 'parse', to: 'double' },
        { from: 'double', to: 'out' },
      ],
    } as PipelineConfig;
    const s = await runPipeline(await loadPipeline(cfg, { baseDir: dir }), { stdout: out });
    expect(s.status).toBe('completed');
    expect(out.text()).toBe(output);
    expect(node(s, 'parse')).toMatchObject({ in: 4, ...counts });
    expect(node(s, 'parse')?.recentErrors.map((e) => e.code)).toEqual(['E_PARSE', 'E_PARSE']);
  });

  test('propagate stops the whole graph with the failing node and code', async () => {
    writeFileSync(path.join(dir, 'bad.txt'), '1\n2\nnope\n4\n');
    const cfg: PipelineConfig = {
      nodes: [
        { id: 'in', type: 'lines', options: { path: 'bad.txt' } },
        { id: 'parse', type: 'parse', options: { input: 'lines' } },
        { id: 'out', type: 'stdout' },
      ],
      edges: [
        { from: 'in', to: 'parse' },
        { from: 'parse', to: 'out' },
      ],
    };
    const s = await runPipeline(await loadPipeline(cfg, { baseDir: dir }), { stdout: collector() });
    expect(s.status).toBe('failed');
    if (s.status === 'failed') expect(s.error).toMatchObject({ node: 'parse', code: 'E_PARSE' });
  });

  test('merge takes several inputs in turn (when both wait, neither starves) and delivers all of them', async () => {
    writeFileSync(path.join(dir, 'a.txt'), Array.from({ length: 500 }, (_, i) => `a${i}`).join('\n') + '\n');
    writeFileSync(path.join(dir, 'b.txt'), Array.from({ length: 500 }, (_, i) => `b${i}`).join('\n') + '\n');
    const out = collector(1);
    const cfg: PipelineConfig = {
      capacity: 4,
      nodes: [
        { id: 'a', type: 'lines', options: { path: 'a.txt' } },
        { id: 'b', type: 'lines', options: { path: 'b.txt' } },
        { id: 'both', type: 'filter', options: { where: 'true' } },
        { id: 'out', type: 'stdout' },
      ],
      edges: [
        { from: 'a', to: 'both' },
        { from: 'b', to: 'both' },
        { from: 'both', to: 'out' },
      ],
    };
    const s = await runPipeline(await loadPipeline(cfg, { baseDir: dir }), { stdout: out });
    expect(s.status).toBe('completed');
    const lines = out.text().trim().split('\n');
    expect([...lines].sort()).toEqual(
      [...Array.from({ length: 500 }, (_, i) => `a${i}`), ...Array.from({ length: 500 }, (_, i) => `b${i}`)].sort(),
    );
    // fair: with a slow consumer both inputs wait, and the first 200 items take from both
    const head = lines.slice(0, 200);
    expect(head.filter((l) => l.startsWith('a')).length).toBeGreaterThan(60);
    expect(head.filter((l) => l.startsWith('b')).length).toBeGreaterThan(60);
  });

  test('an abort stops every node: status aborted', async () => {
    const controller = new AbortController();
    const cfg: PipelineConfig = {
      nodes: [
        { id: 'p', type: 'primes', options: { count: 10_000_000 } },
        { id: 'out', type: 'stdout' },
      ],
      edges: [{ from: 'p', to: 'out' }],
    };
    const slow = collector(5);
    setTimeout(() => controller.abort(), 50);
    const s = await runPipeline(await loadPipeline(cfg), { stdout: slow, signal: controller.signal });
    expect(s.status).toBe('aborted');
    expect(node(s, 'p')?.out).toBeLessThan(10_000);
  });

  test('decode streams: a block is written as soon as the next header closes it, before the input ends', async () => {
    const bytes = new Uint8Array(40).map((_, i) => i + 1);
    const chunks = encodeBytes(bytes, { blockSize: 8 }).map((c) => `${c}\n`);
    const stdin = new PassThrough();
    const cfg: PipelineConfig = {
      nodes: [
        { id: 'in', type: 'chunks', options: { path: '-' } },
        { id: 'decode', type: 'decode' },
        { id: 'out', type: 'stdout' },
      ],
      edges: [
        { from: 'in', to: 'decode' },
        { from: 'decode', to: 'out' },
      ],
    };
    const got: Buffer[] = [];
    let firstBlock: () => void = () => undefined;
    const written = new Promise<void>((resolve) => (firstBlock = resolve));
    const out = new Writable({
      write(chunk: Buffer, _enc, cb) {
        got.push(chunk);
        firstBlock();
        cb();
      },
    });
    const run = runPipeline(await loadPipeline(cfg), { stdin, stdout: out });
    // the first block (9 chunks) and the header of the second: the first block is closed
    stdin.write(chunks.slice(0, 10).join(''));
    await written;
    expect(Buffer.concat(got)).toEqual(Buffer.from(bytes.subarray(0, 8)));
    stdin.end(chunks.slice(10).join(''));
    const s = await run;
    expect(s.status).toBe('completed');
    expect(Buffer.concat(got)).toEqual(Buffer.from(bytes));
    expect(node(s, 'decode')?.out).toBe(5);
  });
});
