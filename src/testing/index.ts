/**
 * primeos/testing — fast-check arbitraries and law helpers for chunks, programs and text.
 * Requires the optional peer dependency `fast-check`.
 * @packageDocumentation
 */
export { chunkArb, chunkFieldsArb } from './chunkArb.js';
export type { EncodedChunk, ChunkArbConstraints } from './chunkArb.js';
export { corruptedChunkArb } from './corruptedChunkArb.js';
export type { Corruption, CorruptedChunk, CorruptedChunkArbConstraints } from './corruptedChunkArb.js';
export { programArb } from './programArb.js';
export type { ProgramArbConstraints } from './programArb.js';
export { textArb, expectedTextRoundTrip } from './textArb.js';
export type { TextArbConstraints } from './textArb.js';
export { assertRoundTrip, structurallyEqual } from './assertRoundTrip.js';
export type { AssertRoundTripOptions } from './assertRoundTrip.js';
export { assertCorruptionDetected } from './assertCorruptionDetected.js';
export type { AssertCorruptionDetectedOptions, CorruptionDetectionReport } from './assertCorruptionDetected.js';
export { assertFactorization } from './assertFactorization.js';
