import { PrimeosError } from '../model/PrimeosError.js';
import type { Factorization } from '../primes/Factorization.js';
import { bitLength } from '../primes/arith.js';
import { DEFAULT_CROSSOVERS } from '../primes/crossovers.js';
import { FACTORIZE_DEFAULT_BUDGET_MS, resolveFactorizeOptions } from '../primes/factorize.js';
import { integerArgument } from '../primes/internal/integerArgument.js';
import { abortError } from './internal/abort.js';
import { completeFactorization, mergeEffort } from './internal/completeFactorization.js';
import { deferredEcmSpecs, type Deferral, SIQS_PARALLEL_MIN_BITS } from './internal/factorizeDeferring.js';
import { ecmParallel } from './ecmParallel.js';
import type { SplitOutcome } from '../primes/Splitter.js';
import { siqsParallel } from './siqsParallel.js';
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
  /**
   * Run the long stages on every thread of the pool: a composite of SIQS's size range (from 136 bits) that trial
   * division and the ECM pretest leave is split by {@link siqsParallel}, a larger one by the plan's ECM stages with
   * their curves spread by {@link ecmParallel}, instead of on one thread. Default: true when the pool has two or
   * more threads (the default pool has one).
   */
  readonly parallel?: boolean;
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
 * running the factorisation is terminated, so no CPU is spent on it afterwards (on the parallel path, see
 * `parallel`, the sieve batches and curves still running finish within milliseconds to a curve's time). The
 * factors are those of the one-thread plan; the engine list and effort of a result may differ. The synchronous
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
  const on = pool ?? (await defaultPool());
  if (!(options.parallel ?? on.threads > 1)) return factorizeOn(on, value, engine, signal);
  const start = performance.now();
  const deadline = start + (engine.budgetMs ?? FACTORIZE_DEFAULT_BUDGET_MS);
  return factorizeSieving(on, value, engine, signal, start, deadline);
}

/** One number on one worker thread. */
async function factorizeOn(
  pool: WorkerPool,
  n: bigint,
  options: WorkerFactorizeOptions,
  signal: AbortSignal | undefined,
): Promise<Factorization> {
  const run = pool.task<FactorizeBatchInput, Factorization[]>('factorizeBatch');
  const [result] = await run({ numbers: [n], options }, signal);
  if (result === undefined) throw new PrimeosError('E_INTERNAL', 'factorizeAsync: the worker returned no result');
  return result;
}

/**
 * The parallel path: the plan without its long stages on one thread, then SIQS or ECM on all of them for the
 * cofactor it leaves, then the same for each part found, within one deadline.
 */
async function factorizeSieving(
  pool: WorkerPool,
  n: bigint,
  engine: WorkerFactorizeOptions,
  signal: AbortSignal | undefined,
  start: number,
  deadline: number,
): Promise<Factorization> {
  const budgetMs = Math.max(0, Math.floor(deadline - performance.now()));
  const first = await factorizeOn(pool, n, { ...engine, budgetMs, deferLong: true }, signal);
  return finishInParallel(first, pool, engine, signal, start, deadline);
}

/**
 * Completes a factorisation whose plan left its long stages out (`factorizeDeferring` with `deferral`, here or on
 * a worker): a cofactor in SIQS's range from `siqsFromBits` up is split by {@link siqsParallel}, a larger one by
 * {@link ecmParallel} with the left-out ECM stages, and each part is factorised the same way, all within
 * `deadline`. Anything else is returned as it is.
 *
 * @param first - the factorisation without the long stages
 * @param pool - the pool that sieves (the stream worker module)
 * @param engine - budget, seed and limits of the whole computation
 * @param signal - aborts: the promise rejects with `E_ABORTED`
 * @param start - when the computation started (`performance.now()`), for `elapsedMs`
 * @param deadline - when its budget ends (`performance.now()` time)
 * @param deferral - what `first`'s plan left out (default: as the worker's `deferLong`)
 * @returns the completed factorisation
 */
export async function finishInParallel(
  first: Factorization,
  pool: WorkerPool,
  engine: WorkerFactorizeOptions,
  signal: AbortSignal | undefined,
  start: number,
  deadline: number,
  deferral: Deferral = {},
): Promise<Factorization> {
  const remaining = (): number => Math.max(0, Math.floor(deadline - performance.now()));
  if (first.status !== 'partial' || first.reason !== 'budget' || remaining() === 0) return first;
  const c = first.cofactor;
  const bits = bitLength(c);
  const common = {
    pool,
    budgetMs: remaining(),
    ...(signal === undefined ? {} : { signal }),
    ...(engine.seed === undefined ? {} : { seed: engine.seed }),
  };
  let split: SplitOutcome;
  let engineName: string;
  if (bits > DEFAULT_CROSSOVERS.siqsMaxBits) {
    const stages = deferredEcmSpecs(c, deferral.ecmFromB1);
    if (stages.length === 0) return first;
    split = await ecmParallel(c, { ...common, stages });
    engineName = 'ecm';
  } else if (bits >= (deferral.siqsFromBits ?? SIQS_PARALLEL_MIN_BITS)) {
    split = await siqsParallel(c, common);
    engineName = 'siqs';
  } else return first;
  if (split.status === 'aborted' || signal?.aborted) throw abortError(signal);
  if (split.status !== 'found') {
    return { ...first, effort: mergeEffort([first.effort, split.effort]), elapsedMs: performance.now() - start };
  }
  const parts = await Promise.all(
    [split.divisor, c / split.divisor].map((part) => factorizeSieving(pool, part, engine, signal, start, deadline)),
  );
  return completeFactorization(first, engineName, split.effort, parts, performance.now() - start);
}
