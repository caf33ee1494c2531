import { ChunkVM, VM_LIMIT_MAX } from '../../../src/encoding/ChunkVM.js';
import { executeProgram } from '../../../src/encoding/executeProgram.js';
import { encodeProgram } from '../../../src/encoding/encodeProgram.js';
import { decodeChunk } from '../../../src/encoding/chunkCodec.js';
import { encodeData } from '../../../src/encoding/encodeData.js';
import { assemble } from '../../../src/encoding/assembler.js';
import { StandardOpcodes as Op } from '../../../src/encoding/StandardOpcodes.js';
import type { ProgramOperation } from '../../../src/encoding/ProgramOperation.js';

const run = (src: string, options?: ConstructorParameters<typeof ChunkVM>[1]) =>
  new ChunkVM(assemble(src), options).run();
const errorCode = (src: string, options?: ConstructorParameters<typeof ChunkVM>[1]) => {
  const r = run(src, options);
  return r.status === 'error' ? r.error.code : 'none';
};

describe('ChunkVM', () => {
  it('runs [PUSH 5, PUSH 3, ADD, PRINT] → ["8"], from operations and from chunks', () => {
    const prog: ProgramOperation[] = [
      { opcode: Op.PUSH, operand: 5n },
      { opcode: Op.PUSH, operand: 3 },
      { opcode: Op.ADD },
      { opcode: Op.PRINT },
    ];
    expect(executeProgram(prog)).toEqual(['8']);
    expect(executeProgram(encodeProgram(prog))).toEqual(['8']);
    expect(new ChunkVM(prog).run()).toEqual({ status: 'halted', output: ['8'], stack: [], steps: 4 });
  });

  it('fails PUSH without operand in the VM, not at decode', () => {
    const chunks = encodeProgram([{ opcode: Op.PUSH }]);
    expect(decodeChunk(chunks[0] as bigint)).toEqual({ kind: 'operation', opcode: Op.PUSH });
    expect(() => executeProgram(chunks)).toThrow(
      expect.objectContaining({ code: 'E_VM_OPERAND', message: expect.stringContaining('PUSH needs an operand') }),
    );
    expect(errorCode('ADD 3')).toBe('E_VM_OPERAND');
  });

  it('produces each limit error', () => {
    expect(errorCode('loop: JMP loop', { maxSteps: 1000 })).toBe('E_VM_STEPS');
    expect(errorCode('loop: PUSH 1\nJMP loop', { maxStackDepth: 10 })).toBe('E_VM_STACK');
    expect(errorCode('ADD')).toBe('E_VM_STACK');
    expect(errorCode('RET')).toBe('E_VM_STACK');
    expect(errorCode('f: CALL f', { maxCallDepth: 5 })).toBe('E_VM_STACK');
    expect(errorCode('PUSH 1\nSTORE 8', { maxMemoryCells: 8 })).toBe('E_VM_MEMORY');
    expect(errorCode('PUSH -1\nLOAD')).toBe('E_VM_MEMORY');
    expect(errorCode('PUSH 12345\nPRINT', { maxOutputBytes: 4 })).toBe('E_VM_OUTPUT');
    expect(errorCode('PUSH 1\nPUSH 0\nDIV')).toBe('E_VM_ARITH');
    expect(errorCode('PUSH 1\nPUSH 0\nMOD')).toBe('E_VM_ARITH');
    expect(errorCode('PUSH 2\nPUSH 100\nPOW', { maxValueBits: 64 })).toBe('E_VM_ARITH');
    expect(errorCode('PUSH 2\nPUSH -1\nPOW')).toBe('E_VM_ARITH');
    expect(errorCode('PUSH -4\nSQRT')).toBe('E_VM_ARITH');
    expect(errorCode('PUSH 100\nFACT', { maxValueBits: 64 })).toBe('E_VM_ARITH');
    expect(errorCode('OP251')).toBe('E_VM_PROGRAM');
    expect(errorCode('JMP 7')).toBe('E_VM_PROGRAM');
    expect(errorCode('READ')).toBe('E_VM_PROGRAM');
    expect(new ChunkVM([encodeData(0, 1)]).run()).toMatchObject({ status: 'error', error: { code: 'E_VM_PROGRAM' } });
    expect(new ChunkVM([5n]).run()).toMatchObject({ status: 'error', error: { code: 'E_VM_PROGRAM' } });
    const ac = new AbortController();
    ac.abort();
    expect(errorCode('NOP', { signal: ac.signal })).toBe('E_ABORTED');
  });

  it('reports the pc and output so far on failure', () => {
    expect(() => executeProgram(assemble('PUSH 1\nPRINT\nPOP'))).toThrow(
      expect.objectContaining({ code: 'E_VM_STACK', details: expect.objectContaining({ pc: 2, output: ['1'] }) }),
    );
  });

  it('implements stack, comparison, bitwise and control opcodes', () => {
    const r = run(
      `
      PUSH 7
      PUSH 2
      SWAP      # 2 7
      SUB       # -5
      DUP
      PRINT     # -5
      PUSH 3
      MOD       # -5 % 3 = -2
      PRINT
      PUSH 7
      PUSH 2
      DIV
      PRINT     # 3
      PUSH -7
      PUSH 2
      DIV
      PRINT     # -3
      PUSH 2
      PUSH 3
      LT
      PUSH 3
      PUSH 3
      LTE
      PUSH 4
      PUSH 3
      GTE
      PUSH 3
      PUSH 4
      GT
      PUSH 5
      PUSH 5
      EQ
      PUSH 5
      PUSH 5
      NEQ
      PRINT PRINT PRINT PRINT PRINT PRINT
    `.replace('PRINT PRINT PRINT PRINT PRINT PRINT', 'PRINT\nPRINT\nPRINT\nPRINT\nPRINT\nPRINT'),
    );
    expect(r).toMatchObject({ status: 'halted', output: ['-5', '-2', '3', '-3', '0', '1', '0', '1', '1', '1'] });
    expect(run('PUSH 12\nPUSH 10\nAND\nPUSH 12\nPUSH 10\nOR\nPUSH 12\nPUSH 10\nXOR\nPUSH 5\nNOT')).toMatchObject({
      stack: [8n, 14n, 6n, -6n],
    });
    expect(run('PUSH 1\nPUSH 2\nCLEAR\nPUSH 3\nPUSH 4\nPOP')).toMatchObject({ stack: [3n] });
  });

  it('loops with JIF, calls with CALL/RET, uses memory and input', () => {
    const countdown = run(`
        PUSH 3
      top:
        DUP
        PRINT
        PUSH 1
        SUB
        DUP
        JIF top
        HALT
        PRINT   # never reached
    `);
    expect(countdown).toMatchObject({ status: 'halted', output: ['3', '2', '1'], stack: [0n] });
    const call = run('PUSH 4\nCALL sq\nPRINT\nHALT\nsq: DUP\nMUL\nRET');
    expect(call).toMatchObject({ status: 'halted', output: ['16'] });
    expect(run('PUSH 42\nSTORE 3\nLOAD 3\nLOAD 4\nPUSH 9\nPUSH 5\nSTORE\nLOAD 5')).toMatchObject({
      stack: [42n, 0n, 9n],
    });
    expect(run('READ\nREAD\nMUL\nPRINT', { input: [6n, 7n] })).toMatchObject({ output: ['42'] });
    expect(run('PUSH 72\nWRITE\nPUSH 128075\nWRITE')).toMatchObject({ output: ['H', '👋'] });
    expect(errorCode('PUSH 55296\nWRITE')).toBe('E_VM_ARITH');
  });

  it('computes FACT, FIB, SQRT and PRIME against naive definitions', () => {
    for (let n = 0; n <= 30; n++) {
      let f = 1n;
      for (let i = 2n; i <= BigInt(n); i++) f *= i;
      let a = 0n;
      let b = 1n;
      for (let i = 0; i < n; i++) [a, b] = [b, a + b];
      const r = run(`PUSH ${n}\nFACT\nPUSH ${n}\nFIB\nPUSH ${n * n + n}\nSQRT\nPUSH ${n}\nPRIME`);
      let prime = n >= 2;
      for (let d = 2; d * d <= n; d++) if (n % d === 0) prime = false;
      expect(r).toMatchObject({ stack: [f, a, BigInt(n), prime ? 1n : 0n] });
    }
    expect(run('PUSH 998244353\nPRIME\nPUSH 998244357\nPRIME')).toMatchObject({ stack: [1n, 0n] });
  });

  it('runs step by step and yields output as it is produced', () => {
    const vm = new ChunkVM(assemble('PUSH 1\nPRINT\nPUSH 2\nPRINT'));
    const seen: [string, number][] = [];
    const gen = vm.outputs();
    for (let r = gen.next(); !r.done; r = gen.next()) seen.push([r.value, vm.steps]);
    expect(seen).toEqual([
      ['1', 2],
      ['2', 4],
    ]);
    const vm2 = new ChunkVM(assemble('PUSH 1\nHALT\nPUSH 2'));
    expect(vm2.step()).toEqual({ status: 'running' });
    expect(vm2.step()).toEqual({ status: 'halted' });
    expect(vm2.step()).toEqual({ status: 'halted' });
    expect(vm2.stack).toEqual([1n]);
    const snaps: unknown[] = [];
    new ChunkVM(assemble('PUSH 9\nDEBUG'), { onDebug: (s) => snaps.push(s) }).run();
    expect(snaps).toEqual([{ pc: 1, steps: 1, stack: [9n] }]);
  });
});

