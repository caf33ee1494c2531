// AssemblyScript source of the SIQS sieve kernel, compiled by build-kernel.mjs into siqsKernelBytes.ts.
// It holds one factor base at a time (loaded by siqsLoad) and does the integer work of each polynomial:
// the sieve roots of a new a (computeRoots), the Gray-code root updates, the sieve itself, the scan for
// candidates and, per candidate, which factor-base primes divide Q(x). The bigint parts (a, b, Q(x) and
// its division) stay with JS. Every result equals the portable JS path in siqsCollect.ts bit for bit.
//
// Memory: one region above the static data, laid out by siqsLoad for (F primes, s factors of a, sieve
// length len). Only siqsLoad grows memory, so views JS takes after it stay valid until the next load.

const NEVER: i32 = 0x3fffffff;

let F: i32 = 0;
let S: i32 = 0;
let LEN: i32 = 0;
let FIRST_SIEVED: i32 = 0;
let INIT: i32 = 0;

let PRIMES: usize = 0; // i32[F]
let SQRTS: usize = 0; // i32[F]
let MMODP: usize = 0; // i32[F]
let INV32: usize = 0; // i32[F]: p^-1 mod 2^32 (0 for p = 2)
let DIVLIM: usize = 0; // u32[F]: ⌊(2^32 − 1)/p⌋
let SOLN1: usize = 0; // i32[F]
let SOLN2: usize = 0; // i32[F]
let START1: usize = 0; // i32[F]
let START2: usize = 0; // i32[F]
let MATCHED: usize = 0; // i32[F]
let BAINV: usize = 0; // i32[S·F]
let QIDX: usize = 0; // i32[S]: factor-base indices of a
let GAMMAS: usize = 0; // i32[S]
let PREFIX: usize = 0; // u64[S + 1] scratch
let QM: usize = 0; // u64[S] scratch
let CAND: usize = 0; // i32[LEN]
let LOGS: usize = 0; // u8[F]
let ISA: usize = 0; // u8[F]
let SIEVE: usize = 0; // u8[LEN]
let END: usize = 0;

@inline function i32At(base: usize, j: i32): i32 {
  return load<i32>(base + (<usize>j << 2));
}

@inline function setI32(base: usize, j: i32, v: i32): void {
  store<i32>(base + (<usize>j << 2), v);
}

/**
 * Lays out memory for f primes, s factors of a and a sieve of len bytes (len a multiple of 32); returns the
 * region's start, or 0 when memory cannot grow. JS then writes primes, sqrts, logs and mModP and calls
 * siqsPrepare.
 */
export function siqsLoad(f: i32, s: i32, len: i32, firstSieved: i32, init: i32): usize {
  F = f;
  S = s;
  LEN = len;
  FIRST_SIEVED = firstSieved;
  INIT = init;
  let p = align16(<usize>__heap_base);
  const base = p;
  const fi = <usize>f << 2;
  PRIMES = p;
  p += fi;
  SQRTS = p;
  p += fi;
  MMODP = p;
  p += fi;
  INV32 = p;
  p += fi;
  DIVLIM = p;
  p += fi;
  SOLN1 = p;
  p += fi;
  SOLN2 = p;
  p += fi;
  START1 = p;
  p += fi;
  START2 = p;
  p += fi;
  MATCHED = p;
  p += fi;
  BAINV = p;
  p += fi * <usize>s;
  QIDX = p;
  p += <usize>s << 2;
  GAMMAS = p;
  p += <usize>s << 2;
  p = (p + 7) & ~(<usize>7);
  PREFIX = p;
  p += (<usize>s + 1) << 3;
  QM = p;
  p += <usize>s << 3;
  CAND = p;
  p += <usize>len << 2;
  LOGS = p;
  p += <usize>f;
  ISA = p;
  p += <usize>f;
  SIEVE = align16(p);
  END = SIEVE + <usize>len;
  return reach(END) ? base : 0;
}

