import { fc, test } from '@fast-check/jest';
import { WASM_RHO32_LIMIT, wasmRho } from '../../../src/primes/internal/wasmKernel.js';

const gcdOracle = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcdOracle(b, a % b));
const abs = (a: bigint): bigint => (a < 0n ? -a : a);

/**
 * The kernel's Pollard–Brent rho written plainly on BigInt (no Montgomery form): batches of 128 products
 * between gcds, backtracking when a batch overshoots. Montgomery residues differ from plain ones by the
 * unit R, so the kernel must reach the same gcds after the same number of iterations.
 */
function rhoOracle(n: bigint, c: bigint, y0: bigint, maxIter: number): { divisor: bigint; iterations: number } {
  c %= n;
  let y = y0 % n;
  let x = y;
  let ys = y;
  let q = 1n;
  let g = 1n;
  let r = 1;
  let iter = 0;
  while (g === 1n) {
    x = y;
    for (let i = 0; i < r; i++) y = (y * y + c) % n;
    iter += r;
    for (let k = 0; k < r && g === 1n; k += 128) {
      ys = y;
      const steps = Math.min(128, r - k);
      for (let i = 0; i < steps; i++) {
        y = (y * y + c) % n;
        q = (q * abs(x - y)) % n;
      }
      iter += steps;
      g = gcdOracle(q, n);
      if (g === 1n && iter >= maxIter) return { divisor: 0n, iterations: iter };
    }
    r *= 2;
  }
  if (g === n) {
    g = 1n;
    while (g === 1n) {
      ys = (ys * ys + c) % n;
      iter++;
      g = gcdOracle(abs(x - ys), n);
    }
  }
  return { divisor: g, iterations: iter };
}

describe('WebAssembly kernel properties', () => {
  test.prop([fc.bigInt(3n, WASM_RHO32_LIMIT - 1n), fc.bigInt(1n, 1n << 40n), fc.bigInt(0n, 1n << 40n)], {
    numRuns: 500,
  })('32-bit Montgomery rho (n < 2^32) follows the BigInt rho step for step', (m, c, y0) => {
    const n = m | 1n;
    expect(wasmRho(n, c, y0, 3000)).toEqual(rhoOracle(n, c, y0, 3000));
  });

  test.prop([fc.bigInt(WASM_RHO32_LIMIT, (1n << 64n) - 1n), fc.bigInt(1n, 1n << 64n), fc.bigInt(0n, 1n << 64n)], {
    numRuns: 300,
  })('64-bit Montgomery rho follows the BigInt rho step for step', (m, c, y0) => {
    const n = m | 1n;
    expect(wasmRho(n, c, y0, 1000)).toEqual(rhoOracle(n, c, y0, 1000));
  });
});
