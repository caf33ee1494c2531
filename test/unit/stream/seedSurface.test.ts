/**
 * PrimeOS-style usage of primeos/stream, written from the PrimeOS stream specification: only the names,
 * signatures, option names and metric names that specification gives are used here.
 */
import { encodeBlock, encodeNTTBlock, encodeText, decodeChunk } from '../../../src/encoding/index.js';
import {
  BackpressureError,
  ChunkProcessingError,
  ChunkProcessor,
  MemoryLimitError,
  PipelineError,
  StreamPipeline,
  StreamProcessingError,
  createStreamProcessor,
  type StreamPerformanceMetrics,
  type StreamProcessor,
} from '../../../src/stream/index.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function* textStream(lines: string[]): AsyncGenerator<string> {
  for (const l of lines) yield l;
}

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

function expectPerformanceMetrics(m: StreamPerformanceMetrics): void {
  for (const k of ['throughput', 'latency', 'memoryUsage', 'errorRate', 'backpressureEvents'] as const) {
    expect(typeof m[k]).toBe('number');
    expect(Number.isFinite(m[k])).toBe(true);
  }
}

class TextProcessor extends ChunkProcessor<string> {
  held = 0;
  override async processChunk(chunk: string[]): Promise<string[]> {
    this.held += chunk.length;
    return chunk.map((s) => s.toUpperCase());
  }
  override async flush(): Promise<string[]> {
    return [`#${this.held}`];
  }
}

let processor: StreamProcessor;
beforeAll(async () => {
  processor = createStreamProcessor({ maxConcurrency: 2, retryAttempts: 3, retryDelay: 1, timeoutMs: 2000 });
  await processor.initialize();
});
afterAll(async () => {
  await processor.terminate();
});

describe('PrimeOS stream pipeline', () => {
  it('builds the specification example: source → transform → filter → asyncTransform → batch → parallel → catch → sink', async () => {
    const saved: string[][] = [];
    const pipeline = new StreamPipeline<string, string[]>();
    let running = 0;
    let peak = 0;
    const result = await pipeline
      .source(textStream([' a ', '', 'b', 'boom', ' c', 'd ', '', 'e']))
      .transform((line) => line.trim())
      .filter((line) => line.length > 0)
      .asyncTransform(async (line) => {
        running++;
        peak = Math.max(peak, running);
        await sleep(5);
        running--;
        if (line === 'boom') throw new Error('cannot process');
        return line.toUpperCase();
      })
      .batch(2)
      .parallel(4)
      .catch((error, batch) => {
        expect(error.message).toContain('cannot process');
        expect(batch).toBe('boom'); // the value that failed
        return null; // skip it
      })
      .sink(async (batch) => {
        saved.push(batch);
      });
    expect(saved).toEqual([['A', 'B'], ['C', 'D'], ['E']]);
    expect(peak).toBeGreaterThan(1);
    expect(result).toMatchObject({ written: 3, failed: 1 });
    expectPerformanceMetrics(pipeline.getMetrics());
  });

  it('createPipeline<T, R>() from the processor: execute() streams, collect / reduce, onProgress, getMetrics', async () => {
    const pipeline = processor
      .createPipeline<string, number>()
      .source(['1', '2', '3', '4'])
      .transform((s) => Number(s));
    const progress: number[] = [];
    pipeline.onProgress((p) => progress.push(p.processed));
    const results = await pipeline.execute();
    const seen: number[] = [];
    for await (const n of results) seen.push(n);
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(progress).toEqual([1, 2, 3, 4]);
    expect(await pipeline.collect()).toEqual([1, 2, 3, 4]);
    expect(await pipeline.reduce((acc, n) => acc + n, 0)).toBe(10);
    const m = pipeline.getMetrics();
    expectPerformanceMetrics(m);
    expect(m.throughput).toBeGreaterThan(0);
    expect(m.errorRate).toBe(0);
    expectPerformanceMetrics(processor.getMetrics());
  });

  it('parallel(concurrency) runs the preceding async stage with that concurrency, output in input order', async () => {
    let running = 0;
    let peak = 0;
    const out = await processor
      .createPipeline<number, number>()
      .source(textStream(['30', '1', '20', '2', '10', '3']))
      .transform((s) => Number(s))
      .asyncTransform(async (ms) => {
        running++;
        peak = Math.max(peak, running);
        await sleep(ms);
        running--;
        return ms;
      })
      .parallel(3)
      .collect();
    expect(out).toEqual([30, 1, 20, 2, 10, 3]);
    expect(peak).toBe(3);
  });

  it('distribute(partitionFn): partitions run concurrently, order kept within each partition', async () => {
    const order: string[] = [];
    const items = ['a1', 'b1', 'a2', 'b2', 'a3', 'b3'];
    const out = await processor
      .createPipeline<string, string>()
      .source(textStream(items))
      .asyncTransform(async (x) => {
        await sleep(x.startsWith('a') ? 6 : 1);
        order.push(x);
        return x;
      })
      .distribute((x) => (x.startsWith('a') ? 0 : 1))
      .collect();
    expect(out.filter((x) => x.startsWith('a'))).toEqual(['a1', 'a2', 'a3']);
    expect(out.filter((x) => x.startsWith('b'))).toEqual(['b1', 'b2', 'b3']);
    expect(out.indexOf('b3')).toBeLessThan(out.indexOf('a3')); // partitions did not wait for each other
  });

  it('retry(attempts, delay) retries the preceding async stage', async () => {
    const tries = new Map<string, number>();
    const out = await processor
      .createPipeline<string, string>()
      .source(textStream(['x', 'y']))
      .asyncTransform(async (s) => {
        const n = (tries.get(s) ?? 0) + 1;
        tries.set(s, n);
        if (n < 3) throw new Error('flaky');
        return s + n;
      })
      .retry(3, 1)
      .collect();
    expect(out).toEqual(['x3', 'y3']);
  });

  it('catch(handler) may replace a failed value; errorTolerance is a percentage of the whole run', async () => {
    const fixed = await processor
      .createPipeline<number, number>()
      .source(textStream(['1', '2', '3']))
      .transform((s) => {
        if (s === '2') throw new Error('two');
        return Number(s);
      })
      .catch(() => -1)
      .collect();
    expect(fixed).toEqual([1, -1, 3]);

    const tolerant = createStreamProcessor({ errorTolerance: 50 });
    await tolerant.initialize();
    const hundred = Array.from({ length: 100 }, (_, i) => String(i));
    const kept = await tolerant
      .createPipeline<string, number>()
      .source(textStream(hundred))
      .transform((s) => {
        if (s === '0') throw new Error('first item fails');
        return Number(s);
      })
      .collect();
    expect(kept).toHaveLength(99); // 1 failure in 100 items is within 50%
    await expect(
      tolerant
        .createPipeline<string, number>()
        .source(textStream(['0', '1', '2']))
        .transform((s) => {
          if (s !== '2') throw new Error('most items fail');
          return Number(s);
        })
        .collect(),
    ).rejects.toBeInstanceOf(PipelineError);
    expect(tolerant.getMetrics().errorRate).toBeGreaterThan(0);
    await tolerant.terminate();
  });
});

