/**
 * The PrimeOS opcode primes (docs/ARCHITECTURE.md §10). `BLOCK_TAG` and `NTT_TAG` are PrimeOS chunk tags kept for
 * compatibility; they are not VM instructions (format v1 carries kinds in the exponent of 2).
 *
 * @example
 * ```ts
 * import { StandardOpcodes, encodeOperation } from 'primeos/encoding';
 * encodeOperation(StandardOpcodes.PUSH, 5n);
 * ```
 */
export const StandardOpcodes = Object.freeze({
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
} as const);

/** An opcode mnemonic. */
export type OpcodeName = keyof typeof StandardOpcodes;

const NAMES = new Map<number, OpcodeName>(
  (Object.entries(StandardOpcodes) as [OpcodeName, number][]).map(([name, code]) => [code, name]),
);

/**
 * The mnemonic of an opcode, if it is a standard one.
 *
 * @param opcode - an opcode number
 * @returns its name, or `undefined`
 *
 * @example
 * ```ts
 * import { opcodeName } from 'primeos/encoding';
 * opcodeName(3); // 'ADD'
 * ```
 */
export function opcodeName(opcode: number): OpcodeName | undefined {
  return NAMES.get(opcode);
}
