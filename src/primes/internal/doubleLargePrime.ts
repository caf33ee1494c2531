import { isPrime } from '../primality.js';
import { rho } from '../rho.js';
import { wasmSmallFactor, wasmSmallFactorsF64 } from './wasmKernel.js';

/** Seed of the splits (fixed: the relations of a batch depend on nothing but the batch). */
const SPLIT_SEED = 1;

/**
 * Splits a SIQS cofactor c (below 2^51, without prime factors up to the factor base's largest prime) into
 * two primes p ≤ q below `bound`, or returns undefined: c prime, more than two factors, a factor at or above
 * the bound. The WebAssembly kernel factors c in one call with no BigInt made; without it, Pollard rho and a
 * primality test on bigints give the same answer.
 *
 * @param c - the cofactor, an integer below 2^51
 * @param bound - both primes must be below it
 * @returns [p, q] with p ≤ q, p·q = c, or undefined
 */
export function splitDoubleLargePrime(c: number, bound: number): readonly [number, number] | undefined {
  const count = wasmSmallFactor(c, SPLIT_SEED);
  if (count !== undefined) {
    if (count !== 2) return undefined;
    const f = wasmSmallFactorsF64();
    const p = f[0] as number;
    const q = f[1] as number;
    return q < bound ? [p, q] : undefined;
  }
  const n = BigInt(c);
  if (isPrime(n)) return undefined;
  const out = rho(n, { seed: SPLIT_SEED });
  if (out.status !== 'found') return undefined;
  const a = Number(out.divisor);
  const b = c / a;
  const [p, q] = a < b ? [a, b] : [b, a];
  return q < bound && isPrime(p) && isPrime(q) ? [p, q] : undefined;
}
