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
}

/** Input of {@link factorizeBatch}. */
export interface FactorizeBatchInput {
  readonly numbers: readonly bigint[];
  readonly options?: WorkerFactorizeOptions;
}

/** Factorise a batch of numbers with their bands' plans (each result a full `Factorization`). */
export const factorizeBatch = workerTask(({ numbers, options }: FactorizeBatchInput): Factorization[] =>
  numbers.map((n) => bandedFactorize(n, options)),
);

/**
 * Parse, factorise and render a batch of factor-job lines (see `factorJobBatch`): the reply is the batch's output
 * text and counters, so only strings cross the thread boundary.
 */
export const factorJobBatch = workerTask((input: FactorJobBatchInput) => renderJobBatch(input));

/** Decode a batch of chunks. */
export const decodeBatch = workerTask((chunks: readonly bigint[]): DecodedChunk[] => chunks.map((c) => decodeChunk(c)));
