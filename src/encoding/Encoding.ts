import { BaseModel, initializeOrThrow, type ModelOptions } from '../model/BaseModel.js';
import { PrimeosError } from '../model/PrimeosError.js';
import {
  decodeBytes,
  decodeText,
  encodeByteBlock,
  encodeBytes,
  encodeText,
  type EncodeBytesOptions,
} from './blockCodec.js';
import { decodeChunk } from './chunkCodec.js';
import type { ChunkVMOptions } from './ChunkVM.js';
import type { DecodedChunk } from './DecodedChunk.js';
import { encodeData } from './encodeData.js';
import { encodeOperation } from './encodeOperation.js';
import { encodeProgram } from './encodeProgram.js';
import { executeProgram } from './executeProgram.js';
import { applyInverseNTT, applyNTT, verifyNTTRoundTrip, type NTTOptions } from './ntt.js';
import { encodeBlock, type EncodeBlockOptions } from './encodeBlock.js';
import { encodeNTTBlock } from './encodeNTTBlock.js';
import { encodeNTTValueBlock, type EncodeNTTBlockOptions } from './nttBlock.js';
import type { ProgramOperation } from './ProgramOperation.js';
import { verifyChunkIntegrity } from './verifyChunkIntegrity.js';

/** Options of the {@link Encoding} model: defaults for its operations. */
export interface EncodingOptions extends ModelOptions {
  /** Block framing defaults. */
  blocks?: EncodeBytesOptions;
  /** VM limits used by `executeProgram`. */
  vm?: ChunkVMOptions;
  /** NTT modulus and root used by the NTT operations. */
  ntt?: NTTOptions;
}

/** A request to {@link Encoding.process}, discriminated on `operation`. */
export type EncodingRequest =
  | { readonly operation: 'encodeData'; readonly position: number; readonly value: number }
  | { readonly operation: 'encodeOperation'; readonly opcode: number; readonly operand?: bigint | number }
  | { readonly operation: 'encodeProgram'; readonly program: readonly ProgramOperation[] }
  | { readonly operation: 'encodeText'; readonly text: string }
  | { readonly operation: 'encodeBytes'; readonly bytes: Uint8Array }
  | { readonly operation: 'encodeBlock'; readonly chunks: readonly bigint[] }
  | {
      readonly operation: 'encodeByteBlock';
      readonly bytes: Uint8Array;
      readonly index: number;
      readonly last: boolean;
    }
  | {
      readonly operation: 'encodeNTTBlock';
      readonly chunks: readonly bigint[];
      readonly domain?: 'coefficients' | 'evaluations';
    }
  | {
      readonly operation: 'encodeNTTValueBlock';
      readonly values: readonly (bigint | number)[];
      readonly domain?: 'coefficients' | 'evaluations';
    }
  | { readonly operation: 'decodeChunk'; readonly chunk: bigint }
  | { readonly operation: 'decodeText'; readonly chunks: readonly bigint[] }
  | { readonly operation: 'decodeBytes'; readonly chunks: readonly bigint[] }
  | { readonly operation: 'verifyChunkIntegrity'; readonly chunk: bigint }
  | { readonly operation: 'executeProgram'; readonly program: readonly ProgramOperation[] | readonly bigint[] }
  | { readonly operation: 'applyNTT'; readonly values: readonly bigint[] }
  | { readonly operation: 'applyInverseNTT'; readonly values: readonly bigint[] }
  | { readonly operation: 'verifyNTTRoundTrip'; readonly values: readonly bigint[] };

/** What {@link Encoding.process} returns, depending on the operation. */
export type EncodingResponse = bigint | bigint[] | string | string[] | Uint8Array | boolean | DecodedChunk;

/**
 * The encoding model: the codec, VM and NTT behind the PrimeOS lifecycle, with `process({ operation, … })`
 * dispatch and direct methods of the same names. Failures of `process` are failed results with the
 * operation's coded error.
 *
 * @example
 * ```ts
 * import { createAndInitializeEncoding } from 'primeos/encoding';
 * const enc = await createAndInitializeEncoding();
 * const r = await enc.process({ operation: 'encodeText', text: 'hi' });
 * enc.decodeText(r.data as bigint[]); // 'hi'
 * ```
 */
export class Encoding extends BaseModel<EncodingRequest, EncodingResponse> {
  readonly #options: EncodingOptions;

  /** @param options - model options and operation defaults */
  constructor(options: EncodingOptions = {}) {
    super(options);
    this.#options = options;
  }

  protected override defaultName(): string {
    return 'encoding';
  }

