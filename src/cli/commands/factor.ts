import { createReadStream, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { loadCheckpoint, type FactorJobSettings, type JobCheckpoint } from '../../stream/jobs/JobCheckpoint.js';
import type { FactorJobOutput, FactorJobProgress } from '../../stream/jobs/runFactorJob.js';
import { WorkerPool } from '../../stream/WorkerPool.js';
import { defaultStreamWorkerFile } from '../../stream/workers/defaultStreamWorkerFile.js';
import { IN_THREAD_MS, threadStart, type ThreadStart } from '../../stream/workers/eagerThreads.js';
import { hasErrorCode } from '../../model/PrimeosError.js';
import { choiceOption, intOption } from '../options.js';
import { listenForInterrupt } from '../interrupt.js';
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
  /** `--progress` true, `--no-progress` false, neither undefined. */
  progress?: boolean;
  quiet: boolean;
  batch?: number;
  inThreadMs?: number;
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

/** Flags that must match the checkpoint on `--resume` (flag name → the setting it sets). */
const RESUME_PINNED: readonly (readonly [keyof FactorFlags & keyof FactorJobSettings, string])[] = [
  ['format', '--format'],
  ['hex', '--hex'],
  ['budgetMs', '--budget-ms'],
  ['seed', '--seed'],
  ['maxBits', '--max-bits'],
  ['maxLineBytes', '--max-line-bytes'],
  ['input', '--input'],
  ['timings', '--timings'],
];

async function factorAction(
  file: string | undefined,
  flags: FactorFlags,
  io: CliIO,
  given: (flag: keyof FactorFlags) => boolean,
): Promise<number> {
  if (flags.server !== undefined) {
    const { factorViaServer } = await import('../factorViaServer.js');
    return factorViaServer(file, { ...flags, server: flags.server }, io);
  }
  // a large input file starts its worker threads now, so they load while this thread loads the job's modules; a
  // small one is factorised here first and moves to threads only after IN_THREAD_MS of work (most never do); the
  // pool of any other input starts a thread at the first batch that needs one (a one-number job never does)
  const start: ThreadStart =
    flags.resume === undefined
      ? threadStart(file === undefined || file === '-' ? 0 : file)
      : { eager: false, inThreadMs: 0 };
  const pool =
    flags.workers > 0 && flags.cluster === undefined
      ? new WorkerPool({ filename: await defaultStreamWorkerFile(), threads: flags.workers, eager: start.eager })
      : undefined;
  try {
    return await factorJob(file, { ...flags, inThreadMs: flags.inThreadMs ?? start.inThreadMs }, io, given, pool);
  } finally {
    await pool?.destroy();
  }
}

async function factorJob(
  file: string | undefined,
  flags: FactorFlags,
  io: CliIO,
  given: (flag: keyof FactorFlags) => boolean,
  pool: WorkerPool | undefined,
): Promise<number> {
  const [{ runFactorJob }, { readChunks }, { clusterFactorJob }] = await Promise.all([
    import('../../stream/jobs/runFactorJob.js'),
    import('../../stream/sources/readChunks.js'),
    import('./clusterFactor.js'),
  ]);
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
    resume = loadCheckpoint(flags.resume);
    if (file !== undefined && path.resolve(file) !== resume.inputPath) {
      return usage(`--resume continues ${resume.inputPath}; give no other input file`);
    }
    if (flags.output !== undefined && path.resolve(flags.output) !== resume.outputPath) {
      return usage(`--resume writes to ${resume.outputPath} as the checkpoint says; -o ${flags.output} conflicts`);
    }
    if (flags.checkpoint !== undefined && path.resolve(flags.checkpoint) !== path.resolve(flags.resume)) {
      return usage('--checkpoint conflicts with --resume (the job keeps its checkpoint)');
    }
    for (const [key, name] of RESUME_PINNED) {
      if (given(key) && flags[key] !== resume.settings[key]) {
        return usage(
          `${name} ${String(flags[key])} conflicts with the checkpoint (${String(resume.settings[key])}); ` +
            'a resumed job keeps its settings',
        );
      }
    }
    if (resume.done) {
      io.stderr.write(`primeos factor: job in ${flags.resume} is already complete\n`);
      return resume.failed > 0 ? ExitCode.RecordsFailed : ExitCode.Ok;
    }
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
  // a regular file is read by offset (resumable, with a size for progress); a FIFO, /dev/stdin or a process
  // substitution is read as a stream, like stdin
  let inputBytes: number | undefined;
  let seekable = false;
  if (inputPath !== undefined) {
    const st = statSync(inputPath);
    if (st.isDirectory()) return usage(`${inputPath} is a directory`);
    seekable = st.isFile();
    if (seekable) inputBytes = st.size;
    else if (checkpointPath !== undefined) return usage(`--checkpoint needs a regular input file; ${inputPath} is not`);
  }
  const input =
    inputPath !== undefined && seekable
      ? (start: number) => readChunks(inputPath, { start })
      : () => (inputPath !== undefined ? createReadStream(inputPath) : io.stdin) as AsyncIterable<Uint8Array>;

  const interrupt = listenForInterrupt();
  // a bar only when stderr is a terminal of its own: drawn on the terminal that also shows the records, it
  // would mix into them; TERM=dumb terminals get no escapes at all
  const recordsOnStdout = !('path' in output);
  const bar =
    flags.progress !== false &&
    !flags.quiet &&
    isTty(io.stderr) &&
    !(recordsOnStdout && isTty(io.stdout)) &&
    process.env.TERM !== 'dumb';
  const events = flags.progress === true && !isTty(io.stderr);
  let lastRender = 0;
  const onProgress = (p: FactorJobProgress): void => {
    if (!bar && !events) return;
    const now = performance.now();
    if (now - lastRender < (bar ? PROGRESS_EVERY_MS : 1000)) return;
    lastRender = now;
    if (bar) io.stderr.write(`\r${progressBar(p)}\u001b[K`);
    else io.stderr.write(progressEvent('progress', p) + '\n');
  };
  try {
    const run = flags.cluster === undefined ? runFactorJob : clusterFactorJob(flags.cluster, flags.clusterTasks, io);
    const summary = await run({
      input,
      ...(inputPath !== undefined && seekable ? { inputPath } : {}),
      ...(inputBytes !== undefined ? { inputBytes } : {}),
      output,
      settings,
      ...(checkpointPath !== undefined ? { checkpointPath: path.resolve(checkpointPath) } : {}),
      ...(resume !== undefined ? { resume } : {}),
      ...(pool !== undefined ? { pool } : {}),
      ...(flags.batch !== undefined ? { batchSize: flags.batch } : {}),
      ...(flags.inThreadMs !== undefined ? { inThreadMs: flags.inThreadMs } : {}),
      checkpointEveryMs: flags.checkpointInterval,
      signal: interrupt.signal,
      onProgress,
      onTextError: (line) => io.stderr.write(line + '\n'),
      // while this thread factors synchronously it cannot hear a signal: let it take its default action at once
      onThreadBusy: (busy) => {
        if (!interrupt.signal.aborted) interrupt.listen(!busy);
      },
    });
    if (summary.outputClosed) return ExitCode.Ok; // `| head`: not an error
    if (bar) io.stderr.write(`\r${progressBar(summary)}\u001b[K\n`);
    if (events) io.stderr.write(progressEvent('summary', summary) + '\n');
    else if (!flags.quiet || summary.aborted) {
      const stopped = summary.aborted
        ? `, stopped by ${interrupt.received ?? 'a signal'}` +
          (checkpointPath !== undefined ? `: checkpoint saved, continue with --resume ${checkpointPath}` : '')
        : '';
      io.stderr.write(
        `primeos factor: ${summary.records} records (${summary.failed} failed, ${summary.partial} partial) ` +
          `in ${(summary.elapsedMs / 1000).toFixed(2)} s${stopped}\n`,
      );
    }
    if (summary.aborted) return interrupt.exitCode ?? ExitCode.Interrupted;
    return summary.failed > 0 ? ExitCode.RecordsFailed : ExitCode.Ok;
  } catch (err) {
    if (flags.cluster !== undefined && hasErrorCode(err, 'E_STATE')) {
      io.stderr.write(`primeos factor: ${err.message}\n`);
      return ExitCode.RecordsFailed;
    }
    throw err;
  } finally {
    interrupt.dispose();
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
    .option('--batch <n>', 'lines per worker task (default: sized by measured cost)', intOption(1, 65536))
    .option(
      '--in-thread-ms <ms>',
      "factorise on the job's own thread while its work, and that work scaled to the whole file, stays within this " +
        'many ms, then on the workers ' +
        `(default: ${IN_THREAD_MS} for an input file of at most 4 KiB, else 0)`,
      intOption(0, 3_600_000),
    )
    .option('--cluster <url>', 'run the batches on cluster workers through Redis (docs/CLUSTER.md)')
    .option('--cluster-tasks <k>', 'cluster tasks outstanding at once', intOption(1, 65536), 32)
    .option('--hex', 'write big integers as 0x-hex strings', false)
    .option('--timings', 'include elapsedMs in records (output is then not reproducible)', false)
    .option('--server <url>', 'run the job on a primeos serve (resumes by itself after transient failures)')
    .option('--token-file <file>', 'bearer token for --server')
    .option('--progress', 'NDJSON progress events on stderr when it is not a terminal')
    .option('--no-progress', 'no progress bar on a terminal')
    .option('-q, --quiet', 'no progress bar and no summary line (errors still go to stderr)', false)
    .action(async (file: string | undefined, flags: FactorFlags, command: Command) => {
      const given = (flag: keyof FactorFlags): boolean => {
        const source = command.getOptionValueSource(flag);
        return source === 'cli' || source === 'env';
      };
      setExit(await factorAction(file, flags, io, given));
    });
};
