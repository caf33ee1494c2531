import { PrimeosError, type ErrorCode } from '../model/PrimeosError.js';
import { bitLength, isqrt } from '../primes/arith.js';
import { decodeChunk } from './chunkCodec.js';
import { Interrupted, withinLimits } from '../primes/internal/workLimits.js';
import { isPrime } from '../primes/primality.js';
import type { ProgramOperation } from './ProgramOperation.js';
import { StandardOpcodes as Op, opcodeName } from './StandardOpcodes.js';

/** Default step limit. */
export const DEFAULT_VM_MAX_STEPS = 1_000_000;
/** Default operand-stack depth limit. */
export const DEFAULT_VM_MAX_STACK_DEPTH = 1024;
/** Default call-stack depth limit. */
export const DEFAULT_VM_MAX_CALL_DEPTH = 256;
/** Default number of memory cells (addresses 0..cells−1). */
export const DEFAULT_VM_MAX_MEMORY_CELLS = 4096;
/** Default limit on output, in UTF-8 bytes. */
export const DEFAULT_VM_MAX_OUTPUT_BYTES = 1 << 20;
/** Default limit on the size of any value, in bits. */
export const DEFAULT_VM_MAX_VALUE_BITS = 1 << 16;
/** Default wall-clock limit of one program run, in milliseconds (`E_BUDGET`). */
export const DEFAULT_VM_TIME_LIMIT_MS = 60_000;
/**
 * Upper bounds of the limits: larger values are refused (`E_RANGE`) so that no option turns the VM into an
 * unbounded computation or allocation.
 */
export const VM_LIMIT_MAX = {
  maxSteps: 2 ** 40,
  maxStackDepth: 1 << 20,
  maxCallDepth: 1 << 16,
  maxMemoryCells: 1 << 24,
  maxOutputBytes: 1 << 30,
  maxValueBits: 1 << 20,
  timeLimitMs: 24 * 3_600_000,
} as const;

/** A snapshot passed to `onDebug` by the `DEBUG` opcode. */
export interface VMDebugSnapshot {
  readonly pc: number;
  readonly steps: number;
  readonly stack: readonly bigint[];
}

/** Limits and inputs of a {@link ChunkVM}. */
export interface ChunkVMOptions {
  /** Maximum instructions executed (`E_VM_STEPS`). */
  maxSteps?: number;
  /** Maximum operand-stack depth (`E_VM_STACK`). */
  maxStackDepth?: number;
  /** Maximum call depth (`E_VM_STACK`). */
  maxCallDepth?: number;
  /** Memory cells; addresses are 0..maxMemoryCells−1 (`E_VM_MEMORY`). */
  maxMemoryCells?: number;
  /** Maximum total output in UTF-8 bytes (`E_VM_OUTPUT`). */
  maxOutputBytes?: number;
  /** Maximum bit length of any value (`E_VM_ARITH`). */
  maxValueBits?: number;
  /** Values consumed by `READ`, in order. */
  input?: readonly bigint[];
  /** Called by `DEBUG`. */
  onDebug?: (snapshot: VMDebugSnapshot) => void;
  /** Aborts execution (`E_ABORTED`); checked between steps and inside long steps (`PRIME` on a huge value). */
  signal?: AbortSignal;
  /**
   * Wall-clock limit in milliseconds from the first step (`E_BUDGET`), checked every few steps and inside long
   * steps. Default {@link DEFAULT_VM_TIME_LIMIT_MS}.
   */
  timeLimitMs?: number;
}

/** Resolved {@link ChunkVMOptions}. */
export interface ResolvedChunkVMOptions {
  readonly maxSteps: number;
  readonly maxStackDepth: number;
  readonly maxCallDepth: number;
  readonly maxMemoryCells: number;
  readonly maxOutputBytes: number;
  readonly maxValueBits: number;
  readonly input: readonly bigint[];
  readonly onDebug: ((snapshot: VMDebugSnapshot) => void) | undefined;
  readonly signal: AbortSignal | undefined;
  readonly timeLimitMs: number;
}

