import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fc } from '@fast-check/jest';
import { decodeText, encodeData, encodeProgram, StandardOpcodes as Op } from '../../../src/encoding/index.js';
import { PrimeosError } from '../../../src/model/PrimeosError.js';
import type { StreamProcessor } from '../../../src/stream/StreamProcessor.js';
import {
  createAndInitializeStream,
  createStream,
  type StreamProcessorOptions,
} from '../../../src/stream/StreamProcessor.js';
import { tsWorker } from './fixtures/tsWorker.js';

const workerOpts = (): StreamProcessorOptions => {
  const w = tsWorker(join(__dirname, '../../../src/stream/workers/streamWorker.ts'));
  return { workerFile: w.filename, workerData: w.workerData };
};
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const naiveIsPrime = (n: bigint): boolean => {
  if (n < 2n) return false;
  for (let d = 2n; d * d <= n; d++) if (n % d === 0n) return false;
  return true;
};

let sp: StreamProcessor;
let dir: string;
beforeAll(async () => {
  sp = await createAndInitializeStream({ ...workerOpts(), bufferSize: 4, maxConcurrency: 2, defaultChunkSize: 8 });
  dir = await mkdtemp(join(tmpdir(), 'primeos-sp-'));
});
afterAll(async () => {
  await sp.terminate();
  await rm(dir, { recursive: true, force: true });
});

describe('StreamProcessor: lifecycle and configuration', () => {
  it('refuses work before initialize, validates and applies configuration', async () => {
    const fresh = createStream();
    expect(() => fresh.createPipeline()).toThrow(expect.objectContaining({ code: 'E_STATE' }));
    expect(() => createStream({ bufferSize: 0 })).toThrow(expect.objectContaining({ code: 'E_RANGE' }));
    await fresh.initialize();
    expect(fresh.configure({ defaultChunkSize: 5, errorTolerance: 50 })).toMatchObject({
      defaultChunkSize: 5,
      errorTolerance: 50,
    });
    expect(() => fresh.configure({ errorTolerance: 200 })).toThrow(expect.objectContaining({ code: 'E_RANGE' }));
    expect(fresh.getConfiguration().errorTolerance).toBe(50);
    const r = await fresh.process({ operation: 'encodeText', text: 'hi' });
    expect(r.success && r.data.operation === 'encodeText' && decodeText(r.data.chunks)).toBe('hi');
    await fresh.terminate();
    expect(fresh.lifecycle).toBe('terminated');
  });
});

describe('StreamProcessor: process()', () => {
  it('decodes and verifies chunk streams through the model lifecycle', async () => {
    const chunks = [encodeData(0, 1), encodeData(1, 2), encodeData(2, 3) + 2n];
    const dec = await sp.process({ operation: 'decode', chunks });
    expect(dec.success && dec.data.operation === 'decode' && dec.data.chunks.map((c) => c.kind)).toEqual([
      'data',
      'data',
      'invalid',
    ]);
    const ver = await sp.process({ operation: 'verify', chunks });
    expect(ver.success && ver.data.operation === 'verify' && ver.data.report).toMatchObject({ total: 3, invalid: 1 });
    expect(sp.getState().operationCount.success).toBeGreaterThanOrEqual(2);
  });
});

