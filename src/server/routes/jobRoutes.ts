import type { ServerResponse } from 'node:http';
import { PrimeosError } from '../../model/PrimeosError.js';
import { sendJson } from '../internal/respond.js';
import { factorSettingsFromQuery, intParam } from '../internal/queryParams.js';
import { JOB_ID } from '../jobs/JobManager.js';
import type { JobEvent } from '../../stream/jobs/JobStatus.js';
import type { PrimeosServer } from '../PrimeosServer.js';
import type { RouteContext, RouteHandler } from '../Router.js';

/** An SSE subscriber whose unsent bytes exceed this skips `progress` events until it catches up. */
export const SSE_MAX_BUFFERED_BYTES = 64 * 1024;
/** Interval of SSE keep-alive comments. */
export const SSE_HEARTBEAT_MS = 15_000;

function jobId(ctx: RouteContext): string {
  const id = ctx.params.id ?? '';
  if (!JOB_ID.test(id)) throw new PrimeosError('E_NOT_FOUND', `no job ${id}`);
  return id;
}

/**
 * `POST /v1/jobs`: store the body as a durable job's input and queue it; answers 202 `{id, …status}` once
 * the input is on disk. Query: the factor settings of `POST /v1/factor` except `timings` (a job's records must be
 * reproducible to be delivered exactly once across restarts).
 *
 * @param server - the server
 * @returns the handler
 */
export function createJobRoute(server: PrimeosServer): RouteHandler {
  return async ({ req, res, url }) => {
    if (url.searchParams.has('timings')) {
      throw new PrimeosError('E_USAGE', 'timings are not available for durable jobs (records must be reproducible)');
    }
    const settings = factorSettingsFromQuery(url.searchParams, server.options);
    const status = await server.jobs.create(req, settings);
    sendJson(res, 202, status, { location: `/v1/jobs/${status.id}` });
  };
}

/**
 * `GET /v1/jobs`: every job's status, oldest first.
 *
 * @param server - the server
 * @returns the handler
 */
export function listJobsRoute(server: PrimeosServer): RouteHandler {
  return ({ res }) => sendJson(res, 200, { jobs: server.jobs.list() });
}

/**
 * `GET /v1/jobs/:id`: a job's state, settings and counters.
 *
 * @param server - the server
 * @returns the handler
 */
export function jobStatusRoute(server: PrimeosServer): RouteHandler {
  return (ctx) => {
    const status = server.jobs.get(jobId(ctx));
    if (status === undefined) throw new PrimeosError('E_NOT_FOUND', `no job ${ctx.params.id}`);
    sendJson(ctx.res, 200, status);
  };
}

/**
 * `DELETE /v1/jobs/:id`: stop the job and remove it with its files (204).
 *
 * @param server - the server
 * @returns the handler
 */
export function deleteJobRoute(server: PrimeosServer): RouteHandler {
  return async (ctx) => {
    if (!(await server.jobs.delete(jobId(ctx)))) throw new PrimeosError('E_NOT_FOUND', `no job ${ctx.params.id}`);
    ctx.res.writeHead(204).end();
  };
}

async function write(res: ServerResponse, chunk: Buffer | string, signal: AbortSignal): Promise<void> {
  if (res.write(chunk)) return;
  await new Promise<void>((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * `GET /v1/jobs/:id/results?from=N`: the job's NDJSON records from record N (0-based), following the job live
 * until it ends. A reader that lost its connection asks again with `from` = records it has. Ends early (the
 * client sees no `Primeos-Complete: true` trailer) when the server shuts down or the job is interrupted.
 *
 * @param server - the server
 * @returns the handler
 */
export function jobResultsRoute(server: PrimeosServer): RouteHandler {
  return async (ctx) => {
    const id = jobId(ctx);
    const from = intParam(ctx.url.searchParams, 'from', 0, 0, Number.MAX_SAFE_INTEGER);
    if (server.jobs.get(id) === undefined) throw new PrimeosError('E_NOT_FOUND', `no job ${id}`);
    const stop = AbortSignal.any([ctx.signal, server.signal]);
    ctx.res.writeHead(200, {
      'content-type': 'application/x-ndjson',
      'cache-control': 'no-store',
      trailer: 'Primeos-Complete',
    });
    ctx.res.flushHeaders();
    for await (const chunk of server.jobs.results(id, from, stop)) await write(ctx.res, chunk, stop);
    if (ctx.res.destroyed) return;
    ctx.res.addTrailers({ 'Primeos-Complete': String(server.jobs.get(id)?.state === 'done') });
    ctx.res.end();
  };
}

/**
 * `GET /v1/jobs/:id/events`: server-sent events of one job — `status` first, then `progress`, `state`,
 * `done` / `deleted` (the stream ends after them). A subscriber that does not keep up skips `progress` events
 * (never `done`); the job never waits for a subscriber.
 *
 * @param server - the server
 * @returns the handler
 */
export function jobEventsRoute(server: PrimeosServer): RouteHandler {
  return async (ctx) => {
    const id = jobId(ctx);
    const first = server.jobs.get(id);
    if (first === undefined) throw new PrimeosError('E_NOT_FOUND', `no job ${id}`);
    const { res } = ctx;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    const send = (type: string, data: unknown): void => {
      res.write(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
    };
    send('status', first);
    const ended = first.state !== 'queued' && first.state !== 'running';
    if (ended) {
      send(first.state === 'interrupted' ? 'state' : 'done', first);
      res.end();
      return;
    }
    await new Promise<void>((resolve) => {
      const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), SSE_HEARTBEAT_MS);
      const finish = (): void => {
        clearInterval(heartbeat);
        sub.unsubscribe();
        ctx.signal.removeEventListener('abort', finish);
        server.signal.removeEventListener('abort', finish);
        if (!res.destroyed) res.end();
        resolve();
      };
      const sub = server.jobs.events.subscribe({
        next: (e: JobEvent) => {
          if (e.id !== id) return;
          if (e.type === 'progress' && res.writableLength > SSE_MAX_BUFFERED_BYTES) return;
          send(e.type, e.status);
          if (e.type === 'done' || e.type === 'deleted' || e.status.state === 'interrupted') finish();
        },
        complete: finish,
      });
      ctx.signal.addEventListener('abort', finish, { once: true });
      server.signal.addEventListener('abort', finish, { once: true });
    });
  };
}
