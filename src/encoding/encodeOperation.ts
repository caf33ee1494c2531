import { PrimeosError } from '../model/PrimeosError.js';
import { encodeChunk } from './chunkCodec.js';

/**
 * Encode one program operation as an operation chunk. An operation without an operand is distinct
 * from one with operand 0; whether an opcode needs an operand is checked by the VM, not here.
 *
 * @param opcode - opcode, 0..255 (see `StandardOpcodes`)
 * @param operand - optional operand, −2^63 ≤ operand < 2^63 (a `number` must be a safe integer)
 * @returns the operation chunk
 * @throws PrimeosError `E_RANGE` when the opcode or operand is out of range
 *
 * @example
 * ```ts
 * import { encodeOperation, StandardOpcodes } from 'primeos/encoding';
 * encodeOperation(StandardOpcodes.PUSH, 5n);
 * encodeOperation(StandardOpcodes.ADD);
 * ```
 */
export function encodeOperation(opcode: number, operand?: bigint | number): bigint {
  if (operand === undefined) return encodeChunk({ kind: 'operation', opcode });
  if (typeof operand === 'number' && !Number.isSafeInteger(operand)) {
    throw new PrimeosError('E_RANGE', `operand must be a safe integer or a bigint, got ${operand}`);
  }
  return encodeChunk({ kind: 'operation', opcode, operand: BigInt(operand) });
}