describe('PrimeOS chunk processing and memory management', () => {
  it('processChunkedStream honours the ChunkProcessor chunkSize, streams, and emits flush() last', async () => {
    const tp = new TextProcessor({ chunkSize: 2 });
    const sizes: number[] = [];
    const spy = tp.processChunk.bind(tp);
    tp.processChunk = async (chunk: string[]) => (sizes.push(chunk.length), spy(chunk));
    const result = await processor.processChunkedStream(textStream(['a', 'b', 'c', 'd', 'e']), tp);
    expect(sizes).toEqual([]); // nothing materialised before it is read
    expect(await all(result)).toEqual(['A', 'B', 'C', 'D', 'E', '#5']);
    expect(sizes).toEqual([2, 2, 1]);
  });

  it('ChunkProcessor: processChunk, flush, processStream, getMemoryUsage, shouldApplyBackpressure, handleProcessingError', async () => {
    const tp = new TextProcessor({ chunkSize: 3 });
    expect(await tp.processChunk(['x'])).toEqual(['X']);
    expect(await all(await tp.processStream(textStream(['p', 'q', 'r', 's'])))).toEqual(['P', 'Q', 'R', 'S', '#5']);
    expect(tp.getMemoryUsage()).toBeGreaterThan(0);
    // backpressure follows the measured heap, not the test's surroundings: a budget far above it never applies
    const roomy = new TextProcessor({ maxBufferSize: 1000 * tp.getMemoryUsage() });
    expect(roomy.shouldApplyBackpressure()).toBe(false);
    expect(new ChunkProcessor<string>({ maxBufferSize: 1, backpressureThreshold: 0.5 }).shouldApplyBackpressure()).toBe(
      true,
    );
    expect(() => tp.handleProcessingError(new Error('bad'), ['z'])).toThrow(ChunkProcessingError);

    class Recovering extends ChunkProcessor<number> {
      override async processChunk(chunk: number[]): Promise<number[]> {
        if (chunk.includes(3)) throw new Error('three');
        return chunk;
      }
      override handleProcessingError(_error: Error, chunk: number[]): number[] | null {
        return chunk.includes(4) ? null : chunk.map(() => 0);
      }
    }
    const rec = await processor.processChunkedStream([1, 2, 3, 5], new Recovering({ chunkSize: 2 }));
    expect(await all(rec)).toEqual([1, 2, 0, 0]);
    const skip = await processor.processChunkedStream([3, 4, 5], new Recovering({ chunkSize: 2 }));
    expect(await all(skip)).toEqual([5]);
    const failing = await processor.processChunkedStream([3], new ChunkProcessor<number>({ chunkSize: 1 }));
    expect(await all(failing)).toEqual([3]);
  });

  it('processWithBackpressure(input, processor, config) and processStream(input)', async () => {
    const out = await processor.processWithBackpressure(
      textStream(['a', 'b', 'c']),
      async (chunk) => chunk.map((s) => s + s),
      { maxBufferSize: 1024 * 1024 * 1024, chunkSize: 2, backpressureThreshold: 0.8, gcInterval: 1000 },
    );
    expect(await all(out)).toEqual(['aa', 'bb', 'cc']);

    const constrained = createStreamProcessor({
      memoryLimit: 100 * 1024 * 1024 * 1024,
      backpressureThreshold: 0.8,
      chunkSize: 1000,
    });
    await constrained.initialize();
    const m = await constrained.processStream(textStream(Array.from({ length: 2500 }, (_, i) => String(i))));
    expectPerformanceMetrics(m);
    expect(m).toMatchObject({ itemsProcessed: 2500, chunks: 3 });
    await constrained.terminate();
  });

  it('memory pressure that does not go away fails with MemoryLimitError', async () => {
    const tiny = new ChunkProcessor<number>({ chunkSize: 1, maxBufferSize: 1, backpressureThreshold: 0.5 });
    await expect(all(await processor.processChunkedStream([1, 2], tiny))).rejects.toBeInstanceOf(MemoryLimitError);
  });
});