  /** See the plain function `encodeData`. */
  encodeData(position: number, value: number): bigint {
    return encodeData(position, value);
  }
  /** See the plain function `encodeOperation`. */
  encodeOperation(opcode: number, operand?: bigint | number): bigint {
    return encodeOperation(opcode, operand);
  }
  /** See the plain function `encodeProgram`. */
  encodeProgram(ops: readonly ProgramOperation[]): bigint[] {
    return encodeProgram(ops);
  }
  /** See the plain function `encodeText`. */
  encodeText(text: string): bigint[] {
    return encodeText(text, this.#options.blocks);
  }
  /** See the plain function `encodeBytes`. */
  encodeBytes(bytes: Uint8Array): bigint[] {
    return encodeBytes(bytes, this.#options.blocks);
  }
  /** See the plain function `encodeBlock` (PrimeOS: a header chunk, then the chunks). */
  encodeBlock(chunks: readonly bigint[], options?: EncodeBlockOptions): bigint[] {
    return encodeBlock(chunks, options);
  }
  /** See the plain function `encodeByteBlock`. */
  encodeByteBlock(bytes: Uint8Array, index: number, last: boolean): bigint[] {
    return encodeByteBlock(bytes, index, last);
  }
  /** See the plain function `encodeNTTBlock` (PrimeOS: an NTT header chunk, then the chunks). */
  encodeNTTBlock(chunks: readonly bigint[], options?: EncodeNTTBlockOptions): bigint[] {
    return encodeNTTBlock(chunks, { ...this.#options.ntt, ...options });
  }
  /** See the plain function `encodeNTTValueBlock`. */
  encodeNTTValueBlock(values: readonly (bigint | number)[], options?: EncodeNTTBlockOptions): bigint[] {
    return encodeNTTValueBlock(values, { ...this.#options.ntt, ...options });
  }
  /** See the plain function `decodeChunk`. */
  decodeChunk(chunk: bigint): DecodedChunk {
    return decodeChunk(chunk);
  }
  /** See the plain function `decodeText`. */
  decodeText(chunks: Iterable<bigint>): string {
    return decodeText(chunks);
  }
  /** See the plain function `decodeBytes`. */
  decodeBytes(chunks: Iterable<bigint>): Uint8Array {
    return decodeBytes(chunks);
  }
  /** See the plain function `verifyChunkIntegrity`. */
  verifyChunkIntegrity(chunk: bigint): boolean {
    return verifyChunkIntegrity(chunk);
  }
  /** See the plain function `executeProgram`. */
  executeProgram(program: readonly ProgramOperation[] | readonly bigint[], options?: ChunkVMOptions): string[] {
    return executeProgram(program, { ...this.#options.vm, ...options });
  }
  /** See the plain function `applyNTT`. */
  applyNTT<T extends bigint | number>(values: readonly T[], options?: NTTOptions): T[] {
    return applyNTT(values, { ...this.#options.ntt, ...options });
  }
  /** See the plain function `applyInverseNTT`. */
  applyInverseNTT<T extends bigint | number>(values: readonly T[], options?: NTTOptions): T[] {
    return applyInverseNTT(values, { ...this.#options.ntt, ...options });
  }
  /** See the plain function `verifyNTTRoundTrip`. */
  verifyNTTRoundTrip(values: readonly (bigint | number)[], options?: NTTOptions): boolean {
    return verifyNTTRoundTrip(values, { ...this.#options.ntt, ...options });
  }

  protected override onProcess(req: EncodingRequest): EncodingResponse {
    switch (req.operation) {
      case 'encodeData':
        return this.encodeData(req.position, req.value);
      case 'encodeOperation':
        return this.encodeOperation(req.opcode, req.operand);
      case 'encodeProgram':
        return this.encodeProgram(req.program);
      case 'encodeText':
        return this.encodeText(req.text);
      case 'encodeBytes':
        return this.encodeBytes(req.bytes);
      case 'encodeBlock':
        return this.encodeBlock(req.chunks);
      case 'encodeByteBlock':
        return this.encodeByteBlock(req.bytes, req.index, req.last);
      case 'encodeNTTBlock':
        return this.encodeNTTBlock(req.chunks, req.domain === undefined ? {} : { domain: req.domain });
      case 'encodeNTTValueBlock':
        return this.encodeNTTValueBlock(req.values, req.domain === undefined ? {} : { domain: req.domain });
      case 'decodeChunk':
        return this.decodeChunk(req.chunk);
      case 'decodeText':
        return this.decodeText(req.chunks);
      case 'decodeBytes':
        return this.decodeBytes(req.chunks);
      case 'verifyChunkIntegrity':
        return this.verifyChunkIntegrity(req.chunk);
      case 'executeProgram':
        return this.executeProgram(req.program);
      case 'applyNTT':
        return this.applyNTT(req.values);
      case 'applyInverseNTT':
        return this.applyInverseNTT(req.values);
      case 'verifyNTTRoundTrip':
        return this.verifyNTTRoundTrip(req.values);
      default:
        throw new PrimeosError(
          'E_USAGE',
          `unknown encoding operation '${String((req as { operation: unknown }).operation)}'`,
        );
    }
  }
}

/**
 * Create an encoding model (uninitialised).
 *
 * @param options - model options and operation defaults
 * @returns the model
 *
 * @example
 * ```ts
 * import { createEncoding } from 'primeos/encoding';
 * const enc = createEncoding({ blocks: { blockSize: 64 } });
 * await enc.initialize();
 * ```
 */
export function createEncoding(options?: EncodingOptions): Encoding {
  return new Encoding(options);
}

/**
 * Create and initialise an encoding model.
 *
 * @param options - model options and operation defaults
 * @returns the ready model
 * @throws PrimeosError when initialisation fails
 *
 * @example
 * ```ts
 * import { createAndInitializeEncoding } from 'primeos/encoding';
 * const enc = await createAndInitializeEncoding();
 * enc.decodeChunk(enc.encodeData(0, 65)); // { kind: 'data', offset: 0, value: 65 }
 * ```
 */
export async function createAndInitializeEncoding(options?: EncodingOptions): Promise<Encoding> {
  return initializeOrThrow(createEncoding(options));
}
