import fc from 'fast-check';
import { createAndInitializeStream, type StreamProcessor } from '../../../src/stream/StreamProcessor.js';

const f = (x: number): number => 2 * x - 7;
const keep = (x: number): boolean => x % 3 !== 0;

let sp: StreamProcessor;
afterAll(async () => {
  await sp?.terminate();
});

describe('StreamProcessor pipelines under any interleaving (fc.scheduler)', () => {
  it('source → filter → asyncTransform(concurrency) → batch → sink: output = oracle, in order, in-flight ≤ bufferSize (a full batch counts as one item), batches full', async () => {
    sp = await createAndInitializeStream({ timeoutMs: 0 });
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.array(fc.integer({ min: -500, max: 500 }), { maxLength: 25 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        async (s, input, bufferSize, concurrency, batchSize) => {
          sp.configure({ bufferSize });
          let pulled = 0;
          let reachedSink = 0;
          let dropped = 0;
          let maxLag = 0;
          async function* source(): AsyncGenerator<number> {
            for (const x of input) {
              await s.schedule(Promise.resolve(), 'source');
              pulled++;
              maxLag = Math.max(maxLag, pulled - reachedSink - dropped);
              yield x;
            }
          }
          const out: number[] = [];
          const sizes: number[] = [];
          const run = sp
            .createPipeline<number>()
            .source(source())
            .filter((x) => {
              const k = keep(x);
              if (!k) dropped++;
              return k;
            })
            .asyncTransform((x) => s.schedule(Promise.resolve(f(x)), 'worker'), { concurrency })
            .batch(batchSize)
            .sink(async (batch) => {
              reachedSink += batch.length;
              sizes.push(batch.length);
              await s.schedule(Promise.resolve(), 'sink write');
              out.push(...batch);
            });
          await s.waitFor(run);
          const summary = await run;
          expect(out).toEqual(input.filter(keep).map(f));
          expect(pulled).toBe(input.length);
          // members of a pending batch hold no credit; a full batch holds one: batch(n) yields n whatever bufferSize
          expect(maxLag).toBeLessThanOrEqual(bufferSize * batchSize + batchSize - 1);
          expect(sizes.slice(0, -1).every((n) => n === batchSize)).toBe(true);
          expect(summary.failed).toBe(0);
          expect(sp.getBackpressureController().getBufferLevel()).toBe(0);
        },
      ),
      { numRuns: 200, timeout: 5000 },
    );
  });
});
