import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { hasErrorCode } from '../../model/PrimeosError.js';
import { loadCheckpoint, type FactorJobSettings, type JobCheckpoint } from '../../stream/jobs/JobCheckpoint.js';
import { runFactorJob, type FactorJobOutput, type FactorJobProgress } from '../../stream/jobs/runFactorJob.js';
import { readLines } from '../../stream/sources/readLines.js';
import { readStreamLines } from '../../stream/sources/readStreamLines.js';
import { WorkerPool } from '../../stream/WorkerPool.js';
import { defaultStreamWorkerFile } from '../../stream/workers/defaultStreamWorkerFile.js';
import { factorViaServer } from '../factorViaServer.js';
import { choiceOption, intOption } from '../options.js';
import { clusterFactorJob } from './clusterFactor.js';
import { ExitCode, type CliIO, type CommandRegistrar } from '../program.js';
import { progressBar, progressEvent, PROGRESS_EVERY_MS } from '../progress.js';

interface FactorFlags {
  server?: string;
  tokenFile?: string;
  output?: string;
  checkpoint?: string;
  resume?: string;
  workers: number;
  budgetMs: number;
  maxBits: number;
  maxLineBytes: number;
  seed: number;
  hex: boolean;
  timings: boolean;
  format: 'ndjson' | 'text';
  input: 'auto' | 'lines' | 'ndjson';
  progress: boolean;
  batch: number;
  checkpointInterval: number;
  cluster?: string;
  clusterTasks: number;
}

/**
 * Upper limit of `--max-bits`: 2^18 bits (~79,000 digits). Beyond it no engine can do more than trial division
 * within any budget, and a line of that size is already a quarter of the default `--max-line-bytes`.
 */
export const MAX_BITS_LIMIT = 1 << 18;

/** Default total budget per number for the CLI job. */
export const CLI_DEFAULT_BUDGET_MS = 60_000;

function isTty(s: NodeJS.WritableStream): boolean {
  return (s as { isTTY?: boolean }).isTTY === true;
}

async function factorAction(file: string | undefined, flags: FactorFlags, io: CliIO): Promise<number> {
  if (flags.server !== undefined) return factorViaServer(file, { ...flags, server: flags.server }, io);
  const usage = (msg: string): number => {
    io.stderr.write(`primeos factor: ${msg}\n`);
    return ExitCode.Usage;
  };
  let resume: JobCheckpoint | undefined;
  let settings: FactorJobSettings = {
    input: flags.input,
    format: flags.format,
    budgetMs: flags.budgetMs,
    seed: flags.seed,
    maxBits: flags.maxBits,
    maxLineBytes: flags.maxLineBytes,
    hex: flags.hex,
    timings: flags.timings,
  };
  let inputPath: string | undefined;
  let output: FactorJobOutput;
  let checkpointPath = flags.checkpoint;
  if (flags.resume !== undefined) {
    if (file !== undefined) return usage('--resume takes the input from the checkpoint; give no file');
    try {
      resume = loadCheckpoint(flags.resume);
    } catch (err) {
      return usage(hasErrorCode(err) ? err.message : String(err));
    }
    if (resume.done) {
      io.stderr.write(`primeos factor: job in ${flags.resume} is already complete\n`);
      return resume.failed > 0 ? ExitCode.RecordsFailed : ExitCode.Ok;
    }
    if (resume.inputPath === '-') return usage('a job reading stdin cannot be resumed');
    settings = resume.settings;
    inputPath = resume.inputPath;
    output = { path: resume.outputPath };
    checkpointPath = flags.resume;
  } else {
    inputPath = file === undefined || file === '-' ? undefined : path.resolve(file);
    if (checkpointPath !== undefined && flags.output === undefined) return usage('--checkpoint needs --output FILE');
    if (checkpointPath !== undefined && inputPath === undefined)
      return usage('--checkpoint needs an input file, not stdin');
    output = flags.output !== undefined ? { path: path.resolve(flags.output) } : { stream: io.stdout };
  }
  let inputBytes: number | undefined;
  if (inputPath !== undefined) {
    try {
      const st = statSync(inputPath);
      if (!st.isFile()) return usage(`${inputPath} is not a file`);
      inputBytes = st.size;
    } catch {
      return usage(`cannot read ${inputPath}`);
    }
  }
  const lineOptions = { maxLineBytes: settings.maxLineBytes };
  const lines =
    inputPath !== undefined
      ? (start: number) => readLines(inputPath, { ...lineOptions, start })
      : () => readStreamLines(io.stdin, lineOptions);

  const controller = new AbortController();
  const onSignal = (): void => controller.abort();
  const listen = (on: boolean): void => {
    for (const sig of ['SIGINT', 'SIGTERM'] as const) {
      if (on) process.once(sig, onSignal);
      else process.off(sig, onSignal);
    }
  };
  listen(true);

  const pool =
    flags.workers > 0 && flags.cluster === undefined
      ? new WorkerPool({ filename: await defaultStreamWorkerFile(), threads: flags.workers })
      : undefined;
  const tty = isTty(io.stderr);
  let lastRender = 0;
  const onProgress = (p: FactorJobProgress): void => {
    const now = performance.now();
    if (now - lastRender < (tty ? PROGRESS_EVERY_MS : 1000)) return;
    lastRender = now;
    if (tty) io.stderr.write(`\r${progressBar(p)}\u001b[K`);
    else if (flags.progress) io.stderr.write(progressEvent('progress', p) + '\n');
  };
  try {
    const run = flags.cluster === undefined ? runFactorJob : clusterFactorJob(flags.cluster, flags.clusterTasks, io);
    const summary = await run({
      lines,
      ...(inputPath !== undefined ? { inputPath } : {}),
      ...(inputBytes !== undefined ? { inputBytes } : {}),
      output,
      settings,
      ...(checkpointPath !== undefined ? { checkpointPath: path.resolve(checkpointPath) } : {}),
      ...(resume !== undefined ? { resume } : {}),
      ...(pool !== undefined ? { pool } : {}),
      batchSize: flags.batch,
      checkpointEveryMs: flags.checkpointInterval,
      signal: controller.signal,
      onProgress,
      onTextError: (line) => io.stderr.write(line + '\n'),
      // while this thread factors synchronously it cannot hear a signal: let it take its default action at once
      onThreadBusy: (busy) => {
        if (!controller.signal.aborted) listen(!busy);
      },
    });
    if (summary.outputClosed) return ExitCode.Ok; // `| head`: not an error
    if (tty) io.stderr.write(`\r${progressBar(summary)}\u001b[K\n`);
    if (flags.progress && !tty) io.stderr.write(progressEvent('summary', summary) + '\n');
    else {
      io.stderr.write(
        `primeos factor: ${summary.records} records (${summary.failed} failed, ${summary.partial} partial) ` +
          `in ${(summary.elapsedMs / 1000).toFixed(2)} s${summary.aborted ? ', interrupted: checkpoint saved' : ''}\n`,
      );
    }
    if (summary.aborted) return ExitCode.Interrupted;
    return summary.failed > 0 ? ExitCode.RecordsFailed : ExitCode.Ok;
  } catch (err) {
    if (hasErrorCode(err, 'E_USAGE')) return usage(err.message);
    if (flags.cluster !== undefined && hasErrorCode(err, 'E_STATE')) {
      io.stderr.write(`primeos factor: ${err.message}\n`);
      return ExitCode.RecordsFailed;
    }
    throw err;
  } finally {
    listen(false);
    await pool?.destroy();
  }
}

