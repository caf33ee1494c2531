import { assemble, disassemble } from '../../../src/encoding/assembler.js';
import { StandardOpcodes as Op } from '../../../src/encoding/StandardOpcodes.js';

describe('assembler', () => {
  it('parses mnemonics, operands in several bases, comments and labels', () => {
    expect(
      assemble(`# a program
        start: push 5      # five
        PUSH -0x10
        PUSH 0b101
        JIF end
        JMP start
        OP251 +7
        end:
      `),
    ).toEqual([
      { opcode: Op.PUSH, operand: 5n },
      { opcode: Op.PUSH, operand: -16n },
      { opcode: Op.PUSH, operand: 5n },
      { opcode: Op.JIF, operand: 6n },
      { opcode: Op.JMP, operand: 0n },
      { opcode: 251, operand: 7n },
    ]);
  });

  it('reports errors with line numbers', () => {
    for (const [src, line] of [
      ['PUSH 1\nFOO', 2],
      ['JMP nowhere', 1],
      ['a:\na:', 2],
      ['PUSH 1 2', 1],
      ['PUSH 9223372036854775808', 1],
      ['OP300', 1],
      ['PUSH $', 1],
    ] as const) {
      expect(() => assemble(src)).toThrow(expect.objectContaining({ code: 'E_PARSE', details: { line } }));
    }
  });

  it('disassembles to text that assembles back', () => {
    const prog = [
      { opcode: Op.PUSH, operand: -3n },
      { opcode: Op.ADD },
      { opcode: 250 },
      { opcode: Op.LOAD, operand: 2n },
    ];
    expect(disassemble(prog)).toBe('PUSH -3\nADD\nOP250\nLOAD 2\n');
    expect(assemble(disassemble(prog))).toEqual(prog);
    expect(() => disassemble([{ opcode: 256 }])).toThrow(expect.objectContaining({ code: 'E_RANGE' }));
  });
});
