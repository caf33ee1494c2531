import { Writable } from 'node:stream';
import fc from 'fast-check';
import { loadPipeline } from '../../../src/pipeline/loadPipeline.js';
import type { PipelineGraph } from '../../../src/pipeline/PipelineGraph.js';
import { PipelinePool } from '../../../src/pipeline/PipelinePool.js';
import { runPipeline } from '../../../src/pipeline/runPipeline.js';

/** A sink that takes a little time per write, so pipelines overlap. */
const slowSink = (): Writable =>
  new Writable({
    write(_c, _e, cb) {
      setTimeout(cb, 1);
    },
  });

let graph: PipelineGraph;
beforeAll(async () => {
  graph = await loadPipeline({
    capacity: 2,
    nodes: [
      { id: 'p', type: 'primes', options: { count: 6 } },
      { id: 'out', type: 'stdout' },
    ],
    edges: [{ from: 'p', to: 'out' }],
  });
});

describe('PipelinePool', () => {
  it('never runs more than N real pipelines; queues up to M; rejects the rest with E_POOL_FULL; drain waits for all', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 1, max: 8 }),
        async (n, m, k) => {
          let active = 0;
          let maxActive = 0;
          const pool = new PipelinePool({
            maxConcurrent: n,
            maxQueued: m,
            // the real runner, observed from outside the pool
            run: async (g, o) => {
              active++;
              maxActive = Math.max(maxActive, active);
              try {
                return await runPipeline(g, o);
              } finally {
                active--;
              }
            },
          });
          const results = await Promise.allSettled(
            Array.from({ length: k }, () => pool.submit(graph, { stdout: slowSink() })),
          );
          await pool.drain();
          const rejected = results.filter((r) => r.status === 'rejected');
          expect(maxActive).toBeLessThanOrEqual(n);
          expect(maxActive).toBe(Math.min(n, k));
          expect(rejected).toHaveLength(Math.max(0, k - n - m));
          for (const r of rejected) expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'E_POOL_FULL' });
          for (const r of results) if (r.status === 'fulfilled') expect(r.value.status).toBe('completed');
          expect(pool.stats).toMatchObject({ running: 0, queued: 0, maxRunning: maxActive, rejected: rejected.length });
          await expect(pool.submit(graph)).rejects.toMatchObject({ code: 'E_STATE' });
        },
      ),
      { numRuns: 25 },
    );
  });

  it('close() aborts what runs and rejects what waits', async () => {
    const pool = new PipelinePool({ maxConcurrent: 1, maxQueued: 2 });
    const long = await loadPipeline({
      nodes: [
        { id: 'p', type: 'primes', options: { count: 1_000_000 } },
        { id: 'out', type: 'stdout' },
      ],
      edges: [{ from: 'p', to: 'out' }],
    });
    const running = pool.submit(long, { stdout: slowSink() });
    const queued = pool.submit(graph, { stdout: slowSink() }).catch((err: unknown) => err);
    await new Promise((r) => setTimeout(r, 20));
    await pool.close();
    await expect(running).resolves.toMatchObject({ status: 'aborted' });
    await expect(queued).resolves.toMatchObject({ code: 'E_ABORTED' });
  });
});
