import { WebSocket } from 'ws';
import { PrimeosError, type ErrorCode } from '../model/PrimeosError.js';
import {
  CloseCode,
  type ChannelOperation,
  type ChannelOptions,
  type ClientFrame,
  type HealthReport,
  type ServerFrame,
} from '../stream/channel/channelProtocol.js';
import { ClientChannel } from './ClientChannel.js';

/** Options of {@link connect}. */
export interface ConnectOptions {
  /** Bearer token sent on the upgrade request. */
  readonly token?: string;
  /** Results each channel accepts before acknowledging (its receive window; default 64). */
  readonly window?: number;
  /** Reconnect attempts after an unexpected close, in a row (default 5; 0 disables resume). */
  readonly retries?: number;
  /** First reconnect delay in ms (default 100); doubles per attempt up to `maxDelayMs`, with jitter. */
  readonly minDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Client-side heartbeat: a ping every `heartbeatMs` (default 10 s); no pong by the next one → reconnect. */
  readonly heartbeatMs?: number;
}

/** Defaults of {@link ConnectOptions}. */
export const CONNECT_DEFAULTS = {
  window: 64,
  retries: 5,
  minDelayMs: 100,
  maxDelayMs: 5_000,
  heartbeatMs: 10_000,
} as const;

/** Close codes after which reconnecting would repeat the same refusal. */
const FINAL_CLOSE_CODES: ReadonlySet<number> = new Set([CloseCode.Policy, CloseCode.Unsupported, CloseCode.TooBig]);

/**
 * A connection to a primeos server's `/v1/stream` endpoint: many channels over one WebSocket, reconnected and
 * resumed on failure (docs/PROTOCOL.md).
 */
export class Connection {
  readonly #url: string;
  readonly #options: Required<Omit<ConnectOptions, 'token'>> & { token?: string };
  readonly #channels = new Map<number, ClientChannel>();
  readonly #healthWaiters: ((h: HealthReport) => void)[] = [];
  #ws: WebSocket | undefined;
  #nextId = 0;
  #closed = false;
  #failures = 0;
  #reconnects = 0;
  #heartbeat: NodeJS.Timeout | undefined;
  #error: PrimeosError | undefined;

