/**
 * One item on a pipeline edge: its value and where it came from. `line` is the 1-based line (or position) of
 * the source record it derives from; `end` the source byte offset just past that record (checkpoints commit it).
 */
export interface Item {
  readonly v: unknown;
  readonly line: number;
  readonly end: number;
}

/**
 * A JSON value kept as its text until someone looks inside (filters, maps): factor records go from the worker to
 * an NDJSON sink without a parse/stringify round trip.
 */
export class RawJson {
  readonly text: string;
  #value: unknown;
  #parsed = false;
  constructor(text: string) {
    this.text = text;
  }
  /** The parsed value (parsed once). */
  get value(): unknown {
    if (!this.#parsed) {
      this.#value = JSON.parse(this.text);
      this.#parsed = true;
    }
    return this.#value;
  }
}

const bigintReplacer = (_k: string, v: unknown): unknown => (typeof v === 'bigint' ? v.toString() : v);

/**
 * The plain value of an item (RawJson parsed).
 *
 * @param v - an item value
 * @returns the value
 */
export function plain(v: unknown): unknown {
  return v instanceof RawJson ? v.value : v;
}

/**
 * An item value as JSON text (bigints as decimal strings, bytes as an array of numbers).
 *
 * @param v - an item value
 * @returns one line of JSON
 */
export function jsonText(v: unknown): string {
  if (v instanceof RawJson) return v.text;
  if (typeof v === 'bigint') return '"' + v.toString() + '"';
  if (v instanceof Uint8Array) return JSON.stringify(Array.from(v));
  if (Array.isArray(v)) return '[' + v.map((x) => jsonText(x)).join(',') + ']';
  return JSON.stringify(v, bigintReplacer) ?? 'null';
}

/**
 * An item value as one text line (text as it is, bigints in decimal, JSON values as JSON).
 *
 * @param v - an item value
 * @returns the line without its terminator
 */
export function lineText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'bigint') return v.toString();
  return jsonText(v);
}