/** Where JS writes the factor base (byte offsets into memory). */
export function siqsPrimes(): usize {
  return PRIMES;
}
export function siqsSqrts(): usize {
  return SQRTS;
}
export function siqsLogs(): usize {
  return LOGS;
}
export function siqsMModP(): usize {
  return MMODP;
}
/** Where JS writes a's factor-base indices and their γ values before siqsNewA. */
export function siqsQIdx(): usize {
  return QIDX;
}
export function siqsGammas(): usize {
  return GAMMAS;
}
/** Where siqsPoly leaves the candidates and siqsMatch the matching prime indices. */
export function siqsCandidates(): usize {
  return CAND;
}
export function siqsMatched(): usize {
  return MATCHED;
}

/** p^-1 mod 2^32 for odd p by Newton's iteration; 0 for p = 2. */
function inverse32(p: i32): i32 {
  if ((p & 1) == 0) return 0;
  let inv = p;
  for (let i = 0; i < 4; i++) inv = inv * (2 - p * inv);
  return inv;
}

/** Derives the per-prime divisibility constants once the factor base is written. */
export function siqsPrepare(): void {
  for (let j = 0; j < F; j++) {
    const p = i32At(PRIMES, j);
    setI32(INV32, j, inverse32(p));
    store<u32>(DIVLIM + (<usize>j << 2), <u32>0xffffffff / <u32>p);
  }
}

/** Modular inverse of a mod p (gcd 1, p < 2^26) by the extended Euclidean algorithm in i32. */
function invMod(a: i32, p: i32): i32 {
  let r0 = a % p;
  let r1 = p;
  let s0 = 1;
  let s1 = 0;
  while (r1 != 0) {
    const q = r0 / r1;
    const r2 = r0 - q * r1;
    r0 = r1;
    r1 = r2;
    const s2 = s0 - q * s1;
    s0 = s1;
    s1 = s2;
  }
  return s0 < 0 ? s0 + p : s0;
}

@inline function mulMod(a: u64, b: u64, p: u64): u64 {
  return (a * b) % p;
}

/**
 * For a new a (QIDX and GAMMAS written by JS): marks a's primes and computes, for every other odd prime,
 * the roots of the first polynomial and 2·B_l·a⁻¹ mod p for the Gray-code updates.
 */
export function siqsNewA(): void {
  memory.fill(ISA, 0, <usize>F);
  for (let l = 0; l < S; l++) store<u8>(ISA + <usize>i32At(QIDX, l), 1);
  for (let j = 1; j < F; j++) {
    if (load<u8>(ISA + <usize>j) == 1) continue;
    const p32 = i32At(PRIMES, j);
    const p = <u64>p32;
    store<u64>(PREFIX, 1);
    for (let l = 0; l < S; l++) {
      const r = <u64>(i32At(PRIMES, i32At(QIDX, l)) % p32);
      store<u64>(QM + (<usize>l << 3), r);
      store<u64>(PREFIX + ((<usize>l + 1) << 3), mulMod(load<u64>(PREFIX + (<usize>l << 3)), r, p));
    }
    const ainv = <u64>invMod(<i32>load<u64>(PREFIX + (<usize>S << 3)), p32);
    let suffix: u64 = 1;
    let bm: u64 = 0;
    for (let l = S - 1; l >= 0; l--) {
      const alm = mulMod(load<u64>(PREFIX + (<usize>l << 3)), suffix, p);
      suffix = mulMod(suffix, load<u64>(QM + (<usize>l << 3)), p);
      const blm = mulMod(alm, <u64>i32At(GAMMAS, l), p);
      bm += blm;
      setI32(BAINV + (<usize>l * <usize>F << 2), j, <i32>mulMod(2 * blm, ainv, p));
    }
    bm %= p;
    const t = <u64>i32At(SQRTS, j);
    setI32(SOLN1, j, <i32>mulMod((t + p - bm) % p, ainv, p));
    setI32(SOLN2, j, <i32>mulMod((2 * p - t - bm) % p, ainv, p));
  }
}

