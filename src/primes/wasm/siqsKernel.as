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
  let p: usize = (<usize>__heap_base + 15) & ~(<usize>15);
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
  p = (p + 15) & ~(<usize>15);
  SIEVE = p;
  p += <usize>len;
  END = p;
  const have = (<usize>memory.size()) << 16;
  if (END > have && memory.grow(<i32>((END - have + 65535) >> 16)) < 0) return 0;
  return base;
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
  for (let j = 1; j < F; j++) {
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
