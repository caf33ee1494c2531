import {
  ChunkVM,
  decodeChunk,
  encodeText,
  type ChunkVMOptions,
  type DecodedChunk,
  type EncodeBytesOptions,
  type ProgramOperation,
} from '../encoding/index.js';
import { PrimeosError } from '../model/PrimeosError.js';
import type { Pipeline } from './Pipeline.js';
import type { PullSource } from './sources/fromPull.js';

/** Default longest program `executeStreamingProgram` accepts (operations). */
export const DEFAULT_MAX_PROGRAM_LENGTH = 1_000_000;

/** Options of {@link EncodingStreamBridge.executeStreamingProgram}. */
export interface StreamingProgramOptions extends ChunkVMOptions {
  /** Refuse programs longer than this (default 10^6 operations): the VM needs the whole program (jumps). */
  readonly maxProgramLength?: number;
}

/** PrimeOS `createEncodingStreamBridge()`: the chunk codec and VM as streams. */
export interface EncodingStreamBridge {
  /**
   * Encode each text (UTF-8, block-framed) and stream the chunks of all texts in order; each text is its own
   * block stream.
   *
   * @param texts - the texts
   * @param options - block size
   * @returns the chunks
   */
  encodeTextStream(texts: PullSource<string>, options?: EncodeBytesOptions): AsyncIterable<bigint>;
  /**
   * Decode each chunk (total: invalid chunks give typed `invalid` records).
   *
   * @param chunks - the chunks
   * @returns the decoded chunks in order
   */
  decodeChunkStream(chunks: PullSource<bigint>): AsyncIterable<DecodedChunk>;
  /**
   * Read a program (operations or operation chunks), run it in the ChunkVM within its limits, and stream each
   * output line as soon as the VM prints it.
   *
   * @param program - the program
   * @param options - VM limits, input, program length limit
   * @returns the output lines
   * @throws PrimeosError with the VM's code (`E_VM_STACK`, `E_VM_STEPS`, …; `details.output` holds the output so
   *   far), `E_RANGE` for an over-long program
   */
  executeStreamingProgram(
    program: PullSource<ProgramOperation | bigint>,
    options?: StreamingProgramOptions,
  ): AsyncIterable<string>;
}

/**
 * Build an {@link EncodingStreamBridge} over a processor's pipelines (used by `StreamProcessor`).
 *
 * @param pipeline - returns a fresh pipeline of the owning processor
 * @returns the bridge
 */
export function createEncodingStreamBridgeOver(pipeline: () => Pipeline<unknown>): EncodingStreamBridge {
  return {
    async *encodeTextStream(texts, options) {
      for await (const chunks of pipeline()
        .source(texts)
        .transform((t) => encodeText(t, options))
        .catch('propagate')
        .toAsyncIterable()) {
        yield* chunks;
      }
    },
    decodeChunkStream(chunks) {
      return pipeline()
        .source(chunks)
        .transform((c) => decodeChunk(c))
        .toAsyncIterable();
    },
    async *executeStreamingProgram(program, options = {}) {
      const { maxProgramLength = DEFAULT_MAX_PROGRAM_LENGTH, ...vm } = options;
      const ops: (ProgramOperation | bigint)[] = [];
      for await (const op of pipeline().source(program).toAsyncIterable()) {
        if (ops.length >= maxProgramLength) {
          throw new PrimeosError('E_RANGE', `program longer than ${maxProgramLength} operations`);
        }
        ops.push(op);
      }
      const chunksOnly = ops.every((o) => typeof o === 'bigint');
      const opsOnly = ops.every((o) => typeof o !== 'bigint');
      if (!chunksOnly && !opsOnly) throw new PrimeosError('E_VM_PROGRAM', 'program mixes chunks and operations');
      const machine = new ChunkVM(chunksOnly ? (ops as bigint[]) : (ops as ProgramOperation[]), vm);
      const outputs = machine.outputs();
      for (;;) {
        const r = outputs.next();
        if (r.done !== true) {
          yield r.value;
          continue;
        }
        if (r.value.status === 'error') {
          const e = r.value.error;
          throw new PrimeosError(e.code, e.message, { ...e.details, output: r.value.output }, { cause: e });
        }
        return;
      }
    },
  };
}
