import { PassThrough, Writable } from 'node:stream';
import { NEVER, defer, firstValueFrom, of, timeout } from 'rxjs';
import { CircuitBreaker } from '../../../src/stream/CircuitBreaker.js';
import { circuitBreaker } from '../../../src/stream/operators/circuitBreaker.js';
import { StreamPipeline, createPipeline } from '../../../src/stream/StreamPipeline.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const range = (n: number): number[] => [...Array(n).keys()];

/** A pipeline context with small numbers, no processor. */
const ctx =
  (over: Partial<{ bufferSize: number; timeoutMs: number }> = {}) =>
  () => ({
    bufferSize: over.bufferSize ?? 2,
    enableBackpressure: true,
    timeoutMs: over.timeoutMs ?? 0,
    errorTolerance: 0,
    memoryLimit: 2 ** 40,
    retryAttempts: 3,
    retryDelay: 1,
    maxConcurrency: 2,
  });

describe('StreamPipeline semantics', () => {
  it('batch(n) yields batches of n whatever bufferSize is', async () => {
    for (const bufferSize of [1, 2, 3]) {
      const sizes: number[] = [];
      await new StreamPipeline(ctx({ bufferSize }))
        .source(range(25))
        .batch(10)
        .sink(async (b) => {
          await sleep(1);
          sizes.push(b.length);
        });
      expect(sizes).toEqual([10, 10, 5]);
    }
  });

  it('a per-item timeout aborts that item through its own signal and fails it with E_TIMEOUT', async () => {
    const aborted: unknown[] = [];
    const p = new StreamPipeline(ctx({ timeoutMs: 30 })).source([5, 1000, 5]).asyncTransform(
      (ms: number, signal) =>
        new Promise<number>((resolve) => {
          const t = setTimeout(() => resolve(ms), ms);
          signal.addEventListener('abort', () => {
            clearTimeout(t);
            aborted.push(signal.reason);
          });
        }),
    );
    await expect(p.collect()).rejects.toMatchObject({
      name: 'PipelineError',
      code: 'E_TIMEOUT',
      details: { index: 1 },
    });
    expect(aborted[0]).toMatchObject({ code: 'E_TIMEOUT' });
    expect(await p.catch(() => -1).collect()).toEqual([5, -1, 5]);
  });

  it('distribute(partitionFn) keeps no state across runs (an aborted run leaves nothing behind)', async () => {
    const p = createPipeline<number>()
      .source(range(6))
      .asyncTransform(async (x: number, signal) => {
        await sleep(x % 2 === 0 ? 3 : 1);
        signal.throwIfAborted();
        return x;
      })
      .distribute((x) => x % 2);
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 2);
    await expect(p.collect({ signal: ac.signal })).rejects.toMatchObject({ code: 'E_ABORTED' });
    for (let run = 0; run < 2; run++) {
      const out = await p.collect();
      expect([...out].sort()).toEqual(range(6));
      expect(out.filter((x) => x % 2 === 0)).toEqual([0, 2, 4]);
      expect(out.filter((x) => x % 2 === 1)).toEqual([1, 3, 5]);
    }
  });

  it('sink(Writable) without a serializer rejects with E_USAGE (object-mode Writables are fine)', async () => {
    const bytes = new PassThrough();
    await expect(createPipeline<number>().source([1, 2]).sink(bytes)).rejects.toMatchObject({ code: 'E_USAGE' });
    const objects: unknown[] = [];
    const w = new Writable({
      objectMode: true,
      write(chunk: unknown, _e, cb) {
        objects.push(chunk);
        cb();
      },
    });
    await createPipeline<number>().source([1, 2]).sink(w);
    expect(objects).toEqual([1, 2]);
  });

  it('retry() with no async stage before it is a PipelineError', () => {
    expect(() => createPipeline<number>().source([1]).retry(3, 1)).toThrow(
      expect.objectContaining({ name: 'PipelineError', code: 'E_PIPELINE' }),
    );
  });
});

describe('circuitBreaker and cancellation', () => {
  it('a cancelled call is not a success: consecutive failures are kept, a cancelled trial frees the trial slot', async () => {
    let now = 0;
    const cb = new CircuitBreaker({ failureThreshold: 2, resetTimeoutMs: 100, clock: () => now });
    await expect(
      firstValueFrom(defer(() => Promise.reject(new Error('down'))).pipe(circuitBreaker(cb))),
    ).rejects.toThrow('down');
    // cancelled before it settled (a timeout unsubscribes it)
    await expect(firstValueFrom(NEVER.pipe(circuitBreaker(cb), timeout(5)))).rejects.toBeDefined();
    expect(cb.stats.consecutiveFailures).toBe(1);
    await expect(
      firstValueFrom(defer(() => Promise.reject(new Error('down'))).pipe(circuitBreaker(cb))),
    ).rejects.toThrow('down');
    expect(cb.state).toBe('open');
    now = 100;
    await expect(firstValueFrom(NEVER.pipe(circuitBreaker(cb), timeout(5)))).rejects.toBeDefined();
    expect(cb.state).toBe('half-open'); // not closed by the cancelled trial
    await expect(firstValueFrom(of('ok').pipe(circuitBreaker(cb)))).resolves.toBe('ok');
    expect(cb.state).toBe('closed');
  });
});
