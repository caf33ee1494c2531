import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { PrimeosError } from '../../model/PrimeosError.js';
import { selectSubprotocol } from '../authorize.js';
import type { WorkerPool } from '../../stream/WorkerPool.js';
import type { Broadcaster } from './Broadcaster.js';
import { StreamConnection, type ConnectionLimits } from './StreamConnection.js';

/** Options of {@link attachStreamEndpoint}; every limit has a default in {@link STREAM_ENDPOINT_DEFAULTS}. */
export interface StreamEndpointOptions extends Partial<ConnectionLimits> {
  /** URL path of the endpoint (default `/v1/stream`). */
  readonly path?: string;
  /** Worker pool for `factor` channels (cancel aborts their tasks); without it items run on the server thread. */
  readonly pool?: WorkerPool;
  /** Source of broadcast events (`subscribe` frames); without it subscriptions receive nothing. */
  readonly broadcaster?: Broadcaster;
  /** Decides whether an upgrade request may connect (e.g. a bearer token check); refused requests get 401. */
  readonly authorize?: (req: IncomingMessage) => boolean;
  /** Largest WebSocket message accepted (default 1 MiB); larger ones close the socket with 1009. */
  readonly maxFrameBytes?: number;
}

/** Defaults of the endpoint's limits (docs/PROTOCOL.md §Limits). */
export const STREAM_ENDPOINT_DEFAULTS = {
  path: '/v1/stream',
  inputWindow: 64,
  defaultWindow: 64,
  maxWindow: 1024,
  maxChannels: 256,
  maxItemBytes: 1 << 20,
  maxFrameBytes: (1 << 20) + 4096,
  maxQueuedBytes: 8 << 20,
  eventHighWaterBytes: 256 << 10,
  heartbeatMs: 15_000,
  idleMs: 120_000,
  channelIdleMs: 60_000,
  closeTimeoutMs: 2_000,
} as const;

/** Counters of a {@link StreamEndpoint}. */
export interface StreamEndpointStats {
  readonly connections: number;
  readonly channels: number;
  /** Results sent over all channels since start. */
  readonly results: number;
  /** Sum of the latencies (item received → result sent) of those results, ms. */
  readonly latencySumMs: number;
  /** Credit waits (a result ready, the client's window full) of every channel since start. */
  readonly creditWaits: number;
  /** Broadcast events slow subscribers did not get (conflated: a later event of the same topic replaced them). */
  readonly eventsDropped: number;
  /** Connections closed by the server, per protocol error code (`E_CREDIT`, `E_OVERFLOW`, `E_HEARTBEAT`, …). */
  readonly closedBy: Readonly<Record<string, number>>;
}

/** A running `/v1/stream` endpoint. */
export interface StreamEndpoint {
  /** Current counters. */
  stats(): StreamEndpointStats;
  /**
   * Stop accepting connections; let open channels finish for up to `graceMs`, then close every socket (1001).
   *
   * @param graceMs - grace period (default 0)
   */
  close(graceMs?: number): Promise<void>;
}

/**
 * Attach the `/v1/stream` WebSocket endpoint (docs/PROTOCOL.md) to any `node:http` server: it handles the
 * server's `upgrade` events for its path and leaves other paths to other listeners (or refuses them with 404 when
 * it is the only one).
 *
 * @param server - the HTTP server
 * @param options - path, pool, broadcaster, authorisation and limits
 * @returns the endpoint (stats, close)
 * @throws PrimeosError `E_RANGE` for a non-positive limit
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * const server = createServer();
 * const endpoint = attachStreamEndpoint(server, { heartbeatMs: 5000 });
 * server.listen(0, '127.0.0.1');
 * ```
 */
export function attachStreamEndpoint(server: Server, options: StreamEndpointOptions = {}): StreamEndpoint {
  const limits: ConnectionLimits = {
    inputWindow: options.inputWindow ?? STREAM_ENDPOINT_DEFAULTS.inputWindow,
    defaultWindow: options.defaultWindow ?? STREAM_ENDPOINT_DEFAULTS.defaultWindow,
    maxWindow: options.maxWindow ?? STREAM_ENDPOINT_DEFAULTS.maxWindow,
    maxChannels: options.maxChannels ?? STREAM_ENDPOINT_DEFAULTS.maxChannels,
    maxItemBytes: options.maxItemBytes ?? STREAM_ENDPOINT_DEFAULTS.maxItemBytes,
    maxQueuedBytes: options.maxQueuedBytes ?? STREAM_ENDPOINT_DEFAULTS.maxQueuedBytes,
    eventHighWaterBytes: options.eventHighWaterBytes ?? STREAM_ENDPOINT_DEFAULTS.eventHighWaterBytes,
    heartbeatMs: options.heartbeatMs ?? STREAM_ENDPOINT_DEFAULTS.heartbeatMs,
    idleMs: options.idleMs ?? STREAM_ENDPOINT_DEFAULTS.idleMs,
    channelIdleMs: options.channelIdleMs ?? STREAM_ENDPOINT_DEFAULTS.channelIdleMs,
    closeTimeoutMs: options.closeTimeoutMs ?? STREAM_ENDPOINT_DEFAULTS.closeTimeoutMs,
  };
  for (const [k, v] of Object.entries(limits)) {
    if (!Number.isSafeInteger(v) || v <= 0) throw new PrimeosError('E_RANGE', `${k} must be a positive integer`);
  }
  const path = options.path ?? STREAM_ENDPOINT_DEFAULTS.path;
  const wss = new WebSocketServer({
    noServer: true,
    // a browser offers its token as a subprotocol (authorize.ts): never select that one
    handleProtocols: (offered) => selectSubprotocol(offered),
    maxPayload: options.maxFrameBytes ?? STREAM_ENDPOINT_DEFAULTS.maxFrameBytes,
  });
  const connections = new Set<StreamConnection>();
  const closedBy: Record<string, number> = {};
  let results = 0;
  let latencySumMs = 0;
  let creditWaitsClosed = 0;
  let eventsDropped = 0;
  let closing = false;
  const events = {
    closed: (conn: StreamConnection): void => {
      if (connections.delete(conn)) creditWaitsClosed += conn.creditWaits;
    },
    dropped: (n: number): void => {
      eventsDropped += n;
    },
    refused: (code: string): void => {
      closedBy[code] = (closedBy[code] ?? 0) + 1;
    },
    result: (latencyMs: number): void => {
      results++;
      latencySumMs += latencyMs;
    },
  };

  const refuse = (socket: Duplex, status: string): void => {
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== path) {
      if (server.listenerCount('upgrade') === 1) refuse(socket, '404 Not Found');
      return;
    }
    if (closing) return refuse(socket, '503 Service Unavailable');
    if (options.authorize !== undefined && !options.authorize(req)) return refuse(socket, '401 Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => {
      connections.add(new StreamConnection(ws, limits, events, options.pool, options.broadcaster));
    });
  };
  server.on('upgrade', onUpgrade);

  return {
    stats(): StreamEndpointStats {
      let channels = 0;
      let creditWaits = creditWaitsClosed;
      for (const c of connections) {
        channels += c.channelCount;
        creditWaits += c.creditWaits;
      }
      return {
        connections: connections.size,
        channels,
        results,
        latencySumMs,
        creditWaits,
        eventsDropped,
        closedBy: { ...closedBy },
      };
    },
    async close(graceMs = 0): Promise<void> {
      closing = true;
      server.off('upgrade', onUpgrade);
      await Promise.all([...connections].map((c) => c.drain(graceMs)));
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
