import type { ErrorCode } from '../../model/PrimeosError.js';
import { hasErrorCode } from '../../model/PrimeosError.js';
import { parseBigInt } from '../../primes/parseBigInt.js';

/** How input lines are read: one integer per line, NDJSON objects `{"n": "…"}`, or detected per line. */
export type JobInputFormat = 'auto' | 'lines' | 'ndjson';

/** What one input line means to a factor job. */
export type JobLine =
  | { readonly kind: 'skip' }
  | { readonly kind: 'number'; readonly n: bigint }
  | { readonly kind: 'error'; readonly code: ErrorCode; readonly message: string };

/** Limits applied while parsing a line. */
export interface JobLineOptions {
  readonly input: JobInputFormat;
  /** Inputs with more bits are refused with `E_RANGE` before any work. */
  readonly maxBits: number;
}

/** Longest input echoed back in a failed record. */
export const ECHO_MAX_CHARS = 64;

/**
 * The input as echoed in a failed record: at most {@link ECHO_MAX_CHARS} characters, with `…` when cut.
 *
 * @param text - the raw line
 * @returns the echo
 */
export function echoInput(text: string): string {
  return text.length <= ECHO_MAX_CHARS ? text : text.slice(0, ECHO_MAX_CHARS) + '…';
}

function parseNumber(text: string, maxBits: number): JobLine {
  // refuse oversized decimal/hex text before BigInt parsing does quadratic work on it (leading zeros add no bits)
  const digits = text.replace(/^[+-]?(0[xX])?0*/, '').length;
  const perDigit = /^[+-]?0[xX]/.test(text) ? 4 : Math.log2(10);
  if ((digits - 1) * perDigit > maxBits + 1 && /^[+-]?(0[xX][0-9a-fA-F]+|[0-9]+)$/.test(text)) {
    return {
      kind: 'error',
      code: 'E_RANGE',
      message: `number has about ${Math.ceil(digits * perDigit)} bits, above the limit of ${maxBits}`,
    };
  }
  try {
    return { kind: 'number', n: parseBigInt(text, { maxBits }) };
  } catch (err) {
    return hasErrorCode(err)
      ? { kind: 'error', code: err.code, message: err.message }
      : { kind: 'error', code: 'E_PARSE', message: String(err) };
  }
}

/**
 * True for a line a factor job passes over without a record: blank (after trimming) or a `#` comment.
 *
 * @param raw - the line without its terminator
 * @returns whether the line is skipped
 */
export function isJobSkipLine(raw: string): boolean {
  const text = raw.trim();
  return text === '' || text.startsWith('#');
}

/**
 * Interpret one input line of a factor job. Blank lines and `#` comments are skipped; an NDJSON line is an
 * object whose `n` is a decimal/hex string or a safe integer; anything else is an `error` line with a code.
 * Never throws.
 *
 * @param raw - the line without its terminator
 * @param options - input format and bit limit
 * @returns skip, a number, or a coded error
 * @example
 * ```ts
 * import { parseJobLine } from 'primeos/stream';
 * parseJobLine('{"n": "0x10"}', { input: 'auto', maxBits: 4096 }); // { kind: 'number', n: 16n }
 * ```
 */
export function parseJobLine(raw: string, options: JobLineOptions): JobLine {
  if (isJobSkipLine(raw)) return { kind: 'skip' };
  const text = raw.trim();
  const json = options.input === 'ndjson' || (options.input === 'auto' && text.startsWith('{'));
  if (!json) return parseNumber(text, options.maxBits);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { kind: 'error', code: 'E_PARSE', message: `invalid JSON: ${(err as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !('n' in value)) {
    return { kind: 'error', code: 'E_PARSE', message: 'expected a JSON object with a field "n"' };
  }
  const n = (value as { n: unknown }).n;
  if (typeof n === 'string') return parseNumber(n.trim(), options.maxBits);
  if (typeof n === 'number' && Number.isSafeInteger(n)) return { kind: 'number', n: BigInt(n) };
  return {
    kind: 'error',
    code: 'E_PARSE',
    message: 'field "n" must be a decimal or 0x-hex string (or a safe integer)',
  };
}
