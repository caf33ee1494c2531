import { encodeByteBlock, encodeText } from '../encoding/blockCodec.js';
import { BlockStreamDecoder } from '../encoding/BlockStreamDecoder.js';
import { BlockStreamEncoder } from '../encoding/BlockStreamEncoder.js';
import { decodeChunk } from '../encoding/chunkCodec.js';
import { ChunkVM, type ChunkVMOptions } from '../encoding/ChunkVM.js';
import type { DecodedChunk } from '../encoding/DecodedChunk.js';
import type { EncodeBytesOptions } from '../encoding/EncodeBytesOptions.js';
import type { ProgramOperation } from '../encoding/ProgramOperation.js';
import type { StreamIssue } from '../encoding/StreamIssue.js';
import { PrimeosError } from '../model/PrimeosError.js';
import { ChunkProcessingError } from './errors/ChunkProcessingError.js';
import type { PullSource } from './sources/fromPull.js';
import type { EncodingInterface } from './StreamIntegrations.js';
import type { StreamPipeline } from './StreamPipeline.js';
import { STREAM_DEFAULTS } from './streamDefaults.js';

/** Default longest program `executeStreamingProgram` accepts (operations). */
export const DEFAULT_MAX_PROGRAM_LENGTH = STREAM_DEFAULTS.maxProgramLength;

/** PrimeOS `ProcessedResult`: what {@link EncodingStreamBridge.processEncodedStream} reports. */
export interface EncodedStreamResult {
  /** Chunks read. */
  readonly chunks: number;
  /** Chunks per kind (`invalid` for chunks that fail to decode). */
  readonly byKind: Readonly<Record<string, number>>;
  /** Blocks decoded, and how many of them are damaged. */
  readonly blocks: number;
  readonly damagedBlocks: number;
  /** Payload bytes of the intact blocks. */
  readonly bytes: number;
  /** Every problem found (at most 100 listed; `issueCount` counts all). */
  readonly issues: readonly StreamIssue[];
  readonly issueCount: number;
}

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
  /**
   * PrimeOS `streamEncodeText`: the pieces of text, concatenated, as one block-framed chunk stream, encoded as the
   * text arrives (at most one block of bytes held back).
   *
   * @param text - the pieces of text
   * @param options - block size
   * @returns the chunks
   */
  streamEncodeText(text: PullSource<string>, options?: EncodeBytesOptions): Promise<AsyncIterable<bigint>>;
  /**
   * PrimeOS `streamDecodeText`: decode a block-framed chunk stream block by block into its text.
   *
   * @param chunks - the chunks
   * @returns the text
   * @throws ChunkProcessingError with the first issue's code (`E_CHUNK_INVALID` / `E_CHECKSUM`) and every issue in
   *   `details.issues` when the stream is damaged
   */
  streamDecodeText(chunks: PullSource<bigint>): Promise<string>;
  /**
   * PrimeOS `processEncodedStream`: decode a chunk stream block by block and report what it holds, damage included
   * (never stopping at a damaged block).
   *
   * @param chunks - the chunks
   * @returns counts, blocks, bytes and issues
   */
  processEncodedStream(chunks: PullSource<bigint>): Promise<EncodedStreamResult>;
}

/** Most issues listed in an {@link EncodedStreamResult}. */
const MAX_LISTED_ISSUES = 100;

/**
 * Build an {@link EncodingStreamBridge} over a processor's pipelines (used by `StreamProcessor`).
 *
 * @param pipeline - returns a fresh pipeline of the owning processor
 * @returns the bridge
 */
export function createEncodingStreamBridgeOver(
  pipeline: () => StreamPipeline<unknown>,
  encodingModule?: EncodingInterface,
): EncodingStreamBridge {
  const decodeOne = async (c: bigint): Promise<DecodedChunk> =>
    encodingModule === undefined ? decodeChunk(c) : encodingModule.decodeChunk(c);
  /** Run the chunks through a block decoder; `block` sees each closed block. */
  const decodeBlocks = async (
    chunks: PullSource<bigint>,
    block: (bytes: Uint8Array, ok: boolean) => void,
  ): Promise<EncodedStreamResult> => {
    const byKind: Record<string, number> = {};
    const issues: StreamIssue[] = [];
    let count = 0;
    let bytes = 0;
    const decoder = new BlockStreamDecoder({
      block: (b) => {
        if (b.ok) bytes += b.bytes.length;
        block(b.bytes, b.ok);
      },
      issue: (i) => {
        if (issues.length < MAX_LISTED_ISSUES) issues.push(i);
      },
    });
    await pipeline()
      .source(chunks)
      .asyncTransform(async (c: bigint) => decodeOne(c))
      .sink((d: DecodedChunk) => {
        count++;
        byKind[d.kind] = (byKind[d.kind] ?? 0) + 1;
        decoder.pushDecoded(d);
      });
    decoder.end();
    return {
      chunks: count,
      byKind,
      blocks: decoder.blocks,
      damagedBlocks: decoder.damagedBlocks,
      bytes,
      issues,
      issueCount: decoder.issues,
    };
  };
  return {
    async *encodeTextStream(texts, options) {
      for await (const chunks of pipeline()
        .source(texts)
        .transform((t: string) => encodeText(t, options))
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
    async streamEncodeText(text, options) {
      const framer = new BlockStreamEncoder(options);
      const utf8 = new TextEncoder();
      const pieces = pipeline().source(text).toAsyncIterable();
      return (async function* encode(): AsyncGenerator<bigint> {
        for await (const piece of pieces) {
          for (const b of framer.push(utf8.encode(piece as string))) yield* encodeByteBlock(b.bytes, b.index, b.last);
        }
        const b = framer.end();
        yield* encodeByteBlock(b.bytes, b.index, b.last);
      })();
    },
    async streamDecodeText(chunks) {
      const utf8 = new TextDecoder();
      let text = '';
      const result = await decodeBlocks(chunks, (bytes) => {
        text += utf8.decode(bytes, { stream: true });
      });
      text += utf8.decode();
      const first = result.issues[0];
      if (first !== undefined) {
        throw new ChunkProcessingError(
          `chunk stream damaged: ${first.message}`,
          { issues: result.issues },
          { code: first.code },
        );
      }
      return text;
    },
    async processEncodedStream(chunks) {
      return decodeBlocks(chunks, () => undefined);
    },
  };
}
