import { PrimeosError } from '../../model/PrimeosError.js';

/**
 * The integer a public function was given, as a bigint: a bigint as is, a safe-integer Number converted; a
 * string is refused with `E_PARSE` (parse text with `parseBigInt` first), anything else (undefined, null, a
 * fraction, NaN, an object) with `E_RANGE`. JavaScript callers get a typed error instead of a `TypeError` from
 * deep inside the arithmetic.
 *
 * @param n - the argument
 * @param fn - the function's name, for the message
 * @returns the integer
 * @throws PrimeosError `E_PARSE` for a string, `E_RANGE` for any other non-integer
 */
export function integerArgument(n: unknown, fn: string): bigint {
  if (typeof n === 'bigint') return n;
  if (typeof n === 'number') {
    if (Number.isSafeInteger(n)) return BigInt(n);
    throw new PrimeosError('E_RANGE', `${fn}: ${n} is not a safe integer`);
  }
  if (typeof n === 'string') {
    throw new PrimeosError('E_PARSE', `${fn}: expected a bigint, got the string ${JSON.stringify(n.slice(0, 40))}`);
  }
  throw new PrimeosError('E_RANGE', `${fn}: expected a bigint, got ${n === null ? 'null' : typeof n}`);
}

/**
 * A numeric option: `undefined` stays undefined, a finite number in `[min, max]` is returned, anything else (NaN,
 * a string, a negative budget) is refused.
 *
 * @param value - the option value
 * @param name - the option's name, for the message
 * @param min - smallest accepted value
 * @param max - largest accepted value
 * @returns the value
 * @throws PrimeosError `E_RANGE` when it is not a number in range
 */
export function numberOption(value: unknown, name: string, min: number, max = Infinity): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || Number.isNaN(value) || value < min || value > max) {
    throw new PrimeosError('E_RANGE', `${name} must be a number from ${min} to ${max}, got ${String(value)}`);
  }
  return value;
}
