/**
 * The SIQS kernel (AssemblyScript source in `wasm/siqsKernel.as`): the integer work of SIQS in WebAssembly —
 * per polynomial the roots of a new a, Gray-code updates, sieve, candidate scan and the matching
 * factor-base primes of a candidate; and the GF(2) elimination of the combine step. A WebAssembly module's
 * code is fast from its first call and costs no optimising compiler time, where the same JS runs slowly
 * until V8 has watched and compiled it, again in every worker thread, with compiler threads that compete
 * with the workers for the cores. Instantiated lazily; when WebAssembly is unavailable (or its memory
 * cannot grow) the entry points return undefined and the portable JS runs instead, with the same results.
 */
import { sieveInit, type SiqsContext } from './siqsContext.js';
import { SIQS_KERNEL_WASM_BASE64 } from '../wasm/siqsKernelBytes.js';
import { instantiateKernel } from './instantiateKernel.js';

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
  gf2Input(rows: number, total: number): number;
  gf2Columns(): number;
  gf2Reduce(ncols: number, maxDeps: number): number;
  gf2Eliminate(columns: number): number;
  gf2Collect(maxDeps: number, eliminated: number): number;
  gf2Output(): number;
  gf2OutputLength(): number;
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
let loaded: { readonly ctx: SiqsContext; readonly buffer: ArrayBuffer; readonly kernel: SiqsSieveKernel } | undefined;
/** True while a caller uses the kernel: a nested use (from a stop test) would overwrite its state. */
let busy = false;

function instance(): SiqsKernelExports | null {
  if (exports === undefined)
    exports = instantiateKernel(SIQS_KERNEL_WASM_BASE64, 'siqs kernel') as SiqsKernelExports | null;
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
  return withKernel((k) => {
    let kernel: SiqsSieveKernel | undefined;
    if (loaded?.ctx !== ctx) kernel = load(k, ctx);
    // the factor base is still loaded, but memory grew since (the GF(2) step): fresh views on it
    else if (loaded.buffer !== k.memory.buffer) kernel = (loaded = { ...loaded, ...views(k, ctx) }).kernel;
    else kernel = loaded.kernel;
    return kernel === undefined ? undefined : use(kernel);
  });
}

/** Runs `use` with the kernel's exports unless WebAssembly is unavailable or the kernel is in use up the stack. */
function withKernel<T>(use: (k: SiqsKernelExports) => T | undefined): T | undefined {
  if (busy) return undefined;
  const k = instance();
  if (k === null) return undefined;
  busy = true;
  try {
    return use(k);
  } finally {
    busy = false;
  }
}

/**
 * Largest dense GF(2) matrix (bytes) the kernel eliminates. WebAssembly memory never shrinks, so a bigger
 * matrix (factor bases above about 8,000 primes: SIQS beyond ~210 bits, where sieving dominates anyway) goes
 * to the portable code, whose memory is collected afterwards, rather than keeping a thread's kernel at
 * 100 MB for the rest of the process.
 */
export const GF2_KERNEL_MAX_MATRIX_BYTES = 16 * 1024 * 1024;

/**
 * Upper bound (bytes) of the dense matrix the elimination builds for `rows` rows, `ncols` columns and
 * `maxDependencies` (at most ncols + maxDependencies + 8 rows are kept, each ncols + rows bits).
 *
 * @param rows - number of rows
 * @param ncols - number of columns
 * @param maxDependencies - dependencies asked for
 * @returns the bound in bytes
 */
export function gf2MatrixBytes(rows: number, ncols: number, maxDependencies: number): number {
  const r = Math.min(rows, ncols + maxDependencies + 8);
  return 4 * r * (Math.ceil(ncols / 32) + Math.ceil(r / 32));
}

