/**
 * Exact prime counting π(x) by the Meissel–Lehmer method, and li-based estimates.
 *
 * π(x) = φ(x, a) + a − 1 − P2(x, a) with a = π(∛x), where φ(x, a) counts the integers ≤ x free of the
 * first a primes and P2(x, a) = Σ_{∛x < p ≤ √x} (π(x/p) − π(p) + 1) counts those with exactly two prime
 * factors above p_a. φ is evaluated by the recurrence φ(x, b) = φ(x, b−1) − φ(x/p_b, b−1) over a
 * bit-packed π table up to x/p_{a+1} ≤ x^{2/3} (built by the segmented sieve) with three cut-offs: a
 * periodic table for b ≤ 6 (primes to 13, period 30030), φ(y, b) = π(y) − b + 1 when y < p_{b+1}², and
 * φ(y, b) = 1 for every remaining b once p_b² > y. Time and memory grow like x^{2/3}.
 */
import { PrimeosError } from '../model/PrimeosError.js';
import { POPCOUNT8, SegmentedSieve, WHEEL } from './SegmentedSieve.js';
import { countPrimes } from './sieve.js';
import { primesUpTo } from './smallPrimes.js';

/** Largest x accepted by {@link primeCount} (about 3 s and 16 MB of π table at 10^13). */
export const PRIME_COUNT_MAX = 1e13;

/** φ(y, b) is memoised for y < CACHE_Y and b < CACHE_B. */
const CACHE_Y = 1 << 16;
const CACHE_B = 100;

/** Below this bound π(x) is counted by sieving directly. */
const SIEVE_CUTOFF = 10_000_000;

/** Wheel bits whose residue is ≤ r (r in 0..29). */
const MASK_LE = new Uint8Array(30);
for (let r = 0; r < 30; r++) {
  let m = 0;
  WHEEL.forEach((w, k) => {
    if (w <= r) m |= 1 << k;
  });
  MASK_LE[r] = m;
}

/** π over [0, limit] from a prime bitmap (bit set = prime) with counts every 8 bytes. */
class PiTable {
  readonly limit: number;
  readonly #bits: Uint8Array;
  readonly #cum: Uint32Array;

  constructor(limit: number) {
    this.limit = limit;
    const nBytes = Math.floor(limit / 30) + 1;
    const bits = new Uint8Array(nBytes);
    const sieve = new SegmentedSieve(0, nBytes);
    while (sieve.next()) {
      const seg = sieve.bytes;
      const base = sieve.byteStart;
      for (let i = 0; i < sieve.length; i++) bits[base + i] = ~(seg[i] as number) & 0xff;
    }
    const cum = new Uint32Array((nBytes >> 3) + 1);
    let c = 3; // 2, 3, 5
    for (let blk = 0; blk < cum.length; blk++) {
      cum[blk] = c;
      const end = Math.min(nBytes, (blk + 1) << 3);
      for (let i = blk << 3; i < end; i++) c += POPCOUNT8[bits[i] as number] as number;
    }
    this.#bits = bits;
    this.#cum = cum;
  }

  /** π(v) for 0 ≤ v ≤ limit. */
  pi(v: number): number {
    if (v < 7) return v < 2 ? 0 : v < 3 ? 1 : v < 5 ? 2 : 3;
    const byte = Math.floor(v / 30);
    const bits = this.#bits;
    let c = this.#cum[byte >> 3] as number;
    for (let i = byte & ~7; i < byte; i++) c += POPCOUNT8[bits[i] as number] as number;
    return c + (POPCOUNT8[(bits[byte] as number) & (MASK_LE[v - 30 * byte] as number)] as number);
  }
}

/** φ(v, 7) via the period Q = 2·3·5·7·11·13·17 = 510510 with φ(Q, 7) = 92160 (table built on first use). */
const Q7 = 510510;
let PHI7: Uint32Array | undefined;
function phi7Table(): Uint32Array {
  if (PHI7) return PHI7;
  const t = new Uint32Array(Q7);
  let c = 0;
  for (let r = 0; r < Q7; r++) {
    if (r % 2 && r % 3 && r % 5 && r % 7 && r % 11 && r % 13 && r % 17) c++;
    t[r] = c;
  }
  PHI7 = t;
  return t;
}
const SMALL_P = [2, 3, 5, 7, 11, 13, 17] as const;
/** How many leading primes the periodic table removes. */
const C = 7;

