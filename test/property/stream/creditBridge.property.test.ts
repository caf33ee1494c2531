import { concatMap, from, type Observable } from 'rxjs';
import fc from 'fast-check';
import { CreditGate } from '../../../src/stream/CreditGate.js';
import { fromPull } from '../../../src/stream/sources/fromPull.js';
import { toAsyncIterable } from '../../../src/stream/sinks/toAsyncIterable.js';
import { parallel } from '../../../src/stream/operators/parallel.js';
import { adaptiveBatch } from '../../../src/stream/operators/adaptiveBatch.js';

/** The per-item function the "workers" compute; its oracle is applied to the input directly. */
const f = (x: number): number => x * 3 + 1;

describe('credit bridge under any interleaving (fc.scheduler)', () => {
  it('source → parallel workers → sink: output = f(input) in order, nothing lost or duplicated, in-flight ≤ highWaterMark', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.array(fc.integer({ min: -1000, max: 1000 }), { maxLength: 25 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 4 }),
        fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
        async (s, input, highWaterMark, concurrency, batchSize) => {
          const gate = new CreditGate(highWaterMark);
          let pulled = 0;
          let written = 0;
          let maxObserved = 0;
          async function* source(): AsyncGenerator<number> {
            for (const x of input) {
              await s.schedule(Promise.resolve(), 'source'); // the source's own latency
              pulled++;
              maxObserved = Math.max(maxObserved, pulled - written);
              yield x;
            }
          }
          const work = (x: number): Promise<number> => s.schedule(Promise.resolve(f(x)), `worker ${x}`);
          const src = fromPull(source(), { gate });
          const processed: Observable<number> =
            batchSize === undefined
              ? src.pipe(parallel(work, { concurrency }))
              : src.pipe(
                  adaptiveBatch({ mode: 'fixed', size: batchSize, gate }),
                  parallel((b: number[]) => Promise.all(b.map(work)), { concurrency }),
                  concatMap((b) => from(b)),
                );
          const output: number[] = [];
          const run = (async () => {
            for await (const y of toAsyncIterable(processed, { gate })) {
              await s.schedule(Promise.resolve(), 'sink write');
              output.push(y);
              written++;
            }
          })();
          await s.waitFor(run);
          await run;
          expect(output).toEqual(input.map(f));
          expect(pulled).toBe(input.length);
          expect(maxObserved).toBeLessThanOrEqual(highWaterMark);
          expect(gate.maxInFlight).toBeLessThanOrEqual(highWaterMark);
          expect(gate.inFlight).toBe(0);
        },
      ),
      { numRuns: 200, timeout: 5000 },
    );
  });
});
