import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Live values the metrics read at scrape time (gauges are computed in `collect()`, never pushed). */
export interface ServerMetricsSources {
  /** `/v1` requests being served. */
  readonly inFlightRequests: () => number;
  /** Work items (batches of lines) between reading and writing, over every request and job. */
  readonly inFlightItems: () => number;
  /** Worker tasks running or queued in the pool, and the pool's thread count (0 without a pool). */
  readonly workerTasks: () => { readonly running: number; readonly queued: number; readonly threads: number };
  /** Jobs per state. */
  readonly jobCounts: () => Readonly<Record<string, number>>;
}

/**
 * The Prometheus metrics of one server, in a Registry of its own (two servers in one process never share
 * counters). Serve `registry.metrics()` with `registry.contentType`.
 */
export class ServerMetrics {
  /** This server's registry. */
  readonly registry: Registry;
  /** Requests answered, by route, method and status. */
  readonly requests: Counter<'route' | 'method' | 'status'>;
  /** Request durations (headers in to response end), by route. */
  readonly requestSeconds: Histogram<'route'>;
  /** Time from a streaming request's start to its first record written, by route. */
  readonly firstRecordSeconds: Histogram<'route'>;
  /** Records written, by route and status (`ok`, `failed`, `partial`). */
  readonly records: Counter<'route' | 'status'>;
  /** Times a request's reader waited for a credit (its response was not draining fast enough), by route. */
  readonly backpressureWaits: Counter<'route'>;
  /** Requests refused by the concurrency limit (429). */
  readonly rejected: Counter<'reason'>;

  /**
   * @param sources - live values read at scrape time
   */
  constructor(sources: ServerMetricsSources) {
    const registry = new Registry();
    this.registry = registry;
    const registers = [registry];
    collectDefaultMetrics({ register: registry });
    this.requests = new Counter({
      name: 'primeos_http_requests_total',
      help: 'HTTP requests answered, by route, method and status',
      labelNames: ['route', 'method', 'status'] as const,
      registers,
    });
    this.requestSeconds = new Histogram({
      name: 'primeos_http_request_duration_seconds',
      help: 'HTTP request duration, by route',
      labelNames: ['route'] as const,
      buckets: [0.001, 0.005, 0.02, 0.1, 0.5, 2, 10, 60, 600],
      registers,
    });
    this.firstRecordSeconds = new Histogram({
      name: 'primeos_first_record_seconds',
      help: 'Time from the start of a streaming request to its first written record',
      labelNames: ['route'] as const,
      buckets: [0.001, 0.005, 0.02, 0.1, 0.5, 2, 10],
      registers,
    });
    this.records = new Counter({
      name: 'primeos_records_total',
      help: 'Records written, by route and status',
      labelNames: ['route', 'status'] as const,
      registers,
    });
    this.backpressureWaits = new Counter({
      name: 'primeos_backpressure_waits_total',
      help: 'Times a reader waited for a credit because its output was not draining',
      labelNames: ['route'] as const,
      registers,
    });
    this.rejected = new Counter({
      name: 'primeos_rejected_requests_total',
      help: 'Requests refused (busy: 429 above the concurrency limit; draining: 503)',
      labelNames: ['reason'] as const,
      registers,
    });
    new Gauge({
      name: 'primeos_inflight_requests',
      help: 'Limited /v1 requests being served',
      registers,
      collect() {
        this.set(sources.inFlightRequests());
      },
    });
    new Gauge({
      name: 'primeos_inflight_items',
      help: 'Work items (batches of lines) read and not yet written, over all requests and jobs',
      registers,
      collect() {
        this.set(sources.inFlightItems());
      },
    });
    new Gauge({
      name: 'primeos_worker_tasks',
      help: 'Worker-pool tasks by state (running, queued)',
      labelNames: ['state'] as const,
      registers,
      collect() {
        const w = sources.workerTasks();
        this.set({ state: 'running' }, w.running);
        this.set({ state: 'queued' }, w.queued);
      },
    });
    new Gauge({
      name: 'primeos_worker_utilization',
      help: 'Share of worker threads busy (running tasks / threads)',
      registers,
      collect() {
        const w = sources.workerTasks();
        this.set(w.threads === 0 ? 0 : Math.min(1, w.running / w.threads));
      },
    });
    new Gauge({
      name: 'primeos_jobs',
      help: 'Durable jobs by state',
      labelNames: ['state'] as const,
      registers,
      collect() {
        for (const [state, n] of Object.entries(sources.jobCounts())) this.set({ state }, n);
      },
    });
  }
}
