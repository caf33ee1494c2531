import { bandedFactorize } from '../bands/bandedFactorize.js';
import { classify } from '../bands/classify.js';
import { decodeChunk as decodeChunkV1, encodeChunk } from '../encoding/chunkCodec.js';
import type { DecodedChunk, ValidChunk } from '../encoding/DecodedChunk.js';
import type { Factorization } from '../primes/Factorization.js';
import { factorize } from '../primes/factorize.js';
import { primalityOf, type Primality } from '../primes/primality.js';
import { primesFrom } from '../primes/sieve.js';
import { ChunkProcessingError } from './errors/ChunkProcessingError.js';
import type { PullSource } from './sources/fromPull.js';
import type { BandSelector, StreamIntegrations } from './StreamIntegrations.js';
import type { StreamPipeline } from './StreamPipeline.js';
import type { WorkerPool } from './WorkerPool.js';
import type { FactorizeBatchInput, WorkerFactorizeOptions } from './workers/streamWorker.js';

/** Largest batch of same-band numbers in `processBandOptimizedStream`. */
const BAND_BATCH_MAX = 64;

/** One result of {@link PrimeStreamProcessor.streamPrimality}. */
export interface PrimeStreamResult {
  readonly n: bigint;
  /** `proven` / `probable` prime, or `composite` (numbers below 2 are reported `composite`: not prime). */
  readonly primality: Primality;
  readonly isPrime: boolean;
}

/** PrimeOS `ProcessedChunk`: one chunk of {@link PrimeStreamProcessor.processPrimeStream}. */
export type ProcessedChunk =
  | {
      readonly index: number;
      readonly valid: true;
      /** The chunk as decoded from the input. */
      readonly decoded: ValidChunk;
      /** The chunk after the transformation (re-encoded, integrity checked). */
      readonly chunk: bigint;
      readonly transformed: ValidChunk;
    }
  | {
      readonly index: number;
      readonly valid: false;
      /** The input chunk, passed through unchanged. */
      readonly chunk: bigint;
      readonly code: string;
      readonly reason: string;
    };

/** PrimeOS `ProcessedData`: one result of {@link PrimeStreamProcessor.processBandOptimizedStream}. */
export interface BandProcessedData {
  readonly n: bigint;
  /** The band the selector chose. */
  readonly band: string;
  readonly factorization: Factorization;
}

/** The report of {@link PrimeStreamProcessor.verifyStreamIntegrity}. */
export interface StreamIntegrityReport {
  readonly total: number;
  readonly valid: number;
  readonly invalid: number;
  /** Counts per failure code. */
  readonly byCode: Readonly<Record<string, number>>;
  /** Indices of the first invalid chunks (at most 100). */
  readonly invalidIndices: readonly number[];
  /** Counts per chunk kind among the valid chunks. */
  readonly byKind: Readonly<Record<string, number>>;
}

/** Options of {@link PrimeStreamProcessor.streamFactorization}. */
export interface StreamFactorizationOptions extends WorkerFactorizeOptions {
  /** Numbers per task (default: the processor's `defaultChunkSize`, at most 16). */
  readonly batchSize?: number;
  /** Run on the worker pool (default true); false factorises on the calling thread. */
  readonly useWorkers?: boolean;
  readonly signal?: AbortSignal;
}

/** PrimeOS `createPrimeStreamProcessor()`: prime-aware streams backed by the real primes engines and codec. */
export interface PrimeStreamProcessor {
  /**
   * PrimeOS `processPrimeStream`: decode each chunk on the fly, apply `transform` to the decoded chunk, re-encode
   * it and check the re-encoded chunk decodes to the transformed one (integrity kept). Invalid chunks are reported
   * (`valid: false`, with the codec's code) without stopping the stream.
   *
   * @param chunks - the chunks
   * @param transform - the transformation of decoded chunks (default: none)
   * @returns the processed chunks, streamed in order
   * @throws ChunkProcessingError `E_CHUNK` when a transformation yields a chunk that does not re-encode
   */
  processPrimeStream(
    chunks: PullSource<bigint>,
    transform?: (chunk: ValidChunk, index: number) => ValidChunk,
  ): Promise<AsyncIterable<ProcessedChunk>>;
  /**
   * Test each number for primality (deterministic below 3.3·10^24, BPSW above).
   *
   * @param numbers - the numbers
   * @returns results in input order
   */
  streamPrimality(numbers: PullSource<bigint>): AsyncIterable<PrimeStreamResult>;
  /**
   * Factorise each number (worker pool, batched, results in input order).
   *
   * @param numbers - the numbers
   * @param options - engine budget/seed, batch size, workers, signal
   * @returns the factorisations in input order
   */
  streamFactorization(numbers: PullSource<bigint>, options?: StreamFactorizationOptions): AsyncIterable<Factorization>;
  /**
   * Check every chunk's integrity (kind tag, canonical fields, checksum prime) and count the results.
   *
   * @param chunks - the chunks
   * @returns the report
   */
  verifyStreamIntegrity(chunks: PullSource<bigint>): Promise<StreamIntegrityReport>;
  /**
   * PrimeOS `streamPrimeGeneration`: the first `count` primes, generated as they are consumed (segmented sieve, or
   * the injected `primeRegistry`).
   *
   * @param count - how many primes
   * @returns 2, 3, 5, …
   */
  streamPrimeGeneration(count: number): AsyncIterable<bigint>;
  /**
   * PrimeOS `processBandOptimizedStream`: numbers are grouped by the band `bandSelector` chooses (a run of
   * same-band numbers forms one batch, at most 64) and each is factorised with its band plan.
   *
   * @param data - the numbers
   * @param bandSelector - a function or a bands module (`classifyNumber`); default: the injected `bandsOptimizer`
   * @returns the results, streamed in input order
   */
  processBandOptimizedStream(
    data: PullSource<bigint>,
    bandSelector?: BandSelector,
  ): Promise<AsyncIterable<BandProcessedData>>;
}

