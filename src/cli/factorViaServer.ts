import { createWriteStream } from 'node:fs';
import { createClient } from '../client/createClient.js';
import { hasErrorCode } from '../model/PrimeosError.js';
import { readLines } from '../stream/sources/readLines.js';
import { readStreamLines } from '../stream/sources/readStreamLines.js';
import { writeOut } from './input.js';
import { readTokenFile } from './readTokenFile.js';
import { ExitCode, type CliIO } from './program.js';

/** The `primeos factor` flags that apply to a job run on a server. */
export interface ServerFactorFlags {
  readonly server: string;
  readonly tokenFile?: string;
  readonly output?: string;
  readonly checkpoint?: string;
  readonly resume?: string;
  readonly budgetMs: number;
  readonly maxBits: number;
  readonly maxLineBytes: number;
  readonly seed: number;
  readonly hex: boolean;
  readonly timings: boolean;
  readonly format: 'ndjson' | 'text';
  readonly input: 'auto' | 'lines' | 'ndjson';
}

/**
 * `primeos factor --server URL`: the same job, run by a `primeos serve` through `primeos/client` — the input's
 * lines are streamed to `POST /v1/factor` and the records written as they come, byte-identical to a local run;
 * a transient failure (the server restarting, a cut connection) resumes at the first line without a record.
 *
 * @param file - input path or '-'
 * @param flags - the factor flags
 * @param io - the CLI streams
 * @returns the exit code (0 ok, 1 some records failed or the server stayed unreachable, 2 usage)
 */
export async function factorViaServer(file: string | undefined, flags: ServerFactorFlags, io: CliIO): Promise<number> {
  const usage = (msg: string): number => {
    io.stderr.write(`primeos factor: ${msg}\n`);
    return ExitCode.Usage;
  };
  if (flags.checkpoint !== undefined || flags.resume !== undefined) {
    return usage('--server resumes by itself; --checkpoint and --resume are for local jobs');
  }
  if (flags.format !== 'ndjson') return usage('--server writes NDJSON records (--format text is for local jobs)');
  let token: string | undefined;
  if (flags.tokenFile !== undefined) {
    token = readTokenFile(flags.tokenFile);
    if (token === undefined) return usage(`cannot read token file ${flags.tokenFile}`);
  }
  let url: URL;
  try {
    url = new URL(flags.server);
  } catch {
    return usage(`--server ${flags.server} is not a URL`);
  }
  const lineOptions = { maxLineBytes: flags.maxLineBytes };
  const records =
    file === undefined || file === '-' ? readStreamLines(io.stdin, lineOptions) : readLines(file, lineOptions);
  // a line above the limit is not kept in memory: an over-long stand-in makes the server refuse it the same way
  const lines = (async function* () {
    for await (const rec of records) yield rec.kind === 'line' ? rec.text : 'x'.repeat(flags.maxLineBytes + 1);
  })();
  const out = flags.output !== undefined ? createWriteStream(flags.output) : io.stdout;
  const controller = new AbortController();
  const onSignal = (): void => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let count = 0;
  let failed = 0;
  let partial = 0;
  const t0 = performance.now();
  try {
    const client = createClient({ url, ...(token !== undefined ? { token } : {}) });
    for await (const r of client.factorLines(lines, {
      budgetMs: flags.budgetMs,
      maxBits: flags.maxBits,
      seed: flags.seed,
      input: flags.input,
      hex: flags.hex,
      timings: flags.timings,
      signal: controller.signal,
    })) {
      count++;
      if (r.text.includes('"status":"failed"')) failed++;
      else if (r.text.includes('"status":"partial"')) partial++;
      await writeOut(out, r.text + '\n');
    }
  } catch (err) {
    if (hasErrorCode(err, 'E_ABORTED')) return ExitCode.Interrupted;
    if (!hasErrorCode(err)) throw err;
    io.stderr.write(`primeos factor: ${err.code}: ${err.message}\n`);
    return hasErrorCode(err, 'E_USAGE') || hasErrorCode(err, 'E_UNAUTHORIZED')
      ? ExitCode.Usage
      : ExitCode.RecordsFailed;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (out !== io.stdout) await new Promise<void>((resolve) => (out as NodeJS.WritableStream).end(() => resolve()));
  }
  io.stderr.write(
    `primeos factor: ${count} records (${failed} failed, ${partial} partial) ` +
      `in ${((performance.now() - t0) / 1000).toFixed(2)} s via ${url.origin}\n`,
  );
  return failed > 0 ? ExitCode.RecordsFailed : ExitCode.Ok;
}
