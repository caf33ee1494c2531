/**
 * primeos/encoding — chunk format v1 (docs/FORMAT.md), block/text/program codecs, integrity,
 * the ChunkVM, the NTT and the encoding model.
 * @packageDocumentation
 */
export {
  CHUNK_FORMAT_VERSION,
  CHUNK_KIND_TAGS,
  CHUNK_LAYOUTS,
  FIELD_WORD_BITS,
  FIELD_PRIMES,
  CHECKSUM_PRIMES,
  CHECKSUM_SET_SIZE,
  MAX_CHUNK_BITS,
} from './chunkLayout.js';
export type { ChunkKind, FieldSpec } from './chunkLayout.js';
export { crc12, crc12Update, CRC12_POLYNOMIAL, CRC12_INIT } from './crc12.js';
export {
  encodeChunk,
  decodeChunk,
  checksumPrimeOf,
  checksumBytesOf,
  MAX_BLOCK_LENGTH,
  MAX_BLOCK_INDEX,
} from './chunkCodec.js';
export type {
  DataChunk,
  OperationChunk,
  BlockHeaderChunk,
  NTTHeaderChunk,
  NTTDomain,
  ValidChunk,
  InvalidChunk,
  DecodedChunk,
} from './DecodedChunk.js';
export { encodeData } from './encodeData.js';
export { encodeOperation } from './encodeOperation.js';
export { encodeProgram, decodeProgram } from './encodeProgram.js';
export type { ProgramOperation } from './ProgramOperation.js';
export { StandardOpcodes, opcodeName } from './StandardOpcodes.js';
export type { OpcodeName } from './StandardOpcodes.js';
export { verifyChunkIntegrity } from './verifyChunkIntegrity.js';
export {
  encodeBytes,
  encodeText,
  encodeByteBlock,
  encodeBlockHeader,
  decodeBytes,
  decodeText,
  decodeBytesReport,
  blockPayloadHash,
} from './blockCodec.js';
export type { EncodeBytesOptions, StreamIssue, StreamIssueType, BytesDecodeReport } from './blockCodec.js';
export { BlockStreamEncoder } from './BlockStreamEncoder.js';
export type { FramedBlock } from './BlockStreamEncoder.js';
export { BlockStreamDecoder } from './BlockStreamDecoder.js';
export type { DecodedBlock, BlockStreamHandlers } from './BlockStreamDecoder.js';
export { ChunkTextEncoder } from './ChunkTextEncoder.js';
export type { ChunkTextEncoderOptions } from './ChunkTextEncoder.js';
export { ChunkTextDecoder } from './ChunkTextDecoder.js';
export type { ChunkTextDecoderOptions } from './ChunkTextDecoder.js';
export { ChunkVM } from './ChunkVM.js';
export type { ChunkVMOptions, VMDebugSnapshot, VMStatus, VMStepResult, VMRunResult } from './ChunkVM.js';
export { executeProgram } from './executeProgram.js';
export { assemble, disassemble } from './assembler.js';
export { parseProgramText } from './parseProgramText.js';
export { applyNTT, applyInverseNTT, verifyNTTRoundTrip, convolve } from './ntt.js';
export type { NTTOptions, ConvolveOptions } from './ntt.js';
export { encodeNTTValueBlock, decodeNTTBlock } from './nttBlock.js';
export { encodeBlock } from './encodeBlock.js';
export type { EncodeBlockOptions } from './encodeBlock.js';
export { encodeNTTBlock } from './encodeNTTBlock.js';
export type { EncodeNTTBlockOptions, NTTBlock } from './nttBlock.js';
export { Encoding, createEncoding, createAndInitializeEncoding } from './Encoding.js';
export type { EncodingOptions, EncodingRequest, EncodingResponse } from './Encoding.js';
export { ENCODING_DEFAULTS } from './encodingDefaults.js';
export type { EncodingDefaults } from './encodingDefaults.js';