function limit(name: keyof typeof VM_LIMIT_MAX, v: number | undefined, dflt: number): number {
  const x = v ?? dflt;
  const max = VM_LIMIT_MAX[name];
  if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < 0 || x > max)
    throw new PrimeosError('E_RANGE', `${name} must be an integer from 0 to ${max}`);
  return x;
}

/**
 * Fill in the defaults of {@link ChunkVMOptions}.
 *
 * @param options - partial options
 * @returns complete options
 * @throws PrimeosError `E_RANGE` for a negative or non-integer limit, or one above {@link VM_LIMIT_MAX}
 *
 * @example
 * ```ts
 * import { resolveChunkVMOptions } from 'primeos/encoding';
 * resolveChunkVMOptions({ maxSteps: 100 }).maxStackDepth; // 1024
 * ```
 */
export function resolveChunkVMOptions(options: ChunkVMOptions = {}): ResolvedChunkVMOptions {
  return {
    maxSteps: limit('maxSteps', options.maxSteps, DEFAULT_VM_MAX_STEPS),
    maxStackDepth: limit('maxStackDepth', options.maxStackDepth, DEFAULT_VM_MAX_STACK_DEPTH),
    maxCallDepth: limit('maxCallDepth', options.maxCallDepth, DEFAULT_VM_MAX_CALL_DEPTH),
    maxMemoryCells: limit('maxMemoryCells', options.maxMemoryCells, DEFAULT_VM_MAX_MEMORY_CELLS),
    maxOutputBytes: limit('maxOutputBytes', options.maxOutputBytes, DEFAULT_VM_MAX_OUTPUT_BYTES),
    maxValueBits: limit('maxValueBits', options.maxValueBits, DEFAULT_VM_MAX_VALUE_BITS),
    input: options.input ?? [],
    onDebug: options.onDebug,
    signal: options.signal,
    timeLimitMs: limit('timeLimitMs', options.timeLimitMs, DEFAULT_VM_TIME_LIMIT_MS),
  };
}

/** The VM's state. */
export type VMStatus = 'running' | 'halted' | 'error';

/** The result of one {@link ChunkVM.step}, discriminated on `status`. */
export type VMStepResult =
  | { readonly status: 'running'; readonly output?: string }
  | { readonly status: 'halted' }
  | { readonly status: 'error'; readonly error: PrimeosError };

/** The result of {@link ChunkVM.run}, discriminated on `status`. */
export type VMRunResult =
  | { readonly status: 'halted'; readonly output: string[]; readonly stack: bigint[]; readonly steps: number }
  | {
      readonly status: 'error';
      readonly error: PrimeosError;
      readonly output: string[];
      readonly stack: bigint[];
      readonly steps: number;
      /** The instruction that failed. */
      readonly pc: number;
    };

interface Instr {
  readonly opcode: number;
  readonly operand: bigint | undefined;
}

const WITH_OPERAND = new Set<number>([Op.PUSH, Op.JMP, Op.JIF, Op.CALL]);
const OPTIONAL_OPERAND = new Set<number>([Op.LOAD, Op.STORE]);
const encoder = new TextEncoder();

function fail(code: ErrorCode, message: string, details?: Record<string, unknown>): never {
  throw new PrimeosError(code, message, details);
}

function fib(n: number): bigint {
  // fast doubling: F(2k) = F(k)(2F(k+1) − F(k)), F(2k+1) = F(k)^2 + F(k+1)^2
  let a = 0n;
  let b = 1n;
  for (let bit = 31 - Math.clz32(n); bit >= 0; bit--) {
    const c = a * (2n * b - a);
    const d = a * a + b * b;
    if ((n >>> bit) & 1) {
      a = d;
      b = c + d;
    } else {
      a = c;
      b = d;
    }
  }
  return a;
}

