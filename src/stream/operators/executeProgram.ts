import type { OperatorFunction } from 'rxjs';
import { executeProgram as runProgram, type ChunkVMOptions, type ProgramOperation } from '../../encoding/index.js';
import { mapWithPolicy, type ErrorPolicy, type ErrorRecord } from './mapWithPolicy.js';

/** Options of {@link executeProgram}. */
export interface ExecuteProgramOptions {
  /** VM limits and input. */
  readonly vm?: ChunkVMOptions;
  /** What to do when a program fails (VM error): default `propagate`; `substitute` emits the output so far. */
  readonly policy?: ErrorPolicy;
  readonly record?: ErrorRecord;
}

/**
 * Run each program (operations or operation chunks) in the ChunkVM, within its limits, and emit its output.
 *
 * @param options - VM options, error policy, record
 * @returns an operator from programs to their output lines
 * @throws StreamProcessingError with the VM's code (`E_VM_STACK`, `E_VM_STEPS`, …) under `propagate`
 *
 * @example
 * ```ts
 * import { executeProgram } from 'primeos/stream';
 * programs$.pipe(executeProgram({ vm: { maxSteps: 10_000 } }));
 * ```
 */
export function executeProgram(
  options: ExecuteProgramOptions = {},
): OperatorFunction<readonly ProgramOperation[] | readonly bigint[], string[]> {
  return mapWithPolicy((program: readonly ProgramOperation[] | readonly bigint[]) => runProgram(program, options.vm), {
    policy: options.policy,
    record: options.record,
    substitute: (_p, err) => {
      const out = (err.details as { output?: unknown } | undefined)?.output;
      return Array.isArray(out) ? (out as string[]) : [];
    },
  });
}
