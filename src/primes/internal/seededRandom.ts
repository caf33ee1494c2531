/**
 * A small deterministic 32-bit generator (mulberry32) for the engines' seeded choices.
 *
 * @param seed - any number (its low 32 bits are used)
 * @returns a function returning uniform unsigned 32-bit integers
 * @example
 * ```ts
 * import { seededRandom } from 'primeos/primes';
 * const next = seededRandom(42);
 * next(); // same value on every run
 * ```
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}
