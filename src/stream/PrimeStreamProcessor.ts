import { decodeChunk, type DecodedChunk } from '../encoding/index.js';
import { factorize, primalityOf, type Factorization, type Primality } from '../primes/index.js';
import type { Pipeline } from './Pipeline.js';
import type { PullSource } from './sources/fromPull.js';
import type { WorkerPool } from './WorkerPool.js';
import type { FactorizeBatchInput, WorkerFactorizeOptions } from './workers/streamWorker.js';

/** One result of {@link PrimeStreamProcessor.processPrimeStream}. */
export interface PrimeStreamResult {
  readonly n: bigint;
  /** `proven` / `probable` prime, or `composite` (numbers below 2 are reported `composite`: not prime). */
  readonly primality: Primality;
  readonly isPrime: boolean;
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
   * Test each number for primality (deterministic below 3.3·10^24, BPSW above).
   *
   * @param numbers - the numbers
   * @returns results in input order
   */
  processPrimeStream(numbers: PullSource<bigint>): AsyncIterable<PrimeStreamResult>;
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
}

/** What {@link createPrimeStreamProcessorOver} needs from its processor. */
export interface PrimeStreamDeps {
  /** A fresh pipeline of the owning processor. */
  pipeline(): Pipeline<unknown>;
  /** The owning processor's worker pool. */
  pool(): Promise<WorkerPool>;
  /** Default numbers per task. */
  readonly batchSize: number;
}

/**
 * Build a {@link PrimeStreamProcessor} over a processor's pipelines and pool (used by `StreamProcessor`).
 *
 * @param deps - pipeline factory, pool, batch size
 * @returns the prime stream processor
 */
export function createPrimeStreamProcessorOver(deps: PrimeStreamDeps): PrimeStreamProcessor {
  return {
    processPrimeStream(numbers) {
      return deps
        .pipeline()
        .source(numbers)
        .transform((n): PrimeStreamResult => {
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
          ? batched.transform((ns) =>
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
        .transform((c): DecodedChunk => decodeChunk(c))
        .sink((d) => {
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
  };
}

async function* flatten<T>(batches: AsyncIterable<readonly T[]>): AsyncGenerator<T> {
  for await (const b of batches) yield* b;
}
