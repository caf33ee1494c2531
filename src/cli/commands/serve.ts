import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { hasErrorCode } from '../../model/PrimeosError.js';
import { createServer } from '../../server/createServer.js';
import { commandRoutes } from '../commandRoutes.js';
import { serverPlugins } from '../../server/serverPlugins.js';
import { SERVER_DEFAULTS } from '../../server/ServerOptions.js';
import { choiceOption, intOption } from '../options.js';
import { readTokenFile } from '../readTokenFile.js';
import { ExitCode, type CliIO, type CommandRegistrar } from '../program.js';

interface ServeFlags {
  host: string;
  port: number;
  dataDir?: string;
  tokenFile?: string;
  workers: number;
  maxConcurrent: number;
  maxLineBytes: number;
  maxBits: number;
  budgetMs: number;
  maxJobs: number;
  drainMs: number;
  idleTimeoutMs: number;
  logLevel: string;
}

async function serveAction(flags: ServeFlags, io: CliIO): Promise<number> {
  const usage = (msg: string): number => {
    io.stderr.write(`primeos serve: ${msg}\n`);
    return ExitCode.Usage;
  };
  let token: string | undefined;
  if (flags.tokenFile !== undefined) {
    token = readTokenFile(flags.tokenFile);
    if (token === undefined) return usage(`cannot read token file ${flags.tokenFile}`);
    if (token === '') return usage(`token file ${flags.tokenFile} is empty`);
  }
  let server;
  try {
    server = await createServer({
      host: flags.host,
      port: flags.port,
      ...(flags.dataDir !== undefined ? { dataDir: path.resolve(flags.dataDir) } : {}),
      ...(token !== undefined ? { token } : {}),
      workers: flags.workers,
      maxConcurrentRequests: flags.maxConcurrent,
      maxLineBytes: flags.maxLineBytes,
      maxBits: flags.maxBits,
      budgetMs: flags.budgetMs,
      maxRunningJobs: flags.maxJobs,
      drainTimeoutMs: flags.drainMs,
      idleTimeoutMs: flags.idleTimeoutMs,
      logLevel: flags.logLevel,
      plugins: [commandRoutes, ...serverPlugins],
    });
  } catch (err) {
    if (hasErrorCode(err, 'E_USAGE') || hasErrorCode(err, 'E_RANGE')) return usage(err.message);
    throw err;
  }
  let url: URL;
  try {
    url = await server.listen();
  } catch (err) {
    await server.close();
    return usage(`cannot listen on ${flags.host}:${flags.port}: ${(err as Error).message}`);
  }
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      void server.close().then(resolve);
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    // the URL is the first line of stdout (scripts and tests read it; with --port 0 it names the port picked),
    // written once SIGTERM drains: a supervisor may signal as soon as it reads it
    io.stdout.write(url.href.replace(/\/$/, '') + '\n');
  });
  return ExitCode.Ok;
}

/**
 * `primeos serve`: the HTTP server (NDJSON streaming endpoints, durable jobs, health and metrics; docs/SERVER.md).
 */
export const registerServe: CommandRegistrar = (program: Command, io: CliIO, setExit) => {
  const d = SERVER_DEFAULTS;
  program
    .command('serve')
    .description('serve the streaming endpoints, durable jobs, /healthz, /readyz and /metrics over HTTP')
    .option('--host <host>', 'interface to bind (non-loopback needs --token-file)', d.host)
    .option('--port <port>', 'TCP port (0: a free port)', intOption(0, 65535), d.port)
    .option('--data-dir <dir>', 'folder of the durable jobs (default: a temporary folder, not durable)')
    .option('--token-file <file>', 'file holding the bearer token clients must send')
    .option('-w, --workers <n>', 'worker threads (0: the server thread)', intOption(0, 256), availableParallelism())
    .option(
      '--max-concurrent <n>',
      'concurrent /v1 requests (429 beyond)',
      intOption(1, 100_000),
      d.maxConcurrentRequests,
    )
    .option('--max-line-bytes <n>', 'longest input line', intOption(16, 1 << 30), d.maxLineBytes)
    .option('--max-bits <bits>', 'largest number accepted', intOption(1, 1 << 20), d.maxBits)
    .option('--budget-ms <ms>', 'default time budget per number', intOption(1), d.budgetMs)
    .option('--max-jobs <n>', 'durable jobs running at once', intOption(1, 1024), d.maxRunningJobs)
    .option('--drain-ms <ms>', 'on SIGTERM, time in-flight requests get to finish', intOption(0), d.drainTimeoutMs)
    .option('--idle-timeout-ms <ms>', 'close sockets idle this long', intOption(0), d.idleTimeoutMs)
    .option(
      '--log-level <level>',
      'pino level of the logs on stderr',
      choiceOption(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const),
      d.logLevel,
    )
    .action(async (flags: ServeFlags) => {
      setExit(await serveAction(flags, io));
    });
};
