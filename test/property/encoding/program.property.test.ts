import fc from 'fast-check';
import { assemble, disassemble } from '../../../src/encoding/assembler.js';
import { ChunkVM } from '../../../src/encoding/ChunkVM.js';
import { decodeProgram, encodeProgram } from '../../../src/encoding/encodeProgram.js';
import { StandardOpcodes as Op } from '../../../src/encoding/StandardOpcodes.js';
import type { ProgramOperation } from '../../../src/encoding/ProgramOperation.js';
import { programArb } from '../../../src/testing/programArb.js';

const normalise = (p: ProgramOperation[]) =>
  p.map((o) => (o.operand === undefined ? { opcode: o.opcode } : { opcode: o.opcode, operand: BigInt(o.operand) }));
const i64 = fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n });

describe('programs and the ChunkVM', () => {
  it('decodeProgram(encodeProgram(p)) = p and assemble(disassemble(p)) = p', () => {
    fc.assert(
      fc.property(programArb(), (p) => {
        expect(decodeProgram(encodeProgram(p))).toEqual(normalise(p));
        expect(assemble(disassemble(p))).toEqual(normalise(p));
      }),
      { numRuns: 1000 },
    );
  });

  it('binary arithmetic matches BigInt semantics', () => {
    const ops: [number, (a: bigint, b: bigint) => bigint][] = [
      [Op.ADD, (a, b) => a + b],
      [Op.SUB, (a, b) => a - b],
      [Op.MUL, (a, b) => a * b],
      [Op.DIV, (a, b) => a / b],
      [Op.MOD, (a, b) => a % b],
      [Op.AND, (a, b) => a & b],
      [Op.OR, (a, b) => a | b],
      [Op.XOR, (a, b) => a ^ b],
      [Op.EQ, (a, b) => (a === b ? 1n : 0n)],
      [Op.NEQ, (a, b) => (a !== b ? 1n : 0n)],
      [Op.LT, (a, b) => (a < b ? 1n : 0n)],
      [Op.GT, (a, b) => (a > b ? 1n : 0n)],
      [Op.LTE, (a, b) => (a <= b ? 1n : 0n)],
      [Op.GTE, (a, b) => (a >= b ? 1n : 0n)],
      [Op.POW, (a, b) => a ** b],
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...ops),
        fc.oneof(i64, fc.bigInt({ min: -5n, max: 5n })),
        fc.oneof(i64, fc.bigInt({ min: -5n, max: 40n })),
        ([opcode, f], a, b) => {
          const r = new ChunkVM([{ opcode: Op.PUSH, operand: a }, { opcode: Op.PUSH, operand: b }, { opcode }], {
            maxValueBits: 4096,
          }).run();
          let expected: bigint | undefined;
          try {
            const abs = a < 0n ? -a : a;
            if (opcode === Op.POW && abs > 1n && BigInt(abs.toString(2).length - 1) * b >= 4096n)
              throw new RangeError('too big');
            expected = f(a, b);
            if (expected >= 1n << 4096n || -expected >= 1n << 4096n) expected = undefined; // above maxValueBits
          } catch {
            expected = undefined; // division by zero, negative exponent, too large
          }
          if (expected === undefined) expect(r).toMatchObject({ status: 'error', error: { code: 'E_VM_ARITH' } });
          else expect(r).toMatchObject({ status: 'halted', stack: [expected] });
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('random programs halt or fail with a typed VM error, never an untyped one', () => {
    fc.assert(
      fc.property(programArb({ maxLength: 30 }), fc.array(i64, { maxLength: 3 }), (p, input) => {
        const r = new ChunkVM(p, { maxSteps: 2000, input, maxValueBits: 2048 }).run();
        if (r.status === 'error')
          expect(r.error.code).toMatch(/^E_VM_(STACK|STEPS|MEMORY|OUTPUT|OPERAND|ARITH|PROGRAM)$/);
        expect(r.steps).toBeLessThanOrEqual(2000);
      }),
      { numRuns: 1000 },
    );
  });
});
