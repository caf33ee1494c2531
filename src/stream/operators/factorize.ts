import { concatMap, from, map, type OperatorFunction } from 'rxjs';
import { bandedFactorize } from '../../bands/bandedFactorize.js';
import { PrimeosError, toPrimeosError } from '../../model/PrimeosError.js';
import { integerArgument } from '../../primes/internal/integerArgument.js';
import { factorize as factorizeNumber, type Factorization, type FactorizeOptions } from '../../primes/index.js';
import type { CreditGate } from '../CreditGate.js';
import type { WorkerPool } from '../WorkerPool.js';
import type { FactorizeBatchInput, WorkerFactorizeOptions } from '../workers/streamWorker.js';
import { adaptiveBatch } from './adaptiveBatch.js';
import { parallel } from './parallel.js';
import { STREAM_DEFAULTS } from '../streamDefaults.js';

/**
 * Refuse an item that is not an integer with the error the engines would give, naming its 0-based position in
 * the stream (`details.index`), so a caller can find the bad item.
 */
function checkItem(n: unknown, index: number): void {
  if (typeof n === 'bigint') return;
  try {
    integerArgument(n, 'factorize');
  } catch (err) {
    const e = toPrimeosError(err);
    throw new PrimeosError(e.code, `item ${index}: ${e.message}`, { index }, { cause: e });
  }
}

/** Default numbers per worker task. */
export const DEFAULT_FACTORIZE_BATCH = STREAM_DEFAULTS.factorizeBatch;

/** Options of {@link factorize}. */
export interface FactorizeStreamOptions extends WorkerFactorizeOptions {
  /**
   * Worker pool running the stream worker module (`factorizeBatch` task). Without it, numbers are factorised on
   * the calling thread (a custom `plan` is only possible then).
   */
  readonly pool?: WorkerPool;
  /** Numbers per worker task (default 8). */
  readonly batchSize?: number;
  /** Worker tasks in flight (default: the pool's threads). */
  readonly concurrency?: number;
  /** The pipeline's credit gate: partial batches are flushed when the source is blocked. */
  readonly gate?: CreditGate;
  /** Cancels running work: in-thread results become `partial`/`aborted`, worker tasks are cancelled. */
  readonly signal?: AbortSignal;
  /** Custom engine plan (calling thread only). */
  readonly plan?: FactorizeOptions['plan'];
}

/**
 * Factorise each number with the primes engines (trial division, rho, ECM, … within budget), on the calling
 * thread or in a worker pool; results are `Factorization` records (`complete` / `partial` / `failed`), 1:1 and in
 * input order.
 *
 * @param options - engine budget/seed, pool, batch size, concurrency, gate, signal
 * @returns an operator from numbers to factorisations
 * @throws PrimeosError `E_ABORTED` (as an Observable error) when a pooled run is aborted
 *
 * @example
 * ```ts
 * import { factorize, WorkerPool, defaultStreamWorkerFile } from 'primeos/stream';
 * const pool = new WorkerPool({ filename: await defaultStreamWorkerFile(), threads: 2 });
 * numbers$.pipe(factorize({ pool, budgetMs: 5000 }));
 * ```
 */
export function factorize(options: FactorizeStreamOptions = {}): OperatorFunction<bigint, Factorization> {
  const { pool, budgetMs, seed, maxBits, tinyBound } = options;
  const engine: WorkerFactorizeOptions = {
    ...(budgetMs === undefined ? {} : { budgetMs }),
    ...(seed === undefined ? {} : { seed }),
    ...(maxBits === undefined ? {} : { maxBits }),
    ...(tinyBound === undefined ? {} : { tinyBound }),
  };
  if (pool === undefined) {
    const signal = options.signal === undefined ? {} : { signal: options.signal };
    // without a custom plan, the same band plans as the worker task
    return map((n, index) => {
      checkItem(n, index);
      return options.plan === undefined
        ? bandedFactorize(n, { ...engine, ...signal })
        : factorizeNumber(n, { ...engine, plan: options.plan, ...signal });
    });
  }
  return (source) =>
    source.pipe(
      map((n, index) => (checkItem(n, index), n)),
      adaptiveBatch({ mode: 'fixed', size: options.batchSize ?? DEFAULT_FACTORIZE_BATCH, gate: options.gate }),
      parallel<bigint[], Factorization[]>(
        (numbers, signal) =>
          pool.task<FactorizeBatchInput, Factorization[]>('factorizeBatch')({ numbers, options: engine }, signal),
        { concurrency: options.concurrency ?? pool.threads, signal: options.signal },
      ),
      concatMap((results) => from(results)),
    );
}
