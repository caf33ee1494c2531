import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WorkerPool } from '../stream/WorkerPool.js';
import { defaultStreamWorkerFile } from '../stream/workers/defaultStreamWorkerFile.js';
import { JobManager } from './jobs/JobManager.js';
import { PrimeosServer, type ServerPlugin } from './PrimeosServer.js';
import { factorRoute } from './routes/factorRoute.js';
import {
  createJobRoute,
  deleteJobRoute,
  jobEventsRoute,
  jobResultsRoute,
  jobStatusRoute,
  listJobsRoute,
} from './routes/jobRoutes.js';
import { healthRoute, metricsRoute, readyRoute } from './routes/operationsRoutes.js';
import { resolveServerOptions, type ServerOptions } from './ServerOptions.js';

/** Options of {@link createServer}: the {@link ServerOptions} plus plugins attached after the built-in routes. */
export interface CreateServerOptions extends ServerOptions {
  /** Attached in order after the built-in routes (e.g. a WebSocket endpoint, a dashboard). */
  readonly plugins?: readonly ServerPlugin[];
}

/**
 * Build a primeos server (not yet listening): the worker pool, the durable jobs of `dataDir` (a temporary folder,
 * removed on close, when none is given: jobs then do not survive a restart), every endpoint of docs/SERVER.md,
 * then the plugins. Call `listen()` to serve and `close()` to drain and stop.
 *
 * @param options - server options and plugins
 * @returns the server
 * @throws PrimeosError `E_USAGE` for a non-loopback host without a token, `E_RANGE` for a bad option
 * @example
 * ```ts
 * const server = await createServer({ port: 0, workers: 2 });
 * const url = await server.listen();
 * // … POST url + 'v1/factor' …
 * await server.close();
 * ```
 */
export async function createServer(options: CreateServerOptions = {}): Promise<PrimeosServer> {
  const o = resolveServerOptions(options);
  const pool =
    o.workers > 0
      ? // eager: the threads start loading their modules with the server and stay up, so the first request after a
        // quiet spell does not wait for a thread to start
        new WorkerPool({ filename: o.workerFile ?? (await defaultStreamWorkerFile()), threads: o.workers, eager: true })
      : undefined;
  const server = new PrimeosServer({ options: o, pool });
  let dataDir = o.dataDir;
  if (dataDir === undefined) {
    const tmp = mkdtempSync(path.join(tmpdir(), 'primeos-serve-'));
    dataDir = tmp;
    server.http.once('close', () => rmSync(tmp, { recursive: true, force: true }));
  }
  server.jobs = new JobManager({
    dataDir,
    pool,
    maxRunningJobs: o.maxRunningJobs,
    maxJobBytes: o.maxJobBytes,
    batchSize: o.batchSize,
    logger: server.logger.child({ component: 'jobs' }),
    track: (work) => server.track(work),
  });
  await server.jobs.start();

  const r = server.router;
  r.add('GET', '/healthz', healthRoute(), { auth: false, name: 'healthz' });
  r.add('GET', '/readyz', readyRoute(server), { auth: false, name: 'readyz' });
  r.add('GET', '/metrics', metricsRoute(server), { name: 'metrics' });
  r.add('POST', '/v1/factor', factorRoute(server), { limited: true, name: 'factor' });
  r.add('POST', '/v1/jobs', createJobRoute(server), { limited: true, name: 'jobs.create' });
  r.add('GET', '/v1/jobs', listJobsRoute(server), { name: 'jobs.list' });
  r.add('GET', '/v1/jobs/:id', jobStatusRoute(server), { name: 'jobs.status' });
  r.add('DELETE', '/v1/jobs/:id', deleteJobRoute(server), { name: 'jobs.delete' });
  r.add('GET', '/v1/jobs/:id/results', jobResultsRoute(server), { limited: true, name: 'jobs.results' });
  r.add('GET', '/v1/jobs/:id/events', jobEventsRoute(server), { name: 'jobs.events' });
  for (const plugin of options.plugins ?? []) await plugin(server);
  return server;
}
