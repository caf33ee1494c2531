import type { Command } from 'commander';
import { ChunkVM, parseProgramText } from '../../encoding/index.js';
import {
  DEFAULT_VM_MAX_OUTPUT_BYTES,
  DEFAULT_VM_MAX_STACK_DEPTH,
  DEFAULT_VM_MAX_STEPS,
  DEFAULT_VM_TIME_LIMIT_MS,
  VM_LIMIT_MAX,
} from '../../encoding/ChunkVM.js';
import { hasErrorCode } from '../../model/PrimeosError.js';
import { parseBigInt } from '../../primes/parseBigInt.js';
import { escapeControl } from '../cliError.js';
import { readAllText, writeOut } from '../input.js';
import { listenForInterrupt } from '../interrupt.js';
import { intOption } from '../options.js';
import { ExitCode, type CliIO, type CommandRegistrar } from '../program.js';

interface RunFlags {
  maxSteps: number;
  maxStack: number;
  maxOutputBytes: number;
  timeLimitMs: number;
  input: string[];
}

/** Longest stretch of VM steps between two looks at the event loop (signals, output drain). */
const SLICE_MS = 20;

/** Largest program file accepted. */
const MAX_PROGRAM_BYTES = 64 << 20;

async function runAction(file: string | undefined, flags: RunFlags, io: CliIO): Promise<number> {
  const interrupt = listenForInterrupt();
  try {
    const ops = parseProgramText(await readAllText(file, io, MAX_PROGRAM_BYTES));
    const vm = new ChunkVM(ops, {
      maxSteps: flags.maxSteps,
      maxStackDepth: flags.maxStack,
      maxOutputBytes: flags.maxOutputBytes,
      timeLimitMs: flags.timeLimitMs,
      input: flags.input.map((v) => parseBigInt(v)),
      signal: interrupt.signal,
    });
    // run in slices of ≤ SLICE_MS and yield to the event loop between them, so SIGINT/SIGTERM abort the VM
    // there; during a slice (synchronous) the signals take their default action at once (one long step, e.g.
    // PRIME on a huge value, is bounded by --time-limit-ms)
    for (;;) {
      interrupt.listen(false);
      const until = performance.now() + SLICE_MS;
      let pending = '';
      let r = vm.step();
      let n = 0;
      while (r.status === 'running') {
        if (r.output !== undefined) pending += r.output + '\n';
        if (pending.length >= 1 << 16 || ((++n & 255) === 0 && performance.now() > until)) break;
        r = vm.step();
      }
      interrupt.listen(true);
      if (pending !== '') await writeOut(io.stdout, pending);
      if (r.status === 'running') {
        await new Promise<void>((resolve) => setImmediate(resolve));
        continue;
      }
      if (r.status === 'halted') return ExitCode.Ok;
      io.stderr.write(`primeos run: ${r.error.code}: ${escapeControl(r.error.message)}\n`);
      return r.error.code === 'E_ABORTED' ? (interrupt.exitCode ?? ExitCode.Interrupted) : ExitCode.RecordsFailed;
    }
  } catch (err) {
    if (!hasErrorCode(err)) throw err;
    io.stderr.write(`primeos run: ${err.code}: ${escapeControl(err.message)}\n`);
    return ExitCode.RecordsFailed;
  } finally {
    interrupt.dispose();
  }
}

/** `primeos run [file|-]`: execute a program (chunks or assembler text) in the ChunkVM, streaming its output. */
export const registerRun: CommandRegistrar = (program: Command, io: CliIO, setExit) => {
  program
    .command('run')
    .description(
      'run a program (chunks one per line, or assembler text) in the ChunkVM; PRINT output streams to stdout',
    )
    .argument('[file]', "program file, or '-' for stdin (default)")
    .option(
      '--max-steps <n>',
      'instruction limit (E_VM_STEPS)',
      intOption(1, VM_LIMIT_MAX.maxSteps),
      DEFAULT_VM_MAX_STEPS,
    )
    .option(
      '--max-stack <n>',
      'stack depth limit (E_VM_STACK)',
      intOption(1, VM_LIMIT_MAX.maxStackDepth),
      DEFAULT_VM_MAX_STACK_DEPTH,
    )
    .option(
      '--max-output-bytes <n>',
      'output limit (E_VM_OUTPUT)',
      intOption(0, VM_LIMIT_MAX.maxOutputBytes),
      DEFAULT_VM_MAX_OUTPUT_BYTES,
    )
    .option(
      '--time-limit-ms <ms>',
      'wall-clock limit of the run (E_BUDGET)',
      intOption(1, VM_LIMIT_MAX.timeLimitMs),
      DEFAULT_VM_TIME_LIMIT_MS,
    )
    .option('--input <value...>', 'values consumed by READ, in order', [])
    .action(async (file: string | undefined, flags: RunFlags) => {
      setExit(await runAction(file, flags, io));
    });
};