/**
 * A bigint stack machine for the PrimeOS opcode set, with explicit limits and step-wise execution.
 *
 * Semantics (stack top written last; `a b → r` pops b then a and pushes r):
 * - `PUSH n` (operand required): `→ n`. `POP`: `a →`. `DUP`: `a → a a`. `SWAP`: `a b → b a`. `CLEAR`: empties the stack.
 * - `ADD SUB MUL`: `a b → a+b, a−b, a·b`. `DIV`, `MOD`: BigInt `/` (truncates toward zero) and `%` (sign of a);
 *   b = 0 is `E_VM_ARITH`. `POW`: `a b → a^b`, b < 0 is `E_VM_ARITH`.
 * - `EQ NEQ LT GT LTE GTE`: `a b → 1 | 0`. `AND OR XOR`: bitwise (two's complement, as BigInt). `NOT`: `a → ~a`.
 * - `JMP t`, `CALL t` (operand required, 0 ≤ t ≤ program length): jump; `CALL` pushes the return address on
 *   the call stack, `RET` pops it. `JIF t`: `c →`, jumps when c ≠ 0. Jumping to the program length ends it.
 * - `LOAD [addr]`: `→ mem[addr]` (0 if never stored). `STORE [addr]`: `v →`, `mem[addr] = v`. Without an
 *   operand the address is popped first. Addresses are 0..maxMemoryCells−1.
 * - `READ`: `→ next input value` (exhausted input is `E_VM_PROGRAM`). `PRINT`: `a →`, outputs a's decimal
 *   string. `WRITE`: `a →`, outputs the character with code point a.
 * - `FACT`: `n → n!`. `FIB`: `n → F(n)`. `SQRT`: `n → ⌊√n⌋`. `PRIME`: `n → 1 | 0` (primality). Negative
 *   arguments are `E_VM_ARITH`.
 * - `NOP`; `HALT` stops; `DEBUG` calls `onDebug` with a snapshot. Other opcodes (including `BLOCK_TAG`,
 *   `NTT_TAG`) are `E_VM_PROGRAM`. Running off the end halts normally.
 *
 * Errors: `E_VM_STACK` (underflow, depth, call depth, RET without CALL), `E_VM_STEPS`, `E_VM_MEMORY`,
 * `E_VM_OUTPUT`, `E_VM_OPERAND` (missing operand, or an operand on an opcode that takes none),
 * `E_VM_ARITH` (division by zero, negative argument, value above `maxValueBits`), `E_VM_PROGRAM`
 * (invalid chunk, unknown opcode, bad jump target, input exhausted), `E_ABORTED`.
 *
 * @example
 * ```ts
 * import { ChunkVM, StandardOpcodes as Op } from 'primeos/encoding';
 * const vm = new ChunkVM([{ opcode: Op.PUSH, operand: 5n }, { opcode: Op.PUSH, operand: 3n }, { opcode: Op.ADD }, { opcode: Op.PRINT }]);
 * vm.run(); // { status: 'halted', output: ['8'], stack: [], steps: 4 }
 * ```
 */
export class ChunkVM {
  readonly #program: Instr[];
  readonly #options: ResolvedChunkVMOptions;
  readonly #valueLimit: bigint;
  #programError: PrimeosError | undefined;
  #stack: bigint[] = [];
  #calls: number[] = [];
  #memory = new Map<number, bigint>();
  #output: string[] = [];
  #outputBytes = 0;
  #inputAt = 0;
  #pc = 0;
  #steps = 0;
  #status: VMStatus = 'running';
  #error: PrimeosError | undefined;
  /** `performance.now()` deadline, set at the first step. */
  #deadline = Infinity;

