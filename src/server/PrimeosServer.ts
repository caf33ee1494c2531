import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino, type Logger } from 'pino';
import { PrimeosError } from '../model/PrimeosError.js';
import type { CreditGate } from '../stream/CreditGate.js';
import type { WorkerPool } from '../stream/WorkerPool.js';
import { authorize } from './authorize.js';
import { sendError } from './internal/respond.js';
import type { JobManager } from './jobs/JobManager.js';
import { Router, type RouteContext } from './Router.js';
import { ServerMetrics } from './ServerMetrics.js';
import type { ResolvedServerOptions } from './ServerOptions.js';

/** What {@link PrimeosServer.track} observes of one running stream: its credit gate. */
export interface TrackedWork {
  readonly gate: CreditGate;
  /** Metrics label (route or `job`). */
  readonly route: string;
}

/** Parts a {@link PrimeosServer} is built from (see `createServer`). */
export interface PrimeosServerParts {
  readonly options: ResolvedServerOptions;
  readonly pool: WorkerPool | undefined;
  readonly logger?: Logger;
}

/**
 * One primeos HTTP server: a `node:http` server, its {@link Router}, its own Prometheus {@link ServerMetrics},
 * the shared worker pool, the durable {@link JobManager} and a pino logger. Built by `createServer`, which
 * registers the endpoints; other modules attach to it without editing it:
 *
 * - more routes: `server.router.add('GET', '/', page, { auth: false })` (static assets: a `/*` pattern);
 * - protocol upgrades (WebSocket): `server.http.on('upgrade', (req, socket, head) => …)`, checking
 *   `server.authorize(req)` first and tracking the socket with `server.trackSocket(socket)` so shutdown closes it;
 * - job events: `server.jobs.events` (an RxJS Observable; any number of subscribers see the same events);
 * - shutdown: `server.signal` aborts when the server starts draining; `server.onClose(fn)` runs `fn` during
 *   `close()` before the pool is destroyed.
 *
 * The usual way to attach is a {@link ServerPlugin} listed in `createServer`'s `plugins` option.
 */
export class PrimeosServer {
  /** The underlying `node:http` server. */
  readonly http: Server;
  readonly router = new Router();
  readonly metrics: ServerMetrics;
  readonly logger: Logger;
  readonly options: ResolvedServerOptions;
  /** The shared worker pool (undefined with `workers: 0`). */
  readonly pool: WorkerPool | undefined;
  #jobs: JobManager | undefined;
  readonly #work = new Set<TrackedWork>();
  readonly #requests = new Map<ServerResponse, AbortController>();
  readonly #sockets = new Set<{ destroy(): void }>();
  readonly #closers: (() => void | Promise<void>)[] = [];
  readonly #drain = new AbortController();
  #limited = 0;
  #closing: Promise<void> | undefined;
  #listening = false;

