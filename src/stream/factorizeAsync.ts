import { PrimeosError } from '../model/PrimeosError.js';
import type { Factorization } from '../primes/Factorization.js';
import { resolveFactorizeOptions } from '../primes/factorize.js';
import { integerArgument } from '../primes/internal/integerArgument.js';
import { abortError } from './internal/abort.js';
import { WorkerPool } from './WorkerPool.js';
import type { FactorizeBatchInput, WorkerFactorizeOptions } from './workers/streamWorker.js';
import { defaultStreamWorkerFile } from './workers/defaultStreamWorkerFile.js';

/** Options of {@link factorizeAsync}: the engine options a worker accepts, a signal and an optional pool. */
export interface FactorizeAsyncOptions extends WorkerFactorizeOptions {
  /**
   * Cancels the work: the promise rejects with `E_ABORTED` and the worker thread running the factorisation is
   * terminated (the engines cannot see an abort while they hold the thread, so the thread itself is stopped).
   */
  readonly signal?: AbortSignal;
  /**
   * Worker pool running the stream worker module (`factorizeBatch` task). Default: one shared single-thread pool
   * created on first use; its idle thread does not keep the process alive and exits after the pool's idle timeout.
   */
  readonly pool?: WorkerPool;
}

/** The shared pool of calls without a `pool` option (created on first use). */
let sharedPool: Promise<WorkerPool> | undefined;

async function defaultPool(): Promise<WorkerPool> {
  sharedPool ??= defaultStreamWorkerFile().then((filename) => new WorkerPool({ filename, threads: 1 }));
  const pool = await sharedPool;
  if (!pool.destroyed) return pool;
  sharedPool = undefined;
  return defaultPool();
}

/**
 * Factorise an integer on a worker thread, with the band plan of `bandedFactorize` (same result, same
 * verification, same `budgetMs`/`seed`/`maxBits`/`tinyBound` semantics), so that the signal really stops the
 * work: a synchronous factorisation holds its thread, and an abort event cannot be seen until it returns.
 *
 * Outcomes: the {@link Factorization} (`complete`, or `partial`/`failed` when the budget runs out, exactly as
 * the synchronous call gives); on abort — before the call or while a worker runs it — the promise rejects at
 * once with `PrimeosError` `E_ABORTED` (as every pooled task of `primeos/stream` does) and the thread that was
 * running the factorisation is terminated, so no CPU is spent on it afterwards. The synchronous
 * `factorize({ signal })` instead returns a `partial` result with reason `aborted`: it can only stop where the
 * engines poll the signal, and it keeps what they found; here the worker's state is discarded with its thread.
 *
 * @param n - the integer (a bigint, or a safe-integer Number)
 * @param options - budget, seed, limits, signal, pool
 * @returns a promise of the factorisation
 * @throws PrimeosError (as a rejection) `E_ABORTED` when the signal aborts, `E_RANGE` for a non-integer or an
 *   option out of range (e.g. a negative `budgetMs`), `E_PARSE` for a string argument, `E_STATE` when the given
 *   pool was destroyed
 * @example
 * ```ts
 * import { factorizeAsync } from 'primeos/stream';
 * const f = await factorizeAsync(2n ** 128n + 1n, { signal: AbortSignal.timeout(10_000), budgetMs: 5_000 });
 * console.log(f.status, f.factors.map((x) => x.prime)); // 'complete' [59649589127497217n, 5704689200685129054721n]
 * ```
 */
export async function factorizeAsync(n: bigint | number, options: FactorizeAsyncOptions = {}): Promise<Factorization> {
  const value = integerArgument(n, 'factorizeAsync');
  const { signal, pool, budgetMs, seed, maxBits, tinyBound } = options;
  const engine: WorkerFactorizeOptions = {
    ...(budgetMs === undefined ? {} : { budgetMs }),
    ...(seed === undefined ? {} : { seed }),
    ...(maxBits === undefined ? {} : { maxBits }),
    ...(tinyBound === undefined ? {} : { tinyBound }),
  };
  // bad options are refused here, with the codes the synchronous call gives, before a thread is involved
  resolveFactorizeOptions(engine);
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new PrimeosError('E_RANGE', 'factorizeAsync: signal must be an AbortSignal');
  }
  if (signal?.aborted) throw abortError(signal);
  const run = (pool ?? (await defaultPool())).task<FactorizeBatchInput, Factorization[]>('factorizeBatch');
  const [result] = await run({ numbers: [value], options: engine }, signal);
  if (result === undefined) throw new PrimeosError('E_INTERNAL', 'factorizeAsync: the worker returned no result');
  return result;
}
