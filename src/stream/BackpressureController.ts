import { Subject, type Subscription } from 'rxjs';
import type { CreditGate, PressureEvent } from './CreditGate.js';

/** A pressure notification of a {@link BackpressureController}. */
export interface PressureNotice {
  /** `blocked`/`relieved` from a gate, `high` when the buffer level crosses the threshold upward, `normal` back down. */
  readonly kind: PressureEvent['kind'] | 'high' | 'normal';
  /** Fraction of all credits in use, 0..1. */
  readonly level: number;
}

/**
 * Control of the credit gates of a processor's running pipelines (PrimeOS `getBackpressureController()`): the
 * buffer level is the fraction of credits in use, read from the gates; `pause()` stops every source at its next
 * pull; `drain()` waits until every item in flight has been written.
 *
 * @example
 * ```ts
 * import { createStream } from 'primeos/stream';
 * const bp = createStream().getBackpressureController();
 * const off = bp.onPressure((n) => console.error(n.kind, n.level));
 * ```
 */
export class BackpressureController {
  readonly #gates = new Map<CreditGate, Subscription>();
  readonly #events = new Subject<PressureNotice>();
  #paused = false;
  #threshold: number;
  #high = false;

  /** @param threshold - buffer level (0..1) above which `high` is notified */
  constructor(threshold: number) {
    this.#threshold = threshold;
  }

  /** Number of gates (running pipelines) under control. */
  get gates(): number {
    return this.#gates.size;
  }
  /** True while paused. */
  get paused(): boolean {
    return this.#paused;
  }

  /**
   * Change the `high` threshold.
   *
   * @param threshold - level in 0..1
   */
  setThreshold(threshold: number): void {
    this.#threshold = threshold;
  }

  /**
   * Put a pipeline's gate under control (done by the processor when a pipeline starts).
   *
   * @param gate - the gate
   * @returns a function removing it again
   */
  attach(gate: CreditGate): () => void {
    if (this.#paused) gate.pause();
    const sub = gate.pressure.subscribe((e) => {
      this.#events.next({ kind: e.kind, level: this.getBufferLevel() });
      this.#checkLevel();
    });
    this.#gates.set(gate, sub);
    return () => {
      sub.unsubscribe();
      this.#gates.delete(gate);
    };
  }

  /** Stop handing out credits: sources wait at their next pull. */
  pause(): void {
    this.#paused = true;
    for (const g of this.#gates.keys()) g.pause();
  }
  /** Hand out credits again. */
  resume(): void {
    this.#paused = false;
    for (const g of this.#gates.keys()) g.resume();
  }

  /**
   * Wait until every item in flight in every pipeline has been written (sources keep their pace unless paused).
   *
   * @returns a promise resolved when all gates are empty
   */
  async drain(): Promise<void> {
    await Promise.all([...this.#gates.keys()].map((g) => g.drained()));
  }

  /**
   * Fraction of credits in use across running pipelines (0 when none runs).
   *
   * @returns the level in 0..1
   */
  getBufferLevel(): number {
    let used = 0;
    let cap = 0;
    for (const g of this.#gates.keys()) {
      used += g.inFlight;
      cap += g.highWaterMark;
    }
    return cap === 0 ? 0 : used / cap;
  }

  /**
   * Listen to pressure notices.
   *
   * @param listener - called with each notice
   * @returns a function removing the listener
   */
  onPressure(listener: (notice: PressureNotice) => void): () => void {
    const sub = this.#events.subscribe(listener);
    return () => sub.unsubscribe();
  }

  /** Re-evaluate the level (called by the processor as items are written). */
  poll(): void {
    this.#checkLevel();
  }

  /** Detach everything and complete the notice stream. */
  close(): void {
    for (const s of this.#gates.values()) s.unsubscribe();
    this.#gates.clear();
    this.#events.complete();
  }

  #checkLevel(): void {
    const level = this.getBufferLevel();
    if (!this.#high && level >= this.#threshold && level > 0) {
      this.#high = true;
      this.#events.next({ kind: 'high', level });
    } else if (this.#high && level < this.#threshold) {
      this.#high = false;
      this.#events.next({ kind: 'normal', level });
    }
  }
}