/** Roots ± 2·B_v·a⁻¹ (mod p) for every odd prime: the Gray-code step to the next b. */
function updateRoots(v: i32, add: bool): void {
  const d = BAINV + (<usize>v * <usize>F << 2);
  if (add) {
    for (let j = 1; j < F; j++) {
      const p = i32At(PRIMES, j);
      const dj = i32At(d, j);
      let r1 = i32At(SOLN1, j) + dj;
      if (r1 >= p) r1 -= p;
      setI32(SOLN1, j, r1);
      let r2 = i32At(SOLN2, j) + dj;
      if (r2 >= p) r2 -= p;
      setI32(SOLN2, j, r2);
    }
  } else {
    for (let j = 1; j < F; j++) {
      const p = i32At(PRIMES, j);
      const dj = i32At(d, j);
      let r1 = i32At(SOLN1, j) - dj;
      if (r1 < 0) r1 += p;
      setI32(SOLN1, j, r1);
      let r2 = i32At(SOLN2, j) - dj;
      if (r2 < 0) r2 += p;
      setI32(SOLN2, j, r2);
    }
  }
}

@inline function bump(at: usize, lg: u8): void {
  store<u8>(at, load<u8>(at) + lg);
}

/** Fills the sieve and adds round(log2 p) at every root hit; records each odd prime's first hits. */
function sieve(): void {
  const len = LEN;
  memory.fill(SIEVE, <u8>INIT, <usize>len);
  for (let j = 1; j < F; j++) {
    if (load<u8>(ISA + <usize>j) == 1) {
      setI32(START1, j, NEVER);
      setI32(START2, j, NEVER);
      continue;
    }
    const p = i32At(PRIMES, j);
    const mm = i32At(MMODP, j);
    let i1 = i32At(SOLN1, j) + mm;
    if (i1 >= p) i1 -= p;
    let i2 = i32At(SOLN2, j) + mm;
    if (i2 >= p) i2 -= p;
    setI32(START1, j, i1);
    setI32(START2, j, i2);
    if (j < FIRST_SIEVED) continue;
    const lg = load<u8>(LOGS + <usize>j);
    if (i1 == i2) {
      for (; i1 < len; i1 += p) bump(SIEVE + <usize>i1, lg);
      continue;
    }
    if (i1 > i2) {
      const t = i1;
      i1 = i2;
      i2 = t;
    }
    const d = i2 - i1;
    const stop = len - d;
    const p2 = 2 * p;
    const stop2 = stop - p;
    for (; i1 < stop2; i1 += p2) {
      const at = SIEVE + <usize>i1;
      bump(at, lg);
      bump(at + <usize>d, lg);
      bump(at + <usize>p, lg);
      bump(at + <usize>(p + d), lg);
    }
    for (; i1 < stop; i1 += p) {
      const at = SIEVE + <usize>i1;
      bump(at, lg);
      bump(at + <usize>d, lg);
    }
    if (i1 < len) bump(SIEVE + <usize>i1, lg);
  }
}

/** Indices whose byte has the top bit set, ascending, into CAND; returns how many. */
function scan(): i32 {
  let k = 0;
  const end = SIEVE + <usize>LEN;
  for (let at = SIEVE; at < end; at += 16) {
    const w0 = load<u64>(at);
    const w1 = load<u64>(at, 8);
    if (((w0 | w1) & 0x8080808080808080) == 0) continue;
    for (let b: usize = 0; b < 16; b++) {
      if ((load<u8>(at + b) & 0x80) != 0) {
        setI32(CAND, k, <i32>(at + b - SIEVE));
        k++;
      }
    }
  }
  return k;
}

/**
 * One polynomial: for pi > 0 the Gray-code step v = ν₂(pi) with the sign JS tracks (sign > 0 adds, < 0
 * subtracts; 0 for the first polynomial of an a), then the sieve and the scan. Returns the number of
 * candidates written to CAND.
 */
export function siqsPoly(v: i32, sign: i32): i32 {
  if (sign != 0) updateRoots(v, sign > 0);
  sieve();
  return scan();
}

