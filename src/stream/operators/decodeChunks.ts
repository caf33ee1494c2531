import { map, type OperatorFunction } from 'rxjs';
import { decodeChunk, type DecodedChunk } from '../../encoding/index.js';

/** What {@link decodeChunks} emits for an input: one decoded chunk per chunk, one array per batch. */
export type Decoded<I> = I extends bigint ? DecodedChunk : DecodedChunk[];

/**
 * Decode each chunk (primeos chunk format v1), or each chunk of each batch. Total: every bigint gives a valid
 * chunk or a typed `{ kind: 'invalid', code, reason }` record — never an error, never a factorisation. Batches
 * (e.g. after `adaptiveBatch`) keep the per-item cost of the stream machinery off the hot path.
 *
 * @returns an operator from chunks (or batches) to decoded chunks (or batches), 1:1 and in order
 *
 * @example
 * ```ts
 * import { decodeChunks } from 'primeos/stream';
 * chunks$.pipe(decodeChunks()).subscribe((c) => console.log(c.kind));
 * ```
 */
export function decodeChunks<I extends bigint | readonly bigint[]>(): OperatorFunction<I, Decoded<I>> {
  return map(
    (input) => (typeof input === 'bigint' ? decodeChunk(input) : input.map((c) => decodeChunk(c))) as Decoded<I>,
  );
}
