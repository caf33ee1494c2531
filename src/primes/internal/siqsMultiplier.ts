import { primesUpTo } from '../smallPrimes.js';

/** Square-free multipliers k tried by {@link siqsMultiplier}. */
export const SIQS_MULTIPLIERS: readonly number[] = [
  1, 2, 3, 5, 6, 7, 10, 11, 13, 14, 15, 17, 19, 21, 22, 23, 26, 29, 30, 31, 33, 34, 35, 37, 38, 39, 41, 42, 43, 46, 47,
  51, 53, 55, 57, 58, 59, 61, 62, 65, 66, 67, 69, 70, 71, 73,
];

const KS_PRIMES = primesUpTo(2000);

/**
 * Score tables built on first use. `weights[(row·P + i)·3 + c]` is the gain of multiplier row at KS prime i
 * when (n/p) has class c (0: p | n, 1: square, 2: non-square): 2·ln p/(p − 1) when (k/p)·(n/p) = 1, else 0.
 * `base[row]` is −½·ln k plus Σ ln p/p over the odd primes p | k (independent of n).
 */
interface KsTables {
  readonly weights: Float64Array;
  readonly base: Float64Array;
  /**
   * The non-zero squares modulo each KS prime, one bit per residue: prime i's residue r is bit r of the run
   * starting at bit `squaresAt[i]` (a lookup instead of Euler's criterion for every n).
   */
  readonly squares: Uint8Array;
  readonly squaresAt: Int32Array;
}
let ksTables: KsTables | undefined;

function multiplierTables(): KsTables {
  if (ksTables !== undefined) return ksTables;
  const P = KS_PRIMES.length;
  const squaresAt = new Int32Array(P);
  let bits = 0;
  for (let i = 0; i < P; i++) {
    squaresAt[i] = bits;
    bits += KS_PRIMES[i] as number;
  }
  const squares = new Uint8Array((bits + 7) >> 3);
  for (let i = 1; i < P; i++) {
    const p = KS_PRIMES[i] as number;
    const at = squaresAt[i] as number;
    for (let x = 1; 2 * x < p; x++) {
      const bit = at + ((x * x) % p);
      squares[bit >> 3]! |= 1 << (bit & 7);
    }
  }
  const weights = new Float64Array(SIQS_MULTIPLIERS.length * P * 3);
  const base = new Float64Array(SIQS_MULTIPLIERS.length);
  SIQS_MULTIPLIERS.forEach((k, row) => {
    let b = -0.5 * Math.log(k);
    for (let i = 1; i < P; i++) {
      const p = KS_PRIMES[i] as number;
      const r = k % p;
      if (r === 0) {
        b += Math.log(p) / p;
        continue;
      }
      const gain = (2 * Math.log(p)) / (p - 1);
      weights[(row * P + i) * 3 + (legendre(r, p) === 1 ? 1 : 2)] = gain;
    }
    base[row] = b;
  });
  ksTables = { weights, base, squares, squaresAt };
  return ksTables;
}

/**
 * n as big-endian base-2^12 digits, for {@link residueMod}: n mod p then costs one multiply-add per digit
 * in small-integer arithmetic instead of a BigInt division.
 *
 * @param n - a non-negative bigint
 * @returns the digits, most significant first
 * @example
 * ```ts
 * import { digits12, residueMod } from 'primeos/primes';
 * residueMod(digits12(10n ** 30n), 1009); // 10^30 mod 1009
 * ```
 */
export function digits12(n: bigint): Int32Array {
  const out: number[] = [];
  let v = n;
  do {
    out.push(Number(v & 0xfffn));
    v >>= 12n;
  } while (v > 0n);
  return Int32Array.from(out.reverse());
}

/**
 * n mod p from the digits of {@link digits12}. Exact for p < 2^41; every intermediate is a small
 * integer (< 2^31, the fast path) while p < 2^19.
 *
 * @param digits - n in base 2^12, most significant first
 * @param p - modulus, 1 ≤ p < 2^41
 * @returns n mod p
 * @example
 * ```ts
 * import { digits12, residueMod } from 'primeos/primes';
 * const digits = digits12(1000000016000000063n);
 * residueMod(digits, 1009) === Number(1000000016000000063n % 1009n); // true
 * ```
 */
export function residueMod(digits: Int32Array, p: number): number {
  let r = 0;
  for (let i = 0; i < digits.length; i++) r = (r * 4096 + (digits[i] as number)) % p;
  return r;
}

/**
 * Knuth–Schroeppel multiplier choice: the square-free k ≤ 73 maximising the expected contribution
 * of small primes to sieve values of kn, f(k) = −½·ln k + Σ_p g(p, kn)·ln p, where g is 2/(p−1) when
 * kn is a non-zero square mod the odd prime p, 1/p when p | k, and for p = 2 depends on kn mod 8
 * (2 when ≡ 1, 1 when ≡ 5, ½ when ≡ 3 or 7). The sum runs over the primes below 2000, with
 * (kn/p) = (k/p)·(n/p): (n/p) by a lookup in a table of the squares mod p, the (k/p) from a table, both
 * built once.
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
  const P = KS_PRIMES.length;
  const { weights, base, squares, squaresAt } = multiplierTables();
  const digits = digits12(n);
  // class of n per odd prime: 0 when p | n, 1 when a square, 2 when not
  const cls = new Int32Array(P);
  for (let i = 1; i < P; i++) {
    const p = KS_PRIMES[i] as number;
    const r = residueMod(digits, p);
    const bit = (squaresAt[i] as number) + r;
    cls[i] = i * 3 + (r === 0 ? 0 : ((squares[bit >> 3] as number) >> (bit & 7)) & 1 ? 1 : 2);
  }
  const n8 = Number(n & 7n);
  let best = 1;
  let bestScore = -Infinity;
  for (let row = 0; row < SIQS_MULTIPLIERS.length; row++) {
    const k = SIQS_MULTIPLIERS[row] as number;
    let score = base[row] as number;
    const m8 = (k * n8) % 8;
    if (m8 === 1) score += 2 * Math.LN2;
    else if (m8 === 5) score += Math.LN2;
    else if (m8 === 3 || m8 === 7) score += 0.5 * Math.LN2;
    const off = row * P * 3;
    for (let i = 1; i < P; i++) score += weights[off + (cls[i] as number)] as number;
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
