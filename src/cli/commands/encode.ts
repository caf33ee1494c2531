import type { Command } from 'commander';
import { assemble } from '../../encoding/assembler.js';
import { BlockStreamEncoder, type FramedBlock } from '../../encoding/BlockStreamEncoder.js';
import { ChunkTextEncoder } from '../../encoding/ChunkTextEncoder.js';
import { encodeProgram } from '../../encoding/encodeProgram.js';
import type { ProgramOperation } from '../../encoding/ProgramOperation.js';
import { hasErrorCode, PrimeosError } from '../../model/PrimeosError.js';
import { BufferedOutput, DEFAULT_OUTPUT_BUFFER_BYTES } from '../BufferedOutput.js';
import { inputBytes, readAllText } from '../input.js';
import { intOption } from '../options.js';
import { ExitCode, type CliIO, type CommandRegistrar } from '../program.js';

interface EncodeFlags {
  program: boolean;
  blockSize?: number;
  hex: boolean;
}

/** Largest program source accepted (programs are assembled whole: jumps need every label). */
const MAX_PROGRAM_TEXT_BYTES = 64 << 20;

/** Parse a program: a JSON array of `{ opcode, operand? }` (operands as strings or numbers), or assembler text. */
function parseProgram(text: string): ProgramOperation[] {
  const t = text.trim();
  if (!t.startsWith('[')) return assemble(text);
  let raw: unknown;
  try {
    raw = JSON.parse(t);
  } catch (err) {
    throw new PrimeosError('E_PARSE', `invalid JSON program: ${(err as Error).message}`);
  }
  if (!Array.isArray(raw)) throw new PrimeosError('E_PARSE', 'a JSON program is an array of operations');
  return raw.map((op: unknown, i) => {
    const o = op as { opcode?: unknown; operand?: unknown };
    if (typeof op !== 'object' || op === null || typeof o.opcode !== 'number') {
      throw new PrimeosError('E_PARSE', `operation ${i}: expected { "opcode": number, "operand"?: string }`);
    }
    if (o.operand === undefined) return { opcode: o.opcode };
    if (typeof o.operand !== 'string' && typeof o.operand !== 'number') {
      throw new PrimeosError('E_PARSE', `operation ${i}: operand must be a string or a safe integer`);
    }
    return { opcode: o.opcode, operand: BigInt(o.operand) };
  });
}

async function encodeAction(file: string | undefined, flags: EncodeFlags, io: CliIO): Promise<number> {
  try {
    if (flags.program) {
      const text = await readAllText(file, io, MAX_PROGRAM_TEXT_BYTES);
      const out = new BufferedOutput(io.stdout);
      const lines = new ChunkTextEncoder({ hex: flags.hex });
      for (const c of encodeProgram(parseProgram(text))) {
        out.push(lines.line(c));
        if (out.pendingBytes >= DEFAULT_OUTPUT_BUFFER_BYTES) await out.flush();
      }
      await out.flush();
      return ExitCode.Ok;
    }
    const framer = new BlockStreamEncoder(flags.blockSize === undefined ? {} : { blockSize: flags.blockSize });
    const lines = new ChunkTextEncoder({ hex: flags.hex });
    const out = new BufferedOutput(io.stdout);
    const emit = (line: Uint8Array): void => out.push(line);
    const render = (block: FramedBlock): void => lines.blockLines(block, emit);
    for await (const bytes of inputBytes(file, io)) {
      for (const block of framer.push(bytes)) render(block);
      await out.flush();
    }
    render(framer.end());
    await out.flush();
    return ExitCode.Ok;
  } catch (err) {
    if (!hasErrorCode(err)) throw err;
    io.stderr.write(`primeos encode: ${err.code}: ${err.message}\n`);
    return ExitCode.RecordsFailed;
  }
}

/** `primeos encode [file|-]`: bytes (or a program with --program) to chunks, one per line. */
export const registerEncode: CommandRegistrar = (program: Command, io: CliIO, setExit) => {
  program
    .command('encode')
    .description('encode bytes (or, with --program, assembler text / JSON ops) as chunks, one integer per line')
    .argument('[file]', "input file, or '-' for stdin (default)")
    .option('--program', 'the input is a program (assembler text or a JSON array of operations)', false)
    .option('--block-size <n>', 'bytes per block (1–256)', intOption(1, 256))
    .option('--hex', 'write chunks as 0x-hex', false)
    .action(async (file: string | undefined, flags: EncodeFlags) => {
      setExit(await encodeAction(file, flags, io));
    });
};
