import type { WebSocket, RawData } from 'ws';
import { ChannelFlow } from '../../stream/channel/ChannelFlow.js';
import { channelWork, type ItemOutcome } from '../../stream/channel/channelWork.js';
import {
  ChannelErrorCode,
  CloseCode,
  parseClientFrame,
  type ClientFrame,
  type HealthReport,
  type ServerFrame,
} from '../../stream/channel/channelProtocol.js';
import type { WorkerPool } from '../../stream/WorkerPool.js';
import type { Broadcaster, BroadcastSubscriber } from './Broadcaster.js';
import { ServerChannel } from './internal/ServerChannel.js';

/** How often a connection holding conflated broadcast events checks whether its socket drained. */
const EVENT_FLUSH_MS = 25;

/** The resolved limits a connection runs with (see `StreamEndpointOptions`). */
export interface ConnectionLimits {
  readonly inputWindow: number;
  readonly defaultWindow: number;
  readonly maxWindow: number;
  readonly maxChannels: number;
  readonly maxItemBytes: number;
  readonly maxQueuedBytes: number;
  readonly eventHighWaterBytes: number;
  readonly heartbeatMs: number;
  readonly idleMs: number;
  readonly channelIdleMs: number;
  readonly closeTimeoutMs: number;
}

/** Counters a connection reports to its endpoint. */
export interface ConnectionEvents {
  /** The socket closed. */
  closed(conn: StreamConnection): void;
  /** Broadcast events a slow subscriber did not get (replaced by a later one of the same topic). */
  dropped(n: number): void;
  /** The server is closing the socket for a protocol error (`E_CREDIT`, `E_OVERFLOW`, `E_HEARTBEAT`, …). */
  refused(code: string): void;
  /** A channel delivered a result after `latencyMs` (for throughput and latency figures). */
  result(latencyMs: number): void;
}

/**
 * One WebSocket of the `/v1/stream` endpoint: parses frames, runs channels, enforces credits, caps the socket's
 * queued bytes, pings, and closes idle channels and connections (docs/PROTOCOL.md).
 */
export class StreamConnection implements BroadcastSubscriber {
  readonly #ws: WebSocket;
  readonly #limits: ConnectionLimits;
  readonly #pool: WorkerPool | undefined;
  readonly #broadcaster: Broadcaster | undefined;
  readonly #events: ConnectionEvents;
  readonly #channels = new Map<number, ServerChannel>();
  readonly #subscriptions = new Map<string, () => void>();
  readonly #pendingEvents = new Map<string, { topic: string; event: string; data: unknown; dropped: number }>();
  #eventTimer: NodeJS.Timeout | undefined;
  readonly #opened = performance.now();
  readonly #timer: NodeJS.Timeout;
  #alive = true;
  #lastPong = performance.now();
  #lastActivity = performance.now();
  #closing = false;
  #draining = false;
  #creditWaitsClosed = 0;

