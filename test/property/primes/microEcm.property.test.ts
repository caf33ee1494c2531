import { fc, test } from '@fast-check/jest';
import { createMicroEcmSplitter, MICRO_ECM_MIN, MICRO_ECM_PLANS, microEcm } from '../../../src/primes/microEcm.js';
import { isPrime } from '../../../src/primes/primality.js';
import { wasmInverseMod, wasmMicroEcmCurve, wasmMulMod } from '../../../src/primes/internal/wasmKernel.js';

const TWO64 = 1n << 64n;

/** The smallest prime ≥ x (x ≥ 2), by the library's primality test (not the code under test). */
function nextPrime(x: bigint): bigint {
  let p = x | 1n;
  while (!isPrime(p)) p += 2n;
  return p;
}

/** The largest prime ≤ x (x ≥ 3). */
function prevPrime(x: bigint): bigint {
  let p = (x & 1n) === 0n ? x - 1n : x;
  while (!isPrime(p)) p -= 2n;
  return p;
}

const isProperDivisor = (d: bigint, n: bigint): boolean => d > 1n && d < n && n % d === 0n;

/** A prime of `bits` bits from a uniform draw. */
const primeOfBits = (bits: number): fc.Arbitrary<bigint> =>
  fc.bigInt(1n << BigInt(bits - 1), (1n << BigInt(bits)) - 1n).map((x) => {
    const p = nextPrime(x);
    return p < 1n << BigInt(bits) ? p : prevPrime(x);
  });

/** Balanced semiprimes p·q of 37–64 bits (all at least MICRO_ECM_MIN = 2^36). */
const balanced = fc
  .integer({ min: 37, max: 64 })
  .chain((bits) => fc.tuple(primeOfBits(bits >> 1), primeOfBits(bits - (bits >> 1))))
  .filter(([p, q]) => p !== q && p * q >= MICRO_ECM_MIN && p * q < TWO64);

describe('microEcm properties', () => {
  test.prop([balanced, fc.integer()], { numRuns: 600 })(
    'splits balanced 37–64-bit semiprimes into one of their primes',
    ([p, q], seed) => {
      const out = microEcm(p * q, { seed });
      expect(out.status).toBe('found');
      if (out.status === 'found') expect(out.divisor === p || out.divisor === q).toBe(true);
    },
  );

  test.prop(
    [
      fc.tuple(fc.integer({ min: 13, max: 21 }), fc.integer({ min: 13, max: 21 }), fc.integer({ min: 14, max: 21 })),
      fc.integer(),
    ],
    { numRuns: 500 },
  )('returns a proper divisor of products of three primes', ([a, b, c], seed) => {
    const n = fc.sample(fc.tuple(primeOfBits(a), primeOfBits(b), primeOfBits(c)), { seed, numRuns: 1 })[0];
    if (n === undefined) return;
    const m = n[0] * n[1] * n[2];
    const out = microEcm(m, { seed });
    if (m < MICRO_ECM_MIN) expect(out.status).toBe('exhausted');
    else if (out.status === 'found') expect(isProperDivisor(out.divisor, m)).toBe(true);
    else expect(out.status).toBe('exhausted');
  });

  test.prop([fc.integer({ min: 18, max: 32 }).chain(primeOfBits), fc.integer()], { numRuns: 500 })(
    'finds p in p² or reports exhausted, never a wrong divisor',
    (p, seed) => {
      const out = createMicroEcmSplitter({ maxCurves: 64 })(p * p, { seed });
      if (p * p < MICRO_ECM_MIN) expect(out.status).toBe('exhausted');
      else if (out.status === 'found') expect(out.divisor).toBe(p);
      else expect(out.status).toBe('exhausted');
    },
  );

  test.prop([fc.bigInt(1n << 31n, (1n << 32n) - 1n), fc.integer()], { numRuns: 500 })(
    'splits products p·q just below 2^64',
    (x, seed) => {
      const p = nextPrime(x);
      const q = prevPrime((TWO64 - 1n) / p);
      fc.pre(p !== q);
      const n = p * q;
      expect(n < TWO64).toBe(true);
      const out = microEcm(n, { seed });
      expect(out.status).toBe('found');
      if (out.status === 'found') expect(out.divisor === p || out.divisor === q).toBe(true);
    },
  );

  test.prop([fc.bigInt(3n, TWO64 - 1n), fc.bigInt(0n, TWO64 - 1n), fc.bigInt(0n, TWO64 - 1n), fc.boolean()], {
    numRuns: 2000,
  })('kernel Montgomery product and inverse agree with BigInt', (m, a, b, nearTop) => {
    let n = m | 1n;
    if (nearTop) n = TWO64 - 1n - ((TWO64 - n) % (1n << 20n)) * 2n; // odd, within 2^21 of 2^64
    expect(wasmMulMod(n, a, b)).toBe((a * b) % n);
    const inv = wasmInverseMod(n, a) ?? -1n;
    const gcdOracle = (x: bigint, y: bigint): bigint => (y === 0n ? x : gcdOracle(y, x % y));
    if (gcdOracle(a % n, n) === 1n) expect(((((a % n) * inv) % n) + n) % n).toBe(1n % n);
    else expect(inv).toBe(0n);
  });

  test.prop([fc.bigInt((1n << 40n) + 1n, TWO64 - 1n), fc.bigInt(6n, (1n << 40n) - 1n)], { numRuns: 1000 })(
    'a kernel curve returns 0 or a proper divisor of any odd n',
    (m, sigma) => {
      const n = m | 1n;
      const plan = MICRO_ECM_PLANS[sigma % 4n === 0n ? 0 : 3];
      if (plan === undefined) return;
      const d = wasmMicroEcmCurve(n, sigma, plan) ?? -1n;
      expect(d === 0n || isProperDivisor(d, n)).toBe(true);
    },
  );
});