/** What {@link createPrimeStreamProcessorOver} needs from its processor. */
export interface PrimeStreamDeps extends StreamIntegrations {
  /** A fresh pipeline of the owning processor. */
  pipeline(): StreamPipeline<unknown>;
  /** The owning processor's worker pool. */
  pool(): Promise<WorkerPool>;
  /** Default numbers per task. */
  readonly batchSize: number;
}

/**
 * Build a {@link PrimeStreamProcessor} over a processor's pipelines and pool (used by `StreamProcessor`).
 *
 * @param deps - pipeline factory, pool, batch size, injected modules
 * @returns the prime stream processor
 */
export function createPrimeStreamProcessorOver(deps: PrimeStreamDeps): PrimeStreamProcessor {
  const decode = async (c: bigint): Promise<DecodedChunk> =>
    deps.encodingModule === undefined ? decodeChunkV1(c) : deps.encodingModule.decodeChunk(c);
  const self: PrimeStreamProcessor = {
    async processPrimeStream(chunks, transform = (c) => c) {
      return deps
        .pipeline()
        .source(chunks)
        .asyncTransform(async (c: bigint) => ({ c, d: await decode(c) }))
        .transform(({ c, d }: { c: bigint; d: DecodedChunk }, index): ProcessedChunk => {
          if (d.kind === 'invalid') return { index, valid: false, chunk: c, code: d.code, reason: d.reason };
          const t = transform(d, index);
          const chunk = encodeChunk(t);
          const back = decodeChunkV1(chunk);
          if (back.kind === 'invalid' || encodeChunk(back) !== chunk) {
            throw new ChunkProcessingError(`chunk ${index}: the transformed chunk does not re-encode`, { index });
          }
          return { index, valid: true, decoded: d, chunk, transformed: back };
        })
        .catch('propagate')
        .toAsyncIterable();
    },
    streamPrimality(numbers) {
      return deps
        .pipeline()
        .source(numbers)
        .transform((n: bigint): PrimeStreamResult => {
          const primality: Primality = n > 1n ? primalityOf(n) : 'composite';
          return { n, primality, isPrime: primality !== 'composite' };
        })
        .toAsyncIterable();
    },
    streamFactorization(numbers, options = {}) {
      const { batchSize, useWorkers, signal, ...engine } = options;
      const batched = deps
        .pipeline()
        .source(numbers)
        .batch(batchSize ?? deps.batchSize);
      const factored =
        useWorkers === false
          ? batched.transform((ns: bigint[]) =>
              ns.map((n) => factorize(n, { ...engine, ...(signal === undefined ? {} : { signal }) })),
            )
          : batched.parallel(async (ns: bigint[], s: AbortSignal) => {
              const pool = await deps.pool();
              return pool.task<FactorizeBatchInput, Factorization[]>('factorizeBatch')(
                { numbers: ns, options: engine },
                s,
              );
            });
      return flatten(factored.catch('propagate').toAsyncIterable(signal === undefined ? {} : { signal }));
    },
    async verifyStreamIntegrity(chunks) {
      const byCode: Record<string, number> = {};
      const byKind: Record<string, number> = {};
      const invalidIndices: number[] = [];
      let total = 0;
      let valid = 0;
      await deps
        .pipeline()
        .source(chunks)
        .asyncTransform(async (c: bigint) => decode(c))
        .sink((d: DecodedChunk) => {
          if (d.kind === 'invalid') {
            byCode[d.code] = (byCode[d.code] ?? 0) + 1;
            if (invalidIndices.length < 100) invalidIndices.push(total);
          } else {
            valid++;
            byKind[d.kind] = (byKind[d.kind] ?? 0) + 1;
          }
          total++;
        });
      return { total, valid, invalid: total - valid, byCode, invalidIndices, byKind };
    },
    async *streamPrimeGeneration(count) {
      if (!Number.isInteger(count) || count < 0) {
        throw new ChunkProcessingError(`count must be a non-negative integer, got ${count}`, undefined, {
          code: 'E_RANGE',
        });
      }
      const registry = deps.primeRegistry;
      if (registry !== undefined) {
        for (let i = 0; i < count; i++) yield await registry.getPrime(i);
        return;
      }
      let i = 0;
      if (count === 0) return;
      for (const p of primesFrom(2)) {
        yield BigInt(p);
        if (++i === count) return;
      }
    },
    async processBandOptimizedStream(data, bandSelector) {
      const selector = bandSelector ?? deps.bandsOptimizer;
      const select = async (n: bigint): Promise<string> =>
        selector === undefined
          ? classify(n).name
          : typeof selector === 'function'
            ? selector(n)
            : selector.classifyNumber(n);
      let current: string | undefined;
      const factored = deps
        .pipeline()
        .source(data)
        .asyncTransform(async (n: bigint) => ({ n, band: await select(n) }))
        .batch({
          mode: 'boundary',
          isBoundary: (x: { band: string }) => {
            const cut = x.band !== current;
            current = x.band;
            return cut;
          },
          maxSize: BAND_BATCH_MAX,
        })
        .transform((group: { n: bigint; band: string }[]) =>
          group.map(({ n, band }): BandProcessedData => ({ n, band, factorization: bandedFactorize(n) })),
        )
        .catch('propagate');
      return flatten(factored.toAsyncIterable());
    },
  };
  return self;
}

async function* flatten<T>(batches: AsyncIterable<readonly T[]>): AsyncGenerator<T> {
  for await (const b of batches) yield* b;
}