function phiSmall(x: number, a: number): number {
  if (a === C) return Math.floor(x / Q7) * 92160 + (phi7Table()[x % Q7] as number);
  if (a === 0) return x;
  const p = SMALL_P[a - 1] as number;
  return phiSmall(x, a - 1) - phiSmall(Math.floor(x / p), a - 1);
}

function checkX(x: number | bigint, what: string): number {
  const v = typeof x === 'bigint' ? Number(x) : x;
  if (typeof x === 'bigint' ? x < 0n : !Number.isSafeInteger(v) || v < 0) {
    throw new PrimeosError('E_RANGE', `${what}: x must be a non-negative integer, got ${x}`, { x: String(x) });
  }
  return v;
}

/**
 * π(x): the exact number of primes ≤ x, by the Meissel–Lehmer method (sieve below 10^7). About
 * x^{2/3} work: ~0.15 s at 10^11, ~0.6 s at 10^12, ~3.5 s at 10^13 on one core.
 *
 * @param x - a non-negative integer ≤ {@link PRIME_COUNT_MAX} (10^13)
 * @returns π(x)
 * @throws PrimeosError `E_RANGE` when x is negative, not an integer, or above 10^13 (use
 *   {@link approxPrimeCount} for an estimate)
 * @example
 * ```ts
 * import { primeCount } from 'primeos/primes';
 * primeCount(10 ** 12); // 37607912018
 * ```
 */
export function primeCount(x: number | bigint): number {
  const xv = checkX(x, 'primeCount');
  if (xv > PRIME_COUNT_MAX) {
    throw new PrimeosError('E_RANGE', `primeCount: x = ${x} is above the exact-counting limit ${PRIME_COUNT_MAX}`, {
      x: String(x),
      limit: PRIME_COUNT_MAX,
    });
  }
  if (xv < SIEVE_CUTOFF) return countPrimes(xv);
  let cbrt = Math.floor(Math.cbrt(xv));
  while ((cbrt + 1) ** 3 <= xv) cbrt++;
  while (cbrt ** 3 > xv) cbrt--;
  let sqrt = Math.floor(Math.sqrt(xv));
  while ((sqrt + 1) * (sqrt + 1) <= xv) sqrt++;
  while (sqrt * sqrt > xv) sqrt--;
  const primes = primesUpTo(sqrt + 1);
  let a = 0;
  while (a < primes.length && (primes[a] as number) <= cbrt) a++;
  const limit = Math.floor(xv / (primes[a] as number));
  const table = new PiTable(limit);
  const pi = (v: number): number => table.pi(v);

  // memo of φ(y, b) for small y and b (stored +1; 0 = unknown)
  const cache: (Uint32Array | undefined)[] = [];
  const phi = (y: number, b: number): number => {
    if (b <= C) return phiSmall(y, b);
    const memo = y < CACHE_Y && b < CACHE_B;
    if (memo) {
      const row = cache[b];
      const hit = row === undefined ? 0 : (row[y] as number);
      if (hit !== 0) return hit - 1;
    }
    const r = phiLarge(y, b);
    if (memo) (cache[b] ??= new Uint32Array(CACHE_Y))[y] = r + 1;
    return r;
  };
  const phiLarge = (y: number, b: number): number => {
    if (y <= limit) {
      const pb1 = primes[b] as number; // p_{b+1}
      if (y < pb1 * pb1) {
        const c = pi(y);
        return c >= b ? c - b + 1 : y >= 1 ? 1 : 0;
      }
    }
    let result = phiSmall(y, C);
    for (let k = C; k < b; k++) {
      const p = primes[k] as number; // p_{k+1}
      if (p * p > y) {
        // every remaining term φ(y/p, k) equals 1 while p ≤ y
        const last = y <= limit ? Math.min(b, pi(y)) : b;
        if (last > k) result -= last - k;
        break;
      }
      result -= phi(Math.floor(y / p), k);
    }
    return result;
  };

  let result = phi(xv, a) + a - 1;
  for (let b = a; b < primes.length; b++) {
    const p = primes[b] as number;
    if (p > sqrt) break;
    result -= pi(Math.floor(xv / p)) - b; // π(x/p_{b+1}) − π(p_{b+1}) + 1 with π(p_{b+1}) = b + 1
  }
  return result;
}

