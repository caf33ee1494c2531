import { PrimeosError } from '../model/PrimeosError.js';
import { decodeChunk } from './chunkCodec.js';
import { encodeOperation } from './encodeOperation.js';
import type { ProgramOperation } from './ProgramOperation.js';

/**
 * Encode a program: one operation chunk per operation, in order.
 *
 * @param ops - the operations
 * @returns the chunks
 * @throws PrimeosError `E_RANGE` when an opcode or operand is out of range
 *
 * @example
 * ```ts
 * import { encodeProgram, StandardOpcodes as Op } from 'primeos/encoding';
 * encodeProgram([{ opcode: Op.PUSH, operand: 5n }, { opcode: Op.PRINT }]);
 * ```
 */
export function encodeProgram(ops: readonly ProgramOperation[]): bigint[] {
  return ops.map((op, i) => {
    try {
      return encodeOperation(op.opcode, op.operand);
    } catch (err) {
      if (err instanceof PrimeosError) {
        throw new PrimeosError(err.code, `operation ${i}: ${err.message}`, { index: i }, { cause: err });
      }
      throw err;
    }
  });
}

/**
 * Decode program chunks back to operations (operands as bigints).
 *
 * @param chunks - operation chunks
 * @returns the operations
 * @throws PrimeosError `E_CHUNK_INVALID`/`E_CHECKSUM` for an invalid chunk, `E_VM_PROGRAM` for a chunk of another kind
 *
 * @example
 * ```ts
 * import { decodeProgram, encodeProgram } from 'primeos/encoding';
 * decodeProgram(encodeProgram([{ opcode: 3 }])); // [{ opcode: 3 }]
 * ```
 */
export function decodeProgram(chunks: Iterable<bigint>): ProgramOperation[] {
  const out: ProgramOperation[] = [];
  let i = 0;
  for (const c of chunks) {
    const d = decodeChunk(c);
    if (d.kind === 'invalid') throw new PrimeosError(d.code, `program chunk ${i}: ${d.reason}`, { index: i });
    if (d.kind !== 'operation') {
      throw new PrimeosError('E_VM_PROGRAM', `program chunk ${i} is a ${d.kind} chunk, not an operation`, { index: i });
    }
    out.push(d.operand === undefined ? { opcode: d.opcode } : { opcode: d.opcode, operand: d.operand });
    i++;
  }
  return out;
}
