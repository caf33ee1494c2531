import { fc, test } from '@fast-check/jest';
import { isProbablyPrime } from 'bigint-crypto-utils';
import { isExtraStrongLucasProbablePrime, isStrongProbablePrime } from '../../../src/primes/primality.js';
import {
  wasmBigExtraStrongLucas,
  wasmBigJacobi,
  wasmBigMulMod,
  wasmBigPowMod,
  wasmBigStrongProbablePrime,
  wasmBigStrongProbablePrime2,
} from '../../../src/primes/internal/wasmKernel.js';

/** b^e mod n by plain right-to-left square-and-multiply on BigInt (the oracle). */
function powOracle(b: bigint, e: bigint, n: bigint): bigint {
  let r = 1n % n;
  b %= n;
  while (e > 0n) {
    if (e & 1n) r = (r * b) % n;
    b = (b * b) % n;
    e >>= 1n;
  }
  return r;
}

/** Jacobi symbol (a/n) for odd n > 0, written independently of arith.ts. */
function jacobiOracle(a: bigint, n: bigint): number {
  a = ((a % n) + n) % n;
  let t = 1;
  while (a !== 0n) {
    while ((a & 1n) === 0n) {
      a >>= 1n;
      const r = n & 7n;
      if (r === 3n || r === 5n) t = -t;
    }
    [a, n] = [n, a];
    if ((a & 3n) === 3n && (n & 3n) === 3n) t = -t;
    a %= n;
  }
  return n === 1n ? t : 0;
}

/** Odd modulus of exactly `bits` bits from a random value. */
const oddModulus = (bits: number, x: bigint): bigint => BigInt.asUintN(bits, x) | 1n | (1n << BigInt(bits - 1));

const modulusArb = fc
  .integer({ min: 65, max: 2048 })
  .chain((bits) => fc.bigInt({ min: 0n, max: (1n << BigInt(bits)) - 1n }).map((x) => oddModulus(bits, x)));

/** An operand in [0, n): edge values 0, 1, n − 1, n − 2 or a random residue. */
const operand = (n: bigint): fc.Arbitrary<bigint> =>
  fc.oneof(fc.constantFrom(0n, 1n, n - 1n, n - 2n), fc.bigInt({ min: 0n, max: n - 1n }));

describe('WebAssembly multi-limb Montgomery kernel properties', () => {
  test.prop([modulusArb.chain((n) => fc.tuple(fc.constant(n), operand(n), operand(n)))], { numRuns: 1000 })(
    'modmul equals BigInt a·b mod n for odd n of 65–2048 bits',
    ([n, a, b]) => {
      expect(wasmBigMulMod(n, a, b)).toBe((a * b) % n);
    },
  );

  test.prop(
    [
      modulusArb.chain((n) =>
        fc.tuple(
          fc.constant(n),
          operand(n),
          fc.oneof(fc.constantFrom(0n, 1n, 2n, n - 1n), fc.bigInt({ min: 0n, max: (1n << 2048n) - 1n })),
        ),
      ),
    ],
    { numRuns: 500 },
  )('modpow equals BigInt square-and-multiply for odd n of 65–2048 bits', ([n, b, e]) => {
    expect(wasmBigPowMod(n, b, e)).toBe(powOracle(b, e, n));
  });

  test.prop([fc.integer({ min: 65, max: 1100 }), fc.bigInt({ min: 0n, max: (1n << 1100n) - 1n }), fc.boolean()], {
    numRuns: 500,
  })(
    'the base-2 strong test equals the BigInt one on random odd n and primes of 65–1100 bits',
    async (bits, x, toPrime) => {
      let n = oddModulus(bits, x);
      if (toPrime) while (!(await isProbablyPrime(n, 16, true))) n += 2n;
      const ours = wasmBigStrongProbablePrime2(n);
      expect(ours).toBe(isStrongProbablePrime(n, 2n));
      if (toPrime) expect(ours).toBe(true);
    },
  );

  test.prop([fc.integer({ min: 65, max: 1100 }), fc.bigInt({ min: 0n, max: (1n << 1100n) - 1n }), fc.boolean()], {
    numRuns: 500,
  })(
    'the extra strong Lucas ladder equals the BigInt one on random odd n and primes of 65–1100 bits',
    async (bits, x, toPrime) => {
      let n = oddModulus(bits, x);
      if (toPrime) while (!(await isProbablyPrime(n, 16, true))) n += 2n;
      let P = 3n;
      while (jacobiOracle(P * P - 4n, n) !== -1) {
        fc.pre(P < 60n); // squares and factors P² − 4 are the BigInt search's business
        P++;
      }
      const ours = wasmBigExtraStrongLucas(n, Number(P));
      expect(ours).toBe(isExtraStrongLucasProbablePrime(n));
      if (toPrime) expect(ours).toBe(true);
    },
  );

  test.prop(
    [
      fc.integer({ min: 33, max: 700 }),
      fc.bigInt({ min: 0n, max: (1n << 700n) - 1n }),
      fc.integer({ min: 2, max: 1000 }),
      fc.boolean(),
    ],
    { numRuns: 500 },
  )(
    'the strong test to a small base equals the BigInt one on random odd n and primes of 33–700 bits',
    async (bits, x, a, toPrime) => {
      let n = oddModulus(bits, x);
      if (toPrime) while (!(await isProbablyPrime(n, 16, true))) n += 2n;
      const ours = wasmBigStrongProbablePrime(n, [a]);
      expect(ours).toBe(isStrongProbablePrime(n, BigInt(a)));
      if (toPrime) expect(ours).toBe(true);
    },
  );

  test.prop([modulusArb, fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 0xffffffff }))], {
    numRuns: 1000,
  })('the Jacobi symbol (d/n) for small d equals the BigInt oracle', (n, d) => {
    expect(wasmBigJacobi(n, d)).toBe(jacobiOracle(BigInt(d), n));
  });
});
