import { PrimeosError, type ErrorCode } from '../model/PrimeosError.js';
import type {
  ChannelOperation,
  ChannelOptions,
  ChannelStats,
  ClientFrame,
  ServerFrame,
  WireError,
} from '../stream/channel/channelProtocol.js';

/** One result of a channel: the item's sequence number, the operation's output, and its error if it failed. */
export interface ChannelResult {
  readonly seq: number;
  /** The same text the CLI writes for the item (an NDJSON record and newline for `factor` and `verify`). */
  readonly out: string;
  readonly error?: WireError;
}

/** What a channel needs from its connection. */
export interface ChannelLink {
  /** Send a frame now if the socket is open (false otherwise: the frame is re-derived on reconnect). */
  send(frame: ClientFrame): boolean;
  /** The channel is done: forget it. */
  release(id: number): void;
}

const wireError = (e: WireError): PrimeosError => new PrimeosError(e.code as ErrorCode, e.message);

/**
 * A channel of a {@link connect}ed connection: write items in (`write`, `end`, or the WHATWG `writable`), iterate
 * results out (`for await`). Results come in item order, each exactly once, across reconnects: the channel keeps
 * the items whose results have not arrived and replays them from the first missing result (docs/PROTOCOL.md
 * §Resume). Results are acknowledged as the iterator consumes them, so a consumer that stops reading stops its
 * channel (and only it) once the windows are full.
 */
export class ClientChannel implements AsyncIterable<ChannelResult> {
  readonly id: number;
  readonly op: ChannelOperation;
  readonly options: ChannelOptions;
  readonly #window: number;
  readonly #link: ChannelLink;
  /** Items not yet answered, from seq `#base` on. */
  #items: string[] = [];
  #base = 0;
  /** Next seq to send on the current socket. */
  #nextSend = 0;
  /** Items with a seq below this may be sent (server credit). */
  #limit = 0;
  #open = false;
  #ended = false;
  #endSent = false;
  #finished = false;
  #error: PrimeosError | undefined;
  readonly #results: ChannelResult[] = [];
  #consumed = 0;
  #acked = 0;
  #wakeReader: (() => void) | undefined;
  readonly #writers: (() => void)[] = [];
  readonly #statsWaiters: ((s: ChannelStats) => void)[] = [];
  /** Sockets this channel was (re)opened on. */
  opens = 0;

  constructor(id: number, op: ChannelOperation, options: ChannelOptions, window: number, link: ChannelLink) {
    this.id = id;
    this.op = op;
    this.options = options;
    this.#window = window;
    this.#link = link;
  }

  /** Items written so far. */
  get written(): number {
    return this.#base + this.#items.length;
  }

