import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { hasErrorCode } from '../../model/PrimeosError.js';
import { intOption } from '../options.js';
import { ExitCode, type CliIO, type CommandRegistrar } from '../program.js';

interface WorkerFlags {
  redis: string;
  concurrency: number;
  name?: string;
  claimIdleMs: number;
  maxDeliveries: number;
  drainMs: number;
}

interface StatusFlags {
  redis: string;
  json: boolean;
}

/** Exit code of a worker that lost Redis for longer than its timeout. */
const EXIT_REDIS_LOST = 1;

async function workerAction(flags: WorkerFlags, io: CliIO): Promise<number> {
  // the cluster edge (node-redis) is loaded only by the commands that use it
  const { ClusterWorker } = await import('../../cluster/ClusterWorker.js');
  const log = (level: string, message: string): void => void io.stderr.write(`primeos cluster worker: ${message}\n`);
  let worker;
  try {
    worker = await ClusterWorker.start({
      url: flags.redis,
      concurrency: flags.concurrency,
      ...(flags.name !== undefined ? { name: flags.name } : {}),
      claimIdleMs: flags.claimIdleMs,
      maxDeliveries: flags.maxDeliveries,
      drainMs: flags.drainMs,
      onLog: log,
      ...(process.env.PRIMEOS_CLUSTER_CRASH_ON_LINE !== undefined
        ? { crashOnLine: process.env.PRIMEOS_CLUSTER_CRASH_ON_LINE }
        : {}),
    });
  } catch (err) {
    io.stderr.write(`primeos cluster worker: ${(err as Error).message}\n`);
    return hasErrorCode(err, 'E_USAGE') ? ExitCode.Usage : EXIT_REDIS_LOST;
  }
  const onSignal = (): void => void worker.stop().catch(() => undefined);
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  try {
    await worker.closed;
    return ExitCode.Ok;
  } catch (err) {
    io.stderr.write(`primeos cluster worker: ${(err as Error).message}\n`);
    return EXIT_REDIS_LOST;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
}

async function statusAction(flags: StatusFlags, io: CliIO): Promise<number> {
  const { clusterStatus } = await import('../../cluster/clusterStatus.js');
  let status;
  try {
    status = await clusterStatus({ url: flags.redis });
  } catch (err) {
    io.stderr.write(`primeos cluster status: ${(err as Error).message}\n`);
    return hasErrorCode(err, 'E_USAGE') ? ExitCode.Usage : 1;
  }
  if (flags.json) {
    io.stdout.write(JSON.stringify(status) + '\n');
    return ExitCode.Ok;
  }
  const now = Date.now();
  io.stdout.write(`workers: ${status.workers.length}\n`);
  for (const w of status.workers) {
    const up = Math.max(0.001, (w.updatedAt - w.startedAt) / 1000);
    io.stdout.write(
      `  ${w.name}  ${w.host} pid ${w.pid}  threads ${w.concurrency}  running ${w.running}  tasks ${w.tasks}` +
        `  lines ${w.lines} (${Math.round(w.lines / up)}/s)  claimed ${w.claimed}  poison ${w.poison}\n`,
    );
  }
  io.stdout.write(`jobs: ${status.jobs.length}\n`);
  for (const j of status.jobs) {
    const consumers = j.consumers.map((c) => `${c.name}:${c.pending}`).join(' ');
    io.stdout.write(
      `  ${j.id}  ${j.description || '-'}  from ${j.host} pid ${j.pid}  committed ${j.committedLines} lines` +
        ` (${j.linesPerSecond}/s)  tasks ${j.tasks}  pending ${j.pending}${consumers ? ` [${consumers}]` : ''}` +
        `  results ${j.results}  last update ${Math.round((now - j.updatedAt) / 1000)} s ago\n`,
    );
  }
  return ExitCode.Ok;
}

/**
 * `primeos cluster worker|status`: join a Redis Streams cluster as a factorisation worker, or show its state
 * (see docs/CLUSTER.md).
 */
export const registerCluster: CommandRegistrar = (program: Command, io: CliIO, setExit) => {
  const cluster = program.command('cluster').description('factorise on several machines through Redis Streams');
  cluster
    .command('worker')
    .description('factorise tasks of every cluster job (until SIGTERM: running tasks finish or are released)')
    .requiredOption('--redis <url>', 'Redis URL, e.g. redis://127.0.0.1:6379')
    .option('-c, --concurrency <n>', 'worker threads', intOption(1, 256), availableParallelism())
    .option('--name <name>', 'consumer name, unique in the cluster (default host-pid)')
    .option('--claim-idle-ms <ms>', 'take over tasks idle this long', intOption(100, 86_400_000), 5000)
    .option('--max-deliveries <n>', 'deliveries before a task is reported as failed', intOption(1, 1000), 3)
    .option('--drain-ms <ms>', 'on SIGTERM, time running tasks get before release', intOption(0, 3_600_000), 5000)
    .action(async (flags: WorkerFlags) => setExit(await workerAction(flags, io)));
  cluster
    .command('status')
    .description('show live workers and jobs: queued, pending and claimed tasks, throughput')
    .requiredOption('--redis <url>', 'Redis URL')
    .option('--json', 'one JSON object instead of text', false)
    .action(async (flags: StatusFlags) => setExit(await statusAction(flags, io)));
};