describe('StreamProcessor: pipelines', () => {
  it('source → transform → filter → batch → asyncTransform → collect / reduce, in order', async () => {
    const out = await sp
      .createPipeline<number>()
      .source(range(50))
      .transform((x) => x * x)
      .filter((x) => x % 2 === 0)
      .batch(4)
      .asyncTransform(async (b) => (await sleep(1), b.reduce((a, x) => a + x, 0)), { concurrency: 3 })
      .collect();
    const evens = range(50)
      .map((x) => x * x)
      .filter((x) => x % 2 === 0);
    const expected: number[] = [];
    for (let i = 0; i < evens.length; i += 4) expected.push(evens.slice(i, i + 4).reduce((a, x) => a + x, 0));
    expect(out).toEqual(expected);
    const sum = await sp
      .createPipeline<number>()
      .source(range(100))
      .reduce((a, x) => a + x, 0);
    expect(sum).toBe(4950);
  });

  it('bounds the items in flight by bufferSize with a slow sink', async () => {
    let pulled = 0;
    let written = 0;
    let maxLag = 0;
    function* src(): Generator<number> {
      for (let i = 0; i < 40; i++) {
        pulled++;
        maxLag = Math.max(maxLag, pulled - written);
        yield i;
      }
    }
    const before = sp.getMetrics().backpressureEvents;
    const got: number[] = [];
    await sp
      .createPipeline<number>()
      .source(src())
      .asyncTransform(async (x) => x + 1, { concurrency: 4 })
      .sink(async (x) => {
        await sleep(1);
        got.push(x);
        written++;
      });
    expect(got).toEqual(range(40).map((x) => x + 1));
    expect(maxLag).toBeLessThanOrEqual(4);
    expect(sp.getMetrics().backpressureEvents).toBeGreaterThan(before);
  });

  it('parallel() and distribute() really run items at the same time', async () => {
    let running = 0;
    let peak = 0;
    const work = async (x: number): Promise<number> => {
      running++;
      peak = Math.max(peak, running);
      await sleep(5);
      running--;
      return -x;
    };
    expect(await sp.createPipeline<number>().source(range(12)).parallel(work, { concurrency: 3 }).collect()).toEqual(
      range(12).map((x) => -x),
    );
    expect(peak).toBe(3);
    peak = 0;
    const used = new Set<number>();
    const handlers = [0, 1].map((k) => async (x: number) => (used.add(k), work(x)));
    expect(await sp.createPipeline<number>().source(range(10)).distribute(handlers).collect()).toEqual(
      range(10).map((x) => -x),
    );
    expect(peak).toBe(2);
    expect(used).toEqual(new Set([0, 1]));
  });

  it('parallel("task") runs a named export of the worker module on the pool', async () => {
    const batches = [[91n, 221n], [2n ** 61n - 1n]];
    const out = await sp.createPipeline<bigint[]>().source(batches).parallel<unknown[]>('decodeBatch').collect();
    expect(out).toHaveLength(2);
    expect((out[0] as { kind: string }[]).map((d) => d.kind)).toEqual(['invalid', 'invalid']);
  });

  it('failed items follow catch(): skip, substitute, propagate; uncaught ones fail the run; all are counted', async () => {
    const parse = (s: string): number => {
      if (!/^\d+$/.test(s)) throw new PrimeosError('E_PARSE', `bad ${s}`);
      return Number(s);
    };
    const input = ['1', 'x', '3', 'y'];
    const errorsBefore = sp.getMetrics().errors;
    expect(await sp.createPipeline<string>().source(input).transform(parse).catch('skip').collect()).toEqual([1, 3]);
    expect(
      await sp
        .createPipeline<string>()
        .source(input)
        .transform(parse)
        .catch({ substitute: (e) => (e.code === 'E_PARSE' ? -1 : -2) })
        .collect(),
    ).toEqual([1, -1, 3, -1]);
    await expect(
      sp.createPipeline<string>().source(input).transform(parse).catch('propagate').collect(),
    ).rejects.toMatchObject({
      code: 'E_PARSE',
      name: 'PipelineError',
      details: { index: 1 },
    });
    await expect(sp.createPipeline<string>().source(input).transform(parse).collect()).rejects.toMatchObject({
      code: 'E_PARSE',
    });
    const m = sp.getMetrics();
    expect(m.errors - errorsBefore).toBe(2 + 2 + 1 + 1);
    expect(m.errorRate).toBeGreaterThan(0);
  });

  it('errorTolerance skips uncaught failures up to the tolerated fraction', async () => {
    const tolerant = await createAndInitializeStream({ errorTolerance: 50 });
    const flaky = (x: number): number => {
      if (x % 4 === 0) throw new Error('boom');
      return x;
    };
    expect(await tolerant.createPipeline<number>().source(range(1, 9)).transform(flaky).collect()).toEqual([
      1, 2, 3, 5, 6, 7,
    ]);
    await expect(
      tolerant.createPipeline<number>().source([0, 4, 8, 1]).transform(flaky).collect(),
    ).rejects.toMatchObject({ name: 'PipelineError' });
    await tolerant.terminate();
  });

  it('retry() retries the previous async stage with backoff', async () => {
    const attempts = new Map<number, number>();
    const flaky = async (x: number): Promise<number> => {
      const a = (attempts.get(x) ?? 0) + 1;
      attempts.set(x, a);
      if (a < 3) throw Object.assign(new Error('reset'), { code: 'ECONNRESET' });
      return x * 10;
    };
    const out = await sp
      .createPipeline<number>()
      .source([1, 2, 3])
      .asyncTransform(flaky)
      .retry({ maxAttempts: 3, baseDelayMs: 1 })
      .collect();
    expect(out).toEqual([10, 20, 30]);
    expect([...attempts.values()]).toEqual([3, 3, 3]);
    expect(() => sp.createPipeline<number>().source([1]).retry()).toThrow(
      expect.objectContaining({ code: 'E_PIPELINE' }),
    );
  });

  it('sinks into a Node Writable with drain respected', async () => {
    const got: string[] = [];
    const w = new Writable({
      highWaterMark: 2,
      write(chunk: Buffer, _e, cb) {
        got.push(chunk.toString());
        setImmediate(cb);
      },
    });
    const r = await sp
      .createPipeline<number>()
      .source(range(20))
      .sink(w, { serialize: (x) => `${x}\n` });
    expect(r.written).toBe(20);
    expect(got.join('')).toBe(
      range(20)
        .map((x) => `${x}\n`)
        .join(''),
    );
  });
});

