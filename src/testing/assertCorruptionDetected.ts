import fc from 'fast-check';
import { decodeChunk } from '../encoding/chunkCodec.js';
import { corruptedChunkArb, type CorruptedChunk } from './corruptedChunkArb.js';

/** Options of {@link assertCorruptionDetected}. */
export interface AssertCorruptionDetectedOptions {
  /** Number of corrupted samples (default 10 000). */
  samples?: number;
  /** Required detection rate (default 0.999). */
  minRate?: number;
  /** Seed of the sample (default 42, for reproducible rates). */
  seed?: number;
  /** The corruptions to measure (default {@link corruptedChunkArb}()). */
  arb?: fc.Arbitrary<CorruptedChunk>;
}

/** The measured detection rate. */
export interface CorruptionDetectionReport {
  readonly samples: number;
  /** Corruptions decoded as invalid (`E_CHUNK_INVALID` or `E_CHECKSUM`). */
  readonly detected: number;
  /** Corruptions that decoded as a different valid chunk (hash collisions). */
  readonly undetected: readonly CorruptedChunk[];
  readonly rate: number;
}

/**
 * Measure how often corrupted chunks are reported invalid (never decoded as different valid content)
 * and assert the rate reaches `minRate`.
 *
 * @param options - sample size, required rate, seed, corruption arbitrary
 * @returns the measured report (also when it passes, so callers can print the rate)
 * @throws Error when the measured rate is below `minRate`
 *
 * @example
 * ```ts
 * import { assertCorruptionDetected } from 'primeos/testing';
 * const { rate } = assertCorruptionDetected({ samples: 20000 });
 * ```
 */
export function assertCorruptionDetected(options: AssertCorruptionDetectedOptions = {}): CorruptionDetectionReport {
  const samples = options.samples ?? 10_000;
  const minRate = options.minRate ?? 0.999;
  const arb = options.arb ?? corruptedChunkArb();
  const undetected: CorruptedChunk[] = [];
  let detected = 0;
  for (const s of fc.sample(arb, { numRuns: samples, seed: options.seed ?? 42 })) {
    if (decodeChunk(s.corrupted).kind === 'invalid') detected++;
    else undetected.push(s);
  }
  const rate = detected / samples;
  if (rate < minRate) {
    throw new Error(
      `corruption detection rate ${rate} is below ${minRate} (${undetected.length} of ${samples} undetected)`,
    );
  }
  return { samples, detected, undetected, rate };
}
