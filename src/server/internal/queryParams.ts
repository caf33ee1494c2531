import { PrimeosError } from '../../model/PrimeosError.js';
import type { FactorJobSettings } from '../../stream/jobs/JobCheckpoint.js';
import type { ResolvedServerOptions } from '../ServerOptions.js';

/**
 * An integer query parameter within [min, max], or the fallback when absent.
 *
 * @param q - the query
 * @param name - parameter name
 * @param fallback - value when absent
 * @param min - smallest accepted value
 * @param max - largest accepted value
 * @returns the value
 * @throws PrimeosError `E_USAGE` for a value that is not an integer in range
 */
export function intParam(q: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const raw = q.get(name);
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new PrimeosError('E_USAGE', `query parameter ${name} must be an integer from ${min} to ${max}`);
  }
  return n;
}

/**
 * One of a set of words, or the fallback when absent.
 *
 * @param q - the query
 * @param name - parameter name
 * @param choices - accepted values (the first is the fallback)
 * @returns the value
 * @throws PrimeosError `E_USAGE` for any other value
 */
export function choiceParam<T extends string>(q: URLSearchParams, name: string, choices: readonly [T, ...T[]]): T {
  const raw = q.get(name);
  if (raw === null || raw === '') return choices[0];
  if (!(choices as readonly string[]).includes(raw)) {
    throw new PrimeosError('E_USAGE', `query parameter ${name} must be one of ${choices.join(', ')}`);
  }
  return raw as T;
}

/**
 * A boolean flag: absent, `0` or `false` is false; present empty, `1` or `true` is true.
 *
 * @param q - the query
 * @param name - parameter name
 * @returns the flag
 * @throws PrimeosError `E_USAGE` for any other value
 */
export function flagParam(q: URLSearchParams, name: string): boolean {
  const raw = q.get(name);
  if (raw === null || raw === '0' || raw === 'false') return false;
  if (raw === '' || raw === '1' || raw === 'true') return true;
  throw new PrimeosError('E_USAGE', `query parameter ${name} must be true or false`);
}

/**
 * The settings of a factor request from its query (`budgetMs`, `maxBits`, `seed`, `format`, `input`, `hex`,
 * `timings`), the same settings `primeos factor` takes as flags; the server's limits cap what a request may ask.
 *
 * @param q - the query
 * @param o - the server options (defaults and caps)
 * @returns the job settings
 * @throws PrimeosError `E_USAGE` for an invalid or out-of-range parameter
 */
export function factorSettingsFromQuery(q: URLSearchParams, o: ResolvedServerOptions): FactorJobSettings {
  return {
    input: choiceParam(q, 'input', ['auto', 'lines', 'ndjson'] as const),
    format: choiceParam(q, 'format', ['ndjson', 'text'] as const),
    budgetMs: intParam(q, 'budgetMs', Math.min(o.budgetMs, o.maxBudgetMs), 1, o.maxBudgetMs),
    seed: intParam(q, 'seed', 1, 0, 2 ** 31),
    maxBits: intParam(q, 'maxBits', o.maxBits, 1, o.maxBits),
    maxLineBytes: o.maxLineBytes,
    hex: flagParam(q, 'hex'),
    timings: flagParam(q, 'timings'),
  };
}
