import type { ErrorCode } from '../../model/PrimeosError.js';
import { bandedFactorize } from '../../bands/bandedFactorize.js';
import { classify } from '../../bands/classify.js';
import { bitLength } from '../../primes/arith.js';
import type { Factorization } from '../../primes/Factorization.js';
import { smallMethodNames } from '../../primes/factorize.js';
import {
  wasmSmallFactor,
  wasmSmallFactorsF64,
  wasmSmallFactorsU64,
  wasmSmallMethods,
  wasmTextLines,
  type WasmTextLines,
} from '../../primes/internal/wasmKernel.js';
import { factorRecordJson, factorTextLine, failedLineRecord } from './factorRecord.js';
import type { FactorJobSettings } from './JobCheckpoint.js';
import { TextBuffer } from './internal/TextBuffer.js';
import { echoInput, parseJobLine } from './jobLine.js';

/**
 * A batch of consecutive input lines of a factor job, as posted to a worker thread: plain strings and numbers,
 * so structured clone is cheap and the reply is one string. Either the lines one by one (`entries`), or a run of
 * lines as one text (`text`: one message for thousands of lines; the job's own batches).
 */
export type FactorJobBatchInput = FactorJobEntriesInput | FactorJobTextInput;

/** Lines one by one. */
export interface FactorJobEntriesInput {
  /** Each line's text, or, for a line above `settings.maxLineBytes`, its length in bytes. */
  readonly entries: readonly (string | number)[];
  /** 1-based line number of each entry. */
  readonly lines: readonly number[];
  readonly settings: FactorJobSettings;
}

/** Consecutive lines as one text. */
export interface FactorJobTextInput {
  /**
   * The lines as read, each ending in `\n` (`\r\n` accepted) except perhaps the last; a line above
   * `settings.maxLineBytes` appears empty here and is listed in `tooLong`.
   */
  readonly text: string;
  /** 1-based line number of the first line. */
  readonly firstLine: number;
  /** Pairs (index in the batch, length in bytes) of the lines above `settings.maxLineBytes`. */
  readonly tooLong?: readonly number[];
  /** Drop one `\r` before each `\n` (raw input bytes; default true). */
  readonly stripCr?: boolean;
  readonly settings: FactorJobSettings;
}

/**
 * The lines of a text batch one by one (for executors that take the entries form, e.g. a cluster's task
 * messages): the same lines, numbers and too-long lengths.
 *
 * @param input - a text batch
 * @returns the same batch as entries
 */
export function batchEntries(input: FactorJobTextInput): FactorJobEntriesInput {
  const entries: (string | number)[] = [];
  const lines: number[] = [];
  const add = (entry: string | number, line: number): void => {
    entries.push(entry);
    lines.push(line);
  };
  forEachLine(input, (text, from, to, line) => add(text.slice(from, to), line), add);
  return { entries, lines, settings: input.settings };
}

/** A visitor of a text line: the text and the range of the line (terminator and one `\r` before it excluded). */
type OnLine = (text: string, from: number, to: number, line: number) => void;
/** A visitor of a line above the limit: its byte length. */
type OnTooLong = (bytes: number, line: number) => void;

/** A position in a text batch: the line starting at `from`, its index `i` in the batch, the next too-long line. */
class LineCursor {
  from = 0;
  i = 0;
  #next = 0; // index in tooLong of the next too-long line
  readonly #text: string;
  readonly #firstLine: number;
  readonly #tooLong: readonly number[];
  readonly #stripCr: boolean;

  constructor(input: FactorJobTextInput) {
    this.#text = input.text;
    this.#firstLine = input.firstLine;
    this.#tooLong = input.tooLong ?? [];
    this.#stripCr = input.stripCr !== false;
  }

  get done(): boolean {
    return this.from >= this.#text.length;
  }
  /** Line number of the line at the cursor. */
  get line(): number {
    return this.#firstLine + this.i;
  }
  /** Index in the batch of the next too-long line (Infinity when none is left). */
  get nextTooLong(): number {
    return this.#tooLong[this.#next] ?? Infinity;
  }

