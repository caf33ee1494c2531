import type { ValueType } from '../PipelineGraph.js';

/** What a node type accepts and emits, for the type check between connected nodes. */
export interface NodeTypeSignature {
  /** Value types accepted on inputs (empty for sources). */
  readonly accepts: readonly ValueType[];
  /** The emitted type: fixed, the input's type (`same`), or chosen by an option (`option:<name>`). */
  readonly emits: ValueType | 'same' | `option:${string}` | undefined;
}

const ALL: readonly ValueType[] = ['text', 'bigint', 'json', 'bytes', 'batch'];

/** Signatures by node type and role. */
export const SOURCE_TYPES: Readonly<Record<string, ValueType>> = {
  lines: 'text',
  ndjson: 'json',
  chunks: 'bigint',
  primes: 'bigint',
};

/** Stage signatures by type. */
export const STAGE_TYPES: Readonly<Record<string, NodeTypeSignature>> = {
  parse: { accepts: ['text', 'json'], emits: 'bigint' },
  factorize: { accepts: ['text', 'json', 'bigint'], emits: 'json' },
  decode: { accepts: ['bigint'], emits: 'bytes' },
  verify: { accepts: ['bigint'], emits: 'json' },
  encode: { accepts: ['text', 'bytes'], emits: 'bigint' },
  run: { accepts: ['bigint'], emits: 'text' },
  filter: { accepts: ALL, emits: 'same' },
  map: { accepts: ALL, emits: 'json' },
  batch: { accepts: ALL, emits: 'batch' },
  wasm: { accepts: ['text', 'bigint', 'json'], emits: 'option:output' },
};

/** Sink signatures by type (what each accepts). */
export const SINK_TYPES: Readonly<Record<string, readonly ValueType[]>> = {
  file: ALL,
  stdout: ALL,
  text: ['text', 'bigint', 'json', 'batch'],
  ndjson: ['text', 'bigint', 'json', 'batch'],
};
