import { catchError, defer, finalize, type OperatorFunction } from 'rxjs';
import { PrimeosError } from '../../model/PrimeosError.js';
import { WorkerPool, type WorkerPoolOptions } from '../WorkerPool.js';
import { StreamProcessingError } from '../errors/StreamProcessingError.js';
import { mapWithPolicy } from './mapWithPolicy.js';

/** The work {@link parallel} runs: an async function, or a named export of a worker module run in a pool. */
export type ParallelWork<T, R> =
  | ((item: T, signal: AbortSignal) => Promise<R>)
  | { readonly pool: WorkerPool; readonly task: string }
  | { readonly worker: WorkerPoolOptions; readonly task: string };

/** Options of {@link parallel}. */
export interface ParallelOptions {
  /** Items processed at the same time (default: the pool's thread count, else 2). */
  readonly concurrency?: number;
  /** Emit results in input order (default true). */
  readonly ordered?: boolean;
  /** Aborting cancels running tasks and errors the stream with `E_ABORTED`. */
  readonly signal?: AbortSignal;
}

/**
 * Run an async task on each item with bounded concurrency, really in parallel when the task runs in a worker
 * pool; results come back in input order (reorder buffer) unless `ordered: false`. Post a batch per item
 * (e.g. after `adaptiveBatch`) to amortise thread hops. Unsubscribing or aborting cancels running tasks; a pool
 * created from `{ worker }` is created per subscription and destroyed when it ends.
 *
 * @param work - the task (function, `{ pool, task }` or `{ worker, task }`)
 * @param options - concurrency, ordering, signal
 * @returns an operator from items to results
 * @throws the first task error (as an Observable error); PrimeosError `E_ABORTED` when `signal` aborts
 *
 * @example
 * ```ts
 * import { adaptiveBatch, parallel, WorkerPool, defaultStreamWorkerFile } from 'primeos/stream';
 * const pool = new WorkerPool({ filename: await defaultStreamWorkerFile(), threads: 4 });
 * numbers$.pipe(adaptiveBatch({ mode: 'fixed', size: 64 }), parallel({ pool, task: 'factorizeBatch' }, { concurrency: 4 }));
 * ```
 */
export function parallel<T, R>(work: ParallelWork<T, R>, options: ParallelOptions = {}): OperatorFunction<T, R> {
  return (source) =>
    defer(() => {
      let ownPool: WorkerPool | undefined;
      let run: (item: T, signal: AbortSignal) => Promise<R>;
      let threads = 2;
      if (typeof work === 'function') run = work;
      else {
        const pool = 'pool' in work ? work.pool : (ownPool = new WorkerPool(work.worker));
        threads = pool.threads;
        run = pool.task<T, R>(work.task);
      }
      const concurrency = options.concurrency ?? threads;
      if (!Number.isInteger(concurrency) || concurrency < 1) {
        throw new PrimeosError('E_RANGE', `concurrency must be a positive integer, got ${concurrency}`);
      }
      const signal = options.signal ?? new AbortController().signal;
      return source.pipe(
        mapWithPolicy((item: T, _index, s) => run(item, s), {
          concurrency,
          ordered: options.ordered !== false,
          signal,
        }),
        // a task's own error, not the policy's wrapper: this operator has no error policy
        catchError((err: unknown) => {
          throw err instanceof StreamProcessingError && err.cause !== undefined ? err.cause : err;
        }),
        finalize(() => {
          if (ownPool !== undefined) void ownPool.destroy();
        }),
      );
    });
}