  /** Visit the line at the cursor and move past it. */
  step(onLine: OnLine, onTooLong: OnTooLong): void {
    const text = this.#text;
    const from = this.from;
    let nl = text.indexOf('\n', from);
    const end = nl === -1 ? text.length : nl;
    if (nl === -1) nl = text.length;
    if (this.#tooLong[this.#next] === this.i) {
      onTooLong(this.#tooLong[this.#next + 1] as number, this.line);
      this.#next += 2;
    } else {
      // a terminated line loses one '\r' before its '\n' (as readLines does)
      const cut = this.#stripCr && end < text.length && end > from && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
      onLine(text, from, cut, this.line);
    }
    this.i++;
    this.from = nl + 1;
  }

  /** Move past `lines` lines handled elsewhere, the last of them ending just before offset `to`. */
  advance(lines: number, to: number): void {
    this.i += lines;
    this.from = to;
  }
}

/** Visit each line of a text batch, with its number. */
function forEachLine(input: FactorJobTextInput, onLine: OnLine, onTooLong: OnTooLong): void {
  const c = new LineCursor(input);
  while (!c.done) c.step(onLine, onTooLong);
}

/** The rendered output of a {@link FactorJobBatchInput}, with the counters the job commits. */
export interface FactorJobBatchOutput {
  /** The batch's output bytes: NDJSON records or GNU-style text lines, each ending in `\n`. */
  readonly text: string;
  /** Records written (blank and `#` lines write none), and of those failed and partial. */
  readonly records: number;
  readonly failed: number;
  readonly partial: number;
  /** In text format, the messages of failed lines (GNU `factor` writes them to stderr), in input order. */
  readonly errors: readonly string[];
}

/**
 * Parse, factorise and render one batch of job lines: the whole per-line work of a factor job, shared by the
 * in-thread path and the stream worker (`factorJobBatch` task) so both write the same bytes.
 *
 * @param input - line texts (or too-long lengths), their line numbers, the job settings
 * @param signal - cancels the factorisations in progress (results become `partial`, reason `aborted`)
 * @param given - factorisations already computed elsewhere, by number: such a line is rendered from its entry
 *   instead of being factorised again (the job's one hard number, sieved on every pool thread)
 * @returns the output text and counters
 * @example
 * ```ts
 * import { factorJobBatch } from 'primeos/stream';
 * const settings = { input: 'auto', format: 'text', budgetMs: 1000, seed: 1, maxBits: 4096,
 *   maxLineBytes: 1 << 20, hex: false, timings: false } as const;
 * factorJobBatch({ entries: ['12', '# note', '91'], lines: [1, 2, 3], settings }).text; // '12: 2 2 3\n91: 7 13\n'
 * ```
 */
export function factorJobBatch(
  input: FactorJobBatchInput,
  signal?: AbortSignal,
  given?: ReadonlyMap<bigint, Factorization>,
): FactorJobBatchOutput {
  const r = new BatchRenderer(input.settings, signal, given);
  if ('entries' in input) {
    const { entries, lines } = input;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i] as string | number;
      const line = lines[i] as number;
      if (typeof e === 'number' || !r.small(e, 0, e.length, line)) r.entry(e, line);
    }
  } else if (!r.textRun(input)) forEachLine(input, r.onLine, r.onTooLong);
  return r.result();
}

/** Band names by bit length (0–64) of the small-number path: what `classify` gives for those sizes. */
const SMALL_BANDS: readonly string[] = Array.from(
  { length: 65 },
  (_, b) => classify(b === 0 ? 0n : 1n << BigInt(b - 1)).name,
);
/** Numbers with at most 15 decimal digits are exact doubles (< 2^53). */
const MAX_NUMBER_DIGITS = 15;
const TWO_64 = 1n << 64n;

/** Bit length of a positive integer below 2^53. */
function bitsOf(x: number): number {
  return x < 4294967296 ? 32 - Math.clz32(x) : 64 - Math.clz32(Math.floor(x / 4294967296));
}

/** The lines of one batch rendered into one text, with the counters. */
class BatchRenderer {
  readonly #s: FactorJobSettings;
  readonly #text: boolean;
  readonly #engine: { budgetMs: number; seed: number; maxBits: number; signal?: AbortSignal };
  readonly #errors: string[] = [];
  readonly #signal: AbortSignal | undefined;
  readonly #out = new TextBuffer();
  #records = 0;
  #failed = 0;
  #partial = 0;

  readonly #given: ReadonlyMap<bigint, Factorization> | undefined;