/**
 * The factor-base primes (odd, not dividing a) whose roots hit sieve index i: p | i − start for a root
 * with start ≤ i, tested with p⁻¹ mod 2^32. Writes their indices ascending to MATCHED; returns how many.
 */
export function siqsMatch(i: i32): i32 {
  let count = 0;
  // four primes at a time (SIMD): lanes whose d1 or d2 passes the test
  const iv = i32x4.splat(i);
  const zero = i32x4.splat(0);
  let j = 1;
  for (; j + 4 <= F; j += 4) {
    const at = <usize>j << 2;
    const inv = v128.load(INV32 + at);
    const lim = v128.load(DIVLIM + at);
    const d1 = i32x4.sub(iv, v128.load(START1 + at));
    const d2 = i32x4.sub(iv, v128.load(START2 + at));
    const hit1 = v128.and(i32x4.ge_s(d1, zero), i32x4.le_u(i32x4.mul(d1, inv), lim));
    const hit2 = v128.and(i32x4.ge_s(d2, zero), i32x4.le_u(i32x4.mul(d2, inv), lim));
    const hits = v128.or(hit1, hit2);
    if (!v128.any_true(hits)) continue;
    let mask = i32x4.bitmask(hits);
    while (mask != 0) {
      setI32(MATCHED, count++, j + <i32>ctz(mask));
      mask &= mask - 1;
    }
  }
  for (; j < F; j++) {
    const d1 = i - i32At(START1, j);
    const d2 = i - i32At(START2, j);
    const inv = i32At(INV32, j);
    const lim = load<u32>(DIVLIM + (<usize>j << 2));
    if ((d1 >= 0 && <u32>(d1 * inv) <= lim) || (d2 >= 0 && <u32>(d2 * inv) <= lim)) {
      setI32(MATCHED, count, j);
      count++;
    }
  }
  return count;
}

// GF(2) dependencies among sparse rows (the port of gf2Dependencies in gf2.ts, same steps, same results):
// JS writes the rows (start offsets and column lists) at gf2Input's pointer, gf2Reduce removes singletons
// and lays out the dense matrix, gf2Eliminate runs the pivots a slice at a time (JS polls its stop test in
// between), gf2Collect writes the dependencies. The region lies above the sieve's, so a loaded factor base
// survives; memory may grow in gf2Input and gf2Reduce (JS takes its views afterwards).

let G_ROWS: i32 = 0;
let G_NCOLS: i32 = 0;
let G_START: usize = 0; // i32[rows + 1]
let G_COLS: usize = 0; // i32[total]
let G_ODD: usize = 0; // i32[total]: each row's odd-multiplicity columns
let G_OSTART: usize = 0; // i32[rows + 1]
let G_PARITY: usize = 0; // u8[ncols]
let G_ALIVE: usize = 0; // u8[rows]
let G_WEIGHT: usize = 0; // i32[ncols]
let G_KEPT: usize = 0; // i32[rows]
let G_FIRST: usize = 0; // i32[maxWeight + 2]
let G_COLINDEX: usize = 0; // i32[ncols]
let G_M: usize = 0; // i32[R·W]
let G_OPEN: usize = 0; // i32[R]
let G_HLO: usize = 0; // i32[R]
let G_HHI: usize = 0; // i32[R]
let G_MARK: usize = 0; // u8[R]: open rows
let G_OUT: usize = 0; // i32: dependencies as (length, rows…) runs
let G_END: usize = 0;
let G_R: i32 = 0;
let G_C: i32 = 0;
let G_W1: i32 = 0;
let G_W: i32 = 0;
let G_K: i32 = 0;
let G_OPENCOUNT: i32 = 0;
let G_EMPTY: i32 = 0; // dependencies from empty rows (written at G_OUT by gf2Reduce)
let G_OUTLEN: i32 = 0; // i32 words written at G_OUT