function range(a: number, b?: number): number[] {
  return b === undefined ? [...Array(a).keys()] : [...Array(b - a).keys()].map((x) => x + a);
}

describe('StreamProcessor: chunked and file processing', () => {
  it('processChunkedStream honours the processor chunk size and calls flush()', async () => {
    const sizes: number[] = [];
    let held = 0;
    const stream = await sp.processChunkedStream(range(23), {
      chunkSize: 5,
      processChunk: (c) => {
        sizes.push(c.length);
        held += c.length;
        return c.map((x) => x * 2);
      },
      flush: () => [held],
    });
    expect(sizes).toEqual([]); // streaming: nothing runs before the output is read
    const out: number[] = [];
    for await (const x of stream) out.push(x);
    expect(sizes).toEqual([5, 5, 5, 5, 3]);
    expect(out).toEqual([...range(23).map((x) => x * 2), 23]);
  });

  it('processLargeFile streams lines in chunks with progress, skips over-long lines and aborts cleanly', async () => {
    const path = join(dir, 'big.txt');
    const lines = range(1000).map((i) => String(i * 7919));
    lines[500] = 'z'.repeat(300);
    await writeFile(path, lines.join('\n') + '\n');
    const progress: number[] = [];
    let sum = 0n;
    const summary = await sp.processLargeFile(
      path,
      { chunkSize: 64, processChunk: (c) => c.map((l) => BigInt(l)) },
      {
        maxLineBytes: 100,
        onProgress: (p) => progress.push(p.fraction),
        onResults: (rs) => {
          for (const r of rs) sum += r;
        },
      },
    );
    expect(summary).toMatchObject({ lines: 999, tooLong: 1, results: 999 });
    expect(sum).toBe(range(1000).reduce((a, i) => (i === 500 ? a : a + BigInt(i * 7919)), 0n));
    expect(progress.at(-1)).toBe(1);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);

    const ac = new AbortController();
    let chunks = 0;
    await expect(
      sp.processLargeFile(
        path,
        {
          chunkSize: 10,
          processChunk: async (c) => {
            if (++chunks === 3) ac.abort();
            await sleep(1);
            return c;
          },
        },
        { signal: ac.signal },
      ),
    ).rejects.toMatchObject({ code: 'E_ABORTED' });
    expect(chunks).toBeLessThan(10);
  });
});

describe('StreamProcessor: prime and encoding bridges', () => {
  it('streamPrimality agrees with trial division', async () => {
    const ns = fc.sample(fc.bigInt({ min: 0n, max: 100_000n }), { numRuns: 100, seed: 3 });
    const out: boolean[] = [];
    for await (const r of sp.createPrimeStreamProcessor().streamPrimality(ns)) out.push(r.isPrime);
    expect(out).toEqual(ns.map(naiveIsPrime));
  });

  it('streamFactorization factorises on the worker pool, in order, products check out', async () => {
    const ns = fc.sample(fc.bigInt({ min: 2n, max: 2n ** 50n }), { numRuns: 30, seed: 5 });
    const got: bigint[] = [];
    for await (const f of sp.createPrimeStreamProcessor().streamFactorization(ns, { batchSize: 4 })) {
      expect(f.status).toBe('complete');
      expect(f.factors.every((p) => naiveIsPrime(p.prime) || p.prime > 2n ** 25n)).toBe(true);
      got.push(f.factors.reduce((a, p) => a * p.prime ** BigInt(p.exponent), 1n));
    }
    expect(got).toEqual(ns);
  });

  it('verifyStreamIntegrity counts intact and corrupted chunks', async () => {
    const chunks = range(30).map((i) => encodeData(i % 256, (i * 37) % 256));
    const corrupted = new Set([3, 11, 29]);
    const input = chunks.map((c, i) => (corrupted.has(i) ? c * 3n + 1n : c));
    const report = await sp.createPrimeStreamProcessor().verifyStreamIntegrity(input);
    expect(report).toMatchObject({
      total: 30,
      valid: 27,
      invalid: 3,
      invalidIndices: [3, 11, 29],
      byKind: { data: 27 },
    });
  });

  it('encodeTextStream → decodeChunkStream round-trips, executeStreamingProgram streams VM output', async () => {
    const bridge = sp.createEncodingStreamBridge();
    const chunks: bigint[] = [];
    for await (const c of bridge.encodeTextStream(['héllo wörld'])) chunks.push(c);
    expect(decodeText(chunks)).toBe('héllo wörld');
    const kinds: string[] = [];
    for await (const d of bridge.decodeChunkStream(chunks)) kinds.push(d.kind);
    expect(kinds[0]).toBe('block_header');
    expect(kinds.filter((k) => k === 'data')).toHaveLength(new TextEncoder().encode('héllo wörld').length);

    const prog = encodeProgram([
      { opcode: Op.PUSH, operand: 2n },
      { opcode: Op.PUSH, operand: 40n },
      { opcode: Op.ADD },
      { opcode: Op.PRINT },
      { opcode: Op.PUSH, operand: 7n },
      { opcode: Op.PRINT },
    ]);
    const printed: string[] = [];
    for await (const line of bridge.executeStreamingProgram(prog)) printed.push(line);
    expect(printed).toEqual(['42', '7']);
    const bad = bridge.executeStreamingProgram([
      { opcode: Op.PUSH, operand: 1n },
      { opcode: Op.PRINT },
      { opcode: Op.ADD },
    ]);
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const l of bad) seen.push(l);
      })(),
    ).rejects.toMatchObject({ code: 'E_VM_STACK', details: { output: ['1'] } });
    expect(seen).toEqual(['1']);
  });
});