  /**
   * Send one item. Resolves once the item is within the channel's buffer bound (server credit): awaiting each
   * `write` is the backpressure.
   *
   * @param data - the item (a line for `factor`/`verify`, text for `encode`, chunks for `decode`, a program for `run`)
   * @throws PrimeosError `E_STATE` after `end`/`cancel`, or the channel's error
   */
  async write(data: string): Promise<void> {
    if (this.#error !== undefined) throw this.#error;
    if (this.#ended) throw new PrimeosError('E_STATE', 'write after end');
    this.#items.push(data);
    this.#flush();
    while (this.written > this.#limit + 1 && this.#error === undefined && !this.#finished) {
      await new Promise<void>((resolve) => this.#writers.push(resolve));
    }
    if (this.#error !== undefined) throw this.#error;
  }

  /** No more items; the iterator ends after the last result. */
  end(): void {
    this.#ended = true;
    this.#flush();
  }

  /** Abort the channel: the server aborts its running work; the iterator fails with `E_ABORTED`. */
  cancel(): void {
    if (this.#finished) return;
    this.#link.send({ type: 'cancel', channel: this.id });
    this.#fail(new PrimeosError('E_ABORTED', 'channel cancelled'));
  }

  /**
   * The channel's statistics from the server.
   *
   * @returns items in/out, acknowledged, in flight, credit waits, latency
   */
  stats(): Promise<ChannelStats> {
    return new Promise((resolve) => {
      this.#statsWaiters.push(resolve);
      this.#link.send({ type: 'stats', channel: this.id });
    });
  }

  /** A WHATWG WritableStream of items (closing it ends the channel). */
  get writable(): WritableStream<string> {
    return new WritableStream<string>({
      write: (item) => this.write(item),
      close: () => this.end(),
      abort: () => this.cancel(),
    });
  }

  async *[Symbol.asyncIterator](): AsyncIterator<ChannelResult> {
    for (;;) {
      const r = this.#results.shift();
      if (r !== undefined) {
        this.#consumed++;
        this.#maybeAck();
        yield r;
        continue;
      }
      if (this.#error !== undefined) throw this.#error;
      if (this.#finished) return;
      await new Promise<void>((resolve) => (this.#wakeReader = resolve));
    }
  }

  /** The connection has a new socket: open (or re-open from the first missing result). @internal */
  attach(): void {
    if (this.#finished) return;
    this.#open = false;
    this.#endSent = false;
    this.#nextSend = this.#base;
    this.#limit = this.#base;
    // results received but not consumed stay local; the server starts from the first result not received
    this.#acked = this.#base;
    this.opens++;
    this.#link.send({
      type: 'open',
      channel: this.id,
      op: this.op,
      options: this.options,
      window: this.#window,
      seq: this.#base,
    });
  }

  /** The socket is gone (a reconnect may follow). @internal */
  detach(): void {
    this.#open = false;
  }

  /** The connection failed for good. @internal */
  fail(err: PrimeosError): void {
    this.#fail(err);
  }

  /** A frame for this channel. @internal */
  receive(f: ServerFrame): void {
    switch (f.type) {
      case 'opened':
        this.#open = true;
        this.#limit = f.limit;
        this.#flush();
        return;
      case 'credit':
        this.#limit = Math.max(this.#limit, f.limit);
        this.#flush();
        this.#wakeWriters();
        return;
      case 'result': {
        if (f.seq !== this.#base) return; // not the one awaited (cannot happen on a conforming server)
        this.#items.shift();
        this.#base++;
        this.#results.push(
          f.error === undefined ? { seq: f.seq, out: f.out } : { seq: f.seq, out: f.out, error: f.error },
        );
        this.#wake();
        this.#wakeWriters();
        return;
      }
      case 'end':
        this.#finished = true;
        this.#link.release(this.id);
        this.#wake();
        this.#wakeWriters();
        return;
      case 'closed':
        this.#fail(wireError(f.error));
        return;
      case 'stats': {
        const { type: _t, channel: _c, ...stats } = f;
        this.#statsWaiters.shift()?.(stats);
        return;
      }
      default:
        return;
    }
  }

  #flush(): void {
    if (!this.#open || this.#finished) return;
    while (this.#nextSend < this.written && this.#nextSend < this.#limit) {
      const data = this.#items[this.#nextSend - this.#base] as string;
      if (!this.#link.send({ type: 'item', channel: this.id, seq: this.#nextSend, data })) return;
      this.#nextSend++;
    }
    if (this.#ended && !this.#endSent && this.#nextSend === this.written) {
      if (this.#link.send({ type: 'end', channel: this.id })) this.#endSent = true;
    }
  }

  #maybeAck(): void {
    if (!this.#open) return;
    // acknowledge what was consumed (never what was only received): a quarter window at a time, or at once when
    // the consumer has caught up, so the server is never left waiting on an ack the consumer could give
    const pending = this.#consumed - this.#acked;
    if (pending <= 0) return;
    if (pending >= Math.max(1, this.#window >> 2) || this.#results.length === 0) {
      // acks may only cover results of this socket: consumed ones from before a reconnect are below its start
      const seq = Math.max(this.#consumed, this.#acked);
      if (this.#link.send({ type: 'ack', channel: this.id, seq })) this.#acked = seq;
    }
  }

  #fail(err: PrimeosError): void {
    if (this.#finished) return;
    this.#error = err;
    this.#finished = true;
    this.#link.release(this.id);
    this.#wake();
    this.#wakeWriters();
  }

  #wake(): void {
    const w = this.#wakeReader;
    this.#wakeReader = undefined;
    w?.();
  }

  #wakeWriters(): void {
    for (const w of this.#writers.splice(0)) w();
  }
}
