/**
 * The ≤ 64-bit WebAssembly kernel (AssemblyScript source in `wasm/kernel.as`, Montgomery arithmetic on
 * u64): strong probable-prime tests and Pollard–Brent rho. Instantiated lazily and synchronously from
 * the base64 bytes shipped in `wasm/kernelBytes.ts`; when WebAssembly is unavailable every entry
 * returns undefined and callers use their BigInt path.
 */
import { KERNEL_WASM_BASE64 } from './wasm/kernelBytes.js';

/** Largest modulus (exclusive) the kernel accepts: 2^64. */
export const WASM_KERNEL_LIMIT = 1n << 64n;

interface KernelExports {
  setModulus(n: bigint): void;
  sprp(a: bigint): number;
  rho(c: bigint, y0: bigint, maxIter: bigint): bigint;
  lastIterations(): bigint;
}

let kernel: KernelExports | null | undefined;

/** The part of the WebAssembly JS API used here (the global is not in the ES lib typings). */
interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: object) => { readonly exports: unknown };
}

function load(): KernelExports | null {
  if (kernel !== undefined) return kernel;
  const WA = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (WA === undefined) return (kernel = null);
  try {
    const bytes = Uint8Array.from(atob(KERNEL_WASM_BASE64), (ch) => ch.charCodeAt(0));
    const instance = new WA.Instance(new WA.Module(bytes), {
      env: {
        abort: (): void => {
          throw new Error('wasm kernel abort');
        },
      },
    });
    kernel = instance.exports as unknown as KernelExports;
  } catch {
    kernel = null;
  }
  return kernel;
}

const U64_MASK = (1n << 64n) - 1n;

/**
 * Strong probable-prime test of odd n (3 ≤ n < 2^64) to each base, in WebAssembly.
 *
 * @param n - odd modulus below 2^64
 * @param bases - the bases
 * @returns true when n passes every base, false when one witnesses compositeness, undefined when the
 *   kernel is unavailable or n is out of range
 * @example
 * ```ts
 * import { wasmStrongProbablePrime } from 'primeos/primes';
 * wasmStrongProbablePrime(2n ** 61n - 1n, [2n, 3n]); // true
 * ```
 */
export function wasmStrongProbablePrime(n: bigint, bases: readonly bigint[]): boolean | undefined {
  if (n < 3n || n >= WASM_KERNEL_LIMIT || (n & 1n) === 0n) return undefined;
  const k = load();
  if (!k) return undefined;
  k.setModulus(n);
  for (const a of bases) if (!k.sprp(a & U64_MASK)) return false;
  return true;
}

/** Result of {@link wasmRho}. */
export interface WasmRhoResult {
  /** A divisor of n (may be n itself when the cycle closed), or 0n when the cap was reached. */
  readonly divisor: bigint;
  readonly iterations: number;
}

/**
 * One Pollard–Brent rho run (f(y) = y² + c, start y0) on odd n < 2^64, in WebAssembly.
 *
 * @param n - odd composite below 2^64
 * @param c - polynomial constant (reduced mod n)
 * @param y0 - start value (reduced mod n)
 * @param maxIterations - iteration cap
 * @returns the divisor found and the iterations used, or undefined when the kernel is unavailable or
 *   n is out of range
 * @example
 * ```ts
 * import { wasmRho } from 'primeos/primes';
 * wasmRho(4294967291n * 4294967279n, 1n, 2n, 1 << 20)?.divisor; // 4294967279n or 4294967291n
 * ```
 */
export function wasmRho(n: bigint, c: bigint, y0: bigint, maxIterations: number): WasmRhoResult | undefined {
  if (n < 3n || n >= WASM_KERNEL_LIMIT || (n & 1n) === 0n) return undefined;
  const k = load();
  if (!k) return undefined;
  k.setModulus(n);
  const d = k.rho(c % n, y0 % n, BigInt(Math.max(1, Math.floor(maxIterations))));
  return { divisor: d & U64_MASK, iterations: Number(k.lastIterations() & U64_MASK) };
}