describe('StreamProcessor: metrics, backpressure controller, optimisation, termination', () => {
  it('getMetrics reports measured throughput, latency percentiles and memory', async () => {
    const local = await createAndInitializeStream();
    await local
      .createPipeline<number>()
      .source(range(200))
      .asyncTransform(async (x) => (await sleep(x % 10 === 0 ? 5 : 0), x))
      .collect();
    const m = local.getMetrics();
    expect(m).toMatchObject({ itemsIn: 200, itemsOut: 200, errors: 0, errorRate: 0 });
    expect(m.throughput).toBeGreaterThan(0);
    expect(m.latencyMs.samples).toBe(200);
    expect(m.latencyMs.p50).toBeLessThanOrEqual(m.latencyMs.p95);
    expect(m.latencyMs.p95).toBeLessThanOrEqual(m.latencyMs.p99);
    expect(m.latencyMs.p99).toBeGreaterThanOrEqual(4);
    expect(m.memory.rss).toBeGreaterThan(0);
    expect(local.getMemoryUsage().memoryLimit).toBe(local.getConfiguration().memoryLimit);
    const rep = local.optimizePerformance();
    expect(rep.configuration).toEqual(local.getConfiguration());
    for (const c of rep.changes) expect(local.getConfiguration()[c.setting]).toBe(c.to);
    await local.terminate();
  });

  it('the backpressure controller reads the real credit counts, pauses sources and drains', async () => {
    const local = await createAndInitializeStream({ bufferSize: 4, backpressureThreshold: 0.75 });
    const bp = local.getBackpressureController();
    const notices: string[] = [];
    bp.onPressure((n) => notices.push(n.kind));
    let pulled = 0;
    function* src(): Generator<number> {
      for (let i = 0; i < 30; i++) {
        pulled++;
        yield i;
      }
    }
    let release: () => void = () => undefined;
    const gateOpen = new Promise<void>((r) => (release = r));
    const run = local
      .createPipeline<number>()
      .source(src())
      .sink(async () => {
        await gateOpen;
      });
    for (let i = 0; i < 500 && bp.getBufferLevel() < 1; i++) await sleep(2);
    await sleep(10);
    expect(bp.getBufferLevel()).toBe(1);
    expect(pulled).toBe(4);
    expect(notices).toContain('blocked');
    expect(notices).toContain('high');
    bp.pause();
    release();
    await sleep(20);
    expect(pulled).toBe(4); // paused: no credits handed out
    const drained = bp.drain();
    await drained;
    expect(bp.getBufferLevel()).toBe(0);
    bp.resume();
    await run;
    expect(pulled).toBe(30);
    await local.terminate();
  });

  it('terminate aborts running pipelines and destroys the worker pool', async () => {
    const local = await createAndInitializeStream({ ...workerOpts(), maxConcurrency: 1 });
    async function* forever(): AsyncGenerator<bigint> {
      for (let i = 0n; ; i++) yield 2n ** 64n + i;
    }
    const run = local.createPrimeStreamProcessor().streamFactorization(forever(), { batchSize: 1 });
    const consumed = (async () => {
      let n = 0;
      for await (const _ of run) if (++n === 2) void local.terminate();
    })();
    await expect(consumed).rejects.toMatchObject({ code: 'E_ABORTED' });
    expect(local.lifecycle).toBe('terminated');
  });
});
