import type { Command } from 'commander';
import { ChunkVM, parseProgramText } from '../../encoding/index.js';
import {
  DEFAULT_VM_MAX_OUTPUT_BYTES,
  DEFAULT_VM_MAX_STACK_DEPTH,
  DEFAULT_VM_MAX_STEPS,
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
  input: string[];
}

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
      input: flags.input.map((v) => parseBigInt(v)),
      signal: interrupt.signal,
    });
    const outputs = vm.outputs();
    for (;;) {
      const r = outputs.next();
      if (r.done !== true) {
        await writeOut(io.stdout, r.value + '\n');
        continue;
      }
      if (r.value.status === 'halted') return ExitCode.Ok;
      io.stderr.write(`primeos run: ${r.value.error.code}: ${escapeControl(r.value.error.message)}\n`);
      return r.value.error.code === 'E_ABORTED' ? (interrupt.exitCode ?? ExitCode.Interrupted) : ExitCode.RecordsFailed;
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
    .option('--max-steps <n>', 'instruction limit (E_VM_STEPS)', intOption(1), DEFAULT_VM_MAX_STEPS)
    .option('--max-stack <n>', 'stack depth limit (E_VM_STACK)', intOption(1), DEFAULT_VM_MAX_STACK_DEPTH)
    .option('--max-output-bytes <n>', 'output limit (E_VM_OUTPUT)', intOption(0), DEFAULT_VM_MAX_OUTPUT_BYTES)
    .option('--input <value...>', 'values consumed by READ, in order', [])
    .action(async (file: string | undefined, flags: RunFlags) => {
      setExit(await runAction(file, flags, io));
    });
};