  /**
   * @param parts - resolved options, the pool, an optional logger
   */
  constructor(parts: PrimeosServerParts) {
    this.options = parts.options;
    this.pool = parts.pool;
    this.logger =
      parts.logger ??
      parts.options.logger ??
      pino({ level: parts.options.logLevel, base: { service: 'primeos' } }, pino.destination({ fd: 2, sync: false }));
    this.metrics = new ServerMetrics({
      inFlightRequests: () => this.#limited,
      inFlightItems: () => {
        let n = 0;
        for (const w of this.#work) n += w.gate.inFlight;
        return n;
      },
      workerTasks: () => {
        const s = this.pool?.stats;
        // the pool counts a task from submission to settlement; piscina's queue holds those not yet started
        const queued = s?.queued ?? 0;
        return { running: Math.max(0, (s?.running ?? 0) - queued), queued, threads: this.pool?.threads ?? 0 };
      },
      jobCounts: () => this.#jobs?.counts() ?? {},
    });
    this.http = createHttpServer((req, res) => void this.#handle(req, res));
    // Node's default 5-minute request timeout would cut long uploads; the server applies its own limits
    this.http.requestTimeout = 0;
    this.http.headersTimeout = 60_000;
    this.http.keepAliveTimeout = 5_000;
    this.http.timeout = this.options.idleTimeoutMs;
    this.http.on('clientError', (err: NodeJS.ErrnoException, socket) => {
      if (socket.writable && err.code !== 'ECONNRESET') {
        const body = JSON.stringify({ error: { code: 'E_PARSE', message: 'malformed HTTP request' } }) + '\n';
        socket.end(
          `HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
        );
      } else socket.destroy();
    });
  }

  /** The job manager (set by `createServer`). */
  get jobs(): JobManager {
    if (this.#jobs === undefined) throw new PrimeosError('E_STATE', 'the server has no job manager');
    return this.#jobs;
  }
  set jobs(jobs: JobManager) {
    this.#jobs = jobs;
  }

  /** Aborted when the server starts draining (`close()` or SIGTERM): long-lived streams should end. */
  get signal(): AbortSignal {
    return this.#drain.signal;
  }
  /** True while the server listens and is not draining. */
  get ready(): boolean {
    return this.#listening && !this.#drain.signal.aborted && !(this.pool?.destroyed ?? false);
  }
  /** Limited requests being served. */
  get inFlightRequests(): number {
    return this.#limited;
  }

  /**
   * Whether a request carries the server's token (always true without one). For upgrade handlers.
   *
   * @param req - the request
   * @returns true when authorised
   */
  authorize(req: IncomingMessage): boolean {
    return authorize(req, this.options.token);
  }

  /**
   * Count a running stream's credit gate in the in-flight metrics until the returned function is called.
   *
   * @param work - the gate and its route label
   * @returns the function that stops tracking
   */
  track(work: TrackedWork): () => void {
    this.#work.add(work);
    const sub = work.gate.pressure.subscribe((e) => {
      if (e.kind === 'blocked') this.metrics.backpressureWaits.inc({ route: work.route });
    });
    return () => {
      sub.unsubscribe();
      this.#work.delete(work);
    };
  }

  /**
   * Close this socket (or WebSocket) when the server shuts down.
   *
   * @param socket - anything with `destroy()`
   * @returns the function that stops tracking it
   */
  trackSocket(socket: { destroy(): void }): () => void {
    this.#sockets.add(socket);
    return () => this.#sockets.delete(socket);
  }

  /**
   * Run `fn` during {@link PrimeosServer.close}, after new requests are refused and before the pool goes.
   *
   * @param fn - the closer
   */
  onClose(fn: () => void | Promise<void>): void {
    this.#closers.push(fn);
  }

  /**
   * Start listening.
   *
   * @returns the base URL, e.g. `http://127.0.0.1:8080`
   */
  async listen(): Promise<URL> {
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(this.options.port, this.options.host, () => {
        this.http.off('error', reject);
        resolve();
      });
    });
    this.#listening = true;
    const a = this.http.address() as AddressInfo;
    const host = a.family === 'IPv6' ? `[${a.address}]` : a.address;
    const url = new URL(`http://${host}:${a.port}`);
    this.logger.info({ url: url.href }, 'listening');
    return url;
  }

  /**
   * Drain and stop: refuse new requests (503), stop accepting connections, stop jobs at a checkpoint, let
   * in-flight requests finish for up to `drainTimeoutMs`, then cut them, destroy the pool. Idempotent.
   *
   * @returns a promise resolved once everything is closed
   */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    this.logger.info({ inFlight: this.#requests.size }, 'draining');
    this.#drain.abort(new PrimeosError('E_UNAVAILABLE', 'server shutting down'));
    const closed = new Promise<void>((resolve) => this.http.close(() => resolve()));
    this.http.closeIdleConnections();
    for (const fn of this.#closers) await fn();
    await this.#jobs?.stop();
    const deadline = performance.now() + this.options.drainTimeoutMs;
    while (this.#requests.size > 0 && performance.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
      this.http.closeIdleConnections();
    }
    for (const c of this.#requests.values()) c.abort(new PrimeosError('E_UNAVAILABLE', 'server shutting down'));
    for (const s of this.#sockets) s.destroy();
    this.http.closeAllConnections();
    await closed;
    await this.pool?.destroy();
    this.#listening = false;
    this.logger.info('closed');
    await new Promise<void>((resolve) => this.logger.flush(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const t0 = performance.now();
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      return sendError(res, new PrimeosError('E_PARSE', 'malformed URL'));
    }
    const method = req.method ?? 'GET';
    const match = this.router.match(method, url.pathname);
    let routeName = 'unmatched';
    res.once('close', () => {
      const status = String(res.statusCode);
      this.metrics.requests.inc({ route: routeName, method, status });
      this.metrics.requestSeconds.observe({ route: routeName }, (performance.now() - t0) / 1000);
    });
    if (match.kind === 'none') {
      return sendError(res, new PrimeosError('E_NOT_FOUND', `no route ${url.pathname}`));
    }
    if (match.kind === 'method') {
      return sendError(res, new PrimeosError('E_USAGE', `method ${method} not allowed`), {
        allow: [...new Set(match.allowed)].join(', '),
      });
    }
    const { route, params } = match;
    routeName = route.name;
    if (route.auth && !this.authorize(req)) {
      return sendError(res, new PrimeosError('E_UNAUTHORIZED', 'missing or wrong bearer token'), {
        'www-authenticate': 'Bearer',
      });
    }
    const retryAfter = { 'retry-after': String(this.options.retryAfterSeconds) };
    if (route.limited) {
      if (this.#drain.signal.aborted) {
        this.metrics.rejected.inc({ reason: 'draining' });
        return sendError(res, new PrimeosError('E_UNAVAILABLE', 'server shutting down'), {
          ...retryAfter,
          connection: 'close',
        });
      }
      if (this.#limited >= this.options.maxConcurrentRequests) {
        this.metrics.rejected.inc({ reason: 'busy' });
        req.resume(); // discard the body so the connection can be reused
        return sendError(
          res,
          new PrimeosError('E_BUSY', `more than ${this.options.maxConcurrentRequests} concurrent requests`),
          retryAfter,
        );
      }
      this.#limited++;
    }
    const controller = new AbortController();
    this.#requests.set(res, controller);
    const timer =
      this.options.requestTimeoutMs > 0 && route.limited
        ? setTimeout(
            () => controller.abort(new PrimeosError('E_ABORTED', 'request time limit reached')),
            this.options.requestTimeoutMs,
          )
        : undefined;
    timer?.unref();
    res.once('close', () => {
      // a client that goes away before the response ended cancels its work
      if (!res.writableFinished) controller.abort(new PrimeosError('E_ABORTED', 'client disconnected'));
      clearTimeout(timer);
      this.#requests.delete(res);
      if (route.limited) this.#limited--;
    });
    const log = this.logger.child({ route: route.name, method });
    const ctx: RouteContext = { req, res, url, params, signal: controller.signal, log };
    try {
      await route.handler(ctx);
    } catch (err) {
      if (res.headersSent) {
        // a stream already started cannot change its status: cut it so the client sees it is incomplete
        if (!controller.signal.aborted) log.warn({ err }, 'stream failed');
        res.destroy();
      } else {
        if (!(err instanceof PrimeosError)) log.error({ err }, 'request failed');
        sendError(res, err);
      }
    } finally {
      log.debug({ status: res.statusCode, ms: Math.round(performance.now() - t0) }, 'request');
    }
  }
}

/**
 * Something that attaches to a server after its built-in routes are registered (a WebSocket endpoint, a
 * dashboard): it may add routes, listen to `server.http`'s `upgrade`, subscribe to `server.jobs.events` and
 * register closers with `server.onClose`.
 */
export type ServerPlugin = (server: PrimeosServer) => void | Promise<void>;