/** Makes [0, end) addressable; false when memory cannot grow. */
function reach(end: usize): bool {
  const have = (<usize>memory.size()) << 16;
  return end <= have || memory.grow(<i32>((end - have + 65535) >> 16)) >= 0;
}

@inline function align16(p: usize): usize {
  return (p + 15) & ~(<usize>15);
}

/** Room for `rows` rows with `total` column entries; returns where JS writes start[rows + 1], then cols[total] (0: no memory). */
export function gf2Input(rows: i32, total: i32): usize {
  G_ROWS = rows;
  let p = align16(max<usize>(END, <usize>__heap_base));
  G_START = p;
  p = align16(p + ((<usize>rows + 1) << 2));
  G_COLS = p;
  p = align16(p + (<usize>total << 2));
  G_END = p;
  return reach(p) ? G_START : 0;
}

/** Where JS writes the column entries (after gf2Input). */
export function gf2Columns(): usize {
  return G_COLS;
}

/**
 * Odd columns, singleton removal, empty rows (dependencies by themselves, up to maxDeps), columns renumbered
 * sparse-first, and the dense matrix with its history block. Returns the number R of rows to eliminate
 * (0: done, the empty-row dependencies are all), or −1 when memory cannot grow.
 */
export function gf2Reduce(ncols: i32, maxDeps: i32): i32 {
  const rows = G_ROWS;
  G_NCOLS = ncols;
  const total = i32At(G_START, rows);
  let p = G_END;
  G_ODD = p;
  p = align16(p + (<usize>total << 2));
  G_OSTART = p;
  p = align16(p + ((<usize>rows + 1) << 2));
  G_PARITY = p;
  p = align16(p + <usize>ncols);
  G_ALIVE = p;
  p = align16(p + <usize>rows);
  G_WEIGHT = p;
  p = align16(p + (<usize>ncols << 2));
  G_KEPT = p;
  p = align16(p + (<usize>rows << 2));
  G_COLINDEX = p;
  p = align16(p + (<usize>ncols << 2));
  G_FIRST = p; // sized below, once the largest weight is known
  if (!reach(p)) return -1;
  // 1. odd-multiplicity columns of each row
  memory.fill(G_PARITY, 0, <usize>ncols);
  let fill = 0;
  for (let i = 0; i < rows; i++) {
    setI32(G_OSTART, i, fill);
    const e = i32At(G_START, i + 1);
    for (let t = i32At(G_START, i); t < e; t++) {
      const at = G_PARITY + <usize>i32At(G_COLS, t);
      store<u8>(at, load<u8>(at) ^ 1);
    }
    for (let t = i32At(G_START, i); t < e; t++) {
      const c = i32At(G_COLS, t);
      const at = G_PARITY + <usize>c;
      if (load<u8>(at) == 1) {
        setI32(G_ODD, fill++, c);
        store<u8>(at, 0);
      }
    }
  }
  setI32(G_OSTART, rows, fill);
  // 2. singleton removal
  memory.fill(G_ALIVE, 1, <usize>rows);
  memory.fill(G_WEIGHT, 0, <usize>ncols << 2);
  for (let t = 0; t < fill; t++) {
    const at = G_WEIGHT + (<usize>i32At(G_ODD, t) << 2);
    store<i32>(at, load<i32>(at) + 1);
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = 0; i < rows; i++) {
      if (load<u8>(G_ALIVE + <usize>i) == 0) continue;
      const e = i32At(G_OSTART, i + 1);
      let single = false;
      for (let t = i32At(G_OSTART, i); t < e; t++) {
        if (i32At(G_WEIGHT, i32At(G_ODD, t)) == 1) {
          single = true;
          break;
        }
      }
      if (!single) continue;
      store<u8>(G_ALIVE + <usize>i, 0);
      for (let t = i32At(G_OSTART, i); t < e; t++) {
        const at = G_WEIGHT + (<usize>i32At(G_ODD, t) << 2);
        store<i32>(at, load<i32>(at) - 1);
      }
      changed = true;
    }
  }
  // empty rows are dependencies by themselves; the others are kept
  // provisional output area (empty-row dependencies only, 2 words each): moved above the matrix below when
  // elimination follows; otherwise whatever step 3 leaves here is dead by the time gf2Collect writes
  G_OUT = p;
  if (!reach(p + ((<usize>maxDeps << 3)))) return -1;
  let deps = 0;
  let kept = 0;
  for (let i = 0; i < rows; i++) {
    if (load<u8>(G_ALIVE + <usize>i) == 0) continue;
    if (i32At(G_OSTART, i) == i32At(G_OSTART, i + 1)) {
      if (deps < maxDeps) deps++;
    } else setI32(G_KEPT, kept++, i);
  }
  G_EMPTY = deps;
  if (deps >= maxDeps) return 0;
  // 3. active columns, sparse first (counting sort by weight, ties in column order)
  let maxWeight = 0;
  for (let c = 0; c < ncols; c++) maxWeight = max(maxWeight, i32At(G_WEIGHT, c));
  p = align16(G_FIRST + ((<usize>maxWeight + 2) << 2));
  if (!reach(p)) return -1;
  memory.fill(G_FIRST, 0, (<usize>maxWeight + 2) << 2);
  for (let c = 0; c < ncols; c++) {
    const at = G_FIRST + ((<usize>i32At(G_WEIGHT, c) + 1) << 2);
    store<i32>(at, load<i32>(at) + 1);
  }
  for (let w = 1; w <= maxWeight + 1; w++) setI32(G_FIRST, w, i32At(G_FIRST, w) + i32At(G_FIRST, w - 1));
  const C = ncols - i32At(G_FIRST, 1);
  for (let c = 0; c < ncols; c++) {
    const w = i32At(G_WEIGHT, c);
    if (w > 0) {
      const slot = i32At(G_FIRST, w);
      setI32(G_FIRST, w, slot + 1);
      setI32(G_COLINDEX, c, slot - (ncols - C));
    } else setI32(G_COLINDEX, c, -1);
  }
  const R = min(kept, C + (maxDeps - deps) + 8);
  if (R == 0) return 0;
  // 4. the dense matrix with an identity history block
  const W1 = (C + 31) >>> 5;
  const W2 = (R + 31) >>> 5;
  const W = W1 + W2;
  G_M = p;
  p = align16(p + ((<usize>R * <usize>W) << 2));
  G_OPEN = p;
  p = align16(p + (<usize>R << 2));
  G_HLO = p;
  p = align16(p + (<usize>R << 2));
  G_HHI = p;
  p = align16(p + (<usize>R << 2));
  G_MARK = p;
  p = align16(p + <usize>R);
  const out = p;
  p = align16(p + ((<usize>maxDeps * (<usize>R + 1)) << 2));
  if (!reach(p)) return -1;
  // the empty-row dependencies move with the output area (none were written yet: only counted)
  G_OUT = out;
  memory.fill(G_M, 0, (<usize>R * <usize>W) << 2);
  for (let r = 0; r < R; r++) {
    const base = G_M + ((<usize>r * <usize>W) << 2);
    const i = i32At(G_KEPT, r);
    const e = i32At(G_OSTART, i + 1);
    for (let t = i32At(G_OSTART, i); t < e; t++) {
      const k = i32At(G_COLINDEX, i32At(G_ODD, t));
      const at = base + (<usize>(k >>> 5) << 2);
      store<i32>(at, load<i32>(at) ^ (1 << (k & 31)));
    }
    const at = base + (<usize>(W1 + (r >>> 5)) << 2);
    store<i32>(at, load<i32>(at) | (1 << (r & 31)));
    setI32(G_OPEN, r, r);
    setI32(G_HLO, r, r >>> 5);
    setI32(G_HHI, r, r >>> 5);
  }
  G_R = R;
  G_C = C;
  G_W1 = W1;
  G_W = W;
  G_K = 0;
  G_OPENCOUNT = R;
  return R;
}

