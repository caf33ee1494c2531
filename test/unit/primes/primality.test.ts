import { isProbablyPrime } from 'bigint-crypto-utils';
import {
  compositeWitness,
  DETERMINISTIC_MR_LIMIT,
  isExtraStrongLucasProbablePrime,
  isPrime,
  isStrongLucasProbablePrime,
  isStrongProbablePrime,
  primalityOf,
} from '../../../src/primes/primality.js';
import { primesUpTo } from '../../../src/primes/smallPrimes.js';

/** Strong pseudoprimes to many small bases (the ψ_k of Jaeschke / Zhang / Sorenson–Webster). */
const STRONG_PSEUDOPRIMES = [
  2047n,
  1373653n,
  25326001n,
  3215031751n,
  2152302898747n,
  3474749660383n,
  341550071728321n,
  3825123056546413051n,
  318665857834031151167461n,
  3317044064679887385961981n,
];
const CARMICHAEL = [561n, 1105n, 1729n, 2465n, 2821n, 6601n, 8911n, 10585n, 15841n, 29341n, 41041n, 46657n];

/** Base-2 strong pseudoprimes (OEIS A001262), including the Wieferich squares 1093² and 3511². */
const SPSP2 = [2047, 3277, 4033, 4681, 8321, 15841, 29341, 42799, 49141, 52633, 65281, 74665, 80581, 1194649, 12327121];

/** Jacobi symbol (a/n), odd n > 0, in Number arithmetic (an implementation independent of arith.ts). */
function jacobiNum(a: number, n: number): number {
  a = ((a % n) + n) % n;
  let t = 1;
  while (a !== 0) {
    while (a % 2 === 0) {
      a /= 2;
      if (n % 8 === 3 || n % 8 === 5) t = -t;
    }
    [a, n] = [n, a];
    if (a % 4 === 3 && n % 4 === 3) t = -t;
    a %= n;
  }
  return n === 1 ? t : 0;
}

/**
 * The extra strong Lucas test straight from its definition (n < 2^26): Baillie's P, then U_k and V_k
 * term by term from U_{k+1} = P·U_k − U_{k−1}, V_{k+1} = P·V_k − V_{k−1} (Q = 1) up to k = n + 1.
 */
function naiveExtraStrongLucas(n: number): boolean {
  let P = 3;
  for (;;) {
    const j = jacobiNum(P * P - 4, n);
    if (j === -1) break;
    if (j === 0 && (P * P - 4) % n !== 0) return false;
    P++;
    if (P > 1000) return false; // a square
  }
  let d = n + 1;
  let s = 0;
  while (d % 2 === 0) {
    d /= 2;
    s++;
  }
  const V: number[] = [2 % n, P % n];
  const U: number[] = [0, 1];
  for (let k = 1; k <= n; k++) {
    V.push((((P * (V[k] as number) - (V[k - 1] as number)) % n) + n) % n);
    U.push((((P * (U[k] as number) - (U[k - 1] as number)) % n) + n) % n);
  }
  if (U[d] === 0 && (V[d] === 2 % n || V[d] === n - 2)) return true;
  for (let r = 0; r < s - 1; r++) if (V[d * 2 ** r] === 0) return true;
  return false;
}

function trialIsPrime(n: number): boolean {
  if (n < 2) return false;
  for (let d = 2; d * d <= n; d++) if (n % d === 0) return false;
  return true;
}

