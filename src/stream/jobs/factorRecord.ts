import type { ErrorCode } from '../../model/PrimeosError.js';
import type { Factorization, PrimeFactor } from '../../primes/Factorization.js';

/** How bigints are written in records. */
export interface FactorRecordOptions {
  /** Write bigints as `0x…` hex strings instead of decimal. */
  readonly hex?: boolean;
  /** Include `elapsedMs` (off by default, so the same input gives the same bytes). */
  readonly timings?: boolean;
}

/** A JSON-ready factor record (bigints as strings). */
export type FactorRecord = Record<string, unknown>;

/**
 * The NDJSON record of one factorisation (docs/ARCHITECTURE.md §3): bigints as decimal (or hex) strings, never JSON
 * numbers; timing only when asked for.
 *
 * @param line - 1-based input line number
 * @param f - the factorisation
 * @param options - hex and timing switches
 * @returns the record object
 * @example
 * ```ts
 * import { factorRecord } from 'primeos/stream';
 * import { factorize } from 'primeos/primes';
 * JSON.stringify(factorRecord(1, factorize(12n)));
 * // {"line":1,"n":"12","status":"complete","sign":1,"factors":[{"prime":"2","exponent":2,"certainty":"proven"},…
 * ```
 */
export function factorRecord(line: number, f: Factorization, options: FactorRecordOptions = {}): FactorRecord {
  const big = (x: bigint): string =>
    options.hex ? (x < 0n ? '-0x' + (-x).toString(16) : '0x' + x.toString(16)) : x.toString();
  const r: FactorRecord = {
    line,
    n: big(f.n),
    status: f.status,
    sign: f.sign,
    factors: f.factors.map((x) => ({ prime: big(x.prime), exponent: x.exponent, certainty: x.certainty })),
    bits: f.bits,
    band: f.band,
    method: f.method,
  };
  if (f.status === 'partial') {
    r.cofactor = big(f.cofactor);
    r.witness = big(f.witness);
    r.reason = f.reason;
    r.effort = f.effort;
  }
  if (f.status === 'failed') r.error = f.error;
  if (options.timings) r.elapsedMs = Math.round(f.elapsedMs * 1000) / 1000;
  return r;
}

/** Strings JSON writes as they are (no escapes): engine, band and certainty names. */
const PLAIN_JSON_STRING = /^[\w .:+-]*$/;
const jsonString = (x: string): string => (PLAIN_JSON_STRING.test(x) ? '"' + x + '"' : JSON.stringify(x));

/**
 * `JSON.stringify(factorRecord(line, f, options))`, byte for byte, written directly for complete results (the
 * NDJSON hot path of a factor job: no intermediate objects); other results go through {@link factorRecord}.
 *
 * @param line - 1-based input line number
 * @param f - the factorisation
 * @param options - hex and timing switches
 * @returns the record as one JSON line (without newline)
 * @example
 * ```ts
 * import { factorRecordJson } from 'primeos/stream';
 * import { factorize } from 'primeos/primes';
 * factorRecordJson(1, factorize(12n)); // '{"line":1,"n":"12","status":"complete","sign":1,"factors":[…'
 * ```
 */
export function factorRecordJson(line: number, f: Factorization, options: FactorRecordOptions = {}): string {
  if (f.status !== 'complete' || options.timings) return JSON.stringify(factorRecord(line, f, options));
  const hex = options.hex === true;
  const big = (x: bigint): string =>
    hex ? (x < 0n ? '-0x' + (-x).toString(16) : '0x' + x.toString(16)) : x.toString();
  let s = '{"line":' + line + ',"n":"' + big(f.n) + '","status":"complete","sign":' + f.sign + ',"factors":[';
  const fs = f.factors;
  for (let i = 0; i < fs.length; i++) {
    const x = fs[i] as PrimeFactor;
    if (i > 0) s += ',';
    s += '{"prime":"' + big(x.prime) + '","exponent":' + x.exponent + ',"certainty":' + jsonString(x.certainty) + '}';
  }
  s += '],"bits":' + f.bits;
  if (f.band !== undefined) s += ',"band":' + jsonString(f.band);
  s += ',"method":[';
  const ms = f.method;
  for (let i = 0; i < ms.length; i++) s += (i > 0 ? ',' : '') + jsonString(ms[i] as string);
  return s + ']}';
}

/**
 * The record of an input line that could not be parsed or was refused before factorisation.
 *
 * @param line - 1-based line number
 * @param input - the (truncated) input text, if any
 * @param code - error code
 * @param message - error message
 * @returns the record object
 */
export function failedLineRecord(
  line: number,
  input: string | undefined,
  code: ErrorCode,
  message: string,
): FactorRecord {
  return { line, ...(input === undefined ? {} : { input }), status: 'failed', error: { code, message } };
}

/**
 * GNU `factor`-style text line: `n: p p q` with repeated primes. Negative n lists `-1` first; a partial
 * result ends with `composite:c` for the unsplit cofactor.
 *
 * @param f - a complete or partial factorisation
 * @returns the line without newline
 */
export function factorTextLine(f: Factorization): string {
  const parts: string[] = [`${f.n}:`];
  if (f.sign < 0) parts.push('-1');
  for (const { prime, exponent } of f.factors) for (let i = 0; i < exponent; i++) parts.push(prime.toString());
  if (f.status === 'partial') parts.push(`composite:${f.cofactor}`);
  return parts.join(' ');
}
