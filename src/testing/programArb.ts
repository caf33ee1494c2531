import fc from 'fast-check';
import type { ProgramOperation } from '../encoding/ProgramOperation.js';
import { StandardOpcodes as Op } from '../encoding/StandardOpcodes.js';

/** Constraints of {@link programArb}. */
export interface ProgramArbConstraints {
  /** Maximum number of operations (default 20). */
  maxLength?: number;
  /** Only straight-line code: no JMP/JIF/CALL/RET/HALT/READ (default false). */
  straightLine?: boolean;
}

const NO_OPERAND = [
  Op.ADD,
  Op.PRINT,
  Op.SUB,
  Op.MUL,
  Op.DIV,
  Op.MOD,
  Op.POW,
  Op.DUP,
  Op.SWAP,
  Op.POP,
  Op.CLEAR,
  Op.EQ,
  Op.NEQ,
  Op.LT,
  Op.GT,
  Op.LTE,
  Op.GTE,
  Op.AND,
  Op.OR,
  Op.NOT,
  Op.XOR,
  Op.WRITE,
  Op.FACT,
  Op.FIB,
  Op.PRIME,
  Op.SQRT,
  Op.NOP,
  Op.DEBUG,
];
const CONTROL = [Op.JMP, Op.JIF, Op.CALL];

/**
 * Arbitrary programs over the standard opcodes with operands where the VM expects them (`PUSH`
 * operands are small or full 64-bit; jump targets within the program). Programs may fail at run time
 * (stack underflow, limits): they exercise the VM's typed errors.
 *
 * @param constraints - length and control-flow options
 * @returns an arbitrary of operation lists
 *
 * @example
 * ```ts
 * import { programArb } from 'primeos/testing';
 * import { encodeProgram, decodeProgram } from 'primeos/encoding';
 * // fc.property(programArb(), (p) => deepEqual(decodeProgram(encodeProgram(p)), p))
 * ```
 */
export function programArb(constraints: ProgramArbConstraints = {}): fc.Arbitrary<ProgramOperation[]> {
  const maxLength = constraints.maxLength ?? 20;
  return fc.integer({ min: 0, max: maxLength }).chain((len) => {
    const operand = fc.oneof(
      fc.bigInt({ min: -20n, max: 20n }),
      fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }),
    );
    const choices: fc.Arbitrary<ProgramOperation>[] = [
      operand.map((v) => ({ opcode: Op.PUSH, operand: v })),
      fc.constantFrom(...NO_OPERAND).map((opcode) => ({ opcode })),
      fc
        .constantFrom(Op.LOAD, Op.STORE)
        .chain((opcode) =>
          fc
            .option(fc.bigInt({ min: 0n, max: 15n }), { nil: undefined })
            .map((a) => (a === undefined ? { opcode } : { opcode, operand: a })),
        ),
    ];
    if (!constraints.straightLine) {
      choices.push(
        fc
          .constantFrom(...CONTROL)
          .chain((opcode) => fc.bigInt({ min: 0n, max: BigInt(len) }).map((t) => ({ opcode, operand: t }))),
        fc.constantFrom(Op.RET, Op.HALT, Op.READ).map((opcode) => ({ opcode })),
      );
    }
    return fc.array(fc.oneof(...choices), { minLength: len, maxLength: len });
  });
}
