import { MAX_REPORTED_ISSUES } from './blockCodec.js';
import { DEFAULT_CHUNK_TEXT_CACHE_SIZE } from './ChunkTextDecoder.js';
import {
  DEFAULT_VM_MAX_CALL_DEPTH,
  DEFAULT_VM_MAX_MEMORY_CELLS,
  DEFAULT_VM_MAX_OUTPUT_BYTES,
  DEFAULT_VM_MAX_STACK_DEPTH,
  DEFAULT_VM_MAX_STEPS,
  DEFAULT_VM_MAX_VALUE_BITS,
} from './ChunkVM.js';
import { DEFAULT_BLOCK_SIZE } from './EncodeBytesOptions.js';
import { DEFAULT_NTT_MODULUS, DEFAULT_NTT_ROOT, MAX_NTT_LENGTH } from './ntt.js';

/** The defaults and limits of `primeos/encoding`, in one place (see {@link ENCODING_DEFAULTS}). */
export interface EncodingDefaults {
  /** Byte framing: bytes per block; issues listed by `decodeBytesReport` (the rest are counted). */
  readonly blocks: { readonly blockSize: number; readonly maxReportedIssues: number };
  /** `ChunkVM` limits (`ChunkVMOptions` of the same names). */
  readonly vm: {
    readonly maxSteps: number;
    readonly maxStackDepth: number;
    readonly maxCallDepth: number;
    readonly maxMemoryCells: number;
    readonly maxOutputBytes: number;
    readonly maxValueBits: number;
  };
  /** NTT field (modulus, primitive root) and longest transform. */
  readonly ntt: { readonly modulus: bigint; readonly root: bigint; readonly maxLength: number };
  /** Texts a `ChunkTextDecoder` remembers. */
  readonly chunkText: { readonly cacheSize: number };
}

/**
 * The defaults and limits of `primeos/encoding`: what each codec, the VM and the NTT use when an option is
 * left out.
 *
 * @example
 * ```ts
 * import { ENCODING_DEFAULTS, ChunkVM, assemble } from 'primeos/encoding';
 * new ChunkVM(assemble('PUSH 1\nPRINT\n'), { maxSteps: ENCODING_DEFAULTS.vm.maxSteps / 10 }).run();
 * ```
 */
export const ENCODING_DEFAULTS: EncodingDefaults = {
  blocks: { blockSize: DEFAULT_BLOCK_SIZE, maxReportedIssues: MAX_REPORTED_ISSUES },
  vm: {
    maxSteps: DEFAULT_VM_MAX_STEPS,
    maxStackDepth: DEFAULT_VM_MAX_STACK_DEPTH,
    maxCallDepth: DEFAULT_VM_MAX_CALL_DEPTH,
    maxMemoryCells: DEFAULT_VM_MAX_MEMORY_CELLS,
    maxOutputBytes: DEFAULT_VM_MAX_OUTPUT_BYTES,
    maxValueBits: DEFAULT_VM_MAX_VALUE_BITS,
  },
  ntt: { modulus: DEFAULT_NTT_MODULUS, root: DEFAULT_NTT_ROOT, maxLength: MAX_NTT_LENGTH },
  chunkText: { cacheSize: DEFAULT_CHUNK_TEXT_CACHE_SIZE },
};
