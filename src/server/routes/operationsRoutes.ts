import { sendJson } from '../internal/respond.js';
import type { PrimeosServer } from '../PrimeosServer.js';
import type { RouteHandler } from '../Router.js';

/**
 * `GET /healthz`: liveness — the process answers (200 `{"status":"ok"}`).
 *
 * @returns the handler
 */
export function healthRoute(): RouteHandler {
  return ({ res }) => sendJson(res, 200, { status: 'ok' });
}

/**
 * `GET /readyz`: ready to take work — listening, not draining, worker pool up (200), else 503.
 *
 * @param server - the server
 * @returns the handler
 */
export function readyRoute(server: PrimeosServer): RouteHandler {
  return ({ res }) => {
    const ready = server.ready;
    sendJson(res, ready ? 200 : 503, {
      status: ready ? 'ready' : server.signal.aborted ? 'draining' : 'not ready',
      inFlightRequests: server.inFlightRequests,
      workers: server.pool?.threads ?? 0,
    });
  };
}

/**
 * `GET /metrics`: Prometheus text from the server's own registry.
 *
 * @param server - the server
 * @returns the handler
 */
export function metricsRoute(server: PrimeosServer): RouteHandler {
  return async ({ res }) => {
    const text = await server.metrics.registry.metrics();
    res.writeHead(200, { 'content-type': server.metrics.registry.contentType, 'cache-control': 'no-store' });
    res.end(text);
  };
}
