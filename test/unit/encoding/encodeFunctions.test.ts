import { encodeData } from '../../../src/encoding/encodeData.js';
import { encodeOperation } from '../../../src/encoding/encodeOperation.js';
import { decodeProgram, encodeProgram } from '../../../src/encoding/encodeProgram.js';
import { verifyChunkIntegrity } from '../../../src/encoding/verifyChunkIntegrity.js';
import { StandardOpcodes, opcodeName } from '../../../src/encoding/StandardOpcodes.js';
import { decodeChunk } from '../../../src/encoding/chunkCodec.js';
import { encodeBytes } from '../../../src/encoding/blockCodec.js';
import { naivePrimes } from './oracle.js';

describe('PrimeOS-named encoders', () => {
  it('lists every opcode of docs/ARCHITECTURE.md §10 as a distinct prime', () => {
    const expected = {
      PUSH: 2,
      ADD: 3,
      PRINT: 5,
      BLOCK_TAG: 7,
      NTT_TAG: 11,
      SUB: 13,
      MUL: 17,
      DIV: 19,
      MOD: 23,
      POW: 29,
      DUP: 31,
      SWAP: 37,
      POP: 41,
      CLEAR: 43,
      EQ: 47,
      NEQ: 53,
      LT: 59,
      GT: 61,
      LTE: 67,
      GTE: 71,
      AND: 73,
      OR: 79,
      NOT: 83,
      XOR: 89,
      JMP: 97,
      JIF: 101,
      CALL: 103,
      RET: 107,
      LOAD: 109,
      STORE: 113,
      READ: 127,
      WRITE: 131,
      FACT: 137,
      FIB: 139,
      PRIME: 149,
      SQRT: 151,
      NOP: 193,
      HALT: 197,
      DEBUG: 199,
    };
    expect({ ...StandardOpcodes }).toEqual(expected);
    const primes = new Set(naivePrimes(50));
    for (const v of Object.values(StandardOpcodes)) expect(primes.has(v)).toBe(true);
    expect(opcodeName(3)).toBe('ADD');
    expect(opcodeName(4)).toBeUndefined();
  });

  it('encodeData and encodeOperation produce the documented chunks; operands may be numbers', () => {
    expect(decodeChunk(encodeData(7, 200))).toEqual({ kind: 'data', offset: 7, value: 200 });
    expect(encodeOperation(StandardOpcodes.PUSH, 5)).toBe(encodeOperation(StandardOpcodes.PUSH, 5n));
    expect(decodeChunk(encodeOperation(StandardOpcodes.PUSH, -2))).toEqual({
      kind: 'operation',
      opcode: 2,
      operand: -2n,
    });
    expect(() => encodeOperation(2, 2 ** 60)).toThrow(expect.objectContaining({ code: 'E_RANGE' }));
    expect(() => encodeOperation(2, 0.5)).toThrow(expect.objectContaining({ code: 'E_RANGE' }));
  });

  it('encodeProgram reports the failing operation; decodeProgram rejects other kinds', () => {
    expect(() => encodeProgram([{ opcode: 2, operand: 1n }, { opcode: 999 }])).toThrow(
      expect.objectContaining({ code: 'E_RANGE', details: { index: 1 } }),
    );
    expect(() => decodeProgram(encodeBytes(Uint8Array.of(1)))).toThrow(
      expect.objectContaining({ code: 'E_VM_PROGRAM' }),
    );
    expect(() => decodeProgram([4n])).toThrow(expect.objectContaining({ code: 'E_CHUNK_INVALID' }));
  });

  it('verifyChunkIntegrity accepts valid chunks only', () => {
    const c = encodeData(1, 2);
    expect(verifyChunkIntegrity(c)).toBe(true);
    expect(verifyChunkIntegrity(c + 1n)).toBe(false);
    expect(verifyChunkIntegrity(c * 3n)).toBe(false);
    expect(verifyChunkIntegrity(-c)).toBe(false);
  });
});