describe('ChunkVM value-size limit', () => {
  it('rejects a power that passes the estimate but exceeds maxValueBits', () => {
    // 3^100 has 159 bits: the (bitLength − 1)·b estimate (100) is below 128, the result is not
    const r = new ChunkVM(assemble('PUSH 3\nPUSH 100\nPOW'), { maxValueBits: 128 }).run();
    expect(r).toMatchObject({ status: 'error', error: { code: 'E_VM_ARITH' } });
    expect(new ChunkVM(assemble('PUSH 3\nPUSH 80\nPOW'), { maxValueBits: 128 }).run()).toMatchObject({
      stack: [3n ** 80n],
    });
  });
});

describe('ChunkVM limits (issue 17 item 7)', () => {
  it('refuses limits above their upper bounds and of the wrong type with E_RANGE', () => {
    for (const [k, max] of Object.entries(VM_LIMIT_MAX)) {
      expect(() => new ChunkVM([], { [k]: max })).not.toThrow();
      expect(() => new ChunkVM([], { [k]: max + 1 })).toThrow(expect.objectContaining({ code: 'E_RANGE' }));
    }
    expect(() => new ChunkVM([], { maxSteps: 'many' as unknown as number })).toThrow(
      expect.objectContaining({ code: 'E_RANGE' }),
    );
  });

  it('a time limit stops an endless loop and a PRIME step on a 44,497-bit value with E_BUDGET', () => {
    expect(errorCode('loop:\nNOP\nJMP loop\n', { maxSteps: VM_LIMIT_MAX.maxSteps, timeLimitMs: 50 })).toBe('E_BUDGET');
    const r = run('PUSH 2\nPUSH 44497\nPOW\nPUSH 1\nSUB\nPRIME\nPRINT\n', { timeLimitMs: 200 });
    expect(r.status === 'error' && r.error.code).toBe('E_BUDGET');
    expect(r.status === 'error' && r.pc).toBe(5);
  });

  it('an aborted signal stops the VM with E_ABORTED', () => {
    const c = new AbortController();
    c.abort();
    expect(errorCode('PUSH 1\nPRINT\n', { signal: c.signal })).toBe('E_ABORTED');
  });
});
