/**
 * One program operation (PrimeOS shape): an opcode (see `StandardOpcodes`) and an optional operand.
 * Operands are signed 64-bit integers; a `number` operand must be a safe integer.
 */
export interface ProgramOperation {
  readonly opcode: number;
  readonly operand?: bigint | number;
}
