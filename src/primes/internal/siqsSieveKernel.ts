/**
 * The SIQS sieve kernel (AssemblyScript source in `wasm/siqsKernel.as`): the integer work of each
 * polynomial in WebAssembly — roots of a new a, Gray-code updates, sieve, candidate scan and the matching
 * factor-base primes of a candidate. Compiled code of a WebAssembly module is ready at its first call
 * and the same in every thread, where the JS sieve runs unoptimised, then gets compiled again by every
 * worker thread. Instantiated lazily; when WebAssembly is unavailable {@link siqsSieveKernel} returns
 * undefined and the portable JS sieve runs instead (same results bit for bit).
 */
import type { SiqsContext } from './siqsContext.js';
import { SIQS_KERNEL_WASM_BASE64 } from '../wasm/siqsKernelBytes.js';

interface SiqsKernelExports {
  readonly memory: { readonly buffer: ArrayBuffer };
  siqsLoad(f: number, s: number, len: number, firstSieved: number, init: number): number;
  siqsPrepare(): void;
  siqsPrimes(): number;
  siqsSqrts(): number;
  siqsLogs(): number;
  siqsMModP(): number;
  siqsQIdx(): number;
  siqsGammas(): number;
  siqsCandidates(): number;
  siqsMatched(): number;
  siqsNewA(): void;
  siqsPoly(v: number, sign: number): number;
  siqsMatch(i: number): number;
}

/** The part of the WebAssembly JS API used here (the global is not in the ES lib typings). */
interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: object) => { readonly exports: unknown };
}

/** One factor base loaded into the kernel, with views on its inputs and outputs. */
export interface SiqsSieveKernel {
  /** a's factor-base indices (s entries), written before {@link SiqsSieveKernel.newA}. */
  readonly qIdx: Int32Array;
  /** γ_l of each of a's primes (s entries), written before {@link SiqsSieveKernel.newA}. */
  readonly gammas: Int32Array;
  /** Candidate sieve indices of the last polynomial, ascending. */
  readonly candidates: Int32Array;
  /** Factor-base indices that {@link SiqsSieveKernel.match} found, ascending (room for F entries). */
  readonly matched: Int32Array;
  /** Roots and Gray-code increments of a new a (from qIdx and gammas). */
  newA(): void;
  /** Steps the roots (sign ±1: by ±2·B_v·a⁻¹; 0 for an a's first polynomial), sieves, scans; returns the candidates. */
  poly(v: number, sign: number): number;
  /** Writes the factor-base primes whose roots hit sieve index i to `matched`; returns how many. */
  match(i: number): number;
}

let exports: SiqsKernelExports | null | undefined;
let loaded: { readonly ctx: SiqsContext; readonly kernel: SiqsSieveKernel } | undefined;
let busy = false;

function instance(): SiqsKernelExports | null {
  if (exports !== undefined) return exports;
  const WA = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (WA === undefined) return (exports = null);
  try {
    const bytes = Uint8Array.from(atob(SIQS_KERNEL_WASM_BASE64), (ch) => ch.charCodeAt(0));
    const inst = new WA.Instance(new WA.Module(bytes), {
      env: {
        abort: (): void => {
          throw new Error('siqs kernel abort');
        },
      },
    });
    exports = inst.exports as SiqsKernelExports;
  } catch {
    exports = null;
  }
  return exports;
}

/**
 * Runs `use` with the kernel holding ctx's factor base (loaded unless it already holds this very context).
 * Returns undefined without calling `use` when WebAssembly is unavailable, memory cannot grow, or the
 * kernel is already in use further up the stack (a stop test that sieves again): the caller then takes
 * the portable path.
 *
 * @param ctx - the context whose factor base the kernel must hold
 * @param use - the work to do with it
 * @returns what `use` returned, or undefined when the kernel is not available
 */
export function withSiqsSieveKernel<T>(ctx: SiqsContext, use: (kernel: SiqsSieveKernel) => T): T | undefined {
  if (busy) return undefined;
  const kernel = loaded?.ctx === ctx ? loaded.kernel : load(ctx);
  if (kernel === undefined) return undefined;
  busy = true;
  try {
    return use(kernel);
  } finally {
    busy = false;
  }
}

function load(ctx: SiqsContext): SiqsSieveKernel | undefined {
  const k = instance();
  if (k === null) return undefined;
  const F = ctx.primes.length;
  const s = ctx.aFactors;
  const init = 128 - Math.min(127, ctx.threshold);
  loaded = undefined;
  if (k.siqsLoad(F, s, 2 * ctx.m, ctx.firstSieved, init) === 0) return undefined;
  const buf = k.memory.buffer;
  new Int32Array(buf, k.siqsPrimes(), F).set(ctx.primes);
  new Int32Array(buf, k.siqsSqrts(), F).set(ctx.sqrts);
  new Uint8Array(buf, k.siqsLogs(), F).set(ctx.logs);
  new Int32Array(buf, k.siqsMModP(), F).set(ctx.mModP);
  k.siqsPrepare();
  const kernel: SiqsSieveKernel = {
    qIdx: new Int32Array(buf, k.siqsQIdx(), s),
    gammas: new Int32Array(buf, k.siqsGammas(), s),
    candidates: new Int32Array(buf, k.siqsCandidates(), 2 * ctx.m),
    matched: new Int32Array(buf, k.siqsMatched(), F),
    newA: () => k.siqsNewA(),
    poly: (v, sign) => k.siqsPoly(v, sign),
    match: (i) => k.siqsMatch(i),
  };
  loaded = { ctx, kernel };
  return kernel;
}
