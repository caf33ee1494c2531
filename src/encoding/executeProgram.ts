import { PrimeosError } from '../model/PrimeosError.js';
import { ChunkVM, type ChunkVMOptions } from './ChunkVM.js';
import type { ProgramOperation } from './ProgramOperation.js';

/**
 * Run a program and return its output (PrimeOS shape).
 *
 * @param program - operations or operation chunks
 * @param options - limits and input
 * @returns the output strings
 * @throws PrimeosError with the VM error's code (`E_VM_STACK`, `E_VM_STEPS`, …); `details.output` holds the output so far
 *
 * @example
 * ```ts
 * import { executeProgram, StandardOpcodes as Op } from 'primeos/encoding';
 * executeProgram([{ opcode: Op.PUSH, operand: 5n }, { opcode: Op.PUSH, operand: 3n }, { opcode: Op.ADD }, { opcode: Op.PRINT }]); // ['8']
 * ```
 */
export function executeProgram(
  program: readonly ProgramOperation[] | readonly bigint[],
  options?: ChunkVMOptions,
): string[] {
  const r = new ChunkVM(program, options).run();
  if (r.status === 'error') {
    throw new PrimeosError(r.error.code, r.error.message, { ...r.error.details, output: r.output }, { cause: r.error });
  }
  return r.output;
}