/** Pivots on up to `columns` more columns; returns 1 while columns and open rows remain, else 0. */
export function gf2Eliminate(columns: i32): i32 {
  const W = G_W;
  const W1 = G_W1;
  const end = min(G_C, G_K + columns);
  let openCount = G_OPENCOUNT;
  let k = G_K;
  for (; k < end && openCount > 0; k++) {
    const w = k >>> 5;
    const bit = 1 << (k & 31);
    let at = -1;
    for (let u = 0; u < openCount; u++) {
      if ((load<i32>(G_M + ((<usize>i32At(G_OPEN, u) * <usize>W + <usize>w) << 2)) & bit) != 0) {
        at = u;
        break;
      }
    }
    if (at < 0) continue;
    const piv = i32At(G_OPEN, at);
    openCount--;
    setI32(G_OPEN, at, i32At(G_OPEN, openCount));
    const pb = G_M + ((<usize>piv * <usize>W) << 2);
    const lo = i32At(G_HLO, piv);
    const hi = i32At(G_HHI, piv);
    for (let u = at; u < openCount; u++) {
      const r = i32At(G_OPEN, u);
      const rb = G_M + ((<usize>r * <usize>W) << 2);
      if ((load<i32>(rb + (<usize>w << 2)) & bit) == 0) continue;
      for (let j = w; j < W1; j++) {
        const a = rb + (<usize>j << 2);
        store<i32>(a, load<i32>(a) ^ load<i32>(pb + (<usize>j << 2)));
      }
      for (let j = W1 + lo; j <= W1 + hi; j++) {
        const a = rb + (<usize>j << 2);
        store<i32>(a, load<i32>(a) ^ load<i32>(pb + (<usize>j << 2)));
      }
      if (lo < i32At(G_HLO, r)) setI32(G_HLO, r, lo);
      if (hi > i32At(G_HHI, r)) setI32(G_HHI, r, hi);
    }
  }
  G_K = k;
  G_OPENCOUNT = openCount;
  return k < G_C && openCount > 0 ? 1 : 0;
}

