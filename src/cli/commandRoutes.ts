import type { ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import { PrimeosError } from '../model/PrimeosError.js';
import { flagParam, intParam } from '../server/internal/queryParams.js';
import type { PrimeosServer, ServerPlugin } from '../server/PrimeosServer.js';
import type { RouteContext } from '../server/Router.js';
import { commands } from './commands.js';
import { runCli, type CliIO } from './program.js';

/** One codec command served over HTTP: its name, response type, and its flags from the query. */
interface CommandRoute {
  readonly command: 'encode' | 'decode' | 'verify' | 'run';
  readonly contentType: string;
  readonly flags: (q: URLSearchParams) => string[];
}

const INTEGER = /^(0[xX][0-9a-fA-F]+|-?[0-9]+)$/;

const ROUTES: readonly CommandRoute[] = [
  {
    command: 'encode',
    contentType: 'text/plain; charset=utf-8',
    flags: (q) => [
      ...(flagParam(q, 'program') ? ['--program'] : []),
      ...(q.has('blockSize') ? ['--block-size', String(intParam(q, 'blockSize', 0, 1, 256))] : []),
      ...(flagParam(q, 'hex') ? ['--hex'] : []),
    ],
  },
  {
    command: 'decode',
    contentType: 'application/octet-stream',
    flags: (q) => (q.has('maxChunks') ? ['--max-chunks', String(intParam(q, 'maxChunks', 0, 1, 2 ** 53 - 1))] : []),
  },
  { command: 'verify', contentType: 'application/x-ndjson', flags: () => [] },
  {
    command: 'run',
    contentType: 'text/plain; charset=utf-8',
    flags: (q) => {
      const out: string[] = [];
      for (const [name, flag] of [
        ['maxSteps', '--max-steps'],
        ['maxStack', '--max-stack'],
        ['maxOutputBytes', '--max-output-bytes'],
      ] as const) {
        if (q.has(name)) out.push(flag, String(intParam(q, name, 0, name === 'maxOutputBytes' ? 0 : 1, 2 ** 53 - 1)));
      }
      const inputs = q.getAll('input');
      for (const v of inputs) {
        if (!INTEGER.test(v)) throw new PrimeosError('E_USAGE', 'query parameter input must be an integer');
      }
      if (inputs.length > 0) out.push('--input', ...inputs);
      return out;
    },
  },
];

/** The response as the command's stdout: waits for drain, and swallows writes once the client is gone. */
function responseStdout(res: ServerResponse, signal: AbortSignal): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, cb) {
      if (signal.aborted || res.destroyed) return cb();
      if (res.write(chunk)) return cb();
      let called = false;
      const done = (): void => {
        if (called) return;
        called = true;
        res.off('drain', done);
        res.off('close', done);
        cb();
      };
      res.on('drain', done);
      res.on('close', done);
    },
  });
}

/** A header-safe one-line summary of the command's stderr. */
const headerText = (s: string): string =>
  s
    .trim()
    .split('\n')[0]!
    .replace(/[^\x20-\x7e]/g, '?')
    .slice(0, 300);

/**
 * `POST /v1/encode`, `/v1/decode`, `/v1/verify`, `/v1/run`: the body is the command's stdin and the response
 * its stdout — the same command code as `primeos encode|decode|verify|run -`, so the bytes are the CLI's (encode:
 * chunk lines; decode: the bytes; verify: NDJSON verdicts; run: the PRINT lines). Each command reads its input
 * only as fast as the response drains. Query parameters are the command's flags (`program`, `blockSize`, `hex`;
 * `maxChunks`; `maxSteps`, `maxStack`, `maxOutputBytes`, `input` repeated). The trailers `Primeos-Exit-Code`
 * (the CLI's exit code: 0 ok, 1 some records or blocks failed) and `Primeos-Error` (the first error line) say
 * how it ended.
 *
 * The plugin lives with the CLI because it serves the CLI's commands; `primeos serve` attaches it.
 *
 * @param server - the server
 */
export const commandRoutes: ServerPlugin = (server: PrimeosServer) => {
  for (const route of ROUTES) {
    server.router.add(
      'POST',
      `/v1/${route.command}`,
      async ({ req, res, url, signal }: RouteContext) => {
        const argv = [route.command, ...route.flags(url.searchParams), '-'];
        res.writeHead(200, {
          'content-type': route.contentType,
          'cache-control': 'no-store',
          'x-content-type-options': 'nosniff',
          trailer: 'Primeos-Exit-Code, Primeos-Error',
        });
        res.flushHeaders();
        let stderr = '';
        const io: CliIO = {
          stdin: req,
          stdout: responseStdout(res, signal),
          stderr: new Writable({
            write(chunk: Buffer, _enc, cb) {
              if (stderr.length < 4096) stderr += chunk.toString('utf8');
              cb();
            },
          }),
        };
        const onAbort = (): void => void req.destroy();
        signal.addEventListener('abort', onAbort, { once: true });
        try {
          const code = await runCli(argv, 'server', io, commands);
          await new Promise<void>((resolve) => (io.stdout as Writable).end(() => resolve()));
          if (signal.aborted) return;
          res.addTrailers({ 'Primeos-Exit-Code': String(code), 'Primeos-Error': headerText(stderr) });
          res.end();
        } finally {
          signal.removeEventListener('abort', onAbort);
        }
      },
      { limited: true, name: route.command },
    );
  }
};
