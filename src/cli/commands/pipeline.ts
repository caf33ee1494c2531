import path from 'node:path';
import type { Command } from 'commander';
import { hasErrorCode } from '../../model/PrimeosError.js';
import type { PipelineGraph } from '../../pipeline/PipelineGraph.js';
import type * as RunPipelineModule from '../../pipeline/runPipeline.js';
import type { WorkerPool } from '../../stream/WorkerPool.js';
import { choiceOption } from '../options.js';
import { ExitCode, type CliIO, type CommandRegistrar } from '../program.js';
import type { YoungGeneration } from '../youngGeneration.js';

interface RunFlags {
  checkpoint?: string;
  resume?: string;
  metrics: boolean;
  youngGeneration: YoungGeneration;
}

async function load(file: string, io: CliIO): Promise<PipelineGraph | number> {
  const { loadPipeline } = await import('../../pipeline/loadPipeline.js');
  try {
    return await loadPipeline(file);
  } catch (err) {
    if (!hasErrorCode(err)) throw err;
    io.stderr.write(`primeos pipeline: ${err.message}\n`);
    return ExitCode.Usage;
  }
}

async function runAction(file: string, flags: RunFlags, io: CliIO): Promise<number> {
  if (flags.checkpoint !== undefined && flags.resume !== undefined) {
    io.stderr.write('primeos pipeline: give --checkpoint or --resume, not both\n');
    return ExitCode.Usage;
  }
  // the runner's modules load while factorize worker threads start and the graph loads
  const runner = import('../../pipeline/runPipeline.js');
  runner.catch(() => undefined); // awaited below unless the config is refused first
  const { earlyWorkerPool } = await import('../../pipeline/earlyWorkerPool.js');
  const pool = await earlyWorkerPool(file);
  try {
    return await runLoaded(file, flags, io, pool, runner);
  } finally {
    await pool?.destroy();
  }
}

async function runLoaded(
  file: string,
  flags: RunFlags,
  io: CliIO,
  pool: WorkerPool | undefined,
  runner: Promise<typeof RunPipelineModule>,
): Promise<number> {
  const graph = await load(file, io);
  if (typeof graph === 'number') return graph;
  const { runPipeline } = await runner;
  const controller = new AbortController();
  let interrupted = 0;
  const onSignal = (code: number) => (): void => {
    interrupted = code;
    controller.abort();
  };
  const onInt = onSignal(ExitCode.Interrupted);
  const onTerm = onSignal(143);
  process.once('SIGINT', onInt);
  process.once('SIGTERM', onTerm);
  try {
    const summary = await runPipeline(graph, {
      signal: controller.signal,
      stdin: io.stdin,
      stdout: io.stdout,
      ...(pool !== undefined ? { pool } : {}),
      ...(flags.checkpoint !== undefined ? { checkpoint: path.resolve(flags.checkpoint) } : {}),
      ...(flags.resume !== undefined ? { resume: path.resolve(flags.resume) } : {}),
    });
    if (flags.metrics) io.stderr.write(JSON.stringify({ event: 'metrics', ...summary }) + '\n');
    const errors = summary.nodes.reduce((s, n) => s + n.errors, 0);
    if (summary.status === 'failed') {
      io.stderr.write(
        `primeos pipeline: node "${summary.error.node}": ${summary.error.code}: ${summary.error.message}\n`,
      );
      return ExitCode.RecordsFailed;
    }
    if (summary.status === 'aborted') {
      io.stderr.write(
        `primeos pipeline: interrupted${(flags.checkpoint ?? flags.resume) ? ': checkpoint saved' : ''}\n`,
      );
      return interrupted || ExitCode.Interrupted;
    }
    if (!flags.metrics) {
      io.stderr.write(
        `primeos pipeline: ${graph.name}: ${summary.nodes.length} nodes, ${errors} item errors, ${(summary.elapsedMs / 1000).toFixed(2)} s\n`,
      );
    }
    return errors > 0 ? ExitCode.RecordsFailed : ExitCode.Ok;
  } catch (err) {
    if (!hasErrorCode(err)) throw err;
    io.stderr.write(`primeos pipeline: ${err.message}\n`);
    // a refused config or checkpoint (nothing ran): usage; anything else failed the run
    return hasErrorCode(err, 'E_CONFIG') || hasErrorCode(err, 'E_CHECKPOINT') ? ExitCode.Usage : ExitCode.RecordsFailed;
  } finally {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  }
}

/**
 * `primeos pipeline run|validate|graph <config.json>`: run a JSON-configured DAG of stream stages, check a config
 * without running it, or print the graph as Mermaid or DOT (docs/PIPELINES.md).
 */
export const registerPipeline: CommandRegistrar = (program: Command, io: CliIO, setExit) => {
  const cmd = program
    .command('pipeline')
    .description('run, validate or draw a JSON-configured pipeline (a DAG of stream stages)');
  cmd
    .command('run')
    .description('run a pipeline config; per-node metrics with --metrics')
    .argument('<config>', 'pipeline config (JSON)')
    .option('--checkpoint <file>', 'save the committed position atomically to this file')
    .option('--resume <file>', 'continue the run saved in this checkpoint')
    .option('--metrics', 'print per-node metrics as one JSON line on stderr', false)
    .option(
      '--young-generation <mode>',
      "fixed: keep V8's young generation at 2 MB, less memory (set by the CLI at start); growing: V8's default",
      choiceOption(['fixed', 'growing'] as const),
      'fixed',
    )
    .action(async (file: string, flags: RunFlags) => {
      setExit(await runAction(file, flags, io));
    });
  cmd
    .command('validate')
    .description('check a pipeline config (schema, edges, cycles, types, modules) without running it')
    .argument('<config>', 'pipeline config (JSON)')
    .action(async (file: string) => {
      const graph = await load(file, io);
      if (typeof graph === 'number') return setExit(graph);
      io.stdout.write(`ok: ${graph.name}: ${graph.nodes.length} nodes, ${graph.edges.length} edges\n`);
      setExit(ExitCode.Ok);
    });
  cmd
    .command('graph')
    .description('print the pipeline DAG as Mermaid or DOT')
    .argument('<config>', 'pipeline config (JSON)')
    .option('--format <format>', 'mermaid or dot', choiceOption(['mermaid', 'dot'] as const), 'mermaid')
    .action(async (file: string, flags: { format: 'mermaid' | 'dot' }) => {
      const graph = await load(file, io);
      if (typeof graph === 'number') return setExit(graph);
      const { renderGraph } = await import('../../pipeline/renderGraph.js');
      io.stdout.write(renderGraph(graph, flags.format));
      setExit(ExitCode.Ok);
    });
};
