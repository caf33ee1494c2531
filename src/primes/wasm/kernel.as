// AssemblyScript source of the WebAssembly kernels, compiled by build-kernel.mjs into kernelBytes.ts:
// - ≤ 64-bit (Montgomery arithmetic on u64): Miller–Rabin, Pollard–Brent rho and micro-ECM. Moduli must
//   be odd (< 2^64); sums that can pass 2^64 are corrected by overflow detection.
// - multi-limb (at the end of the file; 32-bit limbs, odd moduli < 2^2048): strong tests, the extra
//   strong Lucas ladder, modular power, Jacobi symbols of small numbers and ECM stages 1 and 2.

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
  // t and w below stay under 2^64: (2^32 − 1)² + 2^32 − 1 < 2^64
  const t = a1 * b0 + ((a0 * b0) >> 32);
  const w = (t & 0xffffffff) + a0 * b1;
  return a1 * b1 + (t >> 32) + (w >> 32);
}

/** Montgomery product a·b·2^-64 mod n (a, b < n odd, np = −n^{-1} mod 2^64). */
@inline function mm(a: u64, b: u64, n: u64, np: u64): u64 {
  const lo = a * b;
  const hi = mulhi(a, b); // < n
  const mh = mulhi(lo * np, n);
  // true value hi + carry + mh < 2n < 2^65 (carry = lo ≠ 0): detect the wrap and subtract n once
  const s = hi + <u64>(lo != 0);
  const t = s + mh;
  return t < s || t >= n ? t - n : t;
}

@inline function am(a: u64, b: u64, n: u64): u64 {
  const s = a + b;
  return s < a || s >= n ? s - n : s;
}

@inline function sm(a: u64, b: u64, n: u64): u64 {
  return a >= b ? a - b : a + n - b;
}

@inline function montmul(a: u64, b: u64): u64 {
  return mm(a, b, N, NPRIME);
}

@inline function addmod(a: u64, b: u64): u64 {
  return am(a, b, N);
}

