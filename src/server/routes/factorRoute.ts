import { CreditGate } from '../../stream/CreditGate.js';
import { runFactorJob, type FactorJobProgress } from '../../stream/jobs/runFactorJob.js';
import { factorSettingsFromQuery, intParam } from '../internal/queryParams.js';
import type { PrimeosServer } from '../PrimeosServer.js';
import type { RouteHandler } from '../Router.js';

/** Batches in flight per request (credits of its gate): with the pool's queue, this bounds a request's memory. */
export const FACTOR_REQUEST_CREDITS = 8;

/**
 * `POST /v1/factor`: the body's lines (numbers or NDJSON `{"n": …}`) in, one record per number out, in input
 * order — the same `runFactorJob` as `primeos factor`, fed the body's bytes as the CLI feeds a file's (whole-line
 * batches sized by measured cost, no string per line), writing into the response, so the bytes are the CLI's
 * for the same options. The body is read only as fast as the response drains: a batch's credit returns when its
 * bytes were handed to the socket. A client that goes away aborts the request's worker tasks.
 *
 * Query: `budgetMs`, `maxBits`, `seed`, `format=ndjson|text`, `input=auto|lines|ndjson`, `hex`, `timings`,
 * `firstLine` (number of the body's first line, for resuming an interrupted request). Trailers
 * `Primeos-Records` and `Primeos-Failed` carry the counts.
 *
 * @param server - the server
 * @returns the handler
 */
export function factorRoute(server: PrimeosServer): RouteHandler {
  return async ({ req, res, url, signal }) => {
    const settings = factorSettingsFromQuery(url.searchParams, server.options);
    const firstLine = intParam(url.searchParams, 'firstLine', 1, 1, Number.MAX_SAFE_INTEGER);
    const gate = new CreditGate(FACTOR_REQUEST_CREDITS);
    const untrack = server.track({ gate, route: 'factor' });
    res.writeHead(200, {
      'content-type': settings.format === 'text' ? 'text/plain; charset=utf-8' : 'application/x-ndjson',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      trailer: 'Primeos-Records, Primeos-Failed',
    });
    res.flushHeaders();
    const t0 = performance.now();
    const seen = { records: 0, failed: 0, partial: 0 };
    const count = (p: FactorJobProgress): void => {
      if (seen.records === 0 && p.records > 0) {
        server.metrics.firstRecordSeconds.observe({ route: 'factor' }, (performance.now() - t0) / 1000);
      }
      const failed = p.failed - seen.failed;
      const partial = p.partial - seen.partial;
      const ok = p.records - seen.records - failed - partial;
      if (ok > 0) server.metrics.records.inc({ route: 'factor', status: 'ok' }, ok);
      if (failed > 0) server.metrics.records.inc({ route: 'factor', status: 'failed' }, failed);
      if (partial > 0) server.metrics.records.inc({ route: 'factor', status: 'partial' }, partial);
      seen.records = p.records;
      seen.failed = p.failed;
      seen.partial = p.partial;
    };
    try {
      const summary = await runFactorJob({
        input: () => req,
        output: { stream: res },
        settings,
        ...(server.pool !== undefined ? { pool: server.pool } : {}),
        oneBatchHere: false, // a request's one number never holds the server's event loop
        ...(server.options.batchSize !== undefined ? { batchSize: server.options.batchSize } : {}),
        gate,
        firstLine,
        signal,
        onProgress: count,
      });
      if (summary.aborted || summary.outputClosed) {
        res.destroy(); // cut (time limit, hard stop): the client must not take a partial stream for a whole one
        return;
      }
      res.addTrailers({ 'Primeos-Records': String(summary.records), 'Primeos-Failed': String(summary.failed) });
      res.end();
    } finally {
      untrack();
    }
  };
}
