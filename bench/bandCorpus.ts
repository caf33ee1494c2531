/**
 * Deterministic corpora for the band benchmarks and tests: balanced semiprimes of a given size and
 * random numbers, from a seeded generator, with primes found by the library's own primality test.
 */
import { isPrime } from '../src/primes/primality.js';
import { seededRandom } from '../src/primes/internal/seededRandom.js';

/** The seeded 32-bit generator of the engines (mulberry32), under the name the benches use. */
export const rng: (seed: number) => () => number = seededRandom;

/** A uniformly random bigint of exactly `bits` bits. */
export function randomBits(next: () => number, bits: number): bigint {
  let r = 0n;
  for (let b = 0; b < bits; b += 32) r = (r << 32n) | BigInt(next());
  r &= (1n << BigInt(bits)) - 1n;
  return r | (1n << BigInt(bits - 1));
}

/** A random prime of exactly `bits` bits. */
export function randomPrime(next: () => number, bits: number): bigint {
  for (;;) {
    const c = randomBits(next, bits) | 1n;
    if (isPrime(c)) return c;
  }
}

/** `count` balanced semiprimes p·q of exactly `bits` bits (p, q of bits/2 each, p ≠ q). */
export function balancedSemiprimes(bits: number, count: number, seed = 1): { n: bigint; p: bigint; q: bigint }[] {
  const next = rng(seed * 7919 + bits);
  const out: { n: bigint; p: bigint; q: bigint }[] = [];
  while (out.length < count) {
    const p = randomPrime(next, Math.floor(bits / 2));
    const q = randomPrime(next, Math.ceil(bits / 2));
    const n = p * q;
    if (p !== q && n.toString(2).length === bits) out.push({ n, p: p < q ? p : q, q: p < q ? q : p });
  }
  return out;
}