/** The logarithmic integral li(x) for x > 1 (Ramanujan's series). */
function li(x: number): number {
  const L = Math.log(x);
  const EULER_GAMMA = 0.5772156649015329;
  let sum = 0;
  let term = 1; // (L^n / n!)
  let inner = 0;
  for (let n = 1; n < 200; n++) {
    term *= L / n;
    if ((n - 1) % 2 === 0) inner += 1 / (2 * Math.floor((n - 1) / 2) + 1);
    const t = (n % 2 === 1 ? 1 : -1) * term * inner * 2 ** -(n - 1);
    sum += t;
    if (Math.abs(t) < 1e-17 * Math.abs(sum)) break;
  }
  return EULER_GAMMA + Math.log(L) + Math.sqrt(x) * sum;
}

const MOBIUS = [0, 1, -1, -1, 0, -1, 1, -1, 0, 0, 1, -1, 0, -1, 1, 1, 0, -1, 0, -1, 0] as const;

/** Riemann's R(x) = Σ μ(n)/n · li(x^{1/n}). */
function riemannR(x: number): number {
  let s = 0;
  for (let n = 1; n < MOBIUS.length; n++) {
    const mu = MOBIUS[n] as number;
    if (mu === 0) continue;
    const r = x ** (1 / n);
    if (r < 2) break;
    s += (mu / n) * li(r);
  }
  return s;
}

/** A labelled estimate (never an exact count). */
export interface PrimeCountEstimate {
  /** The estimated value (rounded to an integer). */
  readonly value: number;
  /** Always true: this is an estimate, not an exact count. */
  readonly estimate: true;
  /** The formula used. */
  readonly method: 'riemann-R';
}

/**
 * An estimate of π(x) by Riemann's R function (relative error ~10^-6 around 10^12). For any size of x.
 *
 * @param x - a non-negative number (or bigint)
 * @returns the labelled estimate
 * @throws PrimeosError `E_RANGE` for negative input
 * @example
 * ```ts
 * import { approxPrimeCount } from 'primeos/primes';
 * approxPrimeCount(1e20).value; // ≈ 2.2201·10^18
 * ```
 */
export function approxPrimeCount(x: number | bigint): PrimeCountEstimate {
  const v = typeof x === 'bigint' ? Number(x) : x;
  if (!(v >= 0)) throw new PrimeosError('E_RANGE', `approxPrimeCount: x must be ≥ 0, got ${x}`);
  return { value: v < 2 ? 0 : Math.round(riemannR(v)), estimate: true, method: 'riemann-R' };
}

/**
 * An estimate of p_n, the n-th prime (1-based), by inverting Riemann's R with Newton steps.
 *
 * @param n - a positive index
 * @returns the labelled estimate of p_n
 * @throws PrimeosError `E_RANGE` when n < 1
 * @example
 * ```ts
 * import { approxNthPrime } from 'primeos/primes';
 * approxNthPrime(1e6).value; // ≈ 15485863
 * ```
 */
export function approxNthPrime(n: number): PrimeCountEstimate {
  if (!(n >= 1)) throw new PrimeosError('E_RANGE', `approxNthPrime: n must be ≥ 1, got ${n}`);
  if (n < 6) return { value: [2, 3, 5, 7, 11][n - 1] as number, estimate: true, method: 'riemann-R' };
  const ln = Math.log(n);
  let x = n * (ln + Math.log(ln) - 1);
  for (let i = 0; i < 20; i++) {
    const dx = (riemannR(x) - n) * Math.log(x);
    x -= dx;
    if (Math.abs(dx) < 0.5) break;
  }
  return { value: Math.round(x), estimate: true, method: 'riemann-R' };
}
