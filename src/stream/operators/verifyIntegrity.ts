import { Observable, type OperatorFunction } from 'rxjs';
import { decodeChunk } from '../../encoding/index.js';
import type { CreditGate } from '../CreditGate.js';
import { ChunkProcessingError } from '../errors/ChunkProcessingError.js';
import { createErrorRecord, recordFailure, type ErrorPolicy, type ErrorRecord } from '../errorPolicy.js';

/** Options of {@link verifyIntegrity}. */
export interface VerifyIntegrityOptions {
  /** What to do with a corrupted chunk (default `propagate`). Under `substitute`, `substitute` is emitted. */
  readonly policy?: ErrorPolicy;
  /** The chunk emitted in place of a corrupted one under `substitute`. */
  readonly substitute?: bigint;
  /** Counts of what the policy did. */
  readonly record?: ErrorRecord;
  /** Under `skip`, a dropped single chunk's credit returns to this gate (a batch keeps its credit). */
  readonly gate?: CreditGate;
}

/**
 * Pass intact chunks through and apply the error policy to corrupted ones (bad kind tag, non-canonical
 * fields or wrong checksum prime). The check is the codec's own integrity check (structural division and an
 * exact 6th root), never a factorisation. Works on single chunks or on batches (`skip` then removes the chunk
 * from its batch, and the batch is still emitted, possibly empty).
 *
 * @param options - policy, substitute, record, gate
 * @returns an operator over chunks or over batches of chunks
 * @throws ChunkProcessingError with code `E_CHECKSUM` / `E_CHUNK_INVALID` and the chunk index (under `propagate`)
 *
 * @example
 * ```ts
 * import { verifyIntegrity, createErrorRecord } from 'primeos/stream';
 * const record = createErrorRecord();
 * chunks$.pipe(verifyIntegrity({ policy: 'skip', record }));
 * ```
 */
export function verifyIntegrity<I extends bigint | readonly bigint[]>(
  options: VerifyIntegrityOptions = {},
): OperatorFunction<I, I> {
  const { substitute, gate } = options;
  const policy = options.policy ?? 'propagate';
  const record = options.record ?? createErrorRecord();
  /** The chunk to emit, or undefined to drop it; throws under `propagate`. */
  const judge = (chunk: bigint, index: number): bigint | undefined => {
    record.processed++;
    const d = decodeChunk(chunk);
    if (d.kind !== 'invalid') return chunk;
    const action: ErrorPolicy = policy === 'substitute' && substitute === undefined ? 'propagate' : policy;
    recordFailure(record, { index, code: d.code, message: d.reason, action });
    if (action === 'skip') return undefined;
    if (action === 'substitute') return substitute;
    throw new ChunkProcessingError(
      `chunk ${index} failed its integrity check: ${d.reason}`,
      { index },
      { code: d.code },
    );
  };
  return (source) =>
    new Observable<I>((subscriber) => {
      let index = 0;
      return source.subscribe({
        next: (input) => {
          if (subscriber.closed) return;
          try {
            if (typeof input === 'bigint') {
              const out = judge(input, index++);
              if (out === undefined) gate?.release();
              else subscriber.next(out as I);
              return;
            }
            const out: bigint[] = [];
            for (const chunk of input as readonly bigint[]) {
              const c = judge(chunk, index++);
              if (c !== undefined) out.push(c);
            }
            subscriber.next(out as unknown as I);
          } catch (err) {
            subscriber.error(err);
          }
        },
        error: (e: unknown) => subscriber.error(e),
        complete: () => subscriber.complete(),
      });
    });
}