  /**
   * @param program - operations, or operation chunks (decoded here; an invalid chunk fails at the first step)
   * @param options - limits, input, debug hook, abort signal
   * @throws PrimeosError `E_RANGE` for bad options
   */
  constructor(program: readonly ProgramOperation[] | readonly bigint[], options?: ChunkVMOptions) {
    this.#options = resolveChunkVMOptions(options);
    this.#valueLimit = 1n << BigInt(this.#options.maxValueBits);
    this.#program = [];
    for (let i = 0; i < program.length; i++) {
      const item = program[i];
      if (typeof item === 'bigint') {
        const d = decodeChunk(item);
        if (d.kind !== 'operation') {
          this.#programError ??= new PrimeosError(
            'E_VM_PROGRAM',
            d.kind === 'invalid' ? `chunk ${i} is invalid (${d.code}): ${d.reason}` : `chunk ${i} is a ${d.kind} chunk`,
            { index: i },
          );
          this.#program.push({ opcode: -1, operand: undefined });
        } else this.#program.push({ opcode: d.opcode, operand: d.operand });
      } else if (item !== undefined) {
        const operand = item.operand;
        if (typeof operand === 'number' && !Number.isSafeInteger(operand)) {
          this.#programError ??= new PrimeosError('E_VM_OPERAND', `operation ${i}: operand is not a safe integer`, {
            index: i,
          });
        }
        this.#program.push({
          opcode: item.opcode,
          operand:
            operand === undefined || (typeof operand === 'number' && !Number.isSafeInteger(operand))
              ? undefined
              : BigInt(operand),
        });
      }
    }
  }

  /** The program counter. */
  get pc(): number {
    return this.#pc;
  }
  /** Instructions executed so far. */
  get steps(): number {
    return this.#steps;
  }
  /** Current status. */
  get status(): VMStatus {
    return this.#status;
  }
  /** A copy of the operand stack (top last). */
  get stack(): bigint[] {
    return this.#stack.slice();
  }
  /** A copy of the output so far. */
  get output(): string[] {
    return this.#output.slice();
  }
  /** The error that stopped the VM, if any. */
  get error(): PrimeosError | undefined {
    return this.#error;
  }

  /**
   * Execute one instruction.
   *
   * @returns `running` (with the output it produced, if any), `halted`, or `error`
   */
  step(): VMStepResult {
    if (this.#status === 'halted') return { status: 'halted' };
    if (this.#status === 'error') return { status: 'error', error: this.#error as PrimeosError };
    try {
      if (this.#programError) throw this.#programError;
      if (this.#pc >= this.#program.length) {
        this.#status = 'halted';
        return { status: 'halted' };
      }
      if (this.#options.signal?.aborted) fail('E_ABORTED', 'VM execution aborted');
      if (this.#steps === 0 && this.#deadline === Infinity) {
        this.#deadline = performance.now() + this.#options.timeLimitMs;
      }
      if ((this.#steps & 1023) === 0 && performance.now() > this.#deadline) this.#timeUp();
      if (this.#steps >= this.#options.maxSteps) {
        fail('E_VM_STEPS', `step limit ${this.#options.maxSteps} reached`, { limit: this.#options.maxSteps });
      }
      const before = this.#output.length;
      this.#execute(this.#program[this.#pc] as Instr);
      this.#steps++;
      if ((this.#status as VMStatus) === 'halted') return { status: 'halted' };
      return this.#output.length > before
        ? { status: 'running', output: this.#output[before] as string }
        : { status: 'running' };
    } catch (err) {
      const e =
        err instanceof PrimeosError ? err : new PrimeosError('E_INTERNAL', String(err), undefined, { cause: err });
      this.#status = 'error';
      this.#error =
        e === this.#programError
          ? e
          : new PrimeosError(
              e.code,
              `pc ${this.#pc} (${this.#mnemonic()}): ${e.message}`,
              { ...e.details, pc: this.#pc },
              { cause: e },
            );
      return { status: 'error', error: this.#error };
    }
  }

  /**
   * Run until the program halts or fails.
   *
   * @returns the final result with the output, stack and step count
   */
  run(): VMRunResult {
    let r = this.step();
    while (r.status === 'running') r = this.step();
    return this.#result();
  }

  /**
   * Run step by step, yielding each output string as soon as it is produced.
   *
   * @returns a generator of outputs whose return value is the final result
   */
  *outputs(): Generator<string, VMRunResult, void> {
    let r = this.step();
    while (r.status === 'running') {
      if (r.output !== undefined) yield r.output;
      r = this.step();
    }
    return this.#result();
  }

  #timeUp(): never {
    fail('E_BUDGET', `time limit ${this.#options.timeLimitMs} ms reached`, { limit: this.#options.timeLimitMs });
  }

  #result(): VMRunResult {
    const base = { output: this.output, stack: this.stack, steps: this.#steps };
    return this.#status === 'error'
      ? { status: 'error', error: this.#error as PrimeosError, pc: this.#pc, ...base }
      : { status: 'halted', ...base };
  }

  #mnemonic(): string {
    const op = this.#program[this.#pc]?.opcode;
    return op === undefined ? 'end' : (opcodeName(op) ?? `OP${op}`);
  }

  #pop(): bigint {
    const v = this.#stack.pop();
    if (v === undefined) fail('E_VM_STACK', 'stack underflow');
    return v;
  }

  #push(v: bigint): void {
    if (v >= this.#valueLimit || -v >= this.#valueLimit) {
      fail('E_VM_ARITH', `value exceeds ${this.#options.maxValueBits} bits`, { limit: this.#options.maxValueBits });
    }
    if (this.#stack.length >= this.#options.maxStackDepth) {
      fail('E_VM_STACK', `stack depth limit ${this.#options.maxStackDepth} reached`, {
        limit: this.#options.maxStackDepth,
      });
    }
    this.#stack.push(v);
  }

  #emit(s: string): void {
    const n = encoder.encode(s).length;
    if (this.#outputBytes + n > this.#options.maxOutputBytes) {
      fail('E_VM_OUTPUT', `output limit ${this.#options.maxOutputBytes} bytes reached`, {
        limit: this.#options.maxOutputBytes,
      });
    }
    this.#outputBytes += n;
    this.#output.push(s);
  }

  #target(t: bigint): number {
    if (t < 0n || t > BigInt(this.#program.length))
      fail('E_VM_PROGRAM', `jump target ${t} is outside 0..${this.#program.length}`);
    return Number(t);
  }

  #address(a: bigint): number {
    if (a < 0n || a >= BigInt(this.#options.maxMemoryCells)) {
      fail('E_VM_MEMORY', `address ${a} is outside 0..${this.#options.maxMemoryCells - 1}`, {
        limit: this.#options.maxMemoryCells,
      });
    }
    return Number(a);
  }

  #nonNegative(n: bigint, what: string): bigint {
    if (n < 0n) fail('E_VM_ARITH', `${what} of a negative number`);
    return n;
  }

  #execute(ins: Instr): void {
    const { opcode, operand } = ins;
    if (WITH_OPERAND.has(opcode)) {
      if (operand === undefined) fail('E_VM_OPERAND', `${opcodeName(opcode) ?? opcode} needs an operand`);
    } else if (operand !== undefined && !OPTIONAL_OPERAND.has(opcode)) {
      fail('E_VM_OPERAND', `${opcodeName(opcode) ?? `opcode ${opcode}`} takes no operand`);
    }
    let next = this.#pc + 1;
    switch (opcode) {
      case Op.PUSH:
        this.#push(operand as bigint);
        break;
      case Op.ADD:
      case Op.SUB:
      case Op.MUL:
      case Op.DIV:
      case Op.MOD:
      case Op.POW:
      case Op.EQ:
      case Op.NEQ:
      case Op.LT:
      case Op.GT:
      case Op.LTE:
      case Op.GTE:
      case Op.AND:
      case Op.OR:
      case Op.XOR: {
        const b = this.#pop();
        const a = this.#pop();
        this.#push(this.#binary(opcode, a, b));
        break;
      }
      case Op.NOT:
        this.#push(~this.#pop());
        break;
      case Op.PRINT:
        this.#emit(this.#pop().toString());
        break;
      case Op.WRITE: {
        const c = this.#pop();
        if (c < 0n || c > 0x10ffffn || (c >= 0xd800n && c <= 0xdfffn))
          fail('E_VM_ARITH', `${c} is not a Unicode scalar value`);
        this.#emit(String.fromCodePoint(Number(c)));
        break;
      }
      case Op.DUP: {
        const a = this.#pop();
        this.#push(a);
        this.#push(a);
        break;
      }
      case Op.SWAP: {
        const b = this.#pop();
        const a = this.#pop();
        this.#push(b);
        this.#push(a);
        break;
      }
      case Op.POP:
        this.#pop();
        break;
      case Op.CLEAR:
        this.#stack.length = 0;
        break;
      case Op.JMP:
        next = this.#target(operand as bigint);
        break;
      case Op.JIF: {
        const t = this.#target(operand as bigint);
        if (this.#pop() !== 0n) next = t;
        break;
      }
      case Op.CALL: {
        const t = this.#target(operand as bigint);
        if (this.#calls.length >= this.#options.maxCallDepth) {
          fail('E_VM_STACK', `call depth limit ${this.#options.maxCallDepth} reached`, {
            limit: this.#options.maxCallDepth,
          });
        }
        this.#calls.push(next);
        next = t;
        break;
      }
      case Op.RET: {
        const r = this.#calls.pop();
        if (r === undefined) fail('E_VM_STACK', 'RET without CALL');
        next = r;
        break;
      }
      case Op.LOAD: {
        const addr = this.#address(operand ?? this.#pop());
        this.#push(this.#memory.get(addr) ?? 0n);
        break;
      }
      case Op.STORE: {
        const addr = this.#address(operand ?? this.#pop());
        this.#memory.set(addr, this.#pop());
        break;
      }
      case Op.READ: {
        const v = this.#options.input[this.#inputAt];
        if (v === undefined) fail('E_VM_PROGRAM', 'READ: input exhausted');
        this.#inputAt++;
        this.#push(v);
        break;
      }
      case Op.FACT: {
        const n = this.#nonNegative(this.#pop(), 'FACT');
        if (n > BigInt(this.#options.maxValueBits) + 2n)
          fail('E_VM_ARITH', `${n}! exceeds ${this.#options.maxValueBits} bits`);
        let r = 1n;
        for (let i = 2n; i <= n; i++) {
          r *= i;
          if (r >= this.#valueLimit) fail('E_VM_ARITH', `${n}! exceeds ${this.#options.maxValueBits} bits`);
        }
        this.#push(r);
        break;
      }
      case Op.FIB: {
        const n = this.#nonNegative(this.#pop(), 'FIB');
        if (n > BigInt(Math.ceil(this.#options.maxValueBits * 1.45) + 2)) {
          fail('E_VM_ARITH', `F(${n}) exceeds ${this.#options.maxValueBits} bits`);
        }
        this.#push(fib(Number(n)));
        break;
      }
      case Op.SQRT:
        this.#push(isqrt(this.#nonNegative(this.#pop(), 'SQRT')));
        break;
      case Op.PRIME: {
        // a primality test of a 40k-bit value takes tens of seconds: bounded by the deadline and the signal
        const n = this.#pop();
        const r = withinLimits({ deadline: this.#deadline, signal: this.#options.signal }, () => isPrime(n));
        if (r instanceof Interrupted) {
          if (r.reason === 'aborted') fail('E_ABORTED', 'VM execution aborted');
          this.#timeUp();
        }
        this.#push(r === true ? 1n : 0n);
        break;
      }
      case Op.NOP:
        break;
      case Op.HALT:
        this.#status = 'halted';
        break;
      case Op.DEBUG:
        this.#options.onDebug?.({ pc: this.#pc, steps: this.#steps, stack: this.stack });
        break;
      default:
        fail('E_VM_PROGRAM', `opcode ${opcode} is not an instruction`);
    }
    this.#pc = next;
  }

  #binary(opcode: number, a: bigint, b: bigint): bigint {
    switch (opcode) {
      case Op.ADD:
        return a + b;
      case Op.SUB:
        return a - b;
      case Op.MUL:
        return a * b;
      case Op.DIV:
        if (b === 0n) fail('E_VM_ARITH', 'division by zero');
        return a / b;
      case Op.MOD:
        if (b === 0n) fail('E_VM_ARITH', 'modulo by zero');
        return a % b;
      case Op.POW: {
        if (b < 0n) fail('E_VM_ARITH', 'negative exponent');
        const abs = a < 0n ? -a : a;
        if (abs > 1n && BigInt(bitLength(abs) - 1) * b >= BigInt(this.#options.maxValueBits)) {
          fail('E_VM_ARITH', `power exceeds ${this.#options.maxValueBits} bits`);
        }
        return a ** b;
      }
      case Op.EQ:
        return a === b ? 1n : 0n;
      case Op.NEQ:
        return a !== b ? 1n : 0n;
      case Op.LT:
        return a < b ? 1n : 0n;
      case Op.GT:
        return a > b ? 1n : 0n;
      case Op.LTE:
        return a <= b ? 1n : 0n;
      case Op.GTE:
        return a >= b ? 1n : 0n;
      case Op.AND:
        return a & b;
      case Op.OR:
        return a | b;
      default:
        return a ^ b;
    }
  }
}
