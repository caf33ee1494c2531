import { primesUpTo } from './smallPrimes.js';

/** Square-free multipliers k tried by {@link siqsMultiplier}. */
export const SIQS_MULTIPLIERS: readonly number[] = [
  1, 2, 3, 5, 6, 7, 10, 11, 13, 14, 15, 17, 19, 21, 22, 23, 26, 29, 30, 31, 33, 34, 35, 37, 38, 39, 41, 42, 43, 46, 47,
  51, 53, 55, 57, 58, 59, 61, 62, 65, 66, 67, 69, 70, 71, 73,
];

const KS_PRIMES = primesUpTo(2000);

/**
 * Knuth–Schroeppel multiplier choice: the square-free k ≤ 73 maximising the expected contribution
 * of small primes to sieve values of kn, f(k) = −½·ln k + Σ_p g(p, kn)·ln p, where g is 2/(p−1) when
 * kn is a non-zero square mod the odd prime p, 1/p when p | k, and for p = 2 depends on kn mod 8
 * (2 when ≡ 1, 1 when ≡ 5, ½ when ≡ 3 or 7).
 *
 * @param n - the odd number to factor (n > 1)
 * @returns the multiplier k (1 when none helps)
 * @example
 * ```ts
 * import { siqsMultiplier } from 'primeos/primes';
 * const k = siqsMultiplier(1000000016000000063n); // sieve k·n instead of n
 * ```
 */
export function siqsMultiplier(n: bigint): number {
  const residues = new Int32Array(KS_PRIMES.length);
  for (let i = 0; i < KS_PRIMES.length; i++) residues[i] = Number(n % BigInt(KS_PRIMES[i] as number));
  let best = 1;
  let bestScore = -Infinity;
  for (const k of SIQS_MULTIPLIERS) {
    let score = -0.5 * Math.log(k);
    const m8 = (k * Number(n % 8n)) % 8;
    if (m8 === 1) score += 2 * Math.LN2;
    else if (m8 === 5) score += Math.LN2;
    else if (m8 === 3 || m8 === 7) score += 0.5 * Math.LN2;
    for (let i = 1; i < KS_PRIMES.length; i++) {
      const p = KS_PRIMES[i] as number;
      const r = (k * (residues[i] as number)) % p;
      if (r === 0) {
        if (k % p === 0) score += Math.log(p) / p;
      } else if (legendre(r, p) === 1) score += (2 * Math.log(p)) / (p - 1);
    }
    if (score > bestScore) {
      bestScore = score;
      best = k;
    }
  }
  return best;
}

/** Legendre symbol (a/p) as ±1 for 0 < a < p, odd prime p < 2^26, by Euler's criterion. */
function legendre(a: number, p: number): number {
  let result = 1;
  let b = a;
  let e = (p - 1) / 2;
  while (e > 0) {
    if (e & 1) result = (result * b) % p;
    e >>>= 1;
    b = (b * b) % p;
  }
  return result === 1 ? 1 : -1;
}
