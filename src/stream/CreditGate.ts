import { Subject, type Observable } from 'rxjs';
import { PrimeosError } from '../model/PrimeosError.js';
import { abortError } from './internal/abort.js';
import { STREAM_DEFAULTS } from './streamDefaults.js';

/** Default number of credits (items allowed in flight between a source and its sink). */
export const DEFAULT_HIGH_WATER_MARK = STREAM_DEFAULTS.highWaterMark;

/** A change of pressure on a {@link CreditGate}: `blocked` when a source waits for a credit, `relieved` when it gets one. */
export interface PressureEvent {
  readonly kind: 'blocked' | 'relieved';
  /** Items in flight at the time of the event. */
  readonly inFlight: number;
  /** The gate's capacity. */
  readonly highWaterMark: number;
}

/**
 * A counting semaphore of credits shared by a source and its sink: the source takes one credit per item
 * before pulling it and the sink returns the credit once the item has actually been written (or an operator
 * that drops the item returns it). Items in flight therefore never exceed `highWaterMark`, whatever operators
 * sit in between.
 *
 * @example
 * ```ts
 * import { CreditGate } from 'primeos/stream';
 * const gate = new CreditGate(4);
 * await gate.acquire();
 * gate.release();
 * ```
 */
export class CreditGate {
  /** Capacity: the most items that may be in flight. */
  readonly highWaterMark: number;
  #inFlight = 0;
  #paused = false;
  #maxInFlight = 0;
  #acquired = 0;
  #released = 0;
  #blockedEvents = 0;
  #waiters: { resolve: () => void; reject: (e: unknown) => void; cleanup: () => void }[] = [];
  #idleWaiters: (() => void)[] = [];
  readonly #pressure = new Subject<PressureEvent>();

  /**
   * @param highWaterMark - capacity, an integer ≥ 1
   * @throws PrimeosError `E_RANGE` when `highWaterMark` is not a positive integer
   */
  constructor(highWaterMark: number = DEFAULT_HIGH_WATER_MARK) {
    if (!Number.isInteger(highWaterMark) || highWaterMark < 1) {
      throw new PrimeosError('E_RANGE', `highWaterMark must be a positive integer, got ${highWaterMark}`);
    }
    this.highWaterMark = highWaterMark;
  }

  /** Items currently in flight (credits taken and not returned). */
  get inFlight(): number {
    return this.#inFlight;
  }
  /** Credits that may be taken now without waiting. */
  get available(): number {
    return this.#paused ? 0 : this.highWaterMark - this.#inFlight;
  }
  /** Number of acquirers currently waiting for a credit (> 0 means the source is blocked). */
  get waiting(): number {
    return this.#waiters.length;
  }
  /** The largest in-flight count ever observed. */
  get maxInFlight(): number {
    return this.#maxInFlight;
  }
  /** Number of times a source had to wait for a credit (backpressure events). */
  get blockedEvents(): number {
    return this.#blockedEvents;
  }
  /** Total credits taken / returned since creation. */
  get totals(): { readonly acquired: number; readonly released: number } {
    return { acquired: this.#acquired, released: this.#released };
  }
  /** True while {@link CreditGate.pause} holds back new credits. */
  get paused(): boolean {
    return this.#paused;
  }
  /** Pressure events (`blocked` / `relieved`). */
  get pressure(): Observable<PressureEvent> {
    return this.#pressure.asObservable();
  }

  /**
   * Take one credit if one is free, without waiting.
   *
   * @returns true when a credit was taken
   */
  tryAcquire(): boolean {
    if (this.available <= 0) return false;
    this.#take();
    return true;
  }

  /**
   * Take one credit, waiting until one is returned if none is free.
   *
   * @param signal - aborts the wait
   * @returns a promise resolved once the credit is held
   * @throws PrimeosError `E_ABORTED` (as a rejection) when `signal` aborts first
   */
  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortError(signal));
    if (this.tryAcquire()) return Promise.resolve();
    this.#blockedEvents++;
    const p = new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        const i = this.#waiters.indexOf(waiter);
        if (i >= 0) this.#waiters.splice(i, 1);
        reject(abortError(signal));
      };
      const waiter = {
        resolve,
        reject,
        cleanup: () => signal?.removeEventListener('abort', onAbort),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiters.push(waiter);
    });
    // Emitted after the waiter is queued: a listener that returns credits synchronously (e.g. a batcher
    // flushing its partial batch into a synchronous sink) wakes this very waiter.
    this.#pressure.next({ kind: 'blocked', inFlight: this.#inFlight, highWaterMark: this.highWaterMark });
    return p;
  }

  /**
   * Return credits (the items were written or dropped).
   *
   * @param count - number of credits, default 1
   * @throws PrimeosError `E_STATE` when more credits are returned than were taken
   */
  release(count = 1): void {
    if (count === 0) return;
    if (!Number.isInteger(count) || count < 0 || count > this.#inFlight) {
      throw new PrimeosError('E_STATE', `cannot release ${count} credits with ${this.#inFlight} in flight`);
    }
    this.#inFlight -= count;
    this.#released += count;
    this.#wake();
    if (this.#inFlight === 0) for (const w of this.#idleWaiters.splice(0)) w();
  }

  /** Stop handing out credits (sources wait) until {@link CreditGate.resume}. */
  pause(): void {
    this.#paused = true;
  }

  /** Hand out credits again after {@link CreditGate.pause}. */
  resume(): void {
    this.#paused = false;
    this.#wake();
  }

  /**
   * Wait until every taken credit has been returned.
   *
   * @returns a promise resolved when nothing is in flight
   */
  drained(): Promise<void> {
    if (this.#inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /**
   * Reject every waiting acquirer (used when the pipeline is torn down).
   *
   * @param reason - the rejection reason
   */
  close(reason: unknown = new PrimeosError('E_ABORTED', 'credit gate closed')): void {
    for (const w of this.#waiters.splice(0)) {
      w.cleanup();
      w.reject(reason);
    }
    for (const w of this.#idleWaiters.splice(0)) w();
    this.#pressure.complete();
  }

  #take(): void {
    this.#inFlight++;
    this.#acquired++;
    if (this.#inFlight > this.#maxInFlight) this.#maxInFlight = this.#inFlight;
  }

  #wake(): void {
    while (this.#waiters.length > 0 && this.available > 0) {
      const w = this.#waiters.shift();
      if (w === undefined) break;
      w.cleanup();
      this.#take();
      this.#pressure.next({ kind: 'relieved', inFlight: this.#inFlight, highWaterMark: this.highWaterMark });
      w.resolve();
    }
  }
}