describe('primalityOf / isPrime', () => {
  it('agrees with trial division on every n < 100000', () => {
    const mismatches: number[] = [];
    for (let n = 0; n < 100000; n++) if (isPrime(n) !== trialIsPrime(n)) mismatches.push(n);
    expect(mismatches).toEqual([]);
  });

  it('rejects the strong pseudoprimes to small prime bases and reports a witness that fails MR', () => {
    for (const n of STRONG_PSEUDOPRIMES) {
      expect(primalityOf(n)).toBe('composite');
      const w = compositeWitness(n);
      expect(isStrongProbablePrime(n, w)).toBe(false);
    }
    // they really are strong probable primes to base 2 (so the test is not vacuous)
    for (const n of STRONG_PSEUDOPRIMES) expect(isStrongProbablePrime(n, 2n)).toBe(true);
  });

  it('rejects Carmichael numbers, including large Chernick ones (6k+1)(12k+1)(18k+1)', async () => {
    for (const n of CARMICHAEL) expect(isPrime(n)).toBe(false);
    let found = 0;
    for (let k = 10n ** 12n; found < 3; k++) {
      const a = 6n * k + 1n;
      const b = 12n * k + 1n;
      const c = 18n * k + 1n;
      if (
        (await isProbablyPrime(a, 16, true)) &&
        (await isProbablyPrime(b, 16, true)) &&
        (await isProbablyPrime(c, 16, true))
      ) {
        const n = a * b * c;
        // Korselt: Carmichael, so a Fermat test to any coprime base passes
        expect(isPrime(n)).toBe(false);
        expect(isPrime(a)).toBe(true);
        found++;
      }
    }
  });

  it('classifies known primes by certainty', async () => {
    expect(primalityOf(2n ** 31n - 1n)).toBe('proven');
    expect(primalityOf(2n ** 61n - 1n)).toBe('proven');
    expect(primalityOf(2n ** 89n - 1n)).toBe('probable');
    expect(primalityOf(2n ** 127n - 1n)).toBe('probable');
    expect(primalityOf(2n ** 521n - 1n)).toBe('probable');
    expect(primalityOf(2n ** 67n - 1n)).toBe('composite'); // Cole: 193707721 · 761838257287
    expect(primalityOf((2n ** 61n - 1n) ** 2n)).toBe('composite');
    // a prime between 2^64 and 3.3·10^24 is proven: 2^64 + 13
    expect(await isProbablyPrime(2n ** 64n + 13n, 16, true)).toBe(true);
    expect(primalityOf(2n ** 64n + 13n)).toBe('proven');
  });

  it('handles edge inputs', () => {
    expect(isPrime(-7n)).toBe(false);
    expect(isPrime(0)).toBe(false);
    expect(isPrime(1)).toBe(false);
    expect(isPrime(2)).toBe(true);
    expect(() => isPrime(2 ** 60)).toThrow(expect.objectContaining({ code: 'E_RANGE' }));
    expect(() => compositeWitness(97n)).toThrow(expect.objectContaining({ code: 'E_RANGE' }));
    expect(compositeWitness(1000n)).toBe(2n);
  });

  it('strong Lucas test accepts primes and rejects the Lucas pseudoprime-free composites it should', () => {
    for (const p of primesUpTo(5000)) if (p > 100) expect(isStrongLucasProbablePrime(BigInt(p))).toBe(true);
    // 5459, 5777, 10877 are strong Lucas pseudoprimes (Selfridge A) but fail base-2 Miller–Rabin
    for (const n of [5459n, 5777n, 10877n]) {
      expect(isStrongLucasProbablePrime(n)).toBe(true);
      expect(isStrongProbablePrime(n, 2n)).toBe(false);
      expect(isPrime(n)).toBe(false);
    }
  });

  it('extra strong Lucas test equals its definition on every odd n in [5, 12000)', () => {
    const mismatches: number[] = [];
    const pseudoprimes: number[] = [];
    for (let n = 5; n < 12000; n += 2) {
      const ours = isExtraStrongLucasProbablePrime(BigInt(n));
      if (ours !== naiveExtraStrongLucas(n)) mismatches.push(n);
      if (ours && !trialIsPrime(n)) pseudoprimes.push(n);
    }
    expect(mismatches).toEqual([]);
    // OEIS A217719, the extra strong Lucas pseudoprimes
    expect(pseudoprimes).toEqual([989, 3239, 5777, 10877]);
  });

  it('extra strong Lucas test accepts primes and rejects squares, strong pseudoprimes and Carmichael numbers', () => {
    for (const p of primesUpTo(100000)) if (p > 3) expect(isExtraStrongLucasProbablePrime(BigInt(p))).toBe(true);
    for (const p of [2n ** 89n - 1n, 2n ** 127n - 1n, 2n ** 521n - 1n, 2n ** 607n - 1n]) {
      expect(isExtraStrongLucasProbablePrime(p)).toBe(true);
      expect(isExtraStrongLucasProbablePrime(p * p)).toBe(false);
      expect(primalityOf(p * p)).toBe('composite');
    }
    for (const n of SPSP2) {
      expect(isStrongProbablePrime(BigInt(n), 2n)).toBe(true);
      expect(isExtraStrongLucasProbablePrime(BigInt(n))).toBe(false);
      expect(isPrime(n)).toBe(false);
    }
    for (const n of CARMICHAEL) expect(isExtraStrongLucasProbablePrime(n)).toBe(false);
    // extra strong Lucas pseudoprimes fail base-2 Miller–Rabin, so BPSW rejects them
    for (const n of [989n, 3239n, 5777n, 10877n]) {
      expect(isStrongProbablePrime(n, 2n)).toBe(false);
      expect(isPrime(n)).toBe(false);
    }
  });

  it('the 13-base range 2^64 ≤ n < ψ13 rejects base-2 strong pseudoprimes and classifies primes at both ends', async () => {
    for (const p of [37n, 41n]) {
      const n = (4n ** p + 1n) / 5n;
      expect(n > 2n ** 64n && n < DETERMINISTIC_MR_LIMIT).toBe(true);
      expect(isStrongProbablePrime(n, 2n)).toBe(true);
      expect(primalityOf(n)).toBe('composite');
    }
    // ψ12 passes the bases 2…37 and fails 41
    expect(primalityOf(318665857834031151167461n)).toBe('composite');
    let lo = 2n ** 64n + 1n;
    while (!(await isProbablyPrime(lo, 16, true))) lo += 2n;
    let hi = DETERMINISTIC_MR_LIMIT - 2n;
    while (!(await isProbablyPrime(hi, 16, true))) hi -= 2n;
    expect(primalityOf(lo)).toBe('proven');
    expect(primalityOf(hi)).toBe('proven');
    expect(primalityOf(DETERMINISTIC_MR_LIMIT - 1n)).toBe('composite'); // even
  });

  it('ES-BPSW rejects large base-2 strong pseudoprimes (4^p + 1)/5 above the deterministic range', () => {
    // for prime p ≥ 7, (4^p + 1)/5 = (2^p − 2^((p+1)/2) + 1)(2^p + 2^((p+1)/2) + 1)/5 is composite and
    // a strong probable prime to base 2: only the Lucas half of BPSW can reject it
    for (const p of [43n, 89n, 127n, 251n, 509n]) {
      const n = (4n ** p + 1n) / 5n;
      expect(n > DETERMINISTIC_MR_LIMIT).toBe(true);
      expect(isStrongProbablePrime(n, 2n)).toBe(true);
      expect(isExtraStrongLucasProbablePrime(n)).toBe(false);
      expect(primalityOf(n)).toBe('composite');
    }
  });

  it('ES-BPSW reports large primes probable and products of large primes composite', () => {
    const p = 2n ** 521n - 1n;
    const q = 2n ** 607n - 1n;
    expect(primalityOf(p)).toBe('probable');
    expect(primalityOf(q)).toBe('probable');
    expect(primalityOf(p * q)).toBe('composite');
    expect(primalityOf(p * (2n * p + 1n))).toBe('composite');
  });

  it('ES-BPSW on both sides of the kernel limit 2^2048 (kernel below, BigInt above) and at limb boundaries', () => {
    // Mersenne primes: 2^1279 − 1 (40 full limbs) in the kernel, 2^2203 − 1 beyond it
    expect(primalityOf(2n ** 1279n - 1n)).toBe('probable');
    expect(primalityOf(2n ** 2203n - 1n)).toBe('probable');
    expect(primalityOf((2n ** 2203n - 1n) * (2n ** 61n - 1n))).toBe('composite');
    expect(primalityOf((2n ** 1279n - 1n) * (2n ** 607n - 1n))).toBe('composite'); // 1886 bits, kernel
    // 2^64 + 1 = 274177 · 67280421310721 passes base 2 (a Fermat number) and falls to another of the 13 bases
    expect(isStrongProbablePrime(2n ** 64n + 1n, 2n)).toBe(true);
    expect(primalityOf(2n ** 64n + 1n)).toBe('composite');
  });
});
