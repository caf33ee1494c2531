/**
 * Pollard–Brent rho: the iteration y ↦ y² + c mod n with Brent's cycle detection and products of
 * |x − y| batched over {@link RHO_BATCH} steps between gcds (backtracking when a batch overshoots).
 * Finds a factor p in about √p iterations. Seeded: c and the start come from the seed. For n < 2^64 the
 * same algorithm runs in the WebAssembly kernel (Montgomery u64 arithmetic, ~10–20× faster than BigInt;
 * 32-bit Montgomery products below 2^32, ~1.3× faster again), in slices of at most {@link RHO_WASM_SLICE}
 * iterations between budget checks. For 2^36 ≤ n < 2^64 without small factors, `microEcm` is faster
 * (median 1.1× at 36 bits, 3× at 48, 7.8× at 64: bench/microEcm.bench.ts).
 */
import { gcd } from './arith.js';
import type { Splitter, SplitOptions, SplitOutcome } from './Splitter.js';
import { seededRandom } from './internal/seededRandom.js';
import { WASM_KERNEL_LIMIT, wasmRho } from './internal/wasmKernel.js';

/** Steps between two gcds. */
export const RHO_BATCH = 128;
/** Default iteration cap per call (finds factors up to ~2^34 with good probability; ECM takes over above). */
export const RHO_DEFAULT_MAX_ITERATIONS = 1 << 17;
/** Iterations per WebAssembly call (each slice starts a fresh polynomial). */
export const RHO_WASM_SLICE = 1 << 20;
/** Default wall-clock budget per call. */
export const RHO_DEFAULT_BUDGET_MS = 2000;

/** Parameters of a rho splitter. */
export interface RhoParams {
  /** Total iteration cap over all polynomials tried (default {@link RHO_DEFAULT_MAX_ITERATIONS}). */
  readonly maxIterations?: number;
  /** Iteration cap when n < 2^64 runs in the WebAssembly kernel (default: `maxIterations`). */
  readonly maxIterationsWasm?: number;
}

/** Random bigint in [lo, hi] from a 32-bit generator. */
function randomBelow(next: () => number, lo: bigint, hi: bigint): bigint {
  const span = hi - lo + 1n;
  let r = 0n;
  for (let bits = 0; bits < 64 + span.toString(2).length; bits += 32) r = (r << 32n) | BigInt(next());
  return lo + (r % span);
}

/**
 * Create a Pollard–Brent rho {@link Splitter}.
 *
 * @param params - iteration cap
 * @returns the splitter
 * @example
 * ```ts
 * import { createRhoSplitter } from 'primeos/primes';
 * const split = createRhoSplitter({ maxIterations: 1 << 20 });
 * split(1000003n * 1000033n, { seed: 1 }); // { status: 'found', divisor: 1000003n or 1000033n, … }
 * ```
 */
export function createRhoSplitter(params: RhoParams = {}): Splitter {
  const maxBigInt = params.maxIterations ?? RHO_DEFAULT_MAX_ITERATIONS;
  const maxWasm = params.maxIterationsWasm ?? maxBigInt;
  return (n: bigint, options: SplitOptions): SplitOutcome => {
    const wasm = n < WASM_KERNEL_LIMIT && (n & 1n) === 1n;
    const maxIterations = wasm ? maxWasm : maxBigInt;
    const deadline = performance.now() + (options.budgetMs ?? RHO_DEFAULT_BUDGET_MS);
    const next = seededRandom(options.seed ?? 1);
    let iterations = 0;
    const effort = (): { rhoIterations: number } => ({ rhoIterations: iterations });
    if (n < 4n) return { status: 'exhausted', effort: effort() };
    if (wasm) {
      for (let attempt = 0; attempt < 64 && iterations < maxIterations; attempt++) {
        if (options.signal?.aborted) return { status: 'aborted', effort: effort() };
        if (performance.now() > deadline) return { status: 'exhausted', effort: effort() };
        const c = randomBelow(next, 1n, n - 3n);
        const y0 = randomBelow(next, 0n, n - 1n);
        const out = wasmRho(n, c, y0, Math.min(maxIterations - iterations, RHO_WASM_SLICE));
        if (out === undefined) break; // no kernel: BigInt path below
        iterations += out.iterations;
        if (out.divisor > 1n && out.divisor < n) return { status: 'found', divisor: out.divisor, effort: effort() };
      }
      if (iterations > 0) return { status: 'exhausted', effort: effort() };
    }
    for (let attempt = 0; attempt < 64 && iterations < maxIterations; attempt++) {
      const c = randomBelow(next, 1n, n - 3n);
      let y = randomBelow(next, 0n, n - 1n);
      let x = y;
      let ys = y;
      let q = 1n;
      let g = 1n;
      let r = 1;
      while (g === 1n) {
        x = y;
        for (let i = 0; i < r; i++) y = (y * y + c) % n;
        iterations += r;
        for (let k = 0; k < r && g === 1n; k += RHO_BATCH) {
          ys = y;
          const steps = Math.min(RHO_BATCH, r - k);
          for (let i = 0; i < steps; i++) {
            y = (y * y + c) % n;
            q = (q * (x > y ? x - y : y - x)) % n;
          }
          iterations += steps;
          g = gcd(q, n);
          if (g === 1n) {
            if (options.signal?.aborted) return { status: 'aborted', effort: effort() };
            if (iterations >= maxIterations || performance.now() > deadline) {
              return { status: 'exhausted', effort: effort() };
            }
          }
        }
        r *= 2;
      }
      if (g === n) {
        // the batch overshot: redo it step by step from its start
        g = 1n;
        while (g === 1n) {
          ys = (ys * ys + c) % n;
          iterations++;
          g = gcd(x > ys ? x - ys : ys - x, n);
        }
      }
      if (g !== n && g !== 1n) return { status: 'found', divisor: g, effort: effort() };
      // the cycle closed mod n: try another polynomial
    }
    return { status: 'exhausted', effort: effort() };
  };
}

/**
 * The default Pollard–Brent rho {@link Splitter} (2^17 iterations, 2 s per call).
 *
 * @param n - an odd composite, not a perfect power
 * @param options - budget, signal, seed
 * @returns `found` with a non-trivial divisor, or `exhausted`/`aborted`
 * @example
 * ```ts
 * import { rho } from 'primeos/primes';
 * rho(4294967291n * 4294967279n, { seed: 7 }).status; // 'found'
 * ```
 */
export const rho: Splitter = createRhoSplitter();
