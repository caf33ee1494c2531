import { hasErrorCode } from '../../../src/model/PrimeosError.js';
import { createAndInitializePrimeRegistry, createPrimeRegistry } from '../../../src/primes/PrimeRegistry.js';
import { primesUpTo } from '../../../src/primes/smallPrimes.js';

describe('PrimeRegistry', () => {
  it('is 0-based like PrimeOS and agrees with a plain sieve across the table boundary', async () => {
    const reg = await createAndInitializePrimeRegistry({ preloadPrimes: 10, tableCap: 5000 });
    const table = primesUpTo(200_000);
    expect(reg.getPrime(0)).toBe(2n);
    expect(reg.getIndex(2n)).toBe(0);
    // out-of-order requests must not corrupt the table
    for (const i of [4999, 17, 5000, 12000, 3, 7000, 4998]) expect(reg.getPrime(i)).toBe(BigInt(table[i] as number));
    for (let i = 0; i < 15000; i += 37) {
      expect(reg.getPrime(i)).toBe(BigInt(table[i] as number));
      expect(reg.getIndex(table[i] as number)).toBe(i);
    }
    expect(reg.getState().custom?.tablePrimes).toBeLessThanOrEqual(5000);
  });

  it('answers large indices exactly (OEIS A006988) and refuses what it cannot count', async () => {
    const reg = await createAndInitializePrimeRegistry();
    expect(reg.getPrime(999_999)).toBe(15485863n);
    expect(reg.getIndex(15485863n)).toBe(999_999);
    expect(reg.getIndex(2038074743n)).toBe(99_999_999);
    expect(() => reg.getIndex(15485864n)).toThrow(expect.objectContaining({ code: 'E_RANGE' }));
    expect(() => reg.getIndex(2n ** 61n - 1n)).toThrow(expect.objectContaining({ code: 'E_RANGE' }));
    expect(() => reg.getPrime(-1)).toThrow(expect.objectContaining({ code: 'E_RANGE' }));
    const est = reg.approxIndex(2n ** 61n - 1n);
    expect(est.estimate).toBe(true);
    expect(est.value).toBeGreaterThan(5e16);
  });

  it('factors PrimeOS-style and throws E_BUDGET carrying the partial result', async () => {
    const reg = await createAndInitializePrimeRegistry({ factorize: { budgetMs: 150 } });
    expect(reg.factor(360n)).toEqual([
      { prime: 2n, exponent: 3 },
      { prime: 3n, exponent: 2 },
      { prime: 5n, exponent: 1 },
    ]);
    expect(reg.factor(1)).toEqual([]);
    expect(() => reg.factor(0n)).toThrow(expect.objectContaining({ code: 'E_RANGE' }));
    const hard = (2n ** 89n - 1n) * (2n ** 107n - 1n) * 10n;
    let caught: unknown;
    try {
      reg.factor(hard);
    } catch (err) {
      caught = err;
    }
    expect(hasErrorCode(caught, 'E_BUDGET')).toBe(true);
    const details = (caught as { details?: { factorization?: { status: string; cofactor?: bigint } } }).details;
    expect(details?.factorization?.status).toBe('partial');
    expect(details?.factorization?.cofactor).toBe((2n ** 89n - 1n) * (2n ** 107n - 1n));
    expect(reg.factorize(-12n)).toMatchObject({ status: 'complete', sign: -1 });
  });

  it('streams primes and factorisations both synchronously and asynchronously', async () => {
    const reg = await createAndInitializePrimeRegistry();
    const table = primesUpTo(100_000);
    const sync: bigint[] = [];
    for (const p of reg.createPrimeStream(1000)) {
      sync.push(p);
      if (sync.length === 5000) break;
    }
    expect(sync).toEqual(Array.from(table.subarray(1000, 6000), (p) => BigInt(p)));
    const asyncOut: bigint[] = [];
    for await (const p of reg.createPrimeStream(1000)) {
      asyncOut.push(p);
      if (asyncOut.length === 5000) break;
    }
    expect(asyncOut).toEqual(sync);

    const ns = [12n, 97n, 1n, 2n ** 32n + 1n];
    const viaSync = [...reg.createFactorStream(ns)].map((f) => f.factors.map((x) => x.prime));
    const viaAsync: bigint[][] = [];
    async function* gen(): AsyncGenerator<bigint> {
      yield* ns;
    }
    for await (const f of reg.createFactorStream(gen())) viaAsync.push(f.factors.map((x) => x.prime));
    expect(viaSync).toEqual([[2n, 3n], [97n], [], [641n, 6700417n]]);
    expect(viaAsync).toEqual(viaSync);
    expect(() => [...reg.createFactorStream(gen())]).toThrow(expect.objectContaining({ code: 'E_USAGE' }));
  });

  it('dispatches process() requests and respects the lifecycle', async () => {
    const reg = createPrimeRegistry();
    expect(() => reg.isPrime(7)).toThrow(expect.objectContaining({ code: 'E_STATE' }));
    const early = await reg.process({ op: 'isPrime', n: 7n });
    expect(early.success).toBe(false);
    await reg.initialize();
    expect((await reg.process({ op: 'isPrime', n: 7n })).data).toEqual({ op: 'isPrime', result: true });
    expect((await reg.process({ op: 'getPrime', index: 4 })).data).toEqual({ op: 'getPrime', result: 11n });
    expect((await reg.process({ op: 'getIndex', prime: 11n })).data).toEqual({ op: 'getIndex', result: 4 });
    expect((await reg.process({ op: 'factor', n: 12n })).data).toEqual({
      op: 'factor',
      result: [
        { prime: 2n, exponent: 2 },
        { prime: 3n, exponent: 1 },
      ],
    });
    const bad = await reg.process({ op: 'getIndex', prime: 12n });
    expect(bad.success).toBe(false);
    expect(bad.error?.code).toBe('E_RANGE');
    expect((await reg.reset()).success).toBe(true);
    expect(reg.getState().custom?.cachedFactorizations).toBe(0);
    await reg.terminate();
    expect(() => reg.getPrime(1)).toThrow(expect.objectContaining({ code: 'E_STATE' }));
  });

  it('keeps its caches bounded', async () => {
    const reg = await createAndInitializePrimeRegistry({ cacheSize: 8, tableCap: 1000 });
    for (let n = 2; n < 200; n++) reg.factor(n);
    for (let i = 1000; i < 1100; i++) reg.getPrime(i);
    const s = reg.getState().custom;
    expect(s?.cachedFactorizations).toBe(8);
    expect(s?.cachedPrimes).toBe(8);
    expect(s?.tablePrimes).toBe(1000);
  });
});