/**
 * GF(2) dependencies among sparse rows by the kernel: the steps and results of the portable
 * `gf2Dependencies`, whose argument checks have already run. `shouldStop` is polled every 64 pivots.
 *
 * @param rows - each row's column indices, all in [0, ncols)
 * @param total - the number of entries of all rows
 * @param ncols - number of columns
 * @param maxDependencies - stop after this many
 * @param shouldStop - true abandons the elimination (then `[]`)
 * @returns the dependencies, or undefined when the kernel is unavailable or the matrix is above
 *   {@link GF2_KERNEL_MAX_MATRIX_BYTES} (the caller runs the portable code)
 */
export function gf2DependenciesInKernel(
  rows: readonly ArrayLike<number>[],
  total: number,
  ncols: number,
  maxDependencies: number,
  shouldStop?: () => boolean,
): number[][] | undefined {
  if (gf2MatrixBytes(rows.length, ncols, maxDependencies) > GF2_KERNEL_MAX_MATRIX_BYTES) return undefined;
  return withKernel((k) => {
    const nrows = rows.length;
    const at = k.gf2Input(nrows, total);
    if (at === 0) return undefined;
    flatten(
      rows,
      new Int32Array(k.memory.buffer, at, nrows + 1),
      new Int32Array(k.memory.buffer, k.gf2Columns(), total),
    );
    const R = k.gf2Reduce(ncols, maxDependencies);
    if (R < 0) return undefined;
    if (R > 0) while (k.gf2Eliminate(64) === 1) if (shouldStop?.() === true) return [];
    const count = k.gf2Collect(maxDependencies, R > 0 ? 1 : 0);
    const out = new Int32Array(k.memory.buffer, k.gf2Output(), k.gf2OutputLength());
    const deps: number[][] = [];
    for (let o = 0, d = 0; d < count; d++) {
      const len = out[o++] as number;
      // copied by a loop: Array.from on a view goes through the iterator protocol (an object per entry)
      const dep: number[] = [];
      for (const end = o + len; o < end; o++) dep.push(out[o] as number);
      deps.push(dep);
    }
    return deps;
  });
}

/** The rows' entries one after another into `cols`, row i starting at start[i] (start[rows] = the total). */
function flatten(rows: readonly ArrayLike<number>[], start: Int32Array, cols: Int32Array): void {
  let fill = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as ArrayLike<number>;
    start[i] = fill;
    for (let t = 0; t < row.length; t++) cols[fill++] = row[t] as number;
  }
  start[rows.length] = fill;
}

function load(k: SiqsKernelExports, ctx: SiqsContext): SiqsSieveKernel | undefined {
  const F = ctx.primes.length;
  const s = ctx.aFactors;
  loaded = undefined;
  if (k.siqsLoad(F, s, 2 * ctx.m, ctx.firstSieved, sieveInit(ctx)) === 0) return undefined;
  const buf = k.memory.buffer;
  new Int32Array(buf, k.siqsPrimes(), F).set(ctx.primes);
  new Int32Array(buf, k.siqsSqrts(), F).set(ctx.sqrts);
  new Uint8Array(buf, k.siqsLogs(), F).set(ctx.logs);
  new Int32Array(buf, k.siqsMModP(), F).set(ctx.mModP);
  k.siqsPrepare();
  loaded = { ctx, ...views(k, ctx) };
  return loaded.kernel;
}

/** The kernel interface on the current memory buffer (views die when memory grows). */
function views(k: SiqsKernelExports, ctx: SiqsContext): { buffer: ArrayBuffer; kernel: SiqsSieveKernel } {
  const buffer = k.memory.buffer;
  const kernel: SiqsSieveKernel = {
    qIdx: new Int32Array(buffer, k.siqsQIdx(), ctx.aFactors),
    gammas: new Int32Array(buffer, k.siqsGammas(), ctx.aFactors),
    candidates: new Int32Array(buffer, k.siqsCandidates(), 2 * ctx.m),
    matched: new Int32Array(buffer, k.siqsMatched(), ctx.primes.length),
    newA: () => k.siqsNewA(),
    poly: (v, sign) => k.siqsPoly(v, sign),
    match: (i) => k.siqsMatch(i),
  };
  return { buffer, kernel };
}
