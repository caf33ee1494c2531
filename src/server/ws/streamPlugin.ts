import { Gauge } from 'prom-client';
import type { PrimeosServer, ServerPlugin } from '../PrimeosServer.js';
import { attachStreamEndpoint, type StreamEndpoint, type StreamEndpointOptions } from './attachStreamEndpoint.js';
import { Broadcaster } from './Broadcaster.js';
import { ServerStatsTopic, STATS_EVERY_MS } from './ServerStatsTopic.js';

/** Options of {@link streamPlugin}: the endpoint's limits, and how often the `stats` topic publishes. */
export interface StreamPluginOptions extends Omit<StreamEndpointOptions, 'pool' | 'broadcaster' | 'authorize'> {
  /** Interval of the `stats` topic in ms (default 1000). */
  readonly statsEveryMs?: number;
  /** How long open channels may finish when the server drains (default 2000 ms). */
  readonly drainGraceMs?: number;
  /** Receives the endpoint once attached (tests, embedding). */
  readonly onAttached?: (endpoint: StreamEndpoint, broadcaster: Broadcaster) => void;
}

/**
 * The server plugin of the `/v1/stream` WebSocket endpoint (docs/PROTOCOL.md): channels on the server's worker
 * pool and token, job events broadcast on the topics `jobs` and `job:<id>`, server statistics on `stats`.
 *
 * @param options - endpoint limits and the stats interval
 * @returns the plugin
 * @example
 * ```ts
 * const server = await createServer({ port: 0, plugins: [streamPlugin()] });
 * ```
 */
export function streamPlugin(options: StreamPluginOptions = {}): ServerPlugin {
  return (server: PrimeosServer): void => {
    const broadcaster = new Broadcaster();
    const endpoint = attachStreamEndpoint(server.http, {
      ...options,
      ...(server.pool === undefined ? {} : { pool: server.pool }),
      broadcaster,
      authorize: (req) => server.authorize(req),
    });
    const stats = new ServerStatsTopic(server, endpoint, broadcaster);
    registerStreamMetrics(server, endpoint);
    const jobEvents = server.jobs.events.subscribe((e) => {
      stats.observeJob(e);
      broadcaster.publish('jobs', e.type, e, e.id);
      broadcaster.publish(`job:${e.id}`, e.type, e);
    });
    const timer = setInterval(() => void stats.tick(), options.statsEveryMs ?? STATS_EVERY_MS);
    timer.unref();
    server.onClose(async () => {
      clearInterval(timer);
      jobEvents.unsubscribe();
      await endpoint.close(options.drainGraceMs ?? 2_000);
    });
    options.onAttached?.(endpoint, broadcaster);
  };
}

/** The endpoint's counters in the server's Prometheus registry, read at scrape time. */
function registerStreamMetrics(server: PrimeosServer, endpoint: StreamEndpoint): void {
  const registers = [server.metrics.registry];
  new Gauge({
    name: 'primeos_ws_connections',
    help: 'open /v1/stream connections',
    registers,
    collect() {
      this.set(endpoint.stats().connections);
    },
  });
  new Gauge({
    name: 'primeos_ws_channels',
    help: 'open /v1/stream channels',
    registers,
    collect() {
      this.set(endpoint.stats().channels);
    },
  });
  new Gauge({
    name: 'primeos_ws_results',
    help: 'results sent over /v1/stream channels since start',
    registers,
    collect() {
      this.set(endpoint.stats().results);
    },
  });
  new Gauge({
    name: 'primeos_ws_credit_waits',
    help: 'times a channel result waited for the client window, since start',
    registers,
    collect() {
      this.set(endpoint.stats().creditWaits);
    },
  });
  new Gauge({
    name: 'primeos_ws_events_dropped',
    help: 'broadcast events conflated away for slow subscribers, since start',
    registers,
    collect() {
      this.set(endpoint.stats().eventsDropped);
    },
  });
  new Gauge({
    name: 'primeos_ws_closed',
    help: 'connections closed by the server for a protocol error, by code, since start',
    labelNames: ['code'] as const,
    registers,
    collect() {
      for (const [code, n] of Object.entries(endpoint.stats().closedBy)) this.set({ code }, n);
    },
  });
}
