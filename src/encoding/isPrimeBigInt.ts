import { modPow } from '../primes/arith.js';

const BASES = [2n, 3n, 5n, 7n, 11n, 13n, 17n, 19n, 23n, 29n, 31n, 37n, 41n] as const;
const EXTRA_BASES = [43n, 47n, 53n, 59n, 61n, 67n, 71n] as const;
/** Below this bound Miller–Rabin to the 13 prime bases 2…41 is deterministic (Sorenson–Webster ψ13). */
const DETERMINISTIC_LIMIT = 3317044064679887385961981n;

function strongProbablePrime(n: bigint, d: bigint, s: number, a: bigint): boolean {
  let x = modPow(a % n, d, n);
  if (x === 1n || x === n - 1n) return true;
  for (let i = 1; i < s; i++) {
    x = (x * x) % n;
    if (x === n - 1n) return true;
  }
  return false;
}

/**
 * Primality test for the VM's `PRIME` opcode and NTT modulus validation (kept local so encoding
 * depends only on the primes arithmetic kernels). Deterministic below 3.3·10^24 (Miller–Rabin to the
 * 13 prime bases 2…41); above, Miller–Rabin to the 20 prime bases 2…71 (a probable prime).
 *
 * @param n - the number to test
 * @returns whether n is (probably, above 3.3·10^24) prime
 *
 * @example
 * ```ts
 * import { isPrimeBigInt } from 'primeos/encoding';
 * isPrimeBigInt(998244353n); // true
 * ```
 */
export function isPrimeBigInt(n: bigint): boolean {
  if (n < 2n) return false;
  for (const p of BASES) {
    if (n === p) return true;
    if (n % p === 0n) return false;
  }
  let d = n - 1n;
  let s = 0;
  while ((d & 1n) === 0n) {
    d >>= 1n;
    s++;
  }
  for (const a of BASES) if (!strongProbablePrime(n, d, s, a)) return false;
  if (n < DETERMINISTIC_LIMIT) return true;
  for (const a of EXTRA_BASES) if (!strongProbablePrime(n, d, s, a)) return false;
  return true;
}