describe('PrimeOS performance optimisation', () => {
  it('adaptChunkSize, optimizeConcurrency, adjustBufferSizes are derived from the metrics; profiling and reports', async () => {
    const p = createStreamProcessor({ defaultChunkSize: 64, maxConcurrency: 1, bufferSize: 8, memoryLimit: 10 ** 12 });
    await p.initialize();
    const slow: StreamPerformanceMetrics = {
      throughput: 10,
      latency: 2,
      memoryUsage: 1,
      errorRate: 0,
      backpressureEvents: 0,
    };
    const fast: StreamPerformanceMetrics = { ...slow, latency: 0.01 };
    expect(p.adaptChunkSize(slow)).toBeLessThan(64); // 64 items × 2 ms is far above a 20 ms chunk
    expect(p.adaptChunkSize(fast)).toBeGreaterThan(64);
    expect(p.optimizeConcurrency(slow)).toBe(1);
    expect(p.adjustBufferSizes({ ...slow, backpressureEvents: 5 }).bufferSize).toBe(16);
    expect(p.adjustBufferSizes({ ...slow, memoryUsage: 0.9 * 10 ** 12 }).bufferSize).toBe(4);
    p.enableProfiling();
    await p
      .createPipeline<number, number>()
      .source(Array.from({ length: 50 }, (_, i) => i))
      .asyncTransform(async (x) => (await sleep(1), x))
      .collect();
    const report = p.getPerformanceReport();
    expect(report.profiling).toBe(true);
    expectPerformanceMetrics(report.metrics);
    expect(Array.isArray(p.suggestOptimizations())).toBe(true);
    for (const s of p.suggestOptimizations()) expect(s.suggested).not.toBe(s.current);
    await p.terminate();
  });

  it('enableOptimization applies the suggestions every metricsInterval', async () => {
    const p = createStreamProcessor({ enableOptimization: true, metricsInterval: 20, defaultChunkSize: 4096 });
    await p.initialize();
    await p
      .createPipeline<number, number>()
      .source(Array.from({ length: 30 }, (_, i) => i))
      .asyncTransform(async (x) => (await sleep(2), x))
      .collect();
    for (let i = 0; i < 50 && p.getConfiguration().defaultChunkSize === 4096; i++) await sleep(20);
    expect(p.getConfiguration().defaultChunkSize).toBeLessThan(4096);
    await p.terminate();
  });
});

