import type { OperatorFunction } from 'rxjs';
import { decodeChunk } from '../../encoding/index.js';
import type { CreditGate } from '../CreditGate.js';
import { ChunkProcessingError } from '../errors/ChunkProcessingError.js';
import { mapWithPolicy, type ErrorPolicy, type ErrorRecord } from './mapWithPolicy.js';

/** Options of {@link verifyIntegrity}. */
export interface VerifyIntegrityOptions {
  /** What to do with a corrupted chunk (default `propagate`). Under `substitute`, `substitute` is emitted. */
  readonly policy?: ErrorPolicy;
  /** The chunk emitted in place of a corrupted one under `substitute`. */
  readonly substitute?: bigint;
  /** Counts of what the policy did. */
  readonly record?: ErrorRecord;
  /** Under `skip`, a dropped chunk's credit returns to this gate. */
  readonly gate?: CreditGate;
}

/**
 * Pass intact chunks through and apply the error policy to corrupted ones (bad kind tag, non-canonical
 * fields or wrong checksum prime). The check is the codec's own integrity check (structural division and an
 * exact 6th root), never a factorisation.
 *
 * @param options - policy, substitute, record, gate
 * @returns a mono-type operator over chunks
 * @throws StreamProcessingError with code `E_CHECKSUM` / `E_CHUNK_INVALID` and the chunk index (under `propagate`)
 *
 * @example
 * ```ts
 * import { verifyIntegrity, createErrorRecord } from 'primeos/stream';
 * const record = createErrorRecord();
 * chunks$.pipe(verifyIntegrity({ policy: 'skip', record }));
 * ```
 */
export function verifyIntegrity(options: VerifyIntegrityOptions = {}): OperatorFunction<bigint, bigint> {
  const { substitute } = options;
  return mapWithPolicy(
    (chunk: bigint, index: number) => {
      const d = decodeChunk(chunk);
      if (d.kind === 'invalid') {
        throw new ChunkProcessingError(
          `chunk ${index} failed its integrity check: ${d.reason}`,
          { index },
          { code: d.code },
        );
      }
      return chunk;
    },
    {
      policy: options.policy,
      record: options.record,
      gate: options.gate,
      substitute: substitute === undefined ? undefined : () => substitute,
    },
  );
}
