import { isStrongProbablePrime } from '../../../src/primes/primality.js';
import { seededRandom } from '../../../src/primes/seededRandom.js';
import {
  WASM_KERNEL_LIMIT,
  WASM_RHO32_LIMIT,
  wasmInverseMod,
  wasmMicroEcmCurve,
  wasmMulMod,
  wasmRho,
  wasmStrongProbablePrime,
} from '../../../src/primes/wasmKernel.js';

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
