import { jacobi } from '../../../../src/primes/arith.js';
import { isExtraStrongLucasProbablePrime, isStrongProbablePrime } from '../../../../src/primes/primality.js';
import { seededRandom } from '../../../../src/primes/internal/seededRandom.js';
import {
  WASM_BIG_LIMIT,
  WASM_KERNEL_LIMIT,
  WASM_RHO32_LIMIT,
  wasmBigExtraStrongLucas,
  wasmBigJacobi,
  wasmBigMulMod,
  wasmBigPowMod,
  wasmBigStrongProbablePrime,
  wasmBigStrongProbablePrime2,
  wasmInverseMod,
  wasmMicroEcmCurve,
  wasmMulMod,
  wasmRho,
  wasmStrongProbablePrime,
} from '../../../../src/primes/internal/wasmKernel.js';

function isPrimeByTrial(n: number): boolean {
  for (let d = 2; d * d <= n; d++) if (n % d === 0) return false;
  return n > 1;
}

describe('WebAssembly ≤ 64-bit kernel', () => {
  it('agrees with the BigInt strong probable-prime test on random odd moduli up to 2^64', () => {
    const next = seededRandom(17);
    const mismatches: string[] = [];
    for (let i = 0; i < 20000; i++) {
      const bits = 3 + (next() % 62);
      let n = ((BigInt(next()) << 32n) | BigInt(next())) & ((1n << BigInt(bits)) - 1n);
      n |= 1n;
      if (i % 4 === 0) n = WASM_KERNEL_LIMIT - 1n - 2n * BigInt(next()); // near 2^64, where sums wrap
      if (n < 3n) n = 3n;
      const a = BigInt(next()) + 2n;
      if (wasmStrongProbablePrime(n, [a]) !== isStrongProbablePrime(n, a)) mismatches.push(`${n}:${a}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('splits semiprimes up to 2^64 with rho and returns true divisors', () => {
    const cases = [1000003n * 1000033n, 2147483647n * 4294967291n, 4294967291n * 4294967279n];
    for (const n of cases) {
      const r = wasmRho(n, 1n, 2n, 1 << 22);
      expect(r).toBeDefined();
      const d = r?.divisor ?? 0n;
      expect(d > 1n && d < n && n % d === 0n).toBe(true);
      expect(r?.iterations).toBeGreaterThan(0);
    }
    expect(wasmRho(4294967291n * 4294967279n, 1n, 2n, 100)?.divisor).toBe(0n); // cap reached
  });

  it('splits semiprimes below 2^32 with the 32-bit Montgomery rho', () => {
    for (const [p, q] of [
      [65521n, 65519n],
      [65537n, 65521n],
      [3n, 1431655751n],
    ] as const) {
      const n = p * q;
      expect(n < WASM_RHO32_LIMIT).toBe(true);
      const d = wasmRho(n, 1n, 2n, 1 << 20)?.divisor ?? 0n;
      expect(d === p || d === q || d === n).toBe(true);
    }
    expect(wasmRho(65521n * 65519n, 1n, 2n, 10)?.divisor).toBe(0n);
  });

  it('micro-ECM kernel pieces: Montgomery product near 2^64 and inverse', () => {
    const n = (1n << 64n) - 59n;
    expect(wasmMulMod(n, n - 1n, n - 1n)).toBe(1n);
    expect(wasmMulMod(n, 1n << 63n, 3n)).toBe(((1n << 63n) * 3n) % n);
    expect(wasmInverseMod(101n, 3n)).toBe(34n);
    expect(wasmInverseMod(99n, 33n)).toBe(0n);
    expect(wasmMulMod(10n, 1n, 1n)).toBeUndefined();
  });

  it('rejects micro-ECM plans the kernel cannot hold', () => {
    const n = 1000003n * 1000033n;
    expect(() => wasmMicroEcmCurve(n, 7n, { b1: 10, b2: 100, d: 512, scalar: 2520n })).toThrow(RangeError);
    expect(() => wasmMicroEcmCurve(n, 7n, { b1: 10, b2: 100, d: 64, scalar: 2520n })).toThrow(RangeError);
    expect(() => wasmMicroEcmCurve(n, 7n, { b1: 10, b2: 100, d: 60, scalar: 1n << 1024n })).toThrow(RangeError);
    const d = wasmMicroEcmCurve(n, 7n, { b1: 10, b2: 100, d: 6, scalar: 2520n });
    expect(d === 0n || d === 1000003n || d === 1000033n).toBe(true);
  });

  it('declines inputs outside its range', () => {
    expect(wasmStrongProbablePrime(WASM_KERNEL_LIMIT + 1n, [2n])).toBeUndefined();
    expect(wasmStrongProbablePrime(10n, [2n])).toBeUndefined();
    expect(wasmRho(WASM_KERNEL_LIMIT + 1n, 1n, 2n, 10)).toBeUndefined();
  });
});

describe('WebAssembly multi-limb Montgomery kernel', () => {
  it('extra strong Lucas ladder: exactly the pseudoprimes of OEIS A217719 among odd n in [5, 12000) pass', () => {
    const passing: number[] = [];
    for (let n = 5; n < 12000; n += 2) {
      const N = BigInt(n);
      // Baillie's P; n with a factor of some P² − 4 on the way are rejected before the ladder runs
      let P = 3n;
      while (jacobi(P * P - 4n, N) === 1 && P < 100n) P++;
      if (P * P >= N || jacobi(P * P - 4n, N) !== -1) continue;
      const ours = wasmBigExtraStrongLucas(N, Number(P));
      expect(ours).toBe(isExtraStrongLucasProbablePrime(N));
      if (ours === true && !isPrimeByTrial(n)) passing.push(n);
    }
    expect(passing).toEqual([989, 3239, 5777, 10877]);
  });

  it('base-2 strong test rejects composites and accepts primes at limb boundaries', () => {
    expect(wasmBigStrongProbablePrime2(2n ** 127n - 1n)).toBe(true);
    expect(wasmBigStrongProbablePrime2(2n ** 521n - 1n)).toBe(true);
    expect(wasmBigStrongProbablePrime2(2n ** 1279n - 1n)).toBe(true);
    expect(wasmBigStrongProbablePrime2((2n ** 127n - 1n) * (2n ** 521n - 1n))).toBe(false);
    // base-2 strong pseudoprimes pass (2047, 3277, the Wieferich square 1093²)
    for (const n of [2047n, 3277n, 1093n * 1093n]) expect(wasmBigStrongProbablePrime2(n)).toBe(true);
    // Fermat numbers 2^(2^k) + 1 are base-2 strong probable primes; 2^64 + 1 = 274177 · 67280421310721
    expect(wasmBigStrongProbablePrime2(2n ** 64n + 1n)).toBe(true);
    expect(wasmBigStrongProbablePrime2(2n ** 64n + 3n)).toBe(isStrongProbablePrime(2n ** 64n + 3n, 2n));
  });

  it('modular product and power at the top of the range (2048 bits) and with all-ones moduli', () => {
    for (const n of [(1n << 2048n) - 1n, (1n << 1024n) - 1n, (1n << 64n) + 1n, (1n << 2047n) + 1n]) {
      expect(wasmBigMulMod(n, n - 1n, n - 1n)).toBe(1n);
      expect(wasmBigMulMod(n, n - 2n, 0n)).toBe(0n);
      expect(wasmBigPowMod(n, n - 1n, 3n)).toBe(n - 1n);
      expect(wasmBigPowMod(n, 3n, 0n)).toBe(1n);
    }
  });

  it('declines inputs outside its range', () => {
    expect(wasmBigMulMod(WASM_BIG_LIMIT + 1n, 1n, 1n)).toBeUndefined();
    expect(wasmBigMulMod(10n ** 30n, 1n, 1n)).toBeUndefined();
    expect(wasmBigPowMod(2n ** 127n - 1n, 3n, -1n)).toBeUndefined();
    expect(wasmBigExtraStrongLucas(101n, 11)).toBeUndefined(); // P² ≥ n
    expect(wasmBigStrongProbablePrime2(1n)).toBeUndefined();
  });
});

describe('WebAssembly multi-limb strong test to small bases', () => {
  it('agrees with the BigInt test on the strong pseudoprimes ψ7 = ψ8 and ψ12, base by base', () => {
    // ψ8 = 341550071728321 passes 2…19 and fails 23; ψ12 = 318665857834031151167461 (79 bits) passes 2…37
    const bases = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41];
    for (const n of [341550071728321n, 318665857834031151167461n]) {
      for (const a of bases) expect(wasmBigStrongProbablePrime(n, [a])).toBe(isStrongProbablePrime(n, BigInt(a)));
    }
    expect(wasmBigStrongProbablePrime(341550071728321n, bases.slice(0, 8))).toBe(true);
    expect(wasmBigStrongProbablePrime(341550071728321n, [23])).toBe(false);
    expect(wasmBigStrongProbablePrime(318665857834031151167461n, bases.slice(0, 12))).toBe(true);
    expect(wasmBigStrongProbablePrime(318665857834031151167461n, [41])).toBe(false);
    expect(wasmBigStrongProbablePrime(101n, [101])).toBeUndefined();
  });
});

describe('WebAssembly multi-limb Jacobi symbol', () => {
  it('equals the BigInt symbol for d < 200 on odd n from 3 to 2^2048', () => {
    for (const n of [3n, 15n, 4294967291n, 2n ** 89n - 1n, 3n * (2n ** 127n - 1n), (1n << 2048n) - 1n]) {
      for (let d = 1; d < 200; d++) expect(wasmBigJacobi(n, d)).toBe(jacobi(BigInt(d), n));
    }
    expect(wasmBigJacobi(15n, 0)).toBeUndefined();
  });
});
