import { factorize } from '../../../../src/primes/factorize.js';
import type { Factorization, PartialFactorization } from '../../../../src/primes/Factorization.js';
import { isStrongProbablePrime } from '../../../../src/primes/primality.js';
import { completeFactorization, mergeEffort } from '../../../../src/stream/internal/completeFactorization.js';

const partialOf = (n: bigint, known: readonly bigint[], cofactor: bigint): PartialFactorization => ({
  n,
  sign: n < 0n ? -1 : 1,
  factors: known.map((prime) => ({ prime, exponent: 1, certainty: 'proven' as const })),
  bits: (n < 0n ? -n : n).toString(2).length,
  band: 'TEST',
  method: ['tdiv'],
  elapsedMs: 1,
  effort: { trialBound: 1 << 20, ecmCurves: 6, ecmB1: 2000 },
  status: 'partial',
  cofactor,
  witness: 2n,
  reason: 'budget',
});

describe('completeFactorization', () => {
  it('merges the parts: exponents add, primes ascend, efforts add (bounds maximised), the engine joins the methods', () => {
    const c = 1000003n * 1000003n * 999983n;
    const first = partialOf(-5n * 1000003n * c, [5n, 1000003n], c);
    const parts = [factorize(1000003n), factorize(1000003n * 999983n)];
    const f = completeFactorization(first, 'siqs', { siqsRelations: 40, ecmB1: 11000 }, parts, 9);
    expect(f.status).toBe('complete');
    expect(f.factors).toEqual([
      { prime: 5n, exponent: 1, certainty: 'proven' },
      { prime: 999983n, exponent: 1, certainty: 'proven' },
      { prime: 1000003n, exponent: 3, certainty: 'proven' },
    ]);
    expect(f).toMatchObject({ n: first.n, sign: -1, bits: first.bits, band: 'TEST', elapsedMs: 9 });
    expect(f.method[0]).toBe('tdiv');
    expect(f.method[1]).toBe('siqs');
    expect(new Set(f.method).size).toBe(f.method.length);
    expect(f.effort.siqsRelations).toBe(40);
    expect(f.effort.ecmB1).toBe(11000);
    expect(f.effort.trialBound).toBe(1 << 20);
    let product = f.sign === -1 ? -1n : 1n;
    for (const x of f.factors) product *= x.prime ** BigInt(x.exponent);
    expect(product).toBe(first.n);
  });

  it('stays partial with the product of the parts’ cofactors and a valid witness; a failed part changes nothing', () => {
    const hardA = (2n ** 61n - 1n) * (2n ** 89n - 1n);
    const hardB = (2n ** 31n - 1n) * (2n ** 107n - 1n);
    const c = hardA * hardB;
    const first = partialOf(3n * c, [3n], c);
    const parts: Factorization[] = [partialOf(hardA, [], hardA), partialOf(hardB, [], hardB)];
    const f = completeFactorization(first, 'siqs', {}, parts, 5);
    expect(f).toMatchObject({ status: 'partial', cofactor: c, reason: 'budget' });
    if (f.status === 'partial') expect(isStrongProbablePrime(c, f.witness)).toBe(false);
    const failed: Factorization = { ...factorize(0n), n: hardA };
    expect(failed.status).toBe('failed');
    const g = completeFactorization(first, 'siqs', { siqsRelations: 7 }, [failed, parts[1]!], 5);
    expect(g).toMatchObject({ status: 'partial', cofactor: c, factors: first.factors, method: first.method });
  });

  it('mergeEffort adds counts and keeps the largest bounds', () => {
    expect(
      mergeEffort([
        { trialBound: 10, rhoIterations: 5, ecmB1: 2000 },
        { trialBound: 20, rhoIterations: 7, ecmCurves: 3, ecmB1: 500 },
      ]),
    ).toEqual({ trialBound: 20, rhoIterations: 12, ecmCurves: 3, ecmB1: 2000 });
  });
});
