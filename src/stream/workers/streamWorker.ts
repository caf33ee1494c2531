/**
 * The stream worker module: its named exports are the tasks the {@link WorkerPool} runs for the stream operators.
 * Inputs and outputs are posted by structured clone (bigints as they are).
 * @packageDocumentation
 */
// the codec's own module, not the encoding barrel: the barrel also loads the VM, NTT and the Encoding model, and
// made every thread start ~20 ms later (importing this module in a fresh node: ~50 ms with the barrel, ~35 without)
import { decodeChunk } from '../../encoding/chunkCodec.js';
import type { DecodedChunk } from '../../encoding/DecodedChunk.js';
import { bandedFactorize } from '../../bands/bandedFactorize.js';
import type { Factorization } from '../../primes/index.js';
import { factorJobBatch as renderJobBatch, type FactorJobBatchInput } from '../jobs/factorJobBatch.js';
import { wasmSmallFactor } from '../../primes/internal/wasmKernel.js';
import {
  collectRelations,
  createSiqsWorkspace,
  type SiqsRelation,
  type SiqsWorkspace,
} from '../../primes/internal/siqsCollect.js';
import type { SiqsContext } from '../../primes/internal/siqsContext.js';
import { factorizeDeferring } from '../internal/factorizeDeferring.js';
import { createEcmSplitter } from '../../primes/ecm.js';
import type { SplitOutcome } from '../../primes/Splitter.js';
import { workerTask } from './workerTask.js';

// instantiate the kernel and its trial-division tables while the thread starts (a pool started early does this
// while the main thread is still loading), not in the first task
wasmSmallFactor(6, 0);

/** The serialisable subset of `FactorizeOptions` a worker accepts (no custom plan: functions cannot cross threads). */
export interface WorkerFactorizeOptions {
  readonly budgetMs?: number;
  readonly seed?: number;
  readonly maxBits?: number;
  readonly tinyBound?: number;
  /**
   * Leave the long stages out (SIQS from `SIQS_PARALLEL_MIN_BITS` bits, the ECM schedule above SIQS's range): what
   * they would split comes back as a `partial` result's cofactor, for the caller to finish on every thread of a
   * pool (`factorizeAsync` on a pool of two or more threads). Default false.
   */
  readonly deferLong?: boolean;
}

/** Input of {@link factorizeBatch}. */
export interface FactorizeBatchInput {
  readonly numbers: readonly bigint[];
  readonly options?: WorkerFactorizeOptions;
}

/** Factorise a batch of numbers with their bands' plans (each result a full `Factorization`). */
export const factorizeBatch = workerTask(({ numbers, options }: FactorizeBatchInput): Factorization[] =>
  numbers.map((n) => (options?.deferLong === true ? factorizeDeferring(n, options) : bandedFactorize(n, options))),
);

/**
 * Parse, factorise and render a batch of factor-job lines (see `factorJobBatch`): the reply is the batch's output
 * text and counters, so only strings cross the thread boundary.
 */
export const factorJobBatch = workerTask((input: FactorJobBatchInput) => renderJobBatch(input));

/** Decode a batch of chunks. */
export const decodeBatch = workerTask((chunks: readonly bigint[]): DecodedChunk[] => chunks.map((c) => decodeChunk(c)));

/** Input of {@link siqsBatch}: a SIQS context (plain data, posted as is) and one batch of it. */
export interface SiqsBatchInput {
  readonly ctx: SiqsContext;
  readonly seed: number;
  readonly aCount: number;
}

/** The context of the last SIQS batch in this thread (by value) and its sieve buffers, reused by the next batch. */
let siqsHeld: { readonly key: string; readonly ctx: SiqsContext; readonly workspace: SiqsWorkspace } | undefined;

/**
 * Sieve one SIQS batch (`collectRelations`) for a run that the calling thread pools and solves: the parallel
 * SIQS of `siqsParallel`. A thread keeps the first copy of a context it receives and its buffers while the same
 * context keeps coming, so the sieve kernel loads each factor base once per thread.
 */
export const siqsBatch = workerTask(({ ctx, seed, aCount }: SiqsBatchInput): SiqsRelation[] => {
  const key = `${ctx.n}:${ctx.k}:${ctx.primes.length}:${JSON.stringify(ctx.params)}`;
  if (siqsHeld?.key !== key) siqsHeld = { key, ctx, workspace: createSiqsWorkspace(ctx, siqsHeld?.workspace) };
  return collectRelations(siqsHeld.ctx, { seed, aCount }, siqsHeld.workspace).relations;
});

/** Input of {@link ecmCurves}: some curves of one ECM stage on n, from their own seed. */
export interface EcmCurvesInput {
  readonly n: bigint;
  readonly B1: number;
  readonly B2: number;
  readonly curves: number;
  readonly seed: number;
  readonly budgetMs: number;
}

/** Run some curves of one ECM stage (the parallel ECM of `ecmParallel`): found with a divisor, or exhausted. */
export const ecmCurves = workerTask(({ n, B1, B2, curves, seed, budgetMs }: EcmCurvesInput): SplitOutcome =>
  createEcmSplitter({ levels: [{ digits: 0, B1, B2, curves }] })(n, { seed, budgetMs }),
);
