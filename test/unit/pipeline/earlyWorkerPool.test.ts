import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { earlyWorkerPool, readsLargeFile } from '../../../src/pipeline/earlyWorkerPool.js';
import { EAGER_THREADS_BYTES } from '../../../src/stream/workers/eagerThreads.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'primeos-early-'));
  writeFileSync(path.join(dir, 'small.txt'), '12\n');
  writeFileSync(path.join(dir, 'large.txt'), '1234567\n'.repeat(EAGER_THREADS_BYTES / 8 + 1));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const config = (name: string, body: unknown): string => {
  const p = path.join(dir, name);
  writeFileSync(p, typeof body === 'string' ? body : JSON.stringify(body));
  return p;
};
const graph = (input: string, factorOptions: Record<string, unknown> = {}): unknown => ({
  nodes: [
    { id: 'in', type: 'lines', options: { path: input } },
    { id: 'f', type: 'factorize', options: factorOptions },
    { id: 'out', type: 'ndjson', options: { path: 'large.txt' } },
  ],
  edges: [
    { from: 'in', to: 'f' },
    { from: 'f', to: 'out' },
  ],
});

describe('earlyWorkerPool', () => {
  test('no pool for a file that is not a config, or a graph whose factorize nodes choose their workers', async () => {
    expect(await earlyWorkerPool(config('bad.json', '{ not json'))).toBeUndefined();
    expect(await earlyWorkerPool(path.join(dir, 'missing.json'))).toBeUndefined();
    expect(await earlyWorkerPool(config('none.json', { nodes: [{ type: 'lines' }] }))).toBeUndefined();
    expect(await earlyWorkerPool(config('set.json', graph('large.txt', { workers: 1 })))).toBeUndefined();
  });

  test('a pool for default factorize nodes: threads at once only when a source file (not a sink) is large', async () => {
    for (const [name, input, eager] of [
      ['small.json', 'small.txt', false],
      ['large.json', 'large.txt', true],
    ] as const) {
      // relative paths resolve from the config's directory, as loadPipeline resolves them
      expect(readsLargeFile([path.join(dir, input)])).toBe(eager);
      const pool = await earlyWorkerPool(config(name, graph(input)));
      expect(pool).toBeDefined();
      try {
        expect(pool?.threads).toBeGreaterThan(0);
        // an eager pool's threads are there before any task; a lazy one starts none
        expect((pool?.stats.liveThreads ?? 0) > 0).toBe(eager);
      } finally {
        await pool?.destroy();
      }
    }
    expect(readsLargeFile(['-', 42, path.join(dir, 'missing.txt'), dir])).toBe(false);
  });
});