  constructor(
    ws: WebSocket,
    limits: ConnectionLimits,
    events: ConnectionEvents,
    pool?: WorkerPool,
    broadcaster?: Broadcaster,
  ) {
    this.#ws = ws;
    this.#limits = limits;
    this.#events = events;
    this.#pool = pool;
    this.#broadcaster = broadcaster;
    ws.on('message', (data, isBinary) => this.#onMessage(data, isBinary));
    ws.on('pong', () => {
      this.#alive = true;
      this.#lastPong = performance.now();
    });
    ws.on('close', () => this.#cleanup());
    ws.on('error', () => this.#cleanup());
    this.#timer = setInterval(() => this.#tick(), limits.heartbeatMs);
    this.#timer.unref();
  }

  /** Open channels. */
  get channelCount(): number {
    return this.#channels.size;
  }

  /** Credit waits of every channel this connection has had. */
  get creditWaits(): number {
    let n = this.#creditWaitsClosed;
    for (const c of this.#channels.values()) n += c.flow.creditWaits;
    return n;
  }

  /**
   * Send a frame unless it would push the socket's queue over the cap; overflow closes the connection (1008,
   * `E_OVERFLOW`).
   *
   * @param frame - the frame
   * @returns false when the connection is closing or just overflowed
   */
  send(frame: ServerFrame): boolean {
    if (this.#closing || this.#ws.readyState !== this.#ws.OPEN) return false;
    const text = JSON.stringify(frame);
    if (this.#ws.bufferedAmount + Buffer.byteLength(text) > this.#limits.maxQueuedBytes) {
      this.fail(
        ChannelErrorCode.Overflow,
        `socket queue above ${this.#limits.maxQueuedBytes} bytes: the client does not read`,
        false,
      );
      return false;
    }
    this.#ws.send(text);
    return true;
  }

  /**
   * Broadcast policy (docs/PROTOCOL.md §Broadcast), conflation: while the socket holds more than
   * `eventHighWaterBytes`, a topic's events (per conflation key) replace each other in a one-slot buffer (the dropped ones counted);
   * once the socket drains, the latest is sent with `dropped`. A slow subscriber thus sees fewer, current events
   * (always the last one), uses one slot per topic, and never makes the publisher wait.
   */
  offer(topic: string, event: string, data: unknown, key?: string): void {
    if (this.#closing) return;
    const slot = key === undefined ? topic : `${topic}\u0000${key}`;
    const pending = this.#pendingEvents.get(slot);
    if (pending !== undefined || this.#ws.bufferedAmount > this.#limits.eventHighWaterBytes) {
      const dropped = pending === undefined ? 0 : pending.dropped + 1;
      this.#pendingEvents.set(slot, { topic, event, data, dropped });
      if (pending !== undefined) this.#events.dropped(1);
      this.#scheduleEventFlush();
      return;
    }
    this.send({ type: 'event', topic, event, data });
  }

  #scheduleEventFlush(): void {
    if (this.#eventTimer !== undefined) return;
    this.#eventTimer = setTimeout(() => {
      this.#eventTimer = undefined;
      if (this.#closing) return;
      if (this.#ws.bufferedAmount > this.#limits.eventHighWaterBytes) return this.#scheduleEventFlush();
      const all = [...this.#pendingEvents];
      this.#pendingEvents.clear();
      for (const [, p] of all) {
        this.send(
          p.dropped === 0
            ? { type: 'event', topic: p.topic, event: p.event, data: p.data }
            : { type: 'event', topic: p.topic, event: p.event, data: p.data, dropped: p.dropped },
        );
      }
    }, EVENT_FLUSH_MS);
    this.#eventTimer.unref();
  }

  /**
   * Close the connection with a typed error: an `error` frame, then close 1008 with the code as reason; a peer that
   * does not complete the close handshake is cut after `closeTimeoutMs`.
   *
   * @param code - protocol error code
   * @param message - why
   * @param frame - send the `error` frame first (not when the queue is already full)
   */
  fail(code: string, message: string, frame = true): void {
    if (this.#closing) return;
    if (frame) this.send({ type: 'error', code, message });
    this.#close(code === ChannelErrorCode.Idle ? CloseCode.Normal : CloseCode.Policy, code);
  }

  /**
   * Graceful close: stop accepting channels, let open channels finish (up to `graceMs`), then close 1001.
   *
   * @param graceMs - how long open channels may run on
   * @returns when the socket is closed
   */
  async drain(graceMs: number): Promise<void> {
    this.#draining = true;
    const until = performance.now() + graceMs;
    while (this.#channels.size > 0 && performance.now() < until && !this.#closing) {
      await new Promise((r) => setTimeout(r, 20));
    }
    if (!this.#closing) this.#close(CloseCode.GoingAway, 'server shutting down');
    if (this.#ws.readyState !== this.#ws.CLOSED) {
      await new Promise<void>((resolve) => this.#ws.once('close', () => resolve()));
    }
  }

  #close(code: number, reason: string): void {
    this.#closing = true;
    if (reason.startsWith('E_')) this.#events.refused(reason);
    for (const c of [...this.#channels.values()]) c.close(ChannelErrorCode.Cancelled, 'connection closed', false);
    this.#ws.close(code, reason);
    const t = setTimeout(() => this.#ws.terminate(), this.#limits.closeTimeoutMs);
    t.unref();
    this.#ws.once('close', () => clearTimeout(t));
  }

  #cleanup(): void {
    clearInterval(this.#timer);
    clearTimeout(this.#eventTimer);
    for (const c of [...this.#channels.values()]) c.close(ChannelErrorCode.Cancelled, 'connection closed', false);
    for (const off of this.#subscriptions.values()) off();
    this.#subscriptions.clear();
    this.#closing = true;
    this.#events.closed(this);
  }

  #tick(): void {
    if (this.#closing) return;
    if (!this.#alive) {
      // a silent peer answers neither the close handshake: cut it
      this.#closing = true;
      this.#events.refused(ChannelErrorCode.Heartbeat);
      this.#ws.terminate();
      return;
    }
    this.#alive = false;
    this.#ws.ping();
    const now = performance.now();
    for (const c of [...this.#channels.values()]) {
      if (now - c.lastActivity > this.#limits.channelIdleMs) {
        c.close(ChannelErrorCode.Idle, `no frame for ${this.#limits.channelIdleMs} ms`);
      }
    }
    if (this.#channels.size === 0 && this.#subscriptions.size === 0 && now - this.#lastActivity > this.#limits.idleMs) {
      this.fail(ChannelErrorCode.Idle, `no channel and no frame for ${this.#limits.idleMs} ms`);
    }
  }

  #health(): HealthReport {
    return {
      status: this.#draining ? 'draining' : 'ok',
      channels: this.#channels.size,
      subscriptions: this.#subscriptions.size,
      bufferedBytes: this.#ws.bufferedAmount,
      uptimeMs: Math.round(performance.now() - this.#opened),
      lastPongMs: Math.round(performance.now() - this.#lastPong),
    };
  }

  #onMessage(data: RawData, isBinary: boolean): void {
    if (this.#closing) return;
    this.#lastActivity = performance.now();
    this.#alive = true; // any frame proves the peer is there
    if (isBinary) {
      this.send({ type: 'error', code: ChannelErrorCode.Protocol, message: 'binary frames are not spoken' });
      this.#close(CloseCode.Unsupported, ChannelErrorCode.Protocol);
      return;
    }
    const parsed = parseClientFrame(data.toString());
    if (!parsed.ok) return this.fail(parsed.code, parsed.message);
    this.#handle(parsed.frame);
  }

  #handle(f: ClientFrame): void {
    switch (f.type) {
      case 'health':
        this.send({ type: 'health', ...this.#health() });
        return;
      case 'subscribe': {
        if (this.#broadcaster === undefined || this.#subscriptions.has(f.topic)) return;
        this.#subscriptions.set(f.topic, this.#broadcaster.subscribe(f.topic, this));
        return;
      }
      case 'unsubscribe':
        this.#subscriptions.get(f.topic)?.();
        this.#subscriptions.delete(f.topic);
        return;
      case 'open':
        return this.#open(f);
      default:
        break;
    }
    const ch = this.#channels.get(f.channel);
    if (ch === undefined) {
      // frames racing a channel the server already closed (idle, cancel) are ignored; never-opened ones are not
      if (f.channel >= this.#nextFreeChannelHint) {
        this.fail(ChannelErrorCode.Protocol, `${f.type} on channel ${f.channel}, which was never opened`);
      }
      return;
    }
    ch.lastActivity = performance.now();
    switch (f.type) {
      case 'item': {
        if (Buffer.byteLength(f.data) > this.#limits.maxItemBytes) {
          return this.fail(ChannelErrorCode.Limit, `item above ${this.#limits.maxItemBytes} bytes`);
        }
        const v = ch.flow.receiveItem(f.seq);
        if (!v.ok) return this.fail(v.code, `channel ${f.channel}: ${v.message}`);
        ch.item(f.seq, f.data);
        return;
      }
      case 'ack': {
        const w = f.window === undefined ? undefined : Math.min(f.window, this.#limits.maxWindow);
        const v = ch.flow.ack(f.seq, w);
        if (!v.ok) return this.fail(v.code, `channel ${f.channel}: ${v.message}`);
        ch.pump();
        return;
      }
      case 'end':
        ch.flow.end();
        ch.pump();
        return;
      case 'cancel':
        ch.close(ChannelErrorCode.Cancelled, 'cancelled by the client');
        return;
      case 'stats':
        this.send({ type: 'stats', channel: f.channel, ...ch.stats() });
        return;
    }
  }

  /** Channel ids at or above this were never used on this connection (ids below may be closed channels). */
  #nextFreeChannelHint = 0;

  #open(f: Extract<ClientFrame, { type: 'open' }>): void {
    if (this.#channels.has(f.channel)) return this.fail(ChannelErrorCode.Protocol, `channel ${f.channel} is open`);
    this.#nextFreeChannelHint = Math.max(this.#nextFreeChannelHint, f.channel + 1);
    if (this.#draining) {
      this.send({
        type: 'closed',
        channel: f.channel,
        error: { code: 'E_STATE', message: 'the server is shutting down' },
      });
      return;
    }
    if (this.#channels.size >= this.#limits.maxChannels) {
      this.send({
        type: 'closed',
        channel: f.channel,
        error: { code: ChannelErrorCode.Limit, message: `more than ${this.#limits.maxChannels} channels` },
      });
      return;
    }
    const flow = new ChannelFlow<ItemOutcome>({
      inputWindow: this.#limits.inputWindow,
      outputWindow: Math.min(f.window ?? this.#limits.defaultWindow, this.#limits.maxWindow),
      start: f.seq ?? 0,
    });
    const work = channelWork(f.op, f.options, f.op === 'factor' ? this.#pool : undefined);
    const host = {
      send: (frame: ServerFrame): boolean => this.send(frame),
      delivered: (latencyMs: number): void => this.#events.result(latencyMs),
      release: (id: number): void => {
        const c = this.#channels.get(id);
        if (c !== undefined) this.#creditWaitsClosed += c.flow.creditWaits;
        this.#channels.delete(id);
      },
    };
    const ch = new ServerChannel(f.channel, f.op, flow, work, host, this.#pool?.threads ?? 1);
    this.#channels.set(f.channel, ch);
    this.send({ type: 'opened', channel: f.channel, seq: flow.start, limit: flow.itemLimit });
  }
}