@inline function submod(a: u64, b: u64): u64 {
  return sm(a, b, N);
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

// 32-bit Montgomery arithmetic (R = 2^32) for moduli below 2^32: the product of two residues fits a
// u64, so a Montgomery product is 3 multiplications instead of 10.
let N32: u64 = 0;
let NPRIME32: u64 = 0; // −N^{-1} mod 2^32
let R1_32: u64 = 0; // 2^32 mod N

@inline function montmul32(a: u64, b: u64): u64 {
  const t = a * b; // < N² < 2^64
  const m = ((t & 0xffffffff) * NPRIME32) & 0xffffffff;
  // t + m·N ≡ 0 mod 2^32: its high half is hi(t) + hi(m·N) + (lo(t) ≠ 0), below 2N
  let u = (t >> 32) + ((m * N32) >> 32) + <u64>((t & 0xffffffff) != 0);
  return u >= N32 ? u - N32 : u;
}

@inline function addmod32(a: u64, b: u64): u64 {
  const s = a + b;
  return s >= N32 ? s - N32 : s;
}

/**
 * Pollard–Brent rho as in rho(), for the current modulus N < 2^32, in 32-bit Montgomery arithmetic.
 */
export function rho32(c: u64, y0: u64, maxIter: u64): u64 {
  const n = N;
  N32 = n;
  let inv: u64 = n;
  for (let i = 0; i < 5; i++) inv = (inv * (2 - n * inv)) & 0xffffffff;
  NPRIME32 = (0 - inv) & 0xffffffff;
  R1_32 = (<u64>1 << 32) % n;
  const r2 = (R1_32 * R1_32) % n;
  const cm = montmul32(c % n, r2);
  let y = montmul32(y0 % n, r2);
  let x = y;
  let ys = y;
  let q = R1_32;
  let g: u64 = 1;
  let r: u64 = 1;
  ITER = 0;
  while (g == 1) {
    x = y;
    for (let i: u64 = 0; i < r; i++) y = addmod32(montmul32(y, y), cm);
    ITER += r;
    let k: u64 = 0;
    while (k < r && g == 1) {
      ys = y;
      const steps = r - k < 128 ? r - k : 128;
      for (let i: u64 = 0; i < steps; i++) {
        y = addmod32(montmul32(y, y), cm);
        q = montmul32(q, x > y ? x - y : y - x);
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
      ys = addmod32(montmul32(ys, ys), cm);
      ITER++;
      g = gcd(x > ys ? x - ys : ys - x, n);
    }
  }
  return g;
}

// ---------------------------------------------------------------------------------------------
// micro-ECM: Montgomery curves B·y² = x³ + A·x² + x, x-only (X:Z) arithmetic, Suyama's
// parametrisation (torsion Z/12 or Z/6 × Z/2 ⇒ group order divisible by 12). Stage 1 is one
// Montgomery ladder over the scalar Π p^⌊log_p B1⌋ (set word by word with ecmSetScalar); stage 2 is
// a baby-step giant-step pass over the primes in (B1, B2] with x(kD·Q) − x(j·Q) products
// (2 multiplications per pair, one gcd at the end).

const SCALAR = memory.data(8 * 16); // up to 1024 scalar bits, little-endian u64 words
let SCALAR_BITS: i32 = 0;
const SIEVE_LIMIT: u32 = 1 << 16;
const SIEVE = memory.data(1 << 16); // byte per integer: 1 = prime
let SIEVE_READY = false;
const BABY_X = memory.data(8 * 256);
const BABY_Z = memory.data(8 * 256);
const BABY_XZ = memory.data(8 * 256);
const BABY_J = memory.data(4 * 256);

let PX: u64 = 0; // x of the stage-1 result (projective, with PZ)
let PZ: u64 = 0;
let TX: u64 = 0; // result of dbl/dadd
let TZ: u64 = 0;

/** Word i (little-endian) of the stage-1 scalar. */
export function ecmSetScalar(i: i32, w: u64): void {
  store<u64>(SCALAR + (<usize>i << 3), w);
}

/** Bit length of the stage-1 scalar (its top bit must be 1). */
export function ecmSetScalarBits(bits: i32): void {
  SCALAR_BITS = bits;
  SMALL_ECM_PLAN = -1; // smallFactor reloads its own scalar
}

function buildSieve(): void {
  for (let i: u32 = 2; i < SIEVE_LIMIT; i++) store<u8>(SIEVE + i, 1);
  for (let i: u32 = 2; i * i < SIEVE_LIMIT; i++) {
    if (load<u8>(SIEVE + i) == 0) continue;
    for (let j = i * i; j < SIEVE_LIMIT; j += i) store<u8>(SIEVE + j, 0);
  }
  SIEVE_READY = true;
}

@inline function isSmallPrime(k: u32): bool {
  return k < SIEVE_LIMIT && load<u8>(SIEVE + k) != 0;
}

/** (TX:TZ) = 2·(x:z). */
@inline function dbl(x: u64, z: u64, n: u64, np: u64, a24: u64): void {
  const s = am(x, z, n);
  const d = sm(x, z, n);
  const t1 = mm(s, s, n, np);
  const t2 = mm(d, d, n, np);
  const t3 = sm(t1, t2, n);
  TX = mm(t1, t2, n, np);
  TZ = mm(t3, am(t2, mm(a24, t3, n, np), n), n, np);
}

/** (TX:TZ) = P + Q given P − Q = (xd:zd). */
@inline function dadd(xp: u64, zp: u64, xq: u64, zq: u64, xd: u64, zd: u64, n: u64, np: u64): void {
  const u = mm(sm(xp, zp, n), am(xq, zq, n), n, np);
  const v = mm(am(xp, zp, n), sm(xq, zq, n), n, np);
  const s = am(u, v, n);
  const d = sm(u, v, n);
  TX = mm(zd, mm(s, s, n, np), n, np);
  TZ = mm(xd, mm(d, d, n, np), n, np);
}

/** Inverse of a (plain, 0 < a < N) mod N, or 0 when gcd(a, N) > 1 (then GCD_FOUND holds the gcd). */
let GCD_FOUND: u64 = 0;
function invmod(a: u64): u64 {
  // extended Euclid on magnitudes: the coefficients of a alternate in sign and stay ≤ N
  let r0 = N;
  let r1 = a;
  let t0: u64 = 0;
  let t1: u64 = 1;
  let neg = false; // sign of t1 (t0 has the opposite sign)
  while (r1 != 0) {
    const q = r0 / r1;
    const r2 = r0 - q * r1;
    const t2 = t0 + q * t1;
    r0 = r1;
    r1 = r2;
    t0 = t1;
    t1 = t2;
    neg = !neg;
  }
  GCD_FOUND = r0;
  if (r0 != 1) return 0;
  // r0 = 1 is reached with coefficient t0, whose sign is the opposite of neg
  return neg ? t0 : N - t0;
}

/**
 * One micro-ECM curve on the current modulus: Suyama parameter sigma (6 ≤ sigma < N), stage 1 with the
 * scalar set by ecmSetScalar, stage 2 over the primes in (b1, b2] with giant step d (a multiple of 6,
 * ≤ 510). Returns a proper divisor of N, or 0.
 */
export function ecmCurve(sigma: u64, b1: u32, b2: u32, d: u32): u64 {
  if (!SIEVE_READY) buildSieve();
  const n = N;
  // Suyama: u = σ² − 5, v = 4σ; x0 = u³/v³, A24 = (v − u)³(3u + v)/(16u³v); one inversion
  const s = toMont(sigma);
  const five = toMont(5);
  const u = submod(montmul(s, s), five);
  const v = addmod(addmod(s, s), addmod(s, s));
  const u2 = montmul(u, u);
  const u3 = montmul(u2, u);
  const v2 = montmul(v, v);
  const v3 = montmul(v2, v);
  let sixteenU3V = montmul(u3, v);
  for (let i = 0; i < 4; i++) sixteenU3V = addmod(sixteenU3V, sixteenU3V);
  const den = montmul(sixteenU3V, v3);
  const denPlain = fromMont(den);
  if (denPlain == 0) return 0;
  const invPlain = invmod(denPlain);
  if (invPlain == 0) return GCD_FOUND != n ? GCD_FOUND : 0;
  const inv = toMont(invPlain);
  const vmu = submod(v, u);
  const vmu3 = montmul(montmul(vmu, vmu), vmu);
  const u3v = addmod(addmod(u, u), addmod(u, v));
  const a24 = montmul(montmul(montmul(vmu3, u3v), v3), inv);
  const np = NPRIME;
  const x0 = montmul(montmul(u3, sixteenU3V), inv); // point (x0 : 1)

  // stage 1: Montgomery ladder over the scalar, difference (x0 : 1)
  let x1 = x0;
  let z1 = R1;
  dbl(x0, R1, n, np, a24);
  let x2 = TX;
  let z2 = TZ;
  for (let i = SCALAR_BITS - 2; i >= 0; i--) {
    const bit = (load<u64>(SCALAR + (<usize>(i >> 6) << 3)) >> (<u64>(i & 63))) & 1;
    if (bit != 0) {
      // (R0, R1) ← (R0 + R1, 2·R1)
      const ux = mm(sm(x1, z1, n), am(x2, z2, n), n, np);
      const vx = mm(am(x1, z1, n), sm(x2, z2, n), n, np);
      const a = am(ux, vx, n);
      const b = sm(ux, vx, n);
      dbl(x2, z2, n, np, a24);
      x2 = TX;
      z2 = TZ;
      x1 = mm(a, a, n, np);
      z1 = mm(x0, mm(b, b, n, np), n, np);
    } else {
      const ux = mm(sm(x1, z1, n), am(x2, z2, n), n, np);
      const vx = mm(am(x1, z1, n), sm(x2, z2, n), n, np);
      const a = am(ux, vx, n);
      const b = sm(ux, vx, n);
      dbl(x1, z1, n, np, a24);
      x1 = TX;
      z1 = TZ;
      x2 = mm(a, a, n, np);
      z2 = mm(x0, mm(b, b, n, np), n, np);
    }
  }
  let g = gcd(z1, n);
  if (g != 1) return g != n ? g : 0;
  if (b2 <= b1) return 0;
  if (b2 >= SIEVE_LIMIT) b2 = SIEVE_LIMIT - 1;

  // stage 2: baby steps j·Q for odd j < d/2 coprime to d; giant steps k·d·Q
  const qx = x1;
  const qz = z1;
  const half = d >> 1;
  dbl(qx, qz, n, np, a24);
  const q2x = TX;
  const q2z = TZ;
  let nb = 0;
  // chain over odd j: (j+2)Q = jQ + 2Q, difference (j−2)Q
  let pjx = qx; // (j−2)Q, starts as −Q ≅ Q for j = 1 (x-only)
  let pjz = qz;
  let jx = qx;
  let jz = qz;
  let acc = R1;
  for (let j: u32 = 1; j <= half; j += 2) {
    if (j > 1) {
      if (j == 3) dadd(q2x, q2z, qx, qz, qx, qz, n, np);
      else dadd(jx, jz, q2x, q2z, pjx, pjz, n, np);
      pjx = jx;
      pjz = jz;
      jx = TX;
      jz = TZ;
    }
    if (j < half && gcd(<u64>j, <u64>d) == 1) {
      store<u64>(BABY_X + (<usize>nb << 3), jx);
      store<u64>(BABY_Z + (<usize>nb << 3), jz);
      store<u64>(BABY_XZ + (<usize>nb << 3), mm(jx, jz, n, np));
      store<u32>(BABY_J + (<usize>nb << 2), j);
      nb++;
      // k = 0: primes j in (b1, b2] themselves
      if (j > b1 && j <= b2 && isSmallPrime(j)) acc = mm(acc, jz, n, np);
    }
  }
  // d·Q = 2·(half·Q) (half is odd when d ≡ 2 mod 4; otherwise from (half−1)Q + (half+1)Q)
  let dqx: u64;
  let dqz: u64;
  if (half & 1) {
    dbl(jx, jz, n, np, a24);
    dqx = TX;
    dqz = TZ;
  } else {
    // jx is (half−1)Q; (half+1)Q = (half−1)Q + 2Q with difference (half−3)Q
    dadd(jx, jz, q2x, q2z, pjx, pjz, n, np);
    const hx = TX;
    const hz = TZ;
    dadd(hx, hz, jx, jz, q2x, q2z, n, np);
    dqx = TX;
    dqz = TZ;
  }
  let gx = dqx; // k·d·Q
  let gz = dqz;
  let gpx: u64 = 0; // (k−1)·d·Q; k = 1 needs the point at infinity (1 : 0)
  let gpz: u64 = 0;
  for (let k: u32 = 1; k * d - half <= b2; k++) {
    const base = k * d;
    const gxz = mm(gx, gz, n, np);
    for (let i = 0; i < nb; i++) {
      const j = load<u32>(BABY_J + (<usize>i << 2));
      const lo = base - j;
      const hi = base + j;
      if ((lo > b1 && lo <= b2 && isSmallPrime(lo)) || (hi > b1 && hi <= b2 && isSmallPrime(hi))) {
        const bx = load<u64>(BABY_X + (<usize>i << 3));
        const bz = load<u64>(BABY_Z + (<usize>i << 3));
        const bxz = load<u64>(BABY_XZ + (<usize>i << 3));
        // (gx − bx)(gz + bz) − gx·gz + bx·bz = gx·bz − bx·gz
        const t = am(sm(mm(sm(gx, bx, n), am(gz, bz, n), n, np), gxz, n), bxz, n);
        acc = mm(acc, t, n, np);
      }
    }
    // next giant step
    if (k == 1) {
      dbl(gx, gz, n, np, a24);
    } else {
      dadd(gx, gz, dqx, dqz, gpx, gpz, n, np);
    }
    gpx = gx;
    gpz = gz;
    gx = TX;
    gz = TZ;
  }
  g = gcd(acc, n);
  return g != 1 && g != n ? g : 0;
}

/** a·b mod N through the Montgomery domain (a, b any u64): exposes the arithmetic to tests. */
export function mulmod(a: u64, b: u64): u64 {
  return fromMont(montmul(toMont(a), toMont(b)));
}

/** Inverse of a mod N (0 < a < N), or 0 when gcd(a, N) > 1. Exposed to tests. */
export function inverse(a: u64): u64 {
  return invmod(a % N);
}

// ---------------------------------------------------------------------------------------------
// Whole factorisation of n < 2^64 in one call (the small-number path of the factor plan): trial division by
// the primes below 1024 (multiply-by-inverse divisibility tests), then for each composite piece a
// deterministic Miller–Rabin test, a perfect-power check, and a split by rho (pieces below 2^37) or micro-ECM
// (above; rho when micro-ECM gives up). The prime factors (with repetition, ascending) go to SMALL_OUT as u64
// and as f64 (exact below 2^53); the engines that found factors are recorded in order in SMALL_METHODS.

const SMALL_TD_BOUND: u32 = 1024;
const SMALL_TD_PRIMES = memory.data(4 * 172); // odd primes below 1024
const SMALL_TD_INV = memory.data(8 * 172); // p^{-1} mod 2^64
const SMALL_TD_LIM = memory.data(8 * 172); // ⌊(2^64 − 1)/p⌋: p | n ⇔ n·p^{-1} mod 2^64 ≤ lim
let SMALL_TD_COUNT: i32 = 0;
const SMALL_OUT = memory.data(8 * 64, 8);
const SMALL_OUT_F = memory.data(8 * 64, 8);
let SMALL_COUNT: i32 = 0;
let SMALL_METHODS: u32 = 0; // 3 bits per engine, first success in the lowest bits
let SMALL_METHOD_COUNT: u32 = 0;
let SMALL_CURVES: u32 = 0;
let SMALL_RHO: u64 = 0;
let SMALL_B1: u32 = 0;
const SMALL_STACK_V = memory.data(8 * 64, 8);
const SMALL_STACK_M = memory.data(4 * 64, 8);
// micro-ECM plans by size (bits ≤ 44, 52, 58, 61, 64): B1, B2, giant step; scalars lcm(1..B1), 16 words each
const SMALL_ECM_SCALARS = memory.data(8 * 16 * 5, 8);
const SMALL_ECM_BITS = memory.data(4 * 5);
let SMALL_ECM_PLAN: i32 = -1; // plan whose scalar is in SCALAR
let SMALL_RNG: u64 = 0;

@inline function smallPlanMaxBits(i: i32): i32 {
  return i == 0 ? 44 : i == 1 ? 52 : i == 2 ? 58 : i == 3 ? 61 : 64;
}
@inline function smallPlanB1(i: i32): u32 {
  return i == 0 ? 35 : i == 1 ? 70 : i == 2 ? 110 : i == 3 ? 150 : 175;
}
@inline function smallPlanB2(i: i32): u32 {
  return i == 0 ? 1400 : i == 1 ? 1750 : i == 2 ? 2750 : i == 3 ? 3750 : 7000;
}
@inline function smallPlanD(i: i32): u32 {
  return i == 0 ? 60 : i == 1 ? 120 : 210;
}

function smallInit(): void {
  if (!SIEVE_READY) buildSieve();
  let k = 0;
  for (let p: u32 = 3; p < SMALL_TD_BOUND; p += 2) {
    if (!isSmallPrime(p)) continue;
    let inv: u64 = <u64>p;
    for (let i = 0; i < 5; i++) inv *= 2 - <u64>p * inv;
    store<u32>(SMALL_TD_PRIMES + (<usize>k << 2), p);
    store<u64>(SMALL_TD_INV + (<usize>k << 3), inv);
    store<u64>(SMALL_TD_LIM + (<usize>k << 3), <u64>0xffffffffffffffff / <u64>p);
    k++;
  }
  SMALL_TD_COUNT = k;
  // stage-1 scalars: lcm(1..B1) in 32-bit limbs, packed into u64 words
  const limbs = memory.data(4 * 34);
  for (let plan = 0; plan < 5; plan++) {
    const b1 = smallPlanB1(plan);
    for (let i = 0; i < 34; i++) store<u32>(limbs + (<usize>i << 2), 0);
    store<u32>(limbs, 1);
    let top = 1;
    for (let p: u32 = 2; p <= b1; p++) {
      if (!isSmallPrime(p)) continue;
      let q: u64 = p;
      while (q * p <= b1) q *= p;
      let carry: u64 = 0;
      for (let i = 0; i < top; i++) {
        const t = <u64>load<u32>(limbs + (<usize>i << 2)) * q + carry;
        store<u32>(limbs + (<usize>i << 2), <u32>(t & 0xffffffff));
        carry = t >> 32;
      }
      if (carry != 0) {
        store<u32>(limbs + (<usize>top << 2), <u32>carry);
        top++;
      }
    }
    const dst = SMALL_ECM_SCALARS + (<usize>plan << 7);
    for (let w = 0; w < 16; w++) {
      const lo = <u64>load<u32>(limbs + (<usize>(2 * w) << 2));
      const hi = <u64>load<u32>(limbs + (<usize>(2 * w + 1) << 2));
      store<u64>(dst + (<usize>w << 3), lo | (hi << 32));
    }
    const topLimb = load<u32>(limbs + (<usize>(top - 1) << 2));
    store<i32>(SMALL_ECM_BITS + (<usize>plan << 2), 32 * top - <i32>clz(topLimb));
  }
}

@inline function smallRandom(): u64 {
  // splitmix64
  SMALL_RNG += 0x9e3779b97f4a7c15;
  let z = SMALL_RNG;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
  z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
  return z ^ (z >> 31);
}

function smallMethod(code: u32): void {
  for (let i: u32 = 0; i < SMALL_METHOD_COUNT; i++) if (((SMALL_METHODS >> (3 * i)) & 7) == code) return;
  SMALL_METHODS |= code << (3 * SMALL_METHOD_COUNT);
  SMALL_METHOD_COUNT++;
}

@inline function smallPush(p: u64, times: u32): void {
  for (let i: u32 = 0; i < times; i++) {
    store<u64>(SMALL_OUT + (<usize>SMALL_COUNT << 3), p);
    SMALL_COUNT++;
  }
}

/** Strong probable-prime test of odd n < 2^32 to base a (a < n) in 32-bit Montgomery arithmetic. */
function sprp32(n: u64, a: u64): bool {
  let d = n - 1;
  const s = ctz(d);
  d >>= s;
  const one = R1_32;
  const minusOne = n - R1_32;
  const r2 = (R1_32 * R1_32) % n;
  let x = one;
  let b = montmul32(a, r2);
  let e = d;
  while (e != 0) {
    if (e & 1) x = montmul32(x, b);
    e >>= 1;
    if (e != 0) b = montmul32(b, b);
  }
  if (x == one || x == minusOne) return true;
  for (let i: u64 = 1; i < s; i++) {
    x = montmul32(x, x);
    if (x == minusOne) return true;
    if (x == one) return false;
  }
  return false;
}

/** Deterministic primality of odd n > 2^20 without factors below 1024 (sets the modulus). */
function smallIsPrime(n: u64): bool {
  if (n < 4294967296) {
    N32 = n;
    let inv: u64 = n;
    for (let i = 0; i < 5; i++) inv = (inv * (2 - n * inv)) & 0xffffffff;
    NPRIME32 = (0 - inv) & 0xffffffff;
    R1_32 = (<u64>1 << 32) % n;
    // bases 2, 7, 61: deterministic below 4,759,123,141
    return sprp32(n, 2) && sprp32(n, 7) && sprp32(n, 61);
  }
  setModulus(n);
  return sprp(2) && sprp(325) && sprp(9375) && sprp(28178) && sprp(450775) && sprp(9780504) && sprp(1795265022);
}

/** r with r^k = n exactly (k = 2, 3, 5), or 0. */
function smallRoot(n: u64, k: i32): u64 {
  const est = Math.pow(<f64>n, 1.0 / <f64>k);
  const r0 = <u64>Math.round(est);
  for (let r = r0 > 0 ? r0 - 1 : 0; r <= r0 + 1; r++) {
    if (r < 2) continue;
    let x: u64 = 1;
    let ok = true;
    for (let i = 0; i < k; i++) {
      const hi = mulhi(x, r);
      if (hi != 0) {
        ok = false;
        break;
      }
      x *= r;
    }
    if (ok && x == n) return r;
  }
  return 0;
}

/** A proper divisor of the odd composite n (current modulus, no factor below 1024, not a power). */
function smallSplit(n: u64): u64 {
  if (n >= (<u64>1 << 36)) {
    const bits = 64 - <i32>clz(n);
    let plan = 0;
    while (plan < 4 && bits > smallPlanMaxBits(plan)) plan++;
    if (SMALL_ECM_PLAN != plan) {
      memory.copy(SCALAR, SMALL_ECM_SCALARS + (<usize>plan << 7), 128);
      SCALAR_BITS = load<i32>(SMALL_ECM_BITS + (<usize>plan << 2));
      SMALL_ECM_PLAN = plan;
    }
    const b1 = smallPlanB1(plan);
    if (b1 > SMALL_B1) SMALL_B1 = b1;
    for (let c = 0; c < 1024; c++) {
      const sigma = (smallRandom() & 0xffffffff) + 6;
      SMALL_CURVES++;
      const d = ecmCurve(sigma % n, b1, smallPlanB2(plan), smallPlanD(plan));
      if (d > 1 && d < n) {
        smallMethod(3);
        return d;
      }
    }
  }
  for (let c: u64 = 1; c < 64; c++) {
    const y0 = (smallRandom() % (n - 3)) + 2;
    const d = n < 4294967296 ? rho32(c, y0, <u64>1 << 26) : rho(c, y0, <u64>1 << 26);
    SMALL_RHO += ITER;
    if (d > 1 && d < n) {
      smallMethod(4);
      return d;
    }
  }
  return 0;
}

/**
 * Factor 2 ≤ n < 2^64 completely (see the section comment). Returns the number of prime factors written to
 * SMALL_OUT / SMALL_OUT_F (with repetition, ascending), or −1 when a piece could not be split (not seen; the
 * caller then takes the general path).
 */
export function smallFactor(n: u64, seed: u32): i32 {
  if (SMALL_TD_COUNT == 0) smallInit();
  SMALL_COUNT = 0;
  SMALL_METHODS = 0;
  SMALL_METHOD_COUNT = 0;
  SMALL_CURVES = 0;
  SMALL_RHO = 0;
  SMALL_B1 = 0;
  SMALL_RNG = <u64>seed * 0x2545f4914f6cdd1d + 1;
  if (n < 2) return 0;
  const tz = <u32>ctz(n);
  if (tz > 0) {
    smallPush(2, tz);
    n >>= tz;
    smallMethod(1);
  }
  let i = 0;
  let m = n;
  for (; i < SMALL_TD_COUNT; i++) {
    const p = <u64>load<u32>(SMALL_TD_PRIMES + (<usize>i << 2));
    if (p * p > m) break;
    const inv = load<u64>(SMALL_TD_INV + (<usize>i << 3));
    const lim = load<u64>(SMALL_TD_LIM + (<usize>i << 3));
    if (m * inv <= lim) {
      let e: u32 = 0;
      while (m * inv <= lim) {
        m *= inv; // exact division
        e++;
      }
      smallPush(p, e);
      smallMethod(1);
    }
  }
  if (m > 1) {
    if (i < SMALL_TD_COUNT || m < <u64>SMALL_TD_BOUND * SMALL_TD_BOUND) smallPush(m, 1);
    else {
      // pieces to test and split, with multiplicities
      let top = 0;
      store<u64>(SMALL_STACK_V, m);
      store<u32>(SMALL_STACK_M, 1);
      top = 1;
      while (top > 0) {
        top--;
        const v = load<u64>(SMALL_STACK_V + (<usize>top << 3));
        const mult = load<u32>(SMALL_STACK_M + (<usize>top << 2));
        if (v < <u64>SMALL_TD_BOUND * SMALL_TD_BOUND || smallIsPrime(v)) {
          smallPush(v, mult);
          continue;
        }
        let root: u64 = 0;
        let k: u32 = 0;
        for (let e = 2; e <= 5 && root == 0; e++) {
          if (e == 4) continue;
          root = smallRoot(v, e);
          k = <u32>e;
        }
        if (root != 0) {
          smallMethod(2);
          store<u64>(SMALL_STACK_V + (<usize>top << 3), root);
          store<u32>(SMALL_STACK_M + (<usize>top << 2), mult * k);
          top++;
          continue;
        }
        setModulus(v);
        const d = smallSplit(v);
        if (d == 0 || top + 2 > 64) return -1;
        store<u64>(SMALL_STACK_V + (<usize>top << 3), d);
        store<u32>(SMALL_STACK_M + (<usize>top << 2), mult);
        store<u64>(SMALL_STACK_V + (<usize>(top + 1) << 3), v / d);
        store<u32>(SMALL_STACK_M + (<usize>(top + 1) << 2), mult);
        top += 2;
      }
    }
  }
  // ascending (insertion sort: at most 63 entries) and the f64 copies
  for (let a = 1; a < SMALL_COUNT; a++) {
    const x = load<u64>(SMALL_OUT + (<usize>a << 3));
    let b = a - 1;
    while (b >= 0 && load<u64>(SMALL_OUT + (<usize>b << 3)) > x) {
      store<u64>(SMALL_OUT + (<usize>(b + 1) << 3), load<u64>(SMALL_OUT + (<usize>b << 3)));
      b--;
    }
    store<u64>(SMALL_OUT + (<usize>(b + 1) << 3), x);
  }
  for (let a = 0; a < SMALL_COUNT; a++) {
    store<f64>(SMALL_OUT_F + (<usize>a << 3), <f64>load<u64>(SMALL_OUT + (<usize>a << 3)));
  }
  return SMALL_COUNT;
}

/** {@link smallFactor} of an integer given as a double (exact below 2^53): no BigInt crosses the boundary. */
export function smallFactorF64(x: f64, seed: u32): i32 {
  return smallFactor(<u64>x, seed);
}

/** Byte address of the u64 factors of the last smallFactor call (then the f64 copies, 512 bytes on). */
export function smallOut(): usize {
  return SMALL_OUT;
}

/** Byte address of the f64 copies of the factors. */
export function smallOutF64(): usize {
  return SMALL_OUT_F;
}

/** Engines that found factors in the last smallFactor call: 3 bits each (1 tdiv, 2 power, 3 uecm, 4 rho). */
export function smallMethods(): u32 {
  return SMALL_METHODS;
}

/** Micro-ECM curves, their largest B1, and rho iterations of the last smallFactor call. */
export function smallCurves(): u32 {
  return SMALL_CURVES;
}
export function smallB1(): u32 {
  return SMALL_B1;
}
export function smallRhoIterations(): f64 {
  return <f64>SMALL_RHO;
}

// ---------------------------------------------------------------------------------------------
// A whole run of factor-job lines in one call: JS copies a piece of the batch (whole lines, ASCII) into LINES_IN;
// each line that is a plain decimal 1 ≤ |n| < 2^64 within the bit limit is factored by smallFactor and rendered
// into LINES_OUT, in GNU `factor` text (`n: p p …`, negative `-n: -1 p …`) or as the job's NDJSON record. The run
// stops before the first line it does not handle (anything else: blank, comment, sign, space, 0, too big, JSON —
// JS takes that line by its general path), when LINES_OUT is nearly full, or after maxLines lines. The NDJSON
// names (band by bit length, engine by method code) are strings JS writes into LINES_NAMES: the kernel does not
// know the bands.

const LINES_IN_BYTES: i32 = 1 << 16;
const LINES_OUT_BYTES: i32 = 1 << 17;
/** Most output bytes of one line: NDJSON with 64 factors, each at most ~70 bytes, and the fixed fields. */
const LINE_OUT_MAX: i32 = 5120;
const LINES_IN = memory.data(LINES_IN_BYTES, 8);
const LINES_OUT = memory.data(LINES_OUT_BYTES, 8);
/** Name slots of 16 bytes (length byte, then up to 15 ASCII bytes): bands for bits 0–64, then methods 0–7. */
const NAME_SLOT: i32 = 16;
const NAME_METHODS: i32 = 65;
const LINES_NAMES = memory.data(NAME_SLOT * (NAME_METHODS + 8), 8);
const DIGITS = memory.data(24, 8);
let LINES_POS: i32 = 0;
let LINES_OUT_LEN: i32 = 0;

/** Byte address and size of the input area of smallLines. */
export function linesIn(): usize {
  return LINES_IN;
}
export function linesInBytes(): i32 {
  return LINES_IN_BYTES;
}
/** Byte address of the output area of smallLines. */
export function linesOut(): usize {
  return LINES_OUT;
}
/** Byte address of the name slots (see LINES_NAMES). */
export function linesNames(): usize {
  return LINES_NAMES;
}
/** Input offset reached by the last smallLines call (the start of the first line not done). */
export function linesPos(): i32 {
  return LINES_POS;
}
/** Output bytes written by the last smallLines call. */
export function linesOutLen(): i32 {
  return LINES_OUT_LEN;
}

/** Write x in decimal at LINES_OUT + at; returns the new offset. */
function putU64(at: i32, x: u64): i32 {
  let k = 0;
  do {
    store<u8>(DIGITS + <usize>k, <u8>(48 + <u32>(x % 10)));
    x /= 10;
    k++;
  } while (x != 0);
  while (k > 0) {
    k--;
    store<u8>(LINES_OUT + <usize>at, load<u8>(DIGITS + <usize>k));
    at++;
  }
  return at;
}

/** Write an ASCII string constant at LINES_OUT + at; returns the new offset. */
function putStr(at: i32, s: string): i32 {
  const n = s.length;
  for (let i = 0; i < n; i++) store<u8>(LINES_OUT + <usize>(at + i), <u8>s.charCodeAt(i));
  return at + n;
}

/** Write name slot k as a JSON string (`"name"`); returns the new offset. */
function putName(at: i32, k: i32): i32 {
  const slot = LINES_NAMES + <usize>(k * NAME_SLOT);
  const n = <i32>load<u8>(slot);
  store<u8>(LINES_OUT + <usize>at, 34);
  memory.copy(LINES_OUT + <usize>(at + 1), slot + 1, <usize>n);
  store<u8>(LINES_OUT + <usize>(at + 1 + n), 34);
  return at + n + 2;
}

/**
 * Factor and render the lines of LINES_IN[pos, len) (see the section comment), in text (ndjson false) or NDJSON
 * with line numbers from line0. A line ends at `\n` or at len; with stripCr one `\r` before its `\n` is dropped.
 * Returns the lines done; LINES_POS is where the run stopped and LINES_OUT_LEN the output bytes written.
 */
export function smallLines(
  pos: i32,
  len: i32,
  maxLines: i32,
  seed: u32,
  maxBits: i32,
  stripCr: bool,
  ndjson: bool,
  line0: f64,
): i32 {
  let done = 0;
  let out = 0;
  while (pos < len && done < maxLines && out + LINE_OUT_MAX <= LINES_OUT_BYTES) {
    let end = pos;
    while (end < len && load<u8>(LINES_IN + <usize>end) != 10) end++;
    const next = end < len ? end + 1 : end;
    if (stripCr && end < len && end > pos && load<u8>(LINES_IN + <usize>(end - 1)) == 13) end--;
    const neg = end > pos && load<u8>(LINES_IN + <usize>pos) == 45;
    const start = neg ? pos + 1 : pos;
    const digits = end - start;
    if (digits < 1 || digits > 20) break;
    let n: u64 = 0;
    let ok = true;
    for (let i = start; i < end; i++) {
      const c = <u32>load<u8>(LINES_IN + <usize>i) - 48;
      if (c > 9 || n > (<u64>0xffffffffffffffff - <u64>c) / 10) {
        ok = false;
        break;
      }
      n = n * 10 + <u64>c;
    }
    const bits = 64 - <i32>clz(n);
    if (!ok || n == 0 || bits > maxBits) break;
    const count = smallFactor(n, seed);
    if (count < 0) break;
    if (ndjson) {
      out = putStr(out, '{"line":');
      out = putU64(out, <u64>line0 + <u64>done);
      out = putStr(out, ',"n":"');
    }
    // n as written, unless leading zeros need normalising
    if (neg) {
      store<u8>(LINES_OUT + <usize>out, 45);
      out++;
    }
    if (load<u8>(LINES_IN + <usize>start) == 48) out = putU64(out, n);
    else {
      memory.copy(LINES_OUT + <usize>out, LINES_IN + <usize>start, <usize>digits);
      out += digits;
    }
    if (ndjson) {
      out = putStr(out, neg ? '","status":"complete","sign":-1,"factors":[' : '","status":"complete","sign":1,"factors":[');
      for (let i = 0; i < count; ) {
        const p = load<u64>(SMALL_OUT + (<usize>i << 3));
        let k = i + 1;
        while (k < count && load<u64>(SMALL_OUT + (<usize>k << 3)) == p) k++;
        out = putStr(out, i > 0 ? ',{"prime":"' : '{"prime":"');
        out = putU64(out, p);
        out = putStr(out, '","exponent":');
        out = putU64(out, <u64>(k - i));
        out = putStr(out, ',"certainty":"proven"}');
        i = k;
      }
      out = putStr(out, '],"bits":');
      out = putU64(out, <u64>bits);
      out = putStr(out, ',"band":');
      out = putName(out, bits);
      out = putStr(out, ',"method":[');
      let first = true;
      for (let m = SMALL_METHODS; m != 0; m >>= 3) {
        if (!first) {
          store<u8>(LINES_OUT + <usize>out, 44);
          out++;
        }
        out = putName(out, NAME_METHODS + <i32>(m & 7));
        first = false;
      }
      out = putStr(out, ']}');
    } else {
      store<u8>(LINES_OUT + <usize>out, 58); // ':'
      out++;
      if (neg) out = putStr(out, ' -1');
      for (let i = 0; i < count; i++) {
        store<u8>(LINES_OUT + <usize>out, 32);
        out = putU64(out + 1, load<u64>(SMALL_OUT + (<usize>i << 3)));
      }
    }
    store<u8>(LINES_OUT + <usize>out, 10);
    out++;
    done++;
    pos = next;
  }
  LINES_POS = pos;
  LINES_OUT_LEN = out;
  return done;
}

// ---------------------------------------------------------------------------------------------
// Multi-limb Montgomery arithmetic for odd moduli of up to BIG_MAX_LIMBS 32-bit limbs (2048 bits):
// residues are little-endian u32 limbs in linear memory, products of two limbs (plus two limbs) fit
// a u64. The product is FIOS-style (Koç et al.): one pass per limb of b adds a_j·b_i and m·n_j with
// two carry chains, R = 2^(32·s). Whole routines (strong test to base 2, extra strong Lucas ladder,
// modular power) run here so one call does all the work; JS writes the operands once into BIG_IO.

const BIG_MAX_LIMBS: i32 = 64;
const BIG_STRIDE: usize = 4 * 72; // bytes per buffer (room for s + 2 limbs)
const BIG_IO = memory.data(4 * 288, 8); // A, B, E (exponent), spare: JS reads and writes here
const BIG_N = memory.data(288, 8);
const BIG_T = memory.data(288, 8); // product scratch
const BIG_ONE = memory.data(288, 8); // R mod N
const BIG_R2 = memory.data(288, 8); // R² mod N
const BIG_MONE = memory.data(288, 8); // N − R mod N (Montgomery −1)
const BIG_X = memory.data(288, 8);
const BIG_W = memory.data(288, 8);
const BIG_P = memory.data(288, 8);
const BIG_TWO = memory.data(288, 8);
const BIG_E = memory.data(288, 8); // exponent scratch (s + 1 limbs)
const BIG_TABLE = memory.data(16 * 288, 8); // window table of bigPowMod
let BS: i32 = 0; // limbs of N
let BN0: u64 = 0; // −N^{-1} mod 2^32

/** Byte address of the I/O area: A at +0, B at +288, E at +576 (u32 limbs, little-endian). */
export function bigIo(): usize {
  return BIG_IO;
}

@inline function limb(p: usize, i: i32): u64 {
  return <u64>load<u32>(p + (<usize>i << 2));
}

@inline function setLimb(p: usize, i: i32, v: u64): void {
  store<u32>(p + (<usize>i << 2), <u32>v);
}

// plain loops rather than memory.copy/fill/compare: for a few limbs the bulk-memory calls cost more
// than the work
function bigCopy(dst: usize, src: usize): void {
  const end = dst + (<usize>BS << 2);
  while (dst < end) {
    store<u32>(dst, load<u32>(src));
    dst += 4;
    src += 4;
  }
}

function bigZero(dst: usize, limbs: i32): void {
  const end = dst + (<usize>limbs << 2);
  while (dst < end) {
    store<u32>(dst, 0);
    dst += 4;
  }
}

function bigIsZero(a: usize): bool {
  for (let i = 0; i < BS; i++) if (load<u32>(a + (<usize>i << 2)) != 0) return false;
  return true;
}

function bigEq(a: usize, b: usize): bool {
  for (let i = 0; i < BS; i++) if (load<u32>(a + (<usize>i << 2)) != load<u32>(b + (<usize>i << 2))) return false;
  return true;
}

/** a ≥ N (a has BS limbs). */
function bigGeN(a: usize): bool {
  for (let i = BS - 1; i >= 0; i--) {
    const x = limb(a, i);
    const y = limb(BIG_N, i);
    if (x != y) return x > y;
  }
  return true;
}

/** a −= N in place (BS limbs, wraps when a < N: callers pass a carry-out). */
function bigSubN(a: usize): void {
  let borrow: u64 = 0;
  for (let i = 0; i < BS; i++) {
    const d = limb(a, i) - limb(BIG_N, i) - borrow;
    setLimb(a, i, d);
    borrow = (d >> 32) & 1;
  }
}

/** out = a + b mod N (a, b < N). */
function bigAdd(out: usize, a: usize, b: usize): void {
  let c: u64 = 0;
  for (let i = 0; i < BS; i++) {
    const s = limb(a, i) + limb(b, i) + c;
    setLimb(out, i, s);
    c = s >> 32;
  }
  if (c != 0 || bigGeN(out)) bigSubN(out);
}

/** out = a − b mod N (a, b < N). */
function bigSub(out: usize, a: usize, b: usize): void {
  let borrow: u64 = 0;
  for (let i = 0; i < BS; i++) {
    const d = limb(a, i) - limb(b, i) - borrow;
    setLimb(out, i, d);
    borrow = (d >> 32) & 1;
  }
  if (borrow != 0) {
    let c: u64 = 0;
    for (let i = 0; i < BS; i++) {
      const s = limb(out, i) + limb(BIG_N, i) + c;
      setLimb(out, i, s);
      c = s >> 32;
    }
  }
}

/** out = a·b·R^{-1} mod N (a, b < N; out may alias a or b). */
function bigMontMul(out: usize, a: usize, b: usize): void {
  const s = BS;
  const n0 = BN0;
  const t = BIG_T;
  const np = BIG_N;
  {
    // first pass: T = 0, so T + a·b_0 + m·N is written without reading T
    const b0 = limb(b, 0);
    let t1 = limb(a, 0) * b0;
    let c1 = t1 >> 32;
    const m = ((t1 & 0xffffffff) * n0) & 0xffffffff;
    let c2 = ((t1 & 0xffffffff) + m * limb(np, 0)) >> 32;
    for (let j = 1; j < s; j++) {
      const pj = <usize>j << 2;
      t1 = <u64>load<u32>(a + pj) * b0 + c1;
      c1 = t1 >> 32;
      const t2 = (t1 & 0xffffffff) + m * <u64>load<u32>(np + pj) + c2;
      c2 = t2 >> 32;
      store<u32>(t + pj - 4, <u32>t2);
    }
    const top = c1 + c2;
    setLimb(t, s - 1, top);
    setLimb(t, s, top >> 32);
  }
  for (let i = 1; i < s; i++) {
    const bi = limb(b, i);
    let t1 = limb(t, 0) + limb(a, 0) * bi;
    let c1 = t1 >> 32;
    const m = ((t1 & 0xffffffff) * n0) & 0xffffffff;
    let t2 = (t1 & 0xffffffff) + m * limb(np, 0);
    let c2 = t2 >> 32;
    // four limbs per step, pointers advanced (fewer address computations), then the rest one by one
    let pt = t + 4;
    let pa = a + 4;
    let pn = np + 4;
    const pe = t + (<usize>s << 2);
    while (pt + 12 < pe) {
      t1 = <u64>load<u32>(pt) + <u64>load<u32>(pa) * bi + c1;
      c1 = t1 >> 32;
      t2 = (t1 & 0xffffffff) + m * <u64>load<u32>(pn) + c2;
      c2 = t2 >> 32;
      store<u32>(pt - 4, <u32>t2);
      t1 = <u64>load<u32>(pt, 4) + <u64>load<u32>(pa, 4) * bi + c1;
      c1 = t1 >> 32;
      t2 = (t1 & 0xffffffff) + m * <u64>load<u32>(pn, 4) + c2;
      c2 = t2 >> 32;
      store<u32>(pt, <u32>t2);
      t1 = <u64>load<u32>(pt, 8) + <u64>load<u32>(pa, 8) * bi + c1;
      c1 = t1 >> 32;
      t2 = (t1 & 0xffffffff) + m * <u64>load<u32>(pn, 8) + c2;
      c2 = t2 >> 32;
      store<u32>(pt, <u32>t2, 4);
      t1 = <u64>load<u32>(pt, 12) + <u64>load<u32>(pa, 12) * bi + c1;
      c1 = t1 >> 32;
      t2 = (t1 & 0xffffffff) + m * <u64>load<u32>(pn, 12) + c2;
      c2 = t2 >> 32;
      store<u32>(pt, <u32>t2, 8);
      pt += 16;
      pa += 16;
      pn += 16;
    }
    while (pt < pe) {
      t1 = <u64>load<u32>(pt) + <u64>load<u32>(pa) * bi + c1;
      c1 = t1 >> 32;
      t2 = (t1 & 0xffffffff) + m * <u64>load<u32>(pn) + c2;
      c2 = t2 >> 32;
      store<u32>(pt - 4, <u32>t2);
      pt += 4;
      pa += 4;
      pn += 4;
    }
    // T < 2N < 2R: the top limb is 0 or 1
    const top = limb(t, s) + c1 + c2;
    setLimb(t, s - 1, top);
    setLimb(t, s, top >> 32);
  }
  if (limb(t, s) != 0 || bigGeN(t)) {
    // out = T − N in one pass
    let borrow: u64 = 0;
    for (let i = 0; i < s; i++) {
      const d = limb(t, i) - limb(np, i) - borrow;
      setLimb(out, i, d);
      borrow = (d >> 32) & 1;
    }
  } else {
    bigCopy(out, t);
  }
}

/**
 * out = a²·R^{-1} mod N. A separate squaring (each cross product once, then s reduction passes) was
 * measured slower: its reduction passes are one carry chain each, while the product above runs two
 * chains side by side (1024 bits: 1.0 µs against 0.79 µs).
 */
@inline function bigMontSqr(out: usize, a: usize): void {
  bigMontMul(out, a, a);
}

/**
 * Set the modulus from the BS = s limbs at A (odd, top limb non-zero, s ≤ 64): −N^{-1} mod 2^32,
 * R mod N (from 2^(bits−1) by at most 32 doublings) and R² mod N (the Montgomery form of 2^(32·s),
 * by square-and-double from 2).
 */
export function bigSetModulus(s: i32): void {
  BS = s;
  memory.copy(BIG_N, BIG_IO, <usize>s << 2);
  const n0 = limb(BIG_N, 0);
  let inv: u64 = n0;
  for (let i = 0; i < 5; i++) inv = (inv * (2 - n0 * inv)) & 0xffffffff;
  BN0 = (0 - inv) & 0xffffffff;
  const top = <u32>limb(BIG_N, s - 1);
  const topBit = 31 - <i32>clz(top);
  // 2^(32(s−1) + topBit) < N
  bigZero(BIG_ONE, s);
  setLimb(BIG_ONE, s - 1, <u64>1 << (<u64>topBit));
  for (let i = topBit; i < 32; i++) bigAdd(BIG_ONE, BIG_ONE, BIG_ONE);
  bigSub(BIG_MONE, BIG_N, BIG_ONE);
  bigAdd(BIG_TWO, BIG_ONE, BIG_ONE); // Montgomery form of 2
  R2_READY = false;
}

/** R² mod N (the Montgomery form of 2^(32 s), by square-and-double from 2), made when first needed. */
function bigR2(): usize {
  if (R2_READY) return BIG_R2;
  R2_READY = true;
  const s = BS;
  const e: u32 = <u32>s << 5;
  bigCopy(BIG_R2, BIG_TWO);
  for (let i = 30 - <i32>clz(e); i >= 0; i--) {
    bigMontSqr(BIG_R2, BIG_R2);
    if ((e >> (<u32>i)) & 1) bigAdd(BIG_R2, BIG_R2, BIG_R2);
  }
  return BIG_R2;
}

let R2_READY = false;

/**
 * Jacobi symbol (d/N) for 0 < d < 2^32: the factors 2 of d by N mod 8, one reciprocity step to
 * (N mod d / d) with N mod d from the limbs, then the usual loop on u64.
 */
export function bigJacobiSmall(d: u32): i32 {
  let a: u64 = d;
  let t: i32 = 1;
  const n0 = limb(BIG_N, 0);
  while ((a & 1) == 0) {
    a >>= 1;
    const r = n0 & 7;
    if (r == 3 || r == 5) t = -t;
  }
  if (a == 1) return t;
  if ((a & 3) == 3 && (n0 & 3) == 3) t = -t;
  let rem: u64 = 0;
  for (let i = BS - 1; i >= 0; i--) rem = ((rem << 32) | limb(BIG_N, i)) % a;
  let n = a;
  a = rem;
  while (a != 0) {
    while ((a & 1) == 0) {
      a >>= 1;
      const r = n & 7;
      if (r == 3 || r == 5) t = -t;
    }
    const tmp = a;
    a = n;
    n = tmp;
    if ((a & 3) == 3 && (n & 3) == 3) t = -t;
    a %= n;
  }
  return n == 1 ? t : 0;
}

/**
 * Strong probable-prime test of N to a small base a (2 ≤ a < 2^32, a < N): left-to-right binary
 * powering over d = (N − 1)/2^r, a multiplication by a (a doubling for a = 2) per set bit.
 */
export function bigSprp(a: u32): bool {
  if (a == 2) return bigSprp2();
  const s = BS;
  let r = 1;
  while (((limb(BIG_N, r >> 5) >> (<u64>(r & 31))) & 1) == 0) r++;
  let hi = (s << 5) - 1;
  while (((limb(BIG_N, hi >> 5) >> (<u64>(hi & 31))) & 1) == 0) hi--;
  const x = BIG_X;
  const base = BIG_P;
  bigSmall(base, a);
  bigCopy(x, base);
  for (let i = hi - 1; i >= r; i--) {
    bigMontSqr(x, x);
    if ((limb(BIG_N, i >> 5) >> (<u64>(i & 31))) & 1) bigMontMul(x, x, base);
  }
  return bigSprpTail(x, r);
}

/** The squarings after x = a^d: N passes when x ≡ ±1 or x^(2^i) ≡ −1 for some 0 < i < r. */
function bigSprpTail(x: usize, r: i32): bool {
  if (bigEq(x, BIG_ONE) || bigEq(x, BIG_MONE)) return true;
  for (let i = 1; i < r; i++) {
    bigMontSqr(x, x);
    if (bigEq(x, BIG_MONE)) return true;
    if (bigEq(x, BIG_ONE)) return false;
  }
  return false;
}

/** Strong probable-prime test of N to base 2: square-and-double over d = (N − 1)/2^r. */
export function bigSprp2(): bool {
  const s = BS;
  // N − 1 = N with bit 0 cleared; r = trailing zeros of N − 1
  let r = 1;
  while (((limb(BIG_N, r >> 5) >> (<u64>(r & 31))) & 1) == 0) r++;
  let hi = (s << 5) - 1;
  while (((limb(BIG_N, hi >> 5) >> (<u64>(hi & 31))) & 1) == 0) hi--;
  const x = BIG_X;
  bigCopy(x, BIG_TWO); // the leading bit
  for (let i = hi - 1; i >= r; i--) {
    bigMontSqr(x, x);
    if ((limb(BIG_N, i >> 5) >> (<u64>(i & 31))) & 1) bigAdd(x, x, x);
  }
  return bigSprpTail(x, r);
}

/** out = k·ONE mod N (the Montgomery form of a small k) by double-and-add. */
function bigSmall(out: usize, k: u32): void {
  bigZero(out, BS);
  for (let i = 31 - <i32>clz(k); i >= 0; i--) {
    bigAdd(out, out, out);
    if ((k >> (<u32>i)) & 1) bigAdd(out, out, BIG_ONE);
  }
}

/**
 * Extra strong Lucas test of N with parameters (P, 1), ((P² − 4)/N) = −1 checked by the caller: the
 * V-only ladder (V_k, V_{k+1}) over d = (N + 1)/2^r, then U_d ≡ 0 read as V_{d+1} ≡ ±P when V_d ≡ ±2,
 * or V_{d·2^j} ≡ 0 for some j < r − 1.
 */
export function bigExtraStrongLucas(p: u32): bool {
  const s = BS;
  // E = N + 1 (s + 1 limbs)
  let c: u64 = 1;
  for (let i = 0; i < s; i++) {
    const v = limb(BIG_N, i) + c;
    setLimb(BIG_E, i, v);
    c = v >> 32;
  }
  setLimb(BIG_E, s, c);
  let r = 1;
  while (((limb(BIG_E, r >> 5) >> (<u64>(r & 31))) & 1) == 0) r++;
  let hi = (s << 5) + 31;
  while (((limb(BIG_E, hi >> 5) >> (<u64>(hi & 31))) & 1) == 0) hi--;
  const v = BIG_X;
  const w = BIG_W;
  const pm = BIG_P;
  const two = BIG_TWO;
  bigSmall(pm, p);
  bigCopy(v, pm);
  bigMontSqr(w, pm);
  bigSub(w, w, two);
  for (let i = hi - 1; i >= r; i--) {
    if ((limb(BIG_E, i >> 5) >> (<u64>(i & 31))) & 1) {
      bigMontMul(v, v, w);
      bigSub(v, v, pm);
      bigMontSqr(w, w);
      bigSub(w, w, two);
    } else {
      bigMontMul(w, v, w);
      bigSub(w, w, pm);
      bigMontSqr(v, v);
      bigSub(v, v, two);
    }
  }
  if (bigEq(v, two) && bigEq(w, pm)) return true;
  // −2 and −P
  bigSub(BIG_T, BIG_N, two);
  if (bigEq(v, BIG_T)) {
    bigSub(BIG_T, BIG_N, pm);
    if (bigEq(w, BIG_T)) return true;
  }
  for (let j = 0; j < r - 1; j++) {
    if (bigIsZero(v)) return true;
    bigMontSqr(v, v);
    bigSub(v, v, two);
  }
  return false;
}

/** A (plain, < N) → its Montgomery form in out. */
@inline function bigToMont(out: usize, a: usize): void {
  bigMontMul(out, a, bigR2());
}

/** out (Montgomery) → plain. */
function bigFromMont(out: usize, a: usize): void {
  bigZero(BIG_W, BS);
  setLimb(BIG_W, 0, 1);
  bigMontMul(out, a, BIG_W);
}

/** A = A·B mod N (A, B < N, plain): one Montgomery product between conversions. */
export function bigMulMod(): void {
  const a = BIG_IO;
  const b = BIG_IO + BIG_STRIDE;
  bigToMont(BIG_X, a);
  bigToMont(BIG_P, b);
  bigMontMul(BIG_X, BIG_X, BIG_P);
  bigFromMont(a, BIG_X);
}

/** A = A^E mod N (A < N plain, E with elimbs limbs at E), 4-bit fixed window. */
export function bigPowMod(elimbs: i32): void {
  const a = BIG_IO;
  const e = BIG_IO + 2 * BIG_STRIDE;
  bigCopy(BIG_TABLE, BIG_ONE);
  bigToMont(BIG_TABLE + BIG_STRIDE, a);
  for (let i = 2; i < 16; i++) {
    bigMontMul(BIG_TABLE + <usize>i * BIG_STRIDE, BIG_TABLE + <usize>(i - 1) * BIG_STRIDE, BIG_TABLE + BIG_STRIDE);
  }
  const x = BIG_X;
  bigCopy(x, BIG_ONE);
  for (let i = (elimbs << 3) - 1; i >= 0; i--) {
    bigMontSqr(x, x);
    bigMontSqr(x, x);
    bigMontSqr(x, x);
    bigMontSqr(x, x);
    const digit = <i32>((limb(e, i >> 3) >> (<u64>((i & 7) << 2))) & 15);
    if (digit != 0) bigMontMul(x, x, BIG_TABLE + <usize>digit * BIG_STRIDE);
  }
  bigFromMont(a, x);
}

// ---------------------------------------------------------------------------------------------
// ECM on the multi-limb arithmetic (the curves, formulas and stage-2 layout of ecm.ts, so every value
// is the BigInt one times R mod N and every gcd is the same). Slots hold Montgomery residues; the
// stage-1 scalar and the stage-2 tables live in a heap above the static data, laid out by the caller.

const EC = memory.data(25 * 288, 8); // slots, 288 bytes apart
@inline function ec(i: i32): usize {
  return EC + <usize>i * 288;
}
const E_A24: i32 = 0;
const E_QX: i32 = 1; // stage-1 result Q
const E_QZ: i32 = 2;
const E_S: i32 = 3; // formula temporaries 3..6
const E_D: i32 = 4;
const E_U: i32 = 5;
const E_V: i32 = 6;
const E_R0X: i32 = 7; // ladder registers
const E_R0Z: i32 = 8;
const E_R1X: i32 = 9;
const E_R1Z: i32 = 10;
const E_PX: i32 = 11; // ladder difference
const E_PZ: i32 = 12;
const E_Q2X: i32 = 13;
const E_Q2Z: i32 = 14;
const E_AX: i32 = 15; // three rotating points of the chains
const E_AZ: i32 = 16;
const E_BX: i32 = 17;
const E_BZ: i32 = 18;
const E_CX: i32 = 19;
const E_CZ: i32 = 20;
const E_QDX: i32 = 21;
const E_QDZ: i32 = 22;
const E_ACC: i32 = 23;
const E_INV: i32 = 24; // running inverse of the batch normalisation
const EC_WORD = memory.data(8, 8); // a small ladder scalar

let HEAP: usize = 0;

/** Make [heap, heap + bytes) addressable (growing memory); returns the heap start, or 0 when memory cannot grow. */
export function bigHeap(bytes: i32): usize {
  if (HEAP == 0) HEAP = (<usize>memory.size()) << 16;
  const need = HEAP + <usize>bytes;
  const have = (<usize>memory.size()) << 16;
  if (need > have && memory.grow(<i32>((need - have + 65535) >> 16)) < 0) return 0;
  return HEAP;
}

/** (ox : oz) = 2·(x : z); outputs may alias inputs. */
function ecDbl(ox: usize, oz: usize, x: usize, z: usize): void {
  const s = ec(E_S);
  const d = ec(E_D);
  const t3 = ec(E_U);
  const t4 = ec(E_V);
  bigAdd(s, x, z);
  bigSub(d, x, z);
  bigMontSqr(s, s); // t1
  bigMontSqr(d, d); // t2
  bigSub(t3, s, d);
  bigMontMul(ox, s, d);
  bigMontMul(t4, ec(E_A24), t3);
  bigAdd(t4, d, t4);
  bigMontMul(oz, t3, t4);
}

/**
 * (ox : oz) = P + Q given P − Q = (dx : dz); outputs may alias P or Q, not the difference. dz = 0 stands for
 * a difference with Z = 1 (one multiplication fewer).
 */
function ecAdd(ox: usize, oz: usize, px: usize, pz: usize, qx: usize, qz: usize, dx: usize, dz: usize): void {
  const a = ec(E_S);
  const b = ec(E_D);
  const t = ec(E_U);
  const w = ec(E_V);
  bigSub(t, px, pz);
  bigAdd(w, qx, qz);
  bigMontMul(a, t, w);
  bigAdd(t, px, pz);
  bigSub(w, qx, qz);
  bigMontMul(b, t, w);
  bigAdd(t, a, b);
  bigSub(w, a, b);
  bigMontSqr(t, t);
  bigMontSqr(w, w);
  if (dz == 0) bigCopy(ox, t);
  else bigMontMul(ox, dz, t);
  bigMontMul(oz, dx, w);
}

/** (ox : oz) = k·(px : pz) by the Montgomery ladder of ecm.ts, k > 0 given as `bits` bits of u32 words. */
function ecLadder(ox: usize, oz: usize, px: usize, pz: usize, words: usize, bits: i32): void {
  const x0 = ec(E_R0X);
  const z0 = ec(E_R0Z);
  const x1 = ec(E_R1X);
  const z1 = ec(E_R1Z);
  const dx = ec(E_PX);
  const dz = ec(E_PZ);
  bigCopy(dx, px);
  bigCopy(dz, pz);
  bigCopy(x0, px);
  bigCopy(z0, pz);
  // a start point with Z = 1 (stage 1's) saves a multiplication in every addition
  const diffZ: usize = bigEq(pz, BIG_ONE) ? 0 : dz;
  if (bits > 1) {
    ecDbl(x1, z1, px, pz);
    for (let i = bits - 2; i >= 0; i--) {
      if ((load<u32>(words + (<usize>(i >> 5) << 2)) >> (<u32>(i & 31))) & 1) {
        ecAdd(x0, z0, x0, z0, x1, z1, dx, diffZ);
        ecDbl(x1, z1, x1, z1);
      } else {
        ecAdd(x1, z1, x0, z0, x1, z1, dx, diffZ);
        ecDbl(x0, z0, x0, z0);
      }
    }
  }
  bigCopy(ox, x0);
  bigCopy(oz, z0);
}

function ecLadderSmall(ox: usize, oz: usize, px: usize, pz: usize, k: u32): void {
  store<u32>(EC_WORD, k);
  ecLadder(ox, oz, px, pz, EC_WORD, 32 - <i32>clz(k));
}

/**
 * Stage 1 of one curve: x0, z0, A24 plain at A, B, E of the I/O area (< N); Q = k·(x0 : z0) with the
 * scalar k of `bits` bits in u32 words at `words`. Leaves Q in the kernel and its Z, plain, at A.
 */
export function bigEcmStage1(words: usize, bits: i32): void {
  bigToMont(ec(E_AX), BIG_IO);
  bigToMont(ec(E_AZ), BIG_IO + BIG_STRIDE);
  bigToMont(ec(E_A24), BIG_IO + 2 * BIG_STRIDE);
  ecLadder(ec(E_QX), ec(E_QZ), ec(E_AX), ec(E_AZ), words, bits);
  bigFromMont(BIG_IO, ec(E_QZ));
}

/**
 * Stage 2, baby steps: [j]Q for odd j up to the last of the nb babies (ascending u32 j at `babies`,
 * coprime to D) by the chain of ecm.ts; the babies' X and Z go to xs and zs (288 bytes apart) and the
 * running products of their Z to prefix. Leaves the product of all Z, plain, at A.
 */
export function bigEcmBabies(babies: usize, nb: i32, xs: usize, zs: usize, prefix: usize): void {
  const qx = ec(E_QX);
  const qz = ec(E_QZ);
  const maxJ = load<u32>(babies + ((<usize>nb - 1) << 2));
  ecDbl(ec(E_Q2X), ec(E_Q2Z), qx, qz);
  // prev (A) = Q, cur (B) = Q
  let px = ec(E_AX);
  let pz = ec(E_AZ);
  let cx = ec(E_BX);
  let cz = ec(E_BZ);
  let nx = ec(E_CX);
  let nz = ec(E_CZ);
  bigCopy(px, qx);
  bigCopy(pz, qz);
  bigCopy(cx, qx);
  bigCopy(cz, qz);
  let b = 0;
  for (let j: u32 = 1; j <= maxJ; j += 2) {
    if (j > 1) {
      ecAdd(nx, nz, cx, cz, ec(E_Q2X), ec(E_Q2Z), px, pz);
      const tx = px;
      const tz = pz;
      px = cx;
      pz = cz;
      cx = nx;
      cz = nz;
      nx = tx;
      nz = tz;
    }
    if (load<u32>(babies + (<usize>b << 2)) == j) {
      bigCopy(xs + <usize>b * 288, cx);
      bigCopy(zs + <usize>b * 288, cz);
      b++;
    }
  }
  let run = BIG_ONE;
  for (let i = 0; i < nb; i++) {
    const p = prefix + <usize>i * 288;
    bigMontMul(p, run, zs + <usize>i * 288);
    run = p;
  }
  bigFromMont(BIG_IO, run);
}

/**
 * Batch normalisation (Montgomery's trick): with the inverse, plain at A, of the last running product left in
 * prefix (by bigEcmBabies or bigEcmGiantBlock), xs[i] ← X_i / Z_i for the count points (288 bytes apart).
 */
export function bigEcmNormalize(count: i32, xs: usize, zs: usize, prefix: usize): void {
  const inv = ec(E_INV);
  const t = ec(E_S);
  bigToMont(inv, BIG_IO);
  for (let i = count - 1; i >= 0; i--) {
    const x = xs + <usize>i * 288;
    if (i > 0) {
      bigMontMul(t, inv, prefix + <usize>(i - 1) * 288);
      bigMontMul(x, x, t);
    } else {
      bigMontMul(x, x, inv);
    }
    bigMontMul(inv, inv, zs + <usize>i * 288);
  }
}

/**
 * Stage 2, giant steps, set-up: D·Q, the giant before the first ([(m0 − 1)D]Q; Q itself when m0 = 1, whose
 * difference is then unused) and the first ([m0·D]Q); the accumulator starts at 1.
 */
export function bigEcmGiantStart(d: u32, m0: u32): void {
  const qx = ec(E_QX);
  const qz = ec(E_QZ);
  ecLadderSmall(ec(E_QDX), ec(E_QDZ), qx, qz, d);
  if (m0 == 1) {
    bigCopy(ec(E_AX), qx);
    bigCopy(ec(E_AZ), qz);
  } else {
    ecLadderSmall(ec(E_AX), ec(E_AZ), qx, qz, (m0 - 1) * d);
  }
  ecLadderSmall(ec(E_BX), ec(E_BZ), qx, qz, m0 * d);
  bigCopy(ec(E_ACC), BIG_ONE);
}

/**
 * Stage 2, the next count giant points [mD]Q, [(m + 1)D]Q, …: their X and Z to gxs and gzs and the running
 * products of their Z to prefix; the chain moves on by count steps. Leaves the product of the Z, plain, at A.
 */
export function bigEcmGiantBlock(m: u32, m0: u32, count: i32, gxs: usize, gzs: usize, prefix: usize): void {
  const px = ec(E_AX);
  const pz = ec(E_AZ);
  const gx = ec(E_BX);
  const gz = ec(E_BZ);
  const nx = ec(E_CX);
  const nz = ec(E_CZ);
  let run = BIG_ONE;
  for (let i = 0; i < count; i++) {
    const at = <usize>i * 288;
    bigCopy(gxs + at, gx);
    bigCopy(gzs + at, gz);
    bigMontMul(prefix + at, run, gz);
    run = prefix + at;
    const mm = m + <u32>i;
    if (mm == 1 && m0 == 1) ecDbl(nx, nz, gx, gz);
    else ecAdd(nx, nz, gx, gz, ec(E_QDX), ec(E_QDZ), px, pz);
    bigCopy(px, gx);
    bigCopy(pz, gz);
    bigCopy(gx, nx);
    bigCopy(gz, nz);
  }
  bigFromMont(BIG_IO, run);
}

/**
 * Stage 2, accumulation over count normalised giants from m (gxs, after bigEcmNormalize): for each, its pairs
 * (u8 baby indices at `pairs`, offsets[m − m0] to offsets[m − m0 + 1] as u32) multiply acc by x_m − x_j, the
 * babies' x normalised too: one multiplication per pair.
 */
export function bigEcmGiantPairs(m: u32, m0: u32, count: i32, gxs: usize, xs: usize, offsets: usize, pairs: usize): void {
  const acc = ec(E_ACC);
  const u = ec(E_U);
  for (let i = 0; i < count; i++) {
    const g = gxs + <usize>i * 288;
    const at = <usize>(m + <u32>i - m0) << 2;
    const from = load<u32>(offsets + at);
    const to = load<u32>(offsets + at + 4);
    for (let k = from; k < to; k++) {
      bigSub(u, g, xs + <usize>load<u8>(pairs + <usize>k) * 288);
      bigMontMul(acc, acc, u);
    }
  }
}

/** Stage 2's accumulator, plain, at A. */
export function bigEcmAcc(): void {
  bigFromMont(BIG_IO, ec(E_ACC));
}
