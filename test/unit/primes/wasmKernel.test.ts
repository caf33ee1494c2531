import { isStrongProbablePrime } from '../../../src/primes/primality.js';
import { seededRandom } from '../../../src/primes/seededRandom.js';
import { WASM_KERNEL_LIMIT, wasmRho, wasmStrongProbablePrime } from '../../../src/primes/wasmKernel.js';

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

  it('declines inputs outside its range', () => {
    expect(wasmStrongProbablePrime(WASM_KERNEL_LIMIT + 1n, [2n])).toBeUndefined();
    expect(wasmStrongProbablePrime(10n, [2n])).toBeUndefined();
    expect(wasmRho(WASM_KERNEL_LIMIT + 1n, 1n, 2n, 10)).toBeUndefined();
  });
});
