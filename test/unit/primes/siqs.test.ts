import { isProbablyPrime } from 'bigint-crypto-utils';
import { bitLength } from '../../../src/primes/arith.js';
import { siqs, siqsSplit, SIQS_MIN_BITS } from '../../../src/primes/siqs.js';
import {
  collectRelations,
  collectRelationsPortable,
  createSiqsWorkspace,
  type SiqsRelation,
} from '../../../src/primes/internal/siqsCollect.js';
import type { SiqsContext } from '../../../src/primes/internal/siqsContext.js';
import { withSiqsSieveKernel } from '../../../src/primes/internal/siqsKernel.js';
import { prepareSiqs } from '../../../src/primes/internal/siqsContext.js';
import { digits12, residueMod, SIQS_MULTIPLIERS, siqsMultiplier } from '../../../src/primes/internal/siqsMultiplier.js';
import {
  SIQS_EXTRA_RELATIONS,
  SIQS_LOW_PRIME_LIMIT,
  SIQS_LOW_PRIME_RANGE,
  SIQS_PARAM_TABLE,
  SIQS_SMALL_PRIME_LIMIT,
  siqsParams,
} from '../../../src/primes/internal/siqsParams.js';
import { type SiqsMatrixRelation, SiqsRelationPool } from '../../../src/primes/internal/siqsRelationPool.js';
import { siqsSolve } from '../../../src/primes/internal/siqsSolve.js';

const isPrime = (n: bigint): Promise<boolean> => isProbablyPrime(n, 16, true);

async function nextPrime(n: bigint): Promise<bigint> {
  let c = n | 1n;
  while (!(await isPrime(c))) c += 2n;
  return c;
}

/** A balanced semiprime of exactly `bits` bits (p, q ≈ 0.75·2^(bits/2)). */
async function semiprime(bits: number, salt: bigint): Promise<{ n: bigint; p: bigint; q: bigint }> {
  const half = bits >> 1;
  const p = await nextPrime((3n << BigInt(half - 2)) + salt * 7919n);
  const q = await nextPrime((3n << BigInt(bits - half - 2)) + salt * 104729n + 1000n);
  return { n: p * q, p, q };
}

function context(n: bigint): SiqsContext {
  const ctx = prepareSiqs(n, siqsParams(bitLength(n)));
  if ('divisor' in ctx) throw new Error('unexpected small divisor');
  return ctx;
}

/** The relation's value (−1)^e₀ · ∏ primes · largePrime · largePrime2, which must be y² mod n. */
function expectRelationHolds(r: SiqsRelation, ctx: SiqsContext): void {
  let v = BigInt(r.largePrime) * BigInt(r.largePrime2);
  for (const c of r.columns) v *= c === 0 ? -1n : BigInt(ctx.primes[c - 1] as number);
  expect((((r.y * r.y - v) % ctx.n) + ctx.n) % ctx.n).toBe(0n);
}

/** A matrix row: ∏ ys² ≡ (−1)^e₀ · ∏ primes · sqrtFactor² (mod n). */
function expectRowHolds(row: SiqsMatrixRelation, ctx: SiqsContext): void {
  const { n } = ctx;
  let lhs = 1n;
  for (const y of row.ys) lhs = (lhs * y * y) % n;
  let rhs = row.sqrtFactor * row.sqrtFactor;
  for (const c of row.columns) rhs *= c === 0 ? -1n : BigInt(ctx.primes[c - 1] as number);
  expect((((lhs - rhs) % n) + n) % n).toBe(0n);
}

/** A pool filled from batches seeded 1, 2, … until it has `extra` rows more than the factor base. */
function filledPool(ctx: SiqsContext, extra: number, aCount: number): SiqsRelationPool {
  const pool = new SiqsRelationPool();
  for (let seed = 1; pool.size < ctx.primes.length + extra; seed++) {
    pool.addAll(collectRelations(ctx, { seed, aCount }).relations);
  }
  return pool;
}