/**
 * `primeos factor [file|-]`: the streaming factorisation job.
 */
export const registerFactor: CommandRegistrar = (program: Command, io: CliIO, setExit) => {
  program
    .command('factor')
    .description('factorise integers (one per line, or NDJSON {"n": …}) into NDJSON records, in input order')
    .argument('[file]', "input file, or '-' for stdin (default)")
    .option('-o, --output <file>', 'write records to a file (needed for checkpoints)')
    .option('--checkpoint <file>', 'save the committed position atomically to this file')
    .option('--resume <file>', 'continue the job saved in this checkpoint')
    .option('--checkpoint-interval <ms>', 'least time between checkpoint writes', intOption(0, 3_600_000), 200)
    .option('-w, --workers <n>', 'worker threads (0: this thread)', intOption(0, 256), availableParallelism())
    .option('--budget-ms <ms>', 'time budget per number', intOption(1), CLI_DEFAULT_BUDGET_MS)
    .option('--max-bits <bits>', 'refuse numbers above this size', intOption(1, MAX_BITS_LIMIT), 4096)
    .option('--max-line-bytes <n>', 'refuse lines longer than this', intOption(16, 1 << 30), 1 << 20)
    .option('--seed <n>', 'seed of the engines (same seed, same output)', intOption(0, 2 ** 31), 1)
    .option(
      '--format <format>',
      'ndjson or text (GNU factor lines)',
      choiceOption(['ndjson', 'text'] as const),
      'ndjson',
    )
    .option('--input <format>', 'auto, lines or ndjson', choiceOption(['auto', 'lines', 'ndjson'] as const), 'auto')
    .option('--batch <n>', 'lines per worker task', intOption(1, 65536), 16)
    .option('--cluster <url>', 'run the batches on cluster workers through Redis (docs/CLUSTER.md)')
    .option('--cluster-tasks <k>', 'cluster tasks outstanding at once', intOption(1, 65536), 32)
    .option('--hex', 'write big integers as 0x-hex strings', false)
    .option('--timings', 'include elapsedMs in records (output is then not reproducible)', false)
    .option('--server <url>', 'run the job on a primeos serve (resumes by itself after transient failures)')
    .option('--token-file <file>', 'bearer token for --server')
    .option('--progress', 'NDJSON progress events on stderr when it is not a terminal', false)
    .action(async (file: string | undefined, flags: FactorFlags) => {
      setExit(await factorAction(file, flags, io));
    });
};
