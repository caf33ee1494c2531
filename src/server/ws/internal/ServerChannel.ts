import type { ChannelFlow } from '../../../stream/channel/ChannelFlow.js';
import type { ChannelItem, ChannelWork, ItemOutcome } from '../../../stream/channel/channelWork.js';
import type { ChannelOperation, ChannelStats, ServerFrame } from '../../../stream/channel/channelProtocol.js';
import { MetricsRecorder } from '../../../stream/MetricsRecorder.js';

/** Latency samples a channel keeps for its statistics. */
const CHANNEL_LATENCY_SAMPLES = 256;

/** What a channel needs from its connection. */
export interface ChannelHost {
  /** Send a frame; false when the connection is gone or overflowed. */
  send(frame: ServerFrame): boolean;
  /** A result left after `latencyMs` (item received → result sent). */
  delivered(latencyMs: number): void;
  /** The channel finished or was closed: forget it. */
  release(channel: number): void;
}

/**
 * One open channel on the server: its flow control, its work queue (at most `concurrency` items running), its
 * abort signal and statistics. Items run through the channel's {@link ChannelWork}; results leave in order.
 */
export class ServerChannel {
  readonly id: number;
  readonly op: ChannelOperation;
  readonly flow: ChannelFlow<ItemOutcome>;
  readonly #work: ChannelWork;
  readonly #host: ChannelHost;
  readonly #concurrency: number;
  readonly #abort = new AbortController();
  readonly #queue: ChannelItem[] = [];
  readonly #received = new Map<number, number>();
  readonly #metrics = new MetricsRecorder(undefined, CHANNEL_LATENCY_SAMPLES);
  readonly #opened = performance.now();
  #running = 0;
  #announced: number;
  #failed = 0;
  #closed = false;
  /** Last time the client sent a frame for this channel (idle detection). */
  lastActivity = performance.now();

  constructor(
    id: number,
    op: ChannelOperation,
    flow: ChannelFlow<ItemOutcome>,
    work: ChannelWork,
    host: ChannelHost,
    concurrency: number,
  ) {
    this.id = id;
    this.op = op;
    this.flow = flow;
    this.#work = work;
    this.#host = host;
    this.#concurrency = Math.max(1, concurrency);
    this.#announced = flow.itemLimit;
    this.#metrics.start();
  }

  /** True once ended, cancelled or closed. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Items received and not yet started. */
  get queued(): number {
    return this.#queue.length;
  }

  /**
   * An item arrived (already accepted by the flow).
   *
   * @param seq - its seq
   * @param data - its payload
   */
  item(seq: number, data: string): void {
    this.#received.set(seq, performance.now());
    this.#metrics.recordIn();
    this.#queue.push({ seq, data });
    this.#startWork();
  }

  /** Re-run the send loop after an ack or end. */
  pump(): void {
    if (this.#closed) return;
    for (const { seq, result } of this.flow.takeSendable()) {
      const t = this.#received.get(seq);
      this.#received.delete(seq);
      if (result.error !== undefined) this.#failed++;
      const latency = t === undefined ? 0 : performance.now() - t;
      this.#metrics.recordOut(latency);
      this.#host.delivered(latency);
      const frame: ServerFrame =
        result.error === undefined
          ? { type: 'result', channel: this.id, seq, out: result.out }
          : { type: 'result', channel: this.id, seq, out: result.out, error: result.error };
      if (!this.#host.send(frame)) return;
    }
    if (this.flow.itemLimit > this.#announced && !this.flow.ended) {
      this.#announced = this.flow.itemLimit;
      if (!this.#host.send({ type: 'credit', channel: this.id, limit: this.#announced })) return;
    }
    if (this.flow.finished) {
      this.#host.send({ type: 'end', channel: this.id, seq: this.flow.nextItem, stats: this.stats() });
      this.#finish();
    }
  }

  /**
   * Close the channel early: abort its running work (worker tasks included) and tell the client why.
   *
   * @param code - error code (`E_ABORTED` for a cancel, `E_IDLE`, …)
   * @param message - why
   * @param notify - send a `closed` frame
   */
  close(code: string, message: string, notify = true): void {
    if (this.#closed) return;
    this.#abort.abort();
    if (notify) this.#host.send({ type: 'closed', channel: this.id, error: { code, message } });
    this.#finish();
  }

  /**
   * The channel's statistics now.
   *
   * @returns items in/out, acknowledged, in flight, failed, credit waits, latency, age
   */
  stats(): ChannelStats {
    const m = this.#metrics.snapshot();
    return {
      op: this.op,
      itemsIn: m.itemsIn,
      resultsOut: m.itemsOut,
      acked: this.flow.acked - this.flow.start,
      inFlight: this.flow.inFlight,
      failed: this.#failed,
      creditWaits: this.flow.creditWaits,
      latencyMs: { p50: m.latencyMs.p50, p99: m.latencyMs.p99, max: m.latencyMs.max },
      ageMs: Math.round(performance.now() - this.#opened),
    };
  }

  #finish(): void {
    this.#closed = true;
    this.#queue.length = 0;
    this.#metrics.stop();
    this.#host.release(this.id);
  }

  #startWork(): void {
    while (!this.#closed && this.#running < this.#concurrency && this.#queue.length > 0) {
      // the items waiting now go together (up to the work's batch size); none is held back to fill a batch
      const items = this.#queue.splice(0, this.#work.maxBatch);
      this.#running++;
      const signal = this.#abort.signal;
      // setImmediate first: in-thread work is synchronous, and channels must take turns on the event loop
      new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => (signal.aborted ? undefined : this.#work.run(items, signal)))
        .then(
          (outcomes) => {
            this.#running--;
            if (this.#closed || outcomes === undefined) return;
            items.forEach((it, i) => this.flow.complete(it.seq, outcomes[i] as ItemOutcome));
            this.pump();
            this.#startWork();
          },
          (err: unknown) => {
            this.#running--;
            if (this.#closed) return;
            // work rejects only when aborted or when the pool fails: the items become error results
            const e = err as { code?: unknown; message?: unknown };
            const error = {
              code: typeof e.code === 'string' ? e.code : 'E_INTERNAL',
              message: String(e.message ?? err),
            };
            for (const it of items) this.flow.complete(it.seq, { out: '', error });
            this.pump();
            this.#startWork();
          },
        );
    }
  }
}