describe('siqs on fixed balanced semiprimes', () => {
  test.each([48, 64, 80, 96, 112, 128])('%i bits: finds a prime factor', async (bits) => {
    const { n, p, q } = await semiprime(bits, BigInt(bits));
    expect(bitLength(n)).toBe(bits);
    const out = siqsSplit(n, { seed: 7 });
    expect(out.status).toBe('found');
    if (out.status !== 'found') return;
    expect([p, q]).toContain(out.divisor);
    const other = n / out.divisor;
    expect(out.divisor * other).toBe(n);
    expect(await isPrime(out.divisor)).toBe(true);
    expect(await isPrime(other)).toBe(true);
    expect(out.effort.siqsRelations).toBeGreaterThan(0);
  });

  test('splits inputs just above SIQS_MIN_BITS (single-factor a values)', async () => {
    const p = 786449n;
    const q = 787433n;
    expect((await isPrime(p)) && (await isPrime(q))).toBe(true);
    expect(bitLength(p * q)).toBe(SIQS_MIN_BITS);
    for (const n of [p * q, (await semiprime(42, 1n)).n, (await semiprime(44, 2n)).n]) {
      const out = siqs(n, { seed: 5 });
      expect(out.status).toBe('found');
      if (out.status === 'found') expect(out.divisor > 1n && out.divisor < n && n % out.divisor === 0n).toBe(true);
    }
  });

  test('is deterministic for a seed', async () => {
    const { n } = await semiprime(90, 3n);
    const a = siqs(n, { seed: 11 });
    const b = siqs(n, { seed: 11 });
    expect(a).toEqual(b);
  });

  test('splits a product of three primes', async () => {
    const p = await nextPrime(1n << 30n);
    const q = await nextPrime(3n << 29n);
    const r = await nextPrime(5n << 28n);
    const n = p * q * r;
    const out = siqs(n, { seed: 2 });
    expect(out.status).toBe('found');
    if (out.status === 'found') {
      expect(out.divisor > 1n && out.divisor < n && n % out.divisor === 0n).toBe(true);
    }
  });
});

