import { parseBigInt } from '../primes/parseBigInt.js';
import { assemble } from './assembler.js';
import { MAX_CHUNK_BITS } from './chunkLayout.js';
import { decodeProgram } from './encodeProgram.js';
import type { ProgramOperation } from './ProgramOperation.js';

/**
 * Read a program from text: a file of integers (one chunk per line, decimal or 0x-hex; blank lines and `#`
 * comments skipped) is a chunk program, anything else is assembler text.
 *
 * @param text - the program source
 * @returns the operations
 * @throws PrimeosError from the assembler or the chunk decoder (`E_PARSE`, `E_CHUNK_INVALID`, …)
 * @example
 * ```ts
 * import { parseProgramText } from 'primeos/encoding';
 * parseProgramText('PUSH 2\nPUSH 3\nADD\nPRINT'); // [{ opcode: 2, operand: 2n }, …]
 * ```
 */
export function parseProgramText(text: string): ProgramOperation[] {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  const numeric = lines.length > 0 && lines.every((l) => /^(0x[0-9a-fA-F]+|[0-9]+)$/.test(l));
  return numeric ? decodeProgram(lines.map((l) => parseBigInt(l, { maxBits: MAX_CHUNK_BITS }))) : assemble(text);
}
