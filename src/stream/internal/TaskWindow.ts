import { toPrimeosError } from '../../model/PrimeosError.js';
import type { PoolTask } from '../WorkerPool.js';

/** A settled task: its output, or the error it failed with. */
type Settled<O> = { readonly id: number; readonly out: O } | { readonly id: number; readonly error: unknown };

/**
 * Pool tasks in flight, taken back in the order they finish (the parallel engines keep a few per thread running).
 * An abort of the signal ends a wait at once; the tasks still running then finish in their threads and are
 * dropped. Call {@link TaskWindow.close} when done, to detach from the signal.
 *
 * @typeParam I - task input
 * @typeParam O - task output
 */
export class TaskWindow<I, O> {
  readonly #run: PoolTask<I, O>;
  readonly #signal: AbortSignal | undefined;
  readonly #inFlight = new Map<number, Promise<Settled<O>>>();
  readonly #aborted: Promise<undefined>;
  #onAbort = (): void => undefined;
  #next = 0;

  /**
   * @param run - the pool task
   * @param signal - ends a wait with `undefined` once aborted (already aborted: at once)
   */
  constructor(run: PoolTask<I, O>, signal: AbortSignal | undefined) {
    this.#run = run;
    this.#signal = signal;
    this.#aborted = new Promise<undefined>((resolve) => {
      this.#onAbort = () => resolve(undefined);
    });
    if (signal?.aborted) this.#onAbort();
    else signal?.addEventListener('abort', this.#onAbort, { once: true });
  }

  /** Tasks in flight. */
  get size(): number {
    return this.#inFlight.size;
  }

  /**
   * Starts a task.
   *
   * @param input - its input
   */
  add(input: I): void {
    const id = this.#next++;
    this.#inFlight.set(
      id,
      this.#run(input).then(
        (out) => ({ id, out }),
        (error: unknown) => ({ id, error }),
      ),
    );
  }

  /**
   * Waits for the next task to finish.
   *
   * @returns its output, or undefined when the signal aborted first
   * @throws PrimeosError the error the task failed with
   */
  async next(): Promise<O | undefined> {
    const done = await Promise.race([...this.#inFlight.values(), this.#aborted]);
    if (done === undefined) return undefined;
    this.#inFlight.delete(done.id);
    if ('error' in done) throw toPrimeosError(done.error);
    return done.out;
  }

  /** Detaches from the signal. */
  close(): void {
    this.#signal?.removeEventListener('abort', this.#onAbort);
  }
}
