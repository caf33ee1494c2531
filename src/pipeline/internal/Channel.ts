import { CreditGate } from '../../stream/CreditGate.js';
import { PrimeosError } from '../../model/PrimeosError.js';

/** What a full channel does with a new item. */
export type ChannelOverflow = 'block' | 'drop-oldest' | 'sample';

/** A snapshot of a channel's occupancy. */
export interface ChannelStats {
  readonly from: string;
  readonly to: string;
  readonly capacity: number;
  readonly overflow: ChannelOverflow;
  /** Items waiting now, and the most ever waiting (a block counts its lines or records). */
  readonly fill: number;
  readonly maxFill: number;
  /** Items delivered to the consumer (a block counts its lines or records), and discarded by `drop-oldest` / `sample`. */
  readonly delivered: number;
  readonly dropped: number;
  /** Times the producer had to wait for room (backpressure events). */
  readonly blocked: number;
}

/**
 * A bounded channel for one edge: its room is a {@link CreditGate} of `capacity` credits. A producer takes a
 * credit per item (waiting when none is free under `block`), the consumer returns it when it takes the item, so
 * a slow consumer slows its producer and, edge by edge, the sources. `drop-oldest` and `sample` never wait: a
 * full channel discards its oldest waiting item, or replaces its newest one.
 */
export class Channel<T> {
  readonly from: string;
  readonly to: string;
  readonly overflow: ChannelOverflow;
  readonly #gate: CreditGate;
  readonly #queue: T[] = [];
  #head = 0;
  #closed = false;
  #failure: { error: unknown } | undefined;
  #wake: (() => void) | undefined;
  #delivered = 0;
  #dropped = 0;
  #maxFill = 0;
  #fill = 0; // items waiting (credits held by queued messages)

  readonly #weigh: (item: T) => number;

  /**
   * @param weigh - how many items one message stands for (a block of lines is one message, counted by its lines
   *   in `delivered`); default 1
   */
  constructor(
    from: string,
    to: string,
    capacity: number,
    overflow: ChannelOverflow,
    weigh: (item: T) => number = () => 1,
  ) {
    this.from = from;
    this.to = to;
    this.overflow = overflow;
    this.#gate = new CreditGate(capacity);
    this.#weigh = weigh;
  }

  /** Items waiting. */
  get size(): number {
    return this.#queue.length - this.#head;
  }

  /** True once closed and emptied. */
  get finished(): boolean {
    return this.#closed && this.size === 0;
  }

  /**
   * Offer an item. Under `block`, resolves once there was room (synchronously, returning undefined, when there
   * already is); the other policies never wait.
   *
   * @param item - the item
   * @param signal - aborts a wait
   * @returns undefined, or a promise while waiting for room
   */
  send(item: T, signal?: AbortSignal): Promise<void> | undefined {
    if (this.#closed) return undefined; // the consumer went away: nothing more is wanted
    // a message takes a credit per item it stands for (a block never more than the whole channel)
    const weight = this.#weightOf(item);
    let held = 0;
    while (held < weight && this.#gate.tryAcquire()) held++;
    if (held === weight) {
      this.#push(item, weight);
      return undefined;
    }
    if (this.overflow === 'drop-oldest' && weight === 1) {
      const oldest = this.#queue[this.#head] as T;
      this.#queue[this.#head++] = undefined as T;
      this.#fill -= this.#weightOf(oldest);
      this.#dropped++;
      this.#push(item, weight);
      return undefined;
    }
    if (this.overflow === 'sample' && weight === 1) {
      const newest = this.#queue[this.#queue.length - 1] as T;
      this.#queue[this.#queue.length - 1] = item;
      this.#fill += weight - this.#weightOf(newest);
      this.#dropped++;
      return undefined;
    }
    return (async () => {
      try {
        for (; held < weight; held++) await this.#gate.acquire(signal);
      } catch (err) {
        if (held > 0 && !this.#closed) this.#gate.release(held);
        throw err;
      }
      if (this.#closed) this.#gate.release(held);
      else this.#push(item, weight);
    })();
  }

  #weightOf(item: T): number {
    return Math.min(this.#weigh(item), this.#gate.highWaterMark);
  }

  #push(item: T, weight: number): void {
    if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue.splice(0, this.#head);
      this.#head = 0;
    }
    this.#queue.push(item);
    this.#fill += weight;
    if (this.#fill > this.#maxFill) this.#maxFill = this.#fill;
    const w = this.#wake;
    this.#wake = undefined;
    w?.();
  }

  /**
   * Take an item if one waits.
   *
   * @returns the item, or undefined
   */
  tryReceive(): { value: T } | undefined {
    if (this.size === 0) {
      if (this.#failure !== undefined) throw this.#failure.error;
      return undefined;
    }
    const value = this.#queue[this.#head] as T;
    this.#queue[this.#head++] = undefined as T;
    if (this.#head === this.#queue.length) {
      this.#queue.length = 0;
      this.#head = 0;
    }
    const weight = this.#weightOf(value);
    this.#fill -= weight;
    this.#delivered += this.#weigh(value);
    this.#gate.release(weight);
    return { value };
  }

  /** A promise resolved when an item arrives or the channel closes. */
  readable(): Promise<void> {
    if (this.size > 0 || this.#closed) return Promise.resolve();
    return new Promise((resolve) => {
      const prev = this.#wake;
      this.#wake = () => {
        prev?.();
        resolve();
      };
    });
  }

  /** The producer is done: the consumer drains what waits, then sees the end. */
  close(): void {
    this.#closed = true;
    const w = this.#wake;
    this.#wake = undefined;
    w?.();
  }

  /**
   * Stop the channel: waiting producers are released, the consumer gets `error` after what waits.
   *
   * @param error - reason given to the consumer
   */
  fail(error: unknown): void {
    this.#failure ??= { error };
    this.#gate.close(error instanceof PrimeosError ? error : new PrimeosError('E_ABORTED', 'channel closed'));
    this.close();
  }

  /** The consumer stops reading: producers are no longer held back and their items are discarded. */
  discard(): void {
    this.#closed = true;
    this.#queue.length = 0;
    this.#head = 0;
    this.#fill = 0;
    this.#gate.close();
  }

  /** Occupancy and counters. */
  stats(): ChannelStats {
    return {
      from: this.from,
      to: this.to,
      capacity: this.#gate.highWaterMark,
      overflow: this.overflow,
      fill: this.#fill,
      maxFill: this.#maxFill,
      delivered: this.#delivered,
      dropped: this.#dropped,
      blocked: this.#gate.blockedEvents,
    };
  }
}

/**
 * The items of several channels, taken in turn (round robin over the channels that have items), so no input can
 * starve another; ends when every channel is finished.
 *
 * @param channels - the inputs of one node
 * @returns an async iterable of their items
 */
export async function* mergeFair<T>(channels: readonly Channel<T>[]): AsyncGenerator<T> {
  let next = 0;
  for (;;) {
    let took = false;
    let open = 0;
    for (let k = 0; k < channels.length; k++) {
      const c = channels[(next + k) % channels.length] as Channel<T>;
      const r = c.tryReceive();
      if (r !== undefined) {
        next = (next + k + 1) % channels.length;
        took = true;
        yield r.value;
        break;
      }
      if (!c.finished) open++;
    }
    if (took) continue;
    if (open === 0) return;
    await Promise.race(channels.filter((c) => !c.finished).map((c) => c.readable()));
  }
}