describe('siqs preconditions never loop', () => {
  test('a prime returns exhausted', async () => {
    const p = await nextPrime(1n << 90n);
    expect(siqs(p).status).toBe('exhausted');
  });

  test('an input below SIQS_MIN_BITS returns exhausted; an even one returns 2', () => {
    expect(siqs((1n << BigInt(SIQS_MIN_BITS - 1)) - 1n).status).toBe('exhausted');
    expect(siqs(1n << 80n)).toMatchObject({ status: 'found', divisor: 2n });
    expect(siqs(6n * ((1n << 70n) + 1n))).toMatchObject({ status: 'found', divisor: 2n });
  });

  test('2^64 + 1 (a base-2 Fermat and strong pseudoprime) is split into 274177 · 67280421310721', () => {
    const n = (1n << 64n) + 1n;
    const out = siqs(n);
    expect(out.status).toBe('found');
    if (out.status === 'found') expect([274177n, 67280421310721n]).toContain(out.divisor);
  });

  test('other Fermat numbers and base-2 pseudoprimes are split, not taken for primes', () => {
    // F6 = 2^64 + 1 is above; F7 = 2^128 + 1 = 59649589127497217 · 5704689200685129054721
    const f7 = (1n << 128n) + 1n;
    const out = siqs(f7);
    expect(out.status).toBe('found');
    if (out.status === 'found') expect([59649589127497217n, 5704689200685129054721n]).toContain(out.divisor);
  });

  test('a factor in the factor base is returned, also when it divides the multiplier', async () => {
    const q = await nextPrime((1n << 70n) + 12345n);
    for (const p of [3n, 5n, 7n, 11n, 13n, 17n, 19n, 23n, 101n, 997n]) {
      const n = p * q;
      const out = siqs(n);
      expect(out).toMatchObject({ status: 'found', divisor: p });
      expect(out.effort.siqsRelations).toBe(0);
    }
  });

  test('a small factor above the factor base (no relation shortcut) is still split off', async () => {
    for (const small of [9973n, 10007n, 65537n]) {
      const q = await nextPrime((1n << 62n) + small);
      const n = small * q;
      const out = siqs(n, { seed: 2 });
      expect(out.status).toBe('found');
      if (out.status === 'found') expect([small, q]).toContain(out.divisor);
    }
  });

  test('the multiplier may share a prime with n without hiding it', async () => {
    // whatever k is chosen, n = k·q (k > 1) and n = p·q with p | k come back split
    for (let salt = 0n; salt < 8n; salt++) {
      const q = await nextPrime((1n << 66n) + salt * 1_000_003n);
      for (const small of [3n, 5n, 7n]) {
        const n = small * q;
        const out = siqs(n);
        expect(out.status).toBe('found');
        if (out.status === 'found') expect(n % out.divisor === 0n && out.divisor > 1n && out.divisor < n).toBe(true);
      }
    }
  });

  test('k·q for every multiplier k > 1 (n shares all its small primes with a multiplier) is split', async () => {
    const q = await nextPrime((1n << 61n) + 333n);
    for (const k of SIQS_MULTIPLIERS) {
      if (k === 1) continue;
      const n = BigInt(k) * q;
      const out = siqs(n);
      expect(out.status).toBe('found');
      if (out.status === 'found') expect(out.divisor > 1n && out.divisor < n && n % out.divisor === 0n).toBe(true);
    }
  });

  test('squares and a square times a prime are split', async () => {
    const p = await nextPrime((1n << 33n) + 7n);
    const q = await nextPrime((1n << 35n) + 99n);
    expect(siqs(p * p)).toMatchObject({ status: 'found', divisor: p });
    const out = siqs(p * p * q);
    expect(out.status).toBe('found');
    if (out.status === 'found') expect((p * p * q) % out.divisor).toBe(0n);
  });

  test('65-bit edge cases: every odd composite in (2^64, 2^64 + 400) and balanced 65-bit semiprimes', async () => {
    const cases: bigint[] = [];
    for (let n = (1n << 64n) + 1n; n < (1n << 64n) + 400n; n += 2n) if (!(await isPrime(n))) cases.push(n);
    for (let salt = 0n, balanced = 0; balanced < 6; salt++) {
      const p = await nextPrime((1n << 32n) + salt * 7919n);
      const q = await nextPrime((1n << 32n) + (salt + 1n) * 104729n);
      if (bitLength(p * q) !== 65) continue;
      cases.push(p * q);
      balanced++;
    }
    expect(cases.length).toBeGreaterThan(150);
    for (const n of cases) {
      const out = siqs(n, { seed: 3 });
      expect(out.status).toBe('found');
      if (out.status === 'found') expect(n % out.divisor === 0n && out.divisor > 1n && out.divisor < n).toBe(true);
    }
  });

  test('a perfect power returns its base', async () => {
    const p = await nextPrime(1n << 40n);
    const out = siqs(p * p);
    expect(out).toMatchObject({ status: 'found', divisor: p });
    const cube = siqs(p ** 3n);
    expect(cube).toMatchObject({ status: 'found', divisor: p });
    const sixth = siqs(p ** 6n); // found through k = 2: the divisor is p³
    expect(sixth.status === 'found' && p ** 6n % sixth.divisor === 0n && sixth.divisor > 1n).toBe(true);
  });

  test('perfect powers of odd bases (2 up to 2^64, exponents 2–13) are caught by the power screen', () => {
    let state = 987654321n;
    let checked = 0;
    for (let i = 0; i < 400; i++) {
      state = (state * 6364136223846793005n + 1442695040888963407n) % (1n << 64n);
      const k = 2 + (i % 12);
      const base = (state >> BigInt(i % 60)) | 1n;
      if (base < 3n) continue;
      const n = base ** BigInt(k);
      if (bitLength(n) < SIQS_MIN_BITS) continue;
      const out = siqs(n);
      expect(out.status).toBe('found');
      if (out.status === 'found') {
        expect(out.divisor > 1n && out.divisor < n && n % out.divisor === 0n).toBe(true);
        expect(out.effort.siqsRelations).toBe(0);
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(300);
  });

  test('a small factor met while building the factor base is returned', async () => {
    const q = await nextPrime(1n << 70n);
    const out = siqs(1009n * q);
    expect(out.status).toBe('found');
    if (out.status === 'found') expect((1009n * q) % out.divisor).toBe(0n);
  });

  test('an aborted signal returns aborted; a zero budget returns exhausted', async () => {
    const { n } = await semiprime(100, 1n);
    const ac = new AbortController();
    ac.abort();
    expect(siqs(n, { signal: ac.signal }).status).toBe('aborted');
    expect(siqs(n, { budgetMs: 0 }).status).toBe('exhausted');
  });
});

describe('siqs building blocks', () => {
  test.each([
    [60, 7n],
    [96, 5n],
    [128, 6n],
    [176, 8n],
  ])('every collected relation satisfies y² ≡ ±∏p·L (mod n) (%i bits: Q(x) in 2 to 5 limbs)', async (bits, salt) => {
    const { n } = await semiprime(bits, salt);
    const ctx = context(n);
    const { relations, polynomials } = collectRelations(ctx, { seed: 3, aCount: 2 });
    expect(polynomials).toBeGreaterThan(0);
    expect(relations.length).toBeGreaterThan(bits < 100 ? 10 : 2);
    for (const r of relations) {
      expectRelationHolds(r, ctx);
      expect(r.largePrime2).toBe(1); // double large primes are off by default
      if (r.largePrime > 1) {
        expect(r.largePrime).toBeGreaterThan(ctx.primes[ctx.primes.length - 1] as number);
        expect(r.largePrime).toBeLessThan(ctx.largePrimeBound);
        expect(await isPrime(BigInt(r.largePrime))).toBe(true);
      }
    }
  });

  test('the WebAssembly sieve kernel finds exactly the relations of the portable JS sieve (60–140 bits)', async () => {
    for (const [bits, salt] of [
      [60, 1n],
      [72, 2n],
      [88, 3n],
      [96, 4n],
      [112, 5n],
      [128, 6n],
      [140, 7n],
    ] as const) {
      const ctx = context((await semiprime(bits, salt)).n);
      expect(withSiqsSieveKernel(ctx, () => 'kernel')).toBe('kernel'); // the kernel path really runs
      for (const seed of [1, 77]) {
        const viaKernel = collectRelations(ctx, { seed, aCount: 2 });
        const portable = collectRelationsPortable(ctx, { seed, aCount: 2 });
        expect(viaKernel.relations.length).toBeGreaterThan(0);
        expect(viaKernel).toEqual(portable);
      }
    }
  });

  test('the sieve kernel switches between contexts and is never used re-entrantly', async () => {
    const a = context((await semiprime(100, 11n)).n);
    const b = context((await semiprime(84, 12n)).n);
    const expectedA = collectRelationsPortable(a, { seed: 4, aCount: 2 });
    const expectedB = collectRelationsPortable(b, { seed: 6, aCount: 1 });
    // interleaved: each call reloads its own factor base
    expect(collectRelations(a, { seed: 4, aCount: 2 })).toEqual(expectedA);
    expect(collectRelations(b, { seed: 6, aCount: 1 })).toEqual(expectedB);
    expect(collectRelations(a, { seed: 4, aCount: 2 })).toEqual(expectedA);
    // a stop test that sieves another number in the middle of a batch does not disturb the batch
    const inner: unknown[] = [];
    const outer = collectRelations(a, {
      seed: 4,
      aCount: 2,
      shouldStop: () => {
        if (inner.length < 3) inner.push(collectRelations(b, { seed: 6, aCount: 1 }));
        return false;
      },
    });
    expect(outer).toEqual(expectedA);
    expect(inner).toEqual([expectedB, expectedB, expectedB]);
  });

  test('a reused workspace gives the same relations as fresh buffers', async () => {
    const { n } = await semiprime(90, 6n);
    const ctx = context(n);
    const ws = createSiqsWorkspace(ctx);
    collectRelations(ctx, { seed: 8, aCount: 1 }, ws); // dirty the buffers
    const reused = collectRelations(ctx, { seed: 9, aCount: 2 }, ws);
    const fresh = collectRelations(ctx, { seed: 9, aCount: 2 });
    expect(reused).toEqual(fresh);
    expect(fresh.relations.length).toBeGreaterThan(0);
  });

  test('a workspace taken over from another context gives the same relations as fresh buffers', async () => {
    const big = context((await semiprime(100, 7n)).n);
    const small = context((await semiprime(80, 8n)).n);
    const old = createSiqsWorkspace(big);
    collectRelations(big, { seed: 3, aCount: 2 }, old); // leave another number's data behind
    const taken = createSiqsWorkspace(small, old);
    expect(taken.sieve.buffer).toBe(old.sieve.buffer);
    expect(collectRelations(small, { seed: 5, aCount: 3 }, taken)).toEqual(
      collectRelations(small, { seed: 5, aCount: 3 }),
    );
    // too small to take over: fresh memory
    const smallOnly = createSiqsWorkspace(small);
    expect(createSiqsWorkspace(big, smallOnly).sieve.buffer).not.toBe(smallOnly.sieve.buffer);
  });

  test('results do not depend on earlier calls (buffers carried between siqs calls)', async () => {
    const { n } = await semiprime(84, 4n);
    const first = siqs(n, { seed: 9 });
    siqs((await semiprime(110, 5n)).n, { seed: 1 });
    siqs((await semiprime(60, 6n)).n, { seed: 1 });
    expect(siqs(n, { seed: 9 })).toEqual(first);
  });

  test('the factor base holds primes with kn a square mod p', () => {
    const n = 1000000016000000063n * 1000000007n;
    const ctx = context(n);
    expect(ctx.primes[0]).toBe(2);
    for (let i = 1; i < ctx.primes.length; i++) {
      const p = BigInt(ctx.primes[i] as number);
      const t = BigInt(ctx.sqrts[i] as number);
      expect((t * t - ctx.kn) % p).toBe(0n);
      expect(ctx.primes[i]).toBeGreaterThan(ctx.primes[i - 1] as number);
    }
  });

  test('the pool combines partials sharing a large prime and drops duplicates', async () => {
    const { n } = await semiprime(100, 9n);
    const ctx = context(n);
    const pool = new SiqsRelationPool();
    const { relations } = collectRelations(ctx, { seed: 4, aCount: 8 });
    pool.addAll(relations);
    pool.addAll(relations);
    // the same |y| can come from two polynomials (y² − kn divisible by both a-values): count it once
    const byY = new Map<bigint, (typeof relations)[number]>();
    for (const r of relations) if (!byY.has(r.y < 0n ? -r.y : r.y)) byY.set(r.y < 0n ? -r.y : r.y, r);
    const distinct = [...byY.values()];
    expect(pool.received).toBe(distinct.length);
    const fulls = distinct.filter((r) => r.largePrime === 1).length;
    const groups = new Map<number, number>();
    for (const r of distinct) if (r.largePrime > 1) groups.set(r.largePrime, (groups.get(r.largePrime) ?? 0) + 1);
    let combined = 0;
    for (const g of groups.values()) combined += g - 1;
    expect(pool.size).toBe(fulls + combined);
    for (const row of pool.rows()) expectRowHolds(row, ctx);
  });

  /** A context with double large primes on (and the slack to let their cofactors through) at a small size. */
  function doubleContext(n: bigint): SiqsContext {
    const base = siqsParams(bitLength(n));
    const ctx = prepareSiqs(n, { ...base, doubleLargePrimeExponent: 1.8, thresholdSlack: base.thresholdSlack + 12 });
    if ('divisor' in ctx) throw new Error('unexpected small divisor');
    return ctx;
  }

  test('double large primes: relations with two primes in (pmax, bound) whose product is at least pmax²', async () => {
    const { n } = await semiprime(120, 13n);
    const ctx = doubleContext(n);
    const pmax = ctx.primes[ctx.primes.length - 1] as number;
    expect(ctx.doubleLargePrimeBound).toBe(Math.floor(ctx.largePrimeBound ** 1.8));
    const relations = [1, 2, 3, 4].flatMap((seed) => collectRelations(ctx, { seed, aCount: 2 }).relations);
    const doubles = relations.filter((r) => r.largePrime2 > 1);
    expect(doubles.length).toBeGreaterThan(10);
    for (const r of relations) expectRelationHolds(r, ctx);
    for (const r of doubles) {
      expect(r.largePrime).toBeGreaterThan(pmax);
      expect(r.largePrime).toBeLessThanOrEqual(r.largePrime2);
      expect(r.largePrime2).toBeLessThan(ctx.largePrimeBound);
      expect(r.largePrime * r.largePrime2).toBeGreaterThanOrEqual(pmax * pmax);
      expect(await isPrime(BigInt(r.largePrime))).toBe(true);
      expect(await isPrime(BigInt(r.largePrime2))).toBe(true);
    }
    // the kernel and the portable sieve split the same cofactors
    expect(collectRelations(ctx, { seed: 5, aCount: 2 })).toEqual(
      collectRelationsPortable(ctx, { seed: 5, aCount: 2 }),
    );
  });

  test('double large primes: pool cycles are valid matrix rows, and siqs splits n with them', async () => {
    const { n, p, q } = await semiprime(120, 14n);
    const ctx = doubleContext(n);
    const pool = filledPool(ctx, 10, 2);
    expect(pool.doubleCount).toBeGreaterThan(0);
    expect(pool.cycleCount).toBe(pool.size - pool.fullCount);
    let longest = 0;
    for (const row of pool.rows()) {
      longest = Math.max(longest, row.ys.length);
      expectRowHolds(row, ctx);
    }
    expect(longest).toBeGreaterThan(2); // some cycle runs through a relation with two large primes
    expect([p, q]).toContain(siqsSolve(ctx, pool.rows()));
    const out = siqs(n, { params: ctx.params });
    expect(out.status === 'found' && (out.divisor === p || out.divisor === q)).toBe(true);
  });

  test('collect → pool → solve splits n', async () => {
    const { n, p, q } = await semiprime(80, 2n);
    const ctx = context(n);
    const pool = filledPool(ctx, 20, 4);
    expect([p, q]).toContain(siqsSolve(ctx, pool.rows()));
  });

  test('the multiplier maximises the Knuth–Schroeppel score (BigInt oracle)', () => {
    const ksPrimes: number[] = [];
    for (let p = 3; p < 2000; p += 2) {
      let prime = true;
      for (let d = 3; d * d <= p; d += 2) if (p % d === 0) prime = false;
      if (prime) ksPrimes.push(p);
    }
    const euler = (a: bigint, p: bigint): bigint => {
      let r = 1n;
      let b = a % p;
      for (let e = (p - 1n) / 2n; e > 0n; e >>= 1n, b = (b * b) % p) if (e & 1n) r = (r * b) % p;
      return r;
    };
    const score = (n: bigint, k: number): number => {
      const kn = BigInt(k) * n;
      const m8 = Number(kn % 8n);
      let f = -0.5 * Math.log(k) + (m8 === 1 ? 2 : m8 === 5 ? 1 : m8 % 2 === 1 ? 0.5 : 0) * Math.LN2;
      for (const p of ksPrimes) {
        const P = BigInt(p);
        if (kn % P === 0n) f += k % p === 0 ? Math.log(p) / p : 0;
        else if (euler(kn, P) === 1n) f += (2 * Math.log(p)) / (p - 1);
      }
      return f;
    };
    let state = 12345n;
    for (let i = 0; i < 40; i++) {
      state = (state * 6364136223846793005n + 1442695040888963407n) % (1n << 64n);
      const n = ((state << BigInt(20 + (i % 5) * 30)) + state) | 1n;
      const k = siqsMultiplier(n);
      const best = Math.max(...SIQS_MULTIPLIERS.map((m) => score(n, m)));
      expect(score(n, k)).toBeCloseTo(best, 9);
    }
  });

  test('digits12 and residueMod agree with BigInt remainders', () => {
    for (const n of [0n, 1n, 4095n, 4096n, (1n << 64n) + 1n, 10n ** 60n + 7n]) {
      const d = digits12(n);
      for (const p of [1, 2, 3, 1009, 65521, 524287, 16777213, 2 ** 40 - 87]) {
        expect(residueMod(d, p)).toBe(Number(n % BigInt(p)));
      }
    }
  });

  test('the multiplier is one of the listed square-free values and deterministic', () => {
    const n = 1000000016000000063n;
    const k = siqsMultiplier(n);
    expect(SIQS_MULTIPLIERS).toContain(k);
    expect(siqsMultiplier(n)).toBe(k);
  });

  test('parameters reproduce the table rows at their bit sizes and clamp outside', () => {
    for (const [bits, fb, m, lp, slack] of SIQS_PARAM_TABLE) {
      expect(siqsParams(bits)).toMatchObject({
        factorBaseSize: fb,
        sieveHalfWidth: m,
        largePrimeMultiplier: lp,
        thresholdSlack: slack,
        doubleLargePrimeExponent: 0,
      });
    }
    const first = SIQS_PARAM_TABLE[0]!;
    const last = SIQS_PARAM_TABLE[SIQS_PARAM_TABLE.length - 1]!;
    expect(siqsParams(first[0] - 10).factorBaseSize).toBe(first[1]);
    expect(siqsParams(last[0] + 100).factorBaseSize).toBe(last[1]);
  });

  test('primes 31–47 are sieved only inside SIQS_LOW_PRIME_RANGE', () => {
    const [lo, hi] = SIQS_LOW_PRIME_RANGE;
    expect(siqsParams(lo - 1).smallPrimeLimit).toBe(SIQS_SMALL_PRIME_LIMIT);
    expect(siqsParams(lo).smallPrimeLimit).toBe(SIQS_LOW_PRIME_LIMIT);
    expect(siqsParams(80).smallPrimeLimit).toBe(SIQS_LOW_PRIME_LIMIT);
    expect(siqsParams(hi).smallPrimeLimit).toBe(SIQS_LOW_PRIME_LIMIT);
    expect(siqsParams(hi + 1).smallPrimeLimit).toBe(SIQS_SMALL_PRIME_LIMIT);
    expect(siqsParams(128).extraRelations).toBe(SIQS_EXTRA_RELATIONS);
  });

  test('parameters grow with the size of n', () => {
    let prev = siqsParams(SIQS_PARAM_TABLE[0]![0]);
    for (let bits = 41; bits <= 256; bits++) {
      const cur = siqsParams(bits);
      expect(cur.factorBaseSize).toBeGreaterThanOrEqual(prev.factorBaseSize);
      expect(cur.sieveHalfWidth).toBeGreaterThanOrEqual(prev.sieveHalfWidth);
      expect(cur.sieveHalfWidth % 16).toBe(0);
      prev = cur;
    }
  });
});
