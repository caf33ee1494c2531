import type { ErrorCode } from '../../model/PrimeosError.js';

/**
 * What a task defined with {@link workerTask} posts back: its value, or its error with the code kept; `runMs` is
 * the time the task body took on its thread (without the time the task waited in the pool's queue).
 */
export type TaskEnvelope<R> =
  | { readonly primeosTask: 1; readonly ok: true; readonly value: R; readonly runMs?: number }
  | {
      readonly primeosTask: 1;
      readonly ok: false;
      readonly error: {
        readonly name: string;
        readonly message: string;
        readonly code: ErrorCode | string | undefined;
        readonly details: unknown;
      };
    };

/**
 * Wrap a worker-side task so a thrown error keeps its `code` and `details` across the thread boundary
 * (structured clone keeps only an Error's name and message). `WorkerPool.task()` unwraps the envelope and
 * rethrows a `PrimeosError` with the original code.
 *
 * @param fn - the task body
 * @returns the task as exported by the worker module
 *
 * @example
 * ```ts
 * // my-worker.ts
 * import { workerTask } from 'primeos/stream';
 * export const double = workerTask((xs: bigint[]) => xs.map((x) => 2n * x));
 * ```
 */
export function workerTask<T, R>(fn: (input: T) => R | Promise<R>): (input: T) => Promise<TaskEnvelope<R>> {
  return async (input: T): Promise<TaskEnvelope<R>> => {
    const t0 = performance.now();
    try {
      const value = await fn(input);
      return { primeosTask: 1, ok: true, value, runMs: performance.now() - t0 };
    } catch (err) {
      const e = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as Record<string, unknown>;
      return {
        primeosTask: 1,
        ok: false,
        error: {
          name: typeof e.name === 'string' ? e.name : 'Error',
          message: typeof e.message === 'string' ? e.message : String(err),
          code: typeof e.code === 'string' ? e.code : undefined,
          details: e.details,
        },
      };
    }
  };
}

/**
 * True when `x` is a {@link TaskEnvelope}.
 *
 * @param x - a worker's reply
 * @returns whether it is an envelope
 */
export function isTaskEnvelope(x: unknown): x is TaskEnvelope<unknown> {
  return typeof x === 'object' && x !== null && (x as { primeosTask?: unknown }).primeosTask === 1;
}
