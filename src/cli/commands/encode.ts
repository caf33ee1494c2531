import type { Command } from 'commander';
import { encodeBlock, encodeProgram, assemble, resolveEncodeBytesOptions } from '../../encoding/index.js';
import type { ProgramOperation } from '../../encoding/index.js';
import { hasErrorCode, PrimeosError } from '../../model/PrimeosError.js';
import { inputBytes, readAllText, writeOut } from '../input.js';
import { intOption } from '../options.js';
import { ExitCode, type CliIO, type CommandRegistrar } from '../program.js';

interface EncodeFlags {
  program: boolean;
  blockSize?: number;
  hex: boolean;
}

/** Largest program source accepted (programs are assembled whole: jumps need every label). */
const MAX_PROGRAM_TEXT_BYTES = 64 << 20;

const chunkText = (c: bigint, hex: boolean): string => (hex ? '0x' + c.toString(16) : c.toString()) + '\n';

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
      for (const c of encodeProgram(parseProgram(text))) await writeOut(io.stdout, chunkText(c, flags.hex));
      return ExitCode.Ok;
    }
    const { blockSize } = resolveEncodeBytesOptions(
      flags.blockSize === undefined ? {} : { blockSize: flags.blockSize },
    );
    // stream blocks: a block is emitted once the next byte shows it is not the last
    let pending = Buffer.alloc(0);
    let index = 0;
    const emit = async (bytes: Uint8Array, last: boolean): Promise<void> => {
      await writeOut(
        io.stdout,
        encodeBlock(bytes, index++, last)
          .map((c) => chunkText(c, flags.hex))
          .join(''),
      );
    };
    for await (const chunk of inputBytes(file, io)) {
      pending = pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([pending, chunk]);
      while (pending.length > blockSize) {
        await emit(pending.subarray(0, blockSize), false);
        pending = pending.subarray(blockSize);
      }
    }
    await emit(pending, true);
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
