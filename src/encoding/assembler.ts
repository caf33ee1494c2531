import { PrimeosError } from '../model/PrimeosError.js';
import type { ProgramOperation } from './ProgramOperation.js';
import { StandardOpcodes, opcodeName, type OpcodeName } from './StandardOpcodes.js';

const LABEL = /^[A-Za-z_][A-Za-z0-9_]*$/;
const INTEGER = /^[+-]?(0x[0-9a-fA-F]+|0b[01]+|0o[0-7]+|[0-9]+)$/;
const RAW_OPCODE = /^OP([0-9]{1,3})$/;

function parseInteger(token: string): bigint | undefined {
  if (!INTEGER.test(token)) return undefined;
  const neg = token.startsWith('-');
  const body = token.replace(/^[+-]/, '');
  const v = BigInt(body);
  return neg ? -v : v;
}

function parseError(line: number, message: string): PrimeosError {
  return new PrimeosError('E_PARSE', `line ${line}: ${message}`, { line });
}

/**
 * Assemble the plain text form of a program: one instruction per line, `MNEMONIC [operand]`
 * (case-insensitive), `#` starts a comment, `name:` defines a label (alone or before an instruction)
 * that `JMP`/`JIF`/`CALL` (or any operand) may name. Operands are decimal, `0x`, `0o` or `0b`
 * integers, optionally signed. Opcodes without a mnemonic are written `OP<n>` (e.g. `OP251 7`).
 * Operand presence is kept as written; the VM checks it.
 *
 * @param text - the source
 * @returns the operations
 * @throws PrimeosError `E_PARSE` with the line number for unknown mnemonics, bad operands, unknown or duplicate labels
 *
 * @example
 * ```ts
 * import { assemble } from 'primeos/encoding';
 * assemble('PUSH 5\nPUSH 3\nADD  # 8\nPRINT');
 * ```
 */
export function assemble(text: string): ProgramOperation[] {
  const lines = text.split(/\r?\n/);
  const labels = new Map<string, number>();
  const pending: { opcode: number; operand: string | undefined; line: number }[] = [];
  lines.forEach((raw, i) => {
    const line = i + 1;
    let s = raw.replace(/#.*$/, '').trim();
    for (let m = /^([A-Za-z_][A-Za-z0-9_]*):\s*/.exec(s); m; m = /^([A-Za-z_][A-Za-z0-9_]*):\s*/.exec(s)) {
      const name = m[1] as string;
      if (labels.has(name)) throw parseError(line, `duplicate label '${name}'`);
      labels.set(name, pending.length);
      s = s.slice(m[0].length);
    }
    if (s === '') return;
    const parts = s.split(/\s+/);
    if (parts.length > 2) throw parseError(line, `expected 'MNEMONIC [operand]', got '${s}'`);
    const mnemonic = (parts[0] as string).toUpperCase();
    let opcode: number;
    const raw0 = RAW_OPCODE.exec(mnemonic);
    if (raw0) {
      opcode = Number(raw0[1]);
      if (opcode > 255) throw parseError(line, `opcode ${opcode} is above 255`);
    } else if (Object.prototype.hasOwnProperty.call(StandardOpcodes, mnemonic)) {
      opcode = StandardOpcodes[mnemonic as OpcodeName];
    } else {
      throw parseError(line, `unknown mnemonic '${parts[0] as string}'`);
    }
    pending.push({ opcode, operand: parts[1], line });
  });
  return pending.map(({ opcode, operand, line }) => {
    if (operand === undefined) return { opcode };
    const n = parseInteger(operand);
    if (n !== undefined) {
      if (n < -(1n << 63n) || n >= 1n << 63n) throw parseError(line, `operand ${operand} is outside [-2^63, 2^63)`);
      return { opcode, operand: n };
    }
    if (!LABEL.test(operand)) throw parseError(line, `bad operand '${operand}'`);
    const target = labels.get(operand);
    if (target === undefined) throw parseError(line, `unknown label '${operand}'`);
    return { opcode, operand: BigInt(target) };
  });
}

/**
 * The text form of a program, one instruction per line; `assemble(disassemble(p))` equals `p`
 * (operands as bigints).
 *
 * @param ops - the operations
 * @returns the source text (lines joined by `\n`, with a final newline when non-empty)
 * @throws PrimeosError `E_RANGE` for an opcode outside 0..255
 *
 * @example
 * ```ts
 * import { disassemble, StandardOpcodes as Op } from 'primeos/encoding';
 * disassemble([{ opcode: Op.PUSH, operand: 5n }, { opcode: Op.PRINT }]); // 'PUSH 5\nPRINT\n'
 * ```
 */
export function disassemble(ops: readonly ProgramOperation[]): string {
  return ops
    .map((op) => {
      if (!Number.isInteger(op.opcode) || op.opcode < 0 || op.opcode > 255) {
        throw new PrimeosError('E_RANGE', `opcode ${op.opcode} is outside 0..255`);
      }
      const name = opcodeName(op.opcode) ?? `OP${op.opcode}`;
      return op.operand === undefined ? `${name}\n` : `${name} ${op.operand.toString()}\n`;
    })
    .join('');
}
