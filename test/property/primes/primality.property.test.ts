import { fc, test } from '@fast-check/jest';
import { isProbablyPrime } from 'bigint-crypto-utils';
import {
  compositeWitness,
  DETERMINISTIC_MR_LIMIT,
  isExtraStrongLucasProbablePrime,
  isPrime,
  isStrongProbablePrime,
  primalityOf,
} from '../../../src/primes/primality.js';

const modn = (x: bigint, n: bigint): bigint => ((x % n) + n) % n;

/** Jacobi symbol by Euler-style reciprocity on bigints, written independently of arith.ts. */
function jacobiOracle(a: bigint, n: bigint): number {
  a = modn(a, n);
  let t = 1;
  while (a !== 0n) {
    while (a % 2n === 0n) {
      a /= 2n;
      if (n % 8n === 3n || n % 8n === 5n) t = -t;
    }
    [a, n] = [n, a];
    if (a % 4n === 3n && n % 4n === 3n) t = -t;
    a %= n;
  }
  return n === 1n ? t : 0;
}

/**
 * Extra strong Lucas test from its definition, computing both U_d and V_d with the textbook (U, V)
 * doubling and add-one formulas (a different route from the V-only ladder under test).
 */
function extraStrongOracle(n: bigint): boolean {
  let P = 3n;
  for (;;) {
    const j = jacobiOracle(P * P - 4n, n);
    if (j === -1) break;
    if (j === 0 && (P * P - 4n) % n !== 0n) return false;
    P++;
    if (P > 200n) return false;
  }
  const D = P * P - 4n;
  const inv2 = (n + 1n) / 2n;
  let d = n + 1n;
  let s = 0;
  while (d % 2n === 0n) {
    d /= 2n;
    s++;
  }
  let U = 1n;
  let V = P;
  for (const bit of d.toString(2).slice(1)) {
    [U, V] = [modn(U * V, n), modn(V * V - 2n, n)];
    if (bit === '1') [U, V] = [modn((P * U + V) * inv2, n), modn((D * U + P * V) * inv2, n)];
  }
  if (U === 0n && (V === 2n || V === n - 2n)) return true;
  for (let r = 0; r < s - 1; r++) {
    if (V === 0n) return true;
    V = modn(V * V - 2n, n);
  }
  return false;
}

function trialIsPrime(n: number): boolean {
  if (n < 2) return false;
  if (n % 2 === 0) return n === 2;
  for (let d = 3; d * d <= n; d += 2) if (n % d === 0) return false;
  return true;
}

describe('primality properties', () => {
  test.prop([fc.integer({ min: 0, max: 10 ** 12 })], { numRuns: 500 })(
    'isPrime equals trial division below 10^12',
    (n) => {
      expect(isPrime(n)).toBe(trialIsPrime(n));
    },
  );

  test.prop([fc.bigInt({ min: 2n ** 40n, max: 2n ** 200n })], { numRuns: 500 })(
    'isPrime agrees with an independent Miller–Rabin (bigint-crypto-utils) on large n',
    async (n) => {
      expect(isPrime(n)).toBe(await isProbablyPrime(n, 16, true));
    },
  );

  test.prop([fc.bigInt({ min: 2n, max: 2n ** 64n }), fc.bigInt({ min: 2n, max: 2n ** 64n })], { numRuns: 500 })(
    'products of two integers ≥ 2 are composite and have a Miller–Rabin witness',
    (a, b) => {
      const n = a * b;
      expect(primalityOf(n)).toBe('composite');
      const w = compositeWitness(n);
      if ((n & 1n) === 1n) expect(isStrongProbablePrime(n, w)).toBe(false);
      else expect(w).toBe(2n);
    },
  );

  test.prop([fc.bigInt({ min: 2n, max: 2n ** 20n })], { numRuns: 500 })(
    'extra strong Lucas test equals the (U, V) oracle on small odd n',
    (m) => {
      const n = 2n * m + 3n;
      expect(isExtraStrongLucasProbablePrime(n)).toBe(extraStrongOracle(n));
    },
  );

  test.prop([fc.bigInt({ min: 2n ** 60n, max: 2n ** 300n }), fc.boolean()], { numRuns: 500 })(
    'extra strong Lucas test equals the (U, V) oracle on large odd n and on primes near them',
    async (m, toPrime) => {
      let n = m | 1n;
      if (toPrime) while (!(await isProbablyPrime(n, 16, true))) n += 2n;
      const ours = isExtraStrongLucasProbablePrime(n);
      expect(ours).toBe(extraStrongOracle(n));
      if (toPrime) expect(ours).toBe(true);
    },
  );

  test.prop([fc.bigInt({ min: 2n ** 200n, max: 2n ** 1100n })], { numRuns: 500 })(
    'isPrime agrees with bigint-crypto-utils on n of 200–1100 bits',
    async (n) => {
      expect(isPrime(n)).toBe(await isProbablyPrime(n, 16, true));
    },
  );

  test.prop([fc.bigInt({ min: 2n ** 255n, max: 2n ** 600n })], { numRuns: 60 })(
    'the next probable prime (bigint-crypto-utils) above a random 256–600-bit n is probable for ES-BPSW',
    async (m) => {
      let n = m | 1n;
      while (!(await isProbablyPrime(n, 16, true))) n += 2n;
      expect(primalityOf(n)).toBe('probable');
    },
  );

  test.prop([fc.bigInt({ min: 2n ** 64n, max: DETERMINISTIC_MR_LIMIT - 1n }), fc.boolean()], { numRuns: 500 })(
    '2^64 ≤ n < ψ13 (13-base Miller–Rabin in double-limb Montgomery arithmetic) agrees with bigint-crypto-utils',
    async (m, toPrime) => {
      let n = m;
      if (toPrime) while (!(await isProbablyPrime(n, 16, true))) n++;
      const expected = await isProbablyPrime(n, 16, true);
      expect(primalityOf(n)).toBe(expected ? (n < DETERMINISTIC_MR_LIMIT ? 'proven' : 'probable') : 'composite');
    },
  );

  test.prop([fc.bigInt({ min: 2n ** 20n, max: 2n ** 41n }), fc.bigInt({ min: 2n ** 20n, max: 2n ** 41n })], {
    numRuns: 500,
  })('products of two odd numbers in [2^64, ψ13) are composite', (a, b) => {
    const n = (a | 1n) * (b | 1n);
    fc.pre(n >= 2n ** 64n && n < DETERMINISTIC_MR_LIMIT);
    expect(primalityOf(n)).toBe('composite');
  });
});