  /** @internal use {@link connect} */
  constructor(url: string, options: ConnectOptions) {
    this.#url = url;
    this.#options = {
      window: options.window ?? CONNECT_DEFAULTS.window,
      retries: options.retries ?? CONNECT_DEFAULTS.retries,
      minDelayMs: options.minDelayMs ?? CONNECT_DEFAULTS.minDelayMs,
      maxDelayMs: options.maxDelayMs ?? CONNECT_DEFAULTS.maxDelayMs,
      heartbeatMs: options.heartbeatMs ?? CONNECT_DEFAULTS.heartbeatMs,
      ...(options.token === undefined ? {} : { token: options.token }),
    };
  }

  /** Times the connection was re-established after an unexpected close. */
  get reconnects(): number {
    return this.#reconnects;
  }

  /** The current socket (tests and tools use it to observe or break the connection). */
  get socket(): WebSocket | undefined {
    return this.#ws;
  }

  /**
   * Open a channel running one operation.
   *
   * @param op - factor, encode, decode, verify or run
   * @param options - the operation's options (`seed`, `budgetMs`, …)
   * @returns the channel: write items, iterate results
   * @throws PrimeosError `E_STATE` on a closed connection
   */
  channel(op: ChannelOperation, options: ChannelOptions = {}): ClientChannel {
    if (this.#closed || this.#error !== undefined) {
      throw this.#error ?? new PrimeosError('E_STATE', 'the connection is closed');
    }
    const id = this.#nextId++;
    const ch = new ClientChannel(id, op, options, this.#options.window, {
      send: (f) => this.#send(f),
      release: (cid) => {
        this.#channels.delete(cid);
      },
    });
    this.#channels.set(id, ch);
    if (this.#ws?.readyState === WebSocket.OPEN) ch.attach();
    return ch;
  }

  /**
   * Ask the server for the connection's health.
   *
   * @returns the health report
   */
  health(): Promise<HealthReport> {
    return new Promise((resolve) => {
      this.#healthWaiters.push(resolve);
      this.#send({ type: 'health' });
    });
  }

  /**
   * Close gracefully: waits until every channel has finished (or `timeoutMs` passed), then closes the socket.
   *
   * @param timeoutMs - longest wait for open channels (default 10 s)
   */
  async close(timeoutMs = 10_000): Promise<void> {
    const until = performance.now() + timeoutMs;
    while (this.#channels.size > 0 && performance.now() < until && this.#error === undefined) {
      await new Promise((r) => setTimeout(r, 10));
    }
    this.#closed = true;
    clearInterval(this.#heartbeat);
    const ws = this.#ws;
    if (ws === undefined || ws.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      ws.once('close', () => resolve());
      ws.close(CloseCode.Normal);
    });
  }

  /** Open the socket (first connect or reconnect). @internal */
  open(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const headers: Record<string, string> =
        this.#options.token === undefined ? {} : { authorization: `Bearer ${this.#options.token}` };
      const ws = new WebSocket(this.#url, { headers });
      this.#ws = ws;
      let opened = false;
      let alive = true;
      ws.on('open', () => {
        opened = true;
        this.#failures = 0;
        clearInterval(this.#heartbeat);
        this.#heartbeat = setInterval(() => {
          if (!alive) return ws.terminate(); // a silent server: the close handler reconnects
          alive = false;
          ws.ping();
        }, this.#options.heartbeatMs);
        this.#heartbeat.unref();
        for (const ch of this.#channels.values()) ch.attach();
        resolve();
      });
      ws.on('pong', () => (alive = true));
      ws.on('message', (data) => {
        alive = true;
        this.#onFrame(JSON.parse(data.toString()) as ServerFrame);
      });
      ws.on('error', (err) => {
        if (!opened) reject(err);
      });
      ws.on('close', (code, reason) => {
        clearInterval(this.#heartbeat);
        for (const ch of this.#channels.values()) ch.detach();
        if (this.#closed || !opened) return;
        void this.#onUnexpectedClose(code, reason.toString());
      });
    });
  }

  async #onUnexpectedClose(code: number, reason: string): Promise<void> {
    if (FINAL_CLOSE_CODES.has(code)) {
      const e = reason.startsWith('E_') ? reason : 'E_PROTOCOL';
      return this.#failAll(new PrimeosError(e as ErrorCode, `connection closed by the server (${code} ${reason})`));
    }
    while (!this.#closed) {
      if (this.#failures >= this.#options.retries) {
        return this.#failAll(
          new PrimeosError('E_CLOSED', `connection lost (${code}); ${this.#failures} reconnects failed`),
        );
      }
      const base = Math.min(this.#options.maxDelayMs, this.#options.minDelayMs * 2 ** this.#failures);
      this.#failures++;
      await new Promise((r) => setTimeout(r, base / 2 + Math.random() * (base / 2)));
      try {
        await this.open();
        this.#reconnects++;
        return;
      } catch {
        // next attempt
      }
    }
  }

  #failAll(err: PrimeosError): void {
    this.#error = err;
    for (const ch of [...this.#channels.values()]) ch.fail(err);
  }

  #send(f: ClientFrame): boolean {
    const ws = this.#ws;
    if (ws === undefined || ws.readyState !== WebSocket.OPEN) return false;
    ws.send(JSON.stringify(f));
    return true;
  }

  #onFrame(f: ServerFrame): void {
    if (f.type === 'health') {
      const { type: _t, ...h } = f;
      this.#healthWaiters.shift()?.(h);
      return;
    }
    if (f.type === 'error') {
      this.#failAll(new PrimeosError(f.code as ErrorCode, f.message));
      return;
    }
    if (f.type === 'event') return;
    this.#channels.get(f.channel)?.receive(f);
  }
}

/**
 * Connect to the `/v1/stream` endpoint of a primeos server.
 *
 * @param url - `ws://host:port/v1/stream`
 * @param options - token, receive window, reconnect policy, heartbeat
 * @returns the open connection
 * @throws the socket error when the first connection fails
 * @example
 * ```ts
 * import { connect } from 'primeos/client';
 * const conn = await connect('ws://127.0.0.1:8080/v1/stream');
 * const ch = conn.channel('factor', { seed: 1 });
 * void (async () => { for (const n of ['91', '221']) await ch.write(n); ch.end(); })();
 * for await (const r of ch) process.stdout.write(r.out);
 * await conn.close();
 * ```
 */
export async function connect(url: string, options: ConnectOptions = {}): Promise<Connection> {
  const c = new Connection(url, options);
  await c.open();
  return c;
}