  constructor(s: FactorJobSettings, signal: AbortSignal | undefined, given?: ReadonlyMap<bigint, Factorization>) {
    this.#s = s;
    this.#given = given;
    this.#text = s.format === 'text';
    this.#signal = signal;
    this.#engine = {
      budgetMs: s.budgetMs,
      seed: s.seed,
      maxBits: s.maxBits,
      ...(signal === undefined ? {} : { signal }),
    };
  }

  result(): FactorJobBatchOutput {
    return {
      text: this.#out.toString(),
      records: this.#records,
      failed: this.#failed,
      partial: this.#partial,
      errors: this.#errors,
    };
  }

  #fail(line: number, echo: string | undefined, code: ErrorCode, message: string): void {
    this.#records++;
    this.#failed++;
    if (this.#text) this.#errors.push(`primeos: line ${line}: ${message}`);
    else this.#out.text(JSON.stringify(failedLineRecord(line, echo, code, message)) + '\n');
  }

  #aborted(): boolean {
    return this.#signal?.aborted === true;
  }

  /**
   * A whole text batch by the kernel's line runs: pieces of whole ASCII lines are copied into the kernel, which
   * factors and renders (GNU text or NDJSON records) every plain decimal below 2^64 in one call; each line it
   * leaves (blank, comment, signs, too big, too long, JSON, non-ASCII) goes through {@link small}/{@link entry} as
   * before, so the bytes are the same. False (nothing done) when the batch does not qualify (timings, ndjson
   * input, hex NDJSON, no kernel).
   */
  textRun(input: FactorJobTextInput): boolean {
    const s = this.#s;
    if (s.input === 'ndjson' || s.timings || wasmTextLines() === undefined) return false;
    // NDJSON: the kernel writes the band and engine names JS gives it (hex numbers stay with JS)
    const ndjson = !this.#text;
    if (ndjson && (s.hex || !kernelNames())) return false;
    const { text } = input;
    const stripCr = input.stripCr !== false;
    const c = new LineCursor(input);
    while (!c.done) {
      const k = wasmTextLines() as WasmTextLines;
      if (c.nextTooLong === c.i || this.#aborted()) {
        c.step(this.onLine, this.onTooLong);
        continue;
      }
      // a piece of whole lines that fits the kernel's input area
      let to = Math.min(text.length, c.from + k.input.length);
      if (to < text.length) {
        const nl = text.lastIndexOf('\n', to - 1);
        if (nl < c.from) {
          c.step(this.onLine, this.onTooLong); // a line longer than the input area
          continue;
        }
        to = nl + 1;
      }
      const { read, written } = ENCODER.encodeInto(text.substring(c.from, to), k.input);
      if (read !== to - c.from || written !== read) {
        // not ASCII: line by line
        while (c.from < to) c.step(this.onLine, this.onTooLong);
        continue;
      }
      // the kernel over the piece, which starts at `base`: the cursor stays at base + pos
      const base = c.from;
      let pos = 0;
      while (pos < written && c.nextTooLong !== c.i && !this.#aborted()) {
        const until = Math.min(0x7fffffff, c.nextTooLong - c.i);
        const format = ndjson ? { ndjson, line0: c.line } : { ndjson };
        const run = (wasmTextLines() as WasmTextLines).run(pos, written, until, s.seed, s.maxBits, stripCr, format);
        if (run.lines > 0) {
          this.#out.bytes(run.output);
          this.#records += run.lines;
          c.advance(run.lines, base + run.pos);
        } else c.step(this.onLine, this.onTooLong); // the line at pos is not the kernel's: the JS path
        pos = c.from - base;
      }
    }
    return true;
  }

  /** A line of a text batch by the JS paths: the small-number path, else the general one. */
  readonly onLine: OnLine = (text, from, to, line) => {
    if (!this.small(text, from, to, line)) this.entry(text.slice(from, to), line);
  };
  /** A line above the limit: a failed record. */
  readonly onTooLong: OnTooLong = (bytes, line) => this.entry(bytes, line);

  /** One input line (its text, or its byte length when it is too long), by the general path. */
  entry(entry: string | number, line: number): void {
    const s = this.#s;
    if (typeof entry === 'number') {
      this.#fail(line, undefined, 'E_RANGE', `line has ${entry} bytes, above the limit of ${s.maxLineBytes}`);
      return;
    }
    const parsed = parseJobLine(entry, s);
    if (parsed.kind === 'skip') return;
    if (parsed.kind === 'error') {
      this.#fail(line, echoInput(entry), parsed.code, parsed.message);
      return;
    }
    const f: Factorization = this.#given?.get(parsed.n) ?? bandedFactorize(parsed.n, this.#engine);
    this.#records++;
    if (f.status === 'partial') this.#partial++;
    if (!this.#text) {
      if (f.status === 'failed') this.#failed++;
      this.#out.text(factorRecordJson(line, f, s) + '\n');
    } else if (f.status !== 'failed') this.#out.text(factorTextLine(f) + '\n');
    else {
      // 0 has no factorisation: failed in both formats (the same count, the same exit code); text still
      // prints GNU factor's "0:" line so its stdout stays GNU-compatible
      if (f.n === 0n) this.#out.ascii('0:\n');
      this.#failed++;
      this.#errors.push(`primeos: line ${line}: ${f.error.message}`);
    }
  }

  /**
   * The small-number path: a line `raw[from, to)` that is a plain decimal 0 < |n| < 2^64 is factored by one kernel
   * call and rendered straight from its factors (no bigint below 2^53, no Factorization object), byte-identical
   * to the general path. False (nothing done) when the line is anything else.
   */
  small(raw: string, from: number, to: number, line: number): boolean {
    const s = this.#s;
    if (s.input === 'ndjson' || s.timings || this.#signal?.aborted === true) return false;
    const neg = to > from && raw.charCodeAt(from) === 45;
    const start = neg ? from + 1 : from;
    const digits = to - start;
    if (digits < 1 || digits > 20) return false;
    let x = 0;
    for (let i = start; i < to; i++) {
      const c = raw.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return false;
      x = x * 10 + c; // exact up to 15 digits
    }
    let count: number | undefined;
    let bits: number;
    let big = 0n;
    if (digits <= MAX_NUMBER_DIGITS) {
      if (x === 0) return false;
      bits = bitsOf(x);
      if (bits > s.maxBits) return false;
      count = wasmSmallFactor(x, s.seed);
    } else {
      big = BigInt(raw.slice(start, to));
      if (big >= TWO_64) return false;
      bits = bitLength(big);
      if (bits > s.maxBits) return false;
      count = wasmSmallFactor(big, s.seed);
    }
    if (count === undefined || count < 0) return false;
    const hex = s.hex && !this.#text;
    const o = this.#out;
    this.#records++;
    const f64 = wasmSmallFactorsF64();
    const u64 = big === 0n ? undefined : wasmSmallFactorsU64();
    // n as written: the input's own digits unless they need normalising (leading zeros, hex)
    const writeN = (): void => {
      if (neg) o.byte(45);
      if (big !== 0n) o.ascii(hex ? '0x' + big.toString(16) : big.toString());
      else if (hex) {
        o.ascii('0x');
        o.int(x, 16);
      } else if (raw.charCodeAt(start) === 48) o.int(x);
      else o.asciiRange(raw, start, to);
    };
    if (this.#text) {
      writeN();
      o.ascii(neg ? ': -1' : ':');
      for (let i = 0; i < count; i++) {
        o.byte(32);
        if (u64 === undefined) o.int(f64[i] as number);
        else o.ascii((u64[i] as bigint).toString());
      }
      o.byte(10);
      return true;
    }
    o.ascii('{"line":');
    o.int(line);
    o.ascii(',"n":"');
    writeN();
    o.ascii(neg ? '","status":"complete","sign":-1,"factors":[' : '","status":"complete","sign":1,"factors":[');
    for (let i = 0; i < count;) {
      let k = i + 1;
      while (k < count && f64[k] === f64[i] && (u64 === undefined || u64[k] === u64[i])) k++;
      o.ascii(i > 0 ? ',{"prime":"' : '{"prime":"');
      if (u64 !== undefined) o.ascii(hex ? '0x' + (u64[i] as bigint).toString(16) : (u64[i] as bigint).toString());
      else {
        if (hex) o.ascii('0x');
        o.int(f64[i] as number, hex ? 16 : 10);
      }
      o.ascii('","exponent":');
      o.int(k - i);
      o.ascii(',"certainty":"proven"}');
      i = k;
    }
    o.ascii('],"bits":');
    o.int(bits);
    o.ascii(',"band":"');
    o.ascii(SMALL_BANDS[bits] as string);
    o.ascii('","method":');
    o.ascii(methodsJson(wasmSmallMethods()));
    o.ascii('}\n');
    return true;
  }
}

const ENCODER = new TextEncoder();

let namesGiven: boolean | undefined;
/** Give the kernel the NDJSON band and engine names once per thread; false when it cannot take them. */
function kernelNames(): boolean {
  if (namesGiven === undefined) {
    const methods = Array.from({ length: 8 }, (_, code) => smallMethodNames(code)[0] ?? 'unknown');
    namesGiven = wasmTextLines()?.names(SMALL_BANDS, methods) ?? false;
  }
  return namesGiven;
}

const methodsJsonCache = new Map<number, string>();
/** The JSON array of a kernel method code (one string per code). */
function methodsJson(code: number): string {
  let json = methodsJsonCache.get(code);
  if (json === undefined) methodsJsonCache.set(code, (json = JSON.stringify(smallMethodNames(code))));
  return json;
}
