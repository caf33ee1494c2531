/** What went wrong in a block-framed chunk stream. */
export type StreamIssueType =
  | 'invalid_chunk'
  | 'unexpected_kind'
  | 'data_outside_block'
  | 'missing_block'
  | 'duplicate_block'
  | 'out_of_order_block'
  | 'missing_offset'
  | 'duplicate_offset'
  | 'out_of_order_offset'
  | 'offset_out_of_range'
  | 'block_hash_mismatch'
  | 'chunk_after_last'
  | 'missing_last_block';

/** One problem found while decoding a block-framed stream. */
export interface StreamIssue {
  readonly type: StreamIssueType;
  /** `E_CHECKSUM` for checksum failures (chunk or block hash), `E_CHUNK_INVALID` otherwise. */
  readonly code: 'E_CHUNK_INVALID' | 'E_CHECKSUM';
  /** Index of the offending chunk in the input, when there is one. */
  readonly position?: number;
  /** Block index concerned. */
  readonly block?: number;
  /** Offset concerned. */
  readonly offset?: number;
  /** Number of consecutive items concerned (missing blocks). */
  readonly count?: number;
  readonly message: string;
}
