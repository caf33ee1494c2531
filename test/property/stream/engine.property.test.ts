import fc from 'fast-check';
import { StreamPipeline } from '../../../src/stream/StreamPipeline.js';

/** A pipeline context over the given credits, no processor. */
const ctx = (bufferSize: number) => () => ({
  bufferSize,
  enableBackpressure: true,
  timeoutMs: 0,
  errorTolerance: 0,
  memoryLimit: 2 ** 40,
  retryAttempts: 1,
  retryDelay: 0,
  maxConcurrency: 2,
});

describe('the engine under any interleaving (fc.scheduler)', () => {
  it('parallel(n): output = f(input) in input order, nothing lost, items in flight ≤ bufferSize', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.array(fc.integer({ min: -100, max: 100 }), { maxLength: 30 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 5 }),
        async (s, input, bufferSize, concurrency) => {
          let pulled = 0;
          let written = 0;
          let maxInFlight = 0;
          async function* source(): AsyncGenerator<number> {
            for (const x of input) {
              await s.schedule(Promise.resolve(), 'source');
              pulled++;
              maxInFlight = Math.max(maxInFlight, pulled - written);
              yield x;
            }
          }
          const out: number[] = [];
          const run = new StreamPipeline(ctx(bufferSize))
            .source(source())
            .asyncTransform((x: number) => s.schedule(Promise.resolve(x * 2 + 1), 'work'))
            .parallel(concurrency)
            .sink(async (y) => {
              await s.schedule(Promise.resolve(), 'write');
              out.push(y);
              written++;
            });
          await s.waitFor(run);
          await run;
          expect(out).toEqual(input.map((x) => x * 2 + 1));
          expect(maxInFlight).toBeLessThanOrEqual(bufferSize);
        },
      ),
      { numRuns: 150, timeout: 5000 },
    );
  });

  it('distribute(partitionFn): every item once, order kept within each partition, items in flight ≤ bufferSize', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.array(fc.record({ key: fc.integer({ min: 0, max: 3 }), v: fc.integer() }), { maxLength: 30 }),
        fc.integer({ min: 1, max: 6 }),
        async (s, input, bufferSize) => {
          let pulled = 0;
          let written = 0;
          let maxInFlight = 0;
          let running = new Map<number, number>();
          let overlapInPartition = false;
          async function* source(): AsyncGenerator<{ key: number; v: number; i: number }> {
            for (const [i, x] of input.entries()) {
              await s.schedule(Promise.resolve(), 'source');
              pulled++;
              maxInFlight = Math.max(maxInFlight, pulled - written);
              yield { ...x, i };
            }
          }
          const out: { key: number; v: number; i: number }[] = [];
          const run = new StreamPipeline(ctx(bufferSize))
            .source(source())
            .asyncTransform(async (x: { key: number; v: number; i: number }) => {
              const r = running.get(x.key) ?? 0;
              if (r > 0) overlapInPartition = true;
              running.set(x.key, r + 1);
              await s.schedule(Promise.resolve(), `work ${x.key}`);
              running.set(x.key, (running.get(x.key) ?? 1) - 1);
              return x;
            })
            .distribute((x) => x.key)
            .sink(async (y) => {
              out.push(y);
              written++;
            });
          await s.waitFor(run);
          await run;
          running = new Map();
          expect([...out].sort((a, b) => a.i - b.i).map((x) => x.i)).toEqual(input.map((_, i) => i));
          for (const key of [0, 1, 2, 3]) {
            const mine = out.filter((x) => x.key === key).map((x) => x.i);
            expect(mine).toEqual([...mine].sort((a, b) => a - b));
          }
          expect(overlapInPartition).toBe(false);
          expect(maxInFlight).toBeLessThanOrEqual(bufferSize);
        },
      ),
      { numRuns: 150, timeout: 5000 },
    );
  });
});
