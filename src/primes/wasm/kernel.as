// AssemblyScript source of the ≤ 64-bit kernels (Montgomery arithmetic on u64): Miller–Rabin and
// Pollard–Brent rho. Compiled by build-kernel.mjs into kernelBytes.ts. Moduli must be odd (< 2^64);
// sums that can pass 2^64 are corrected by overflow detection.

let N: u64 = 0;
let NPRIME: u64 = 0; // −N^{-1} mod 2^64
let R1: u64 = 0; // 2^64 mod N (Montgomery 1)
let R2: u64 = 0; // 2^128 mod N
let ITER: u64 = 0;

@inline function mulhi(a: u64, b: u64): u64 {
  const a0 = a & 0xffffffff;
  const a1 = a >> 32;
  const b0 = b & 0xffffffff;
  const b1 = b >> 32;
  const p00 = a0 * b0;
  const p01 = a0 * b1;
  const p10 = a1 * b0;
  const p11 = a1 * b1;
  const mid = (p00 >> 32) + (p01 & 0xffffffff) + (p10 & 0xffffffff);
  return p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
}

@inline function montmul(a: u64, b: u64): u64 {
  const lo = a * b;
  const hi = mulhi(a, b);
  const m = lo * NPRIME;
  const mh = mulhi(m, N);
  // true value hi + mh + carry < 2N < 2^65: detect the wrap and subtract N once
  let t = hi + mh;
  let wrapped = t < hi;
  if (lo != 0) {
    t += 1;
    if (t == 0) wrapped = true;
  }
  if (wrapped || t >= N) t -= N;
  return t;
}

@inline function addmod(a: u64, b: u64): u64 {
  const s = a + b;
  return s < a || s >= N ? s - N : s;
}

@inline function submod(a: u64, b: u64): u64 {
  return a >= b ? a - b : a + N - b;
}

/** Set the modulus (odd, < 2^64). */
export function setModulus(n: u64): void {
  N = n;
  let inv: u64 = n; // correct to 3 bits for odd n
  for (let i = 0; i < 5; i++) inv *= 2 - n * inv;
  NPRIME = 0 - inv;
  R1 = (0 - n) % n;
  let r = R1;
  for (let i = 0; i < 64; i++) r = addmod(r, r);
  R2 = r;
}

@inline function toMont(a: u64): u64 {
  return montmul(a % N, R2);
}

@inline function fromMont(a: u64): u64 {
  return montmul(a, 1);
}

function gcd(a: u64, b: u64): u64 {
  if (a == 0) return b;
  if (b == 0) return a;
  const shift = ctz(a | b);
  a >>= ctz(a);
  while (b != 0) {
    b >>= ctz(b);
    if (a > b) {
      const t = a;
      a = b;
      b = t;
    }
    b -= a;
  }
  return a << shift;
}

/** Strong probable-prime test of the current modulus N to base a. */
export function sprp(a: u64): bool {
  const n = N;
  a = a % n;
  if (a == 0) return true;
  let d = n - 1;
  const s = ctz(d);
  d >>= s;
  const one = R1;
  const minusOne = n - R1;
  let x = one;
  let b = toMont(a);
  let e = d;
  while (e != 0) {
    if (e & 1) x = montmul(x, b);
    e >>= 1;
    if (e != 0) b = montmul(b, b);
  }
  if (x == one || x == minusOne) return true;
  for (let i: u64 = 1; i < s; i++) {
    x = montmul(x, x);
    if (x == minusOne) return true;
    if (x == one) return false;
  }
  return false;
}

/** Iterations used by the last rho call. */
export function lastIterations(): u64 {
  return ITER;
}

/**
 * Pollard–Brent rho on the current modulus with f(y) = y² + c, start y0, batched gcd (128 steps),
 * at most maxIter iterations. Returns a divisor (possibly N itself when the cycle closed), or 0 when
 * the cap was reached.
 */
export function rho(c: u64, y0: u64, maxIter: u64): u64 {
  const n = N;
  const cm = toMont(c);
  let y = toMont(y0);
  let x = y;
  let ys = y;
  let q = R1;
  let g: u64 = 1;
  let r: u64 = 1;
  ITER = 0;
  while (g == 1) {
    x = y;
    for (let i: u64 = 0; i < r; i++) y = addmod(montmul(y, y), cm);
    ITER += r;
    let k: u64 = 0;
    while (k < r && g == 1) {
      ys = y;
      const steps = r - k < 128 ? r - k : 128;
      for (let i: u64 = 0; i < steps; i++) {
        y = addmod(montmul(y, y), cm);
        q = montmul(q, x > y ? x - y : y - x);
      }
      ITER += steps;
      g = gcd(q, n);
      k += 128;
      if (g == 1 && ITER >= maxIter) return 0;
    }
    r <<= 1;
  }
  if (g == n) {
    g = 1;
    while (g == 1) {
      ys = addmod(montmul(ys, ys), cm);
      ITER++;
      g = gcd(x > ys ? x - ys : ys - x, n);
    }
  }
  return g;
}

// keep fromMont and submod referenced for future kernels
export function _fromMont(a: u64): u64 {
  return fromMont(submod(a, 0));
}
