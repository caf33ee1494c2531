import type { Observable, Subscription } from 'rxjs';

/**
 * An Observable read by pulling: items queue as the upstream emits them and `next()` hands them over one at a
 * time (waiting when none is queued). The one subscription-to-pull adapter of the sinks (`toAsyncIterable`,
 * `toReadableStream`); credits stay the sinks' business.
 */
export class PullQueue<T> {
  readonly #source: Observable<T>;
  readonly #items: T[] = [];
  #sub: Subscription | undefined;
  #done = false;
  #failure: { error: unknown } | undefined;
  #wake: (() => void) | undefined;

  /** @param source - the upstream */
  constructor(source: Observable<T>) {
    this.#source = source;
  }

  /** Subscribe to the upstream (once; not after `close`). */
  start(): void {
    if (this.#sub !== undefined || this.#done) return;
    this.#sub = this.#source.subscribe({
      next: (v) => {
        this.#items.push(v);
        this.#settle();
      },
      error: (e: unknown) => this.#end({ error: e }),
      complete: () => this.#end(undefined),
    });
  }

  /**
   * The next item, or the end.
   *
   * @returns the next item, or `done` once the upstream completed and every item was taken
   * @throws the upstream's error (or the `fail` reason), once
   */
  async next(): Promise<IteratorResult<T, undefined>> {
    for (;;) {
      if (this.#items.length > 0) return { done: false, value: this.#items.shift() as T };
      if (this.#failure !== undefined) {
        const { error } = this.#failure;
        this.#failure = undefined;
        throw error;
      }
      if (this.#done) return { done: true, value: undefined };
      await new Promise<void>((r) => (this.#wake = r));
    }
  }

  /**
   * Stop the upstream and make the next `next()` throw `error` (queued items are dropped by `close`).
   *
   * @param error - the reason
   */
  fail(error: unknown): void {
    if (this.#done) return;
    this.#sub?.unsubscribe();
    this.#items.length = 0;
    this.#end({ error });
  }

  /**
   * Unsubscribe and end.
   *
   * @returns the items that were queued and never taken
   */
  close(): T[] {
    this.#done = true;
    this.#sub?.unsubscribe();
    this.#settle();
    return this.#items.splice(0);
  }

  #end(failure: { error: unknown } | undefined): void {
    this.#failure = failure;
    this.#done = true;
    this.#settle();
  }

  #settle(): void {
    const w = this.#wake;
    this.#wake = undefined;
    w?.();
  }
}