/**
 * Writes the dependencies at gf2Output(): first the empty rows (each a run (1, row)), then, for R > 0, the
 * open rows reduced to zero in row order, each a run (length, rows ascending), up to maxDeps in all.
 * Returns the number of dependencies.
 */
export function gf2Collect(maxDeps: i32, eliminated: i32): i32 {
  let o = 0;
  let deps = 0;
  // the empty rows (gf2Reduce only counted them)
  for (let i = 0; i < G_ROWS && deps < G_EMPTY; i++) {
    if (load<u8>(G_ALIVE + <usize>i) == 0 || i32At(G_OSTART, i) != i32At(G_OSTART, i + 1)) continue;
    setI32(G_OUT, o++, 1);
    setI32(G_OUT, o++, i);
    deps++;
  }
  if (eliminated != 0) {
    // the open rows (reduced to zero), in row order
    memory.fill(G_MARK, 0, <usize>G_R);
    for (let u = 0; u < G_OPENCOUNT; u++) store<u8>(G_MARK + <usize>i32At(G_OPEN, u), 1);
    const W = G_W;
    const W2 = W - G_W1;
    for (let r = 0; r < G_R && deps < maxDeps; r++) {
      if (load<u8>(G_MARK + <usize>r) == 0) continue;
      const rb = G_M + ((<usize>r * <usize>W + <usize>G_W1) << 2);
      const lenAt = o++;
      let len = 0;
      for (let j = 0; j < W2; j++) {
        let word = load<i32>(rb + (<usize>j << 2));
        while (word != 0) {
          const t = ctz(word);
          setI32(G_OUT, o++, i32At(G_KEPT, j * 32 + t));
          len++;
          word &= word - 1;
        }
      }
      setI32(G_OUT, lenAt, len);
      deps++;
    }
  }
  G_OUTLEN = o;
  return deps;
}

/** Where gf2Collect wrote the dependencies, and how many i32 words. */
export function gf2Output(): usize {
  return G_OUT;
}
export function gf2OutputLength(): i32 {
  return G_OUTLEN;
}
