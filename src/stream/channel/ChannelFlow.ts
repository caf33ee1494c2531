/**
 * The flow-control state of one channel as the server sees it (docs/PROTOCOL.md §Flow control), as a pure state
 * machine: no timers, no sockets. The socket adapter feeds it the client's frames and the operation's results and
 * sends what it returns.
 *
 * Two windows bound everything:
 * - input: the client may send item `seq` only while `seq < acked + inputWindow`, so the items the server holds
 *   (received, result not yet acknowledged) never exceed `inputWindow` — whatever the client does;
 * - output: the server sends result `seq` only while `seq < acked + outputWindow` (the client's receive window).
 */

/** What a client frame did to the channel. */
export type FlowVerdict =
  { readonly ok: true } | { readonly ok: false; readonly code: string; readonly message: string };

/** Options of a {@link ChannelFlow}. */
export interface ChannelFlowOptions {
  /** Items the server holds at most (received, result not acknowledged). */
  readonly inputWindow: number;
  /** Results the client accepts before it acknowledges (its receive window). */
  readonly outputWindow: number;
  /** First sequence number (a resumed channel starts where its results stopped). */
  readonly start?: number;
}

/** A result ready to send, in order. */
export interface Sendable<R> {
  readonly seq: number;
  readonly result: R;
}

const OK: FlowVerdict = { ok: true };

/**
 * Server-side flow control of one channel: items must arrive in sequence and within credit, results leave in
 * sequence and within the client's window, acknowledgements are cumulative.
 *
 * @example
 * ```ts
 * const flow = new ChannelFlow<string>({ inputWindow: 2, outputWindow: 2 });
 * flow.receiveItem(0); flow.receiveItem(1);
 * flow.receiveItem(2); // { ok: false, code: 'E_CREDIT', … }
 * ```
 */
export class ChannelFlow<R> {
  /** The first sequence number of the channel. */
  readonly start: number;
  #inputWindow: number;
  #outputWindow: number;
  /** Next item seq expected from the client. */
  #nextItem: number;
  /** Next result seq to send. */
  #nextSend: number;
  /** Results below this seq are acknowledged. */
  #acked: number;
  readonly #done = new Map<number, R>();
  #ended = false;
  #creditWaits = 0;

  /**
   * @param options - the two windows and the first sequence number
   */
  constructor(options: ChannelFlowOptions) {
    this.start = options.start ?? 0;
    this.#inputWindow = Math.max(1, options.inputWindow);
    this.#outputWindow = Math.max(1, options.outputWindow);
    this.#nextItem = this.#nextSend = this.#acked = this.start;
  }

  /** Items with a seq below this may be sent by the client. */
  get itemLimit(): number {
    return this.#acked + this.#inputWindow;
  }
  /** Next item seq expected. */
  get nextItem(): number {
    return this.#nextItem;
  }
  /** Results below this seq have been acknowledged. */
  get acked(): number {
    return this.#acked;
  }
  /** Next result seq to send. */
  get nextSend(): number {
    return this.#nextSend;
  }
  /** Items held by the server: received, result not acknowledged (≤ input window). */
  get inFlight(): number {
    return this.#nextItem - this.#acked;
  }
  /** Results computed but not sent yet. */
  get pendingResults(): number {
    return this.#done.size;
  }
  /** Times a result was ready while the client's window was full. */
  get creditWaits(): number {
    return this.#creditWaits;
  }
  /** True once the client said `end`. */
  get ended(): boolean {
    return this.#ended;
  }
  /** True when the client ended and every result has been sent. */
  get finished(): boolean {
    return this.#ended && this.#nextSend === this.#nextItem;
  }

  /**
   * An item frame arrived.
   *
   * @param seq - its sequence number
   * @returns ok, or `E_PROTOCOL` (out of sequence, after end) / `E_CREDIT` (beyond the granted credit)
   */
  receiveItem(seq: number): FlowVerdict {
    if (this.#ended) return { ok: false, code: 'E_PROTOCOL', message: `item ${seq} after end` };
    if (seq !== this.#nextItem)
      return { ok: false, code: 'E_PROTOCOL', message: `item ${seq} out of sequence (expected ${this.#nextItem})` };
    if (seq >= this.itemLimit)
      return { ok: false, code: 'E_CREDIT', message: `item ${seq} beyond the credit limit ${this.itemLimit}` };
    this.#nextItem++;
    return OK;
  }

  /**
   * The operation finished an item (results may complete in any order).
   *
   * @param seq - the item's seq (received, not yet completed)
   * @param result - its result
   */
  complete(seq: number, result: R): void {
    if (seq < this.#nextSend || seq >= this.#nextItem || this.#done.has(seq)) {
      throw new RangeError(`result ${seq} is not awaited`);
    }
    this.#done.set(seq, result);
  }

  /**
   * The results that may leave now, in order, within the client's window; they count as sent.
   *
   * @returns the results to send (possibly none)
   */
  takeSendable(): Sendable<R>[] {
    const out: Sendable<R>[] = [];
    for (;;) {
      const seq = this.#nextSend;
      if (!this.#done.has(seq)) break;
      if (seq >= this.#acked + this.#outputWindow) {
        this.#creditWaits++;
        break;
      }
      out.push({ seq, result: this.#done.get(seq) as R });
      this.#done.delete(seq);
      this.#nextSend++;
    }
    return out;
  }

  /**
   * A cumulative acknowledgement: results below `seq` are consumed, optionally with a new receive window.
   *
   * @param seq - first result not yet consumed
   * @param window - the client's new receive window
   * @returns ok, or `E_PROTOCOL` for an ack of results not sent or going backwards
   */
  ack(seq: number, window?: number): FlowVerdict {
    if (seq < this.#acked || seq > this.#nextSend) {
      return {
        ok: false,
        code: 'E_PROTOCOL',
        message: `ack ${seq} outside the sent range [${this.#acked}, ${this.#nextSend}]`,
      };
    }
    this.#acked = seq;
    if (window !== undefined) this.#outputWindow = Math.max(1, window);
    return OK;
  }

  /** The client sends no more items. */
  end(): void {
    this.#ended = true;
  }
}