describe('PrimeOS encoding, prime and bands integration', () => {
  it('processPrimeStream decodes, transforms and re-encodes chunks with integrity kept', async () => {
    const chunks = encodeText('Hi');
    const damaged = [...chunks, (chunks[1] as bigint) * 3n];
    const results = await processor.createPrimeStreamProcessor().processPrimeStream(damaged);
    const out = await all(results);
    expect(out.map((c) => c.valid)).toEqual([true, true, true, false]);
    const first = out[1];
    expect(first?.valid === true && first.chunk).toBe(chunks[1]);
    const shifted = await all(
      await processor
        .createPrimeStreamProcessor()
        .processPrimeStream(chunks, (c) => (c.kind === 'data' ? { ...c, value: c.value + 1 } : c)),
    );
    const second = shifted[2];
    expect(second?.valid === true && decodeChunk(second.chunk)).toMatchObject({
      kind: 'data',
      value: 'i'.charCodeAt(0) + 1,
    });
  });

  it('streamEncodeText / streamDecodeText / processEncodedStream', async () => {
    const chunks = await all(await processor.streamEncodeText(textStream(['héllo ', 'wörld'])));
    expect(await processor.streamDecodeText(chunks)).toBe('héllo wörld');
    const report = await processor.processEncodedStream(chunks);
    expect(report).toMatchObject({ blocks: 1, damagedBlocks: 0, issueCount: 0 });
    const damaged = chunks.map((c, i) => (i === 3 ? c + 2n : c));
    expect((await processor.processEncodedStream(damaged)).issueCount).toBeGreaterThan(0);
    await expect(processor.streamDecodeText(damaged)).rejects.toBeInstanceOf(ChunkProcessingError);
  });

  it('streamPrimeGeneration(count) and processBandOptimizedStream(data, bandSelector)', async () => {
    expect(await all(processor.streamPrimeGeneration(10))).toEqual([2n, 3n, 5n, 7n, 11n, 13n, 17n, 19n, 23n, 29n]);
    const bands: string[] = [];
    const results = await processor.processBandOptimizedStream([91n, 2n ** 40n + 15n, 221n], (n) => {
      const band = n < 1000n ? 'ULTRABASS' : 'BASS';
      bands.push(band);
      return band;
    });
    const out = await all(results);
    expect(out.map((r) => [r.n, r.band, r.factorization.status])).toEqual([
      [91n, 'ULTRABASS', 'complete'],
      [2n ** 40n + 15n, 'BASS', 'complete'],
      [221n, 'ULTRABASS', 'complete'],
    ]);
  });

  it('encodingModule / primeRegistry / bandsOptimizer are injected', async () => {
    const calls: string[] = [];
    const p = createStreamProcessor({
      encodingModule: { decodeChunk: async (c) => (calls.push('decode'), decodeChunk(c)) },
      primeRegistry: { getPrime: async (i) => (calls.push('prime'), [2n, 3n, 5n][i] as bigint) },
      bandsOptimizer: { classifyNumber: async () => (calls.push('band'), 'MIDRANGE') },
    });
    await p.initialize();
    expect(await all(p.streamPrimeGeneration(3))).toEqual([2n, 3n, 5n]);
    expect((await all(await p.processBandOptimizedStream([15n]))).map((r) => r.band)).toEqual(['MIDRANGE']);
    await all(await p.createPrimeStreamProcessor().processPrimeStream(encodeText('x')));
    expect(new Set(calls)).toEqual(new Set(['decode', 'prime', 'band']));
    await p.terminate();
  });

  it('encodeBlock(chunks) and encodeNTTBlock(chunks): a header chunk, then the chunks', () => {
    const chunks = encodeText('block');
    const block = encodeBlock(chunks);
    expect(decodeChunk(block[0] as bigint).kind).toBe('block_header');
    expect(block.slice(1)).toEqual(chunks);
    const ntt = encodeNTTBlock(chunks);
    expect(decodeChunk(ntt[0] as bigint).kind).toBe('ntt_header');
    expect(ntt.slice(1)).toEqual(chunks);
  });
});

describe('PrimeOS stream errors', () => {
  it('StreamProcessingError and its children: instanceof works, each has a stable code', () => {
    const cases = [
      [new BackpressureError('full'), 'E_BACKPRESSURE', 'BackpressureError'],
      [new PipelineError('broken'), 'E_PIPELINE', 'PipelineError'],
      [new ChunkProcessingError('bad chunk'), 'E_CHUNK', 'ChunkProcessingError'],
      [new MemoryLimitError('too big'), 'E_MEMORY', 'MemoryLimitError'],
    ] as const;
    for (const [err, code, name] of cases) {
      expect(err).toBeInstanceOf(StreamProcessingError);
      expect(err).toBeInstanceOf(Error);
      expect(err.code).toBe(code);
      expect(err.name).toBe(name);
    }
    expect(new StreamProcessingError('x')).not.toBeInstanceOf(PipelineError);
    expect(new PipelineError('y', { stage: 1 }).details).toEqual({ stage: 1 });
  });
});
