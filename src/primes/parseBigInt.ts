/**
 * Strict integer parsing for user input (CLI, NDJSON): decimal or `0x` hexadecimal, optional sign.
 */
import { PrimeosError } from '../model/PrimeosError.js';
import { bitLength } from './arith.js';

/** Limits of {@link parseBigInt}. */
export interface ParseBigIntLimits {
  /** Largest accepted bit length of |n| (default {@link PARSE_DEFAULT_MAX_BITS}). */
  readonly maxBits?: number;
  /** Whether a leading '-' is accepted (default true). */
  readonly allowNegative?: boolean;
}

/** Default bit limit of {@link parseBigInt}. */
export const PARSE_DEFAULT_MAX_BITS = 1 << 20;

const DECIMAL = /^[+-]?[0-9]+$/;
const HEX = /^[+-]?0[xX][0-9a-fA-F]+$/;

/**
 * Parse a decimal (`"-123"`) or hexadecimal (`"0x7b"`) integer. Surrounding whitespace is ignored;
 * anything else (decimal points, exponents, underscores, empty text) is refused.
 *
 * @param text - the text
 * @param limits - size and sign limits
 * @returns the value
 * @throws PrimeosError `E_PARSE` when the text is not an integer literal (or is negative when refused);
 *   `E_RANGE` when it has more than `maxBits` bits
 * @example
 * ```ts
 * import { parseBigInt } from 'primeos/primes';
 * parseBigInt('0xff'); // 255n
 * parseBigInt(' -42 '); // -42n
 * ```
 */
export function parseBigInt(text: string, limits: ParseBigIntLimits = {}): bigint {
  const maxBits = limits.maxBits ?? PARSE_DEFAULT_MAX_BITS;
  const t = text.trim();
  const isHex = HEX.test(t);
  if (!isHex && !DECIMAL.test(t)) {
    throw new PrimeosError('E_PARSE', `not an integer: ${JSON.stringify(t.length > 40 ? `${t.slice(0, 40)}…` : t)}`);
  }
  const negative = t.startsWith('-');
  if (negative && limits.allowNegative === false)
    throw new PrimeosError('E_PARSE', 'negative numbers are not accepted');
  const digits = t.replace(/^[+-]/, '');
  // refuse clearly oversized input before the (quadratic) conversion; leading zeros add no bits
  const significant = (isHex ? digits.slice(2) : digits).replace(/^0+/, '').length;
  const approxBits = isHex ? significant * 4 - 4 : Math.floor((significant - 1) * 3.3219280948873626);
  if (approxBits > maxBits + 4) {
    throw new PrimeosError('E_RANGE', `integer has about ${approxBits} bits, above the limit of ${maxBits}`);
  }
  const magnitude = BigInt(digits);
  if (bitLength(magnitude) > maxBits) {
    throw new PrimeosError('E_RANGE', `integer has ${bitLength(magnitude)} bits, above the limit of ${maxBits}`);
  }
  return negative ? -magnitude : magnitude;
}
