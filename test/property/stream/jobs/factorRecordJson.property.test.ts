import fc from 'fast-check';
import { bandedFactorize } from '../../../../src/bands/bandedFactorize.js';
import type { Factorization } from '../../../../src/primes/Factorization.js';
import { factorize } from '../../../../src/primes/factorize.js';
import { factorRecord, factorRecordJson } from '../../../../src/stream/jobs/factorRecord.js';

/** Any integer below 2^72 (some above 2^64), signed, zero included. */
const anyInt = fc.oneof(
  fc.bigInt({ min: -(1n << 40n), max: 1n << 40n }),
  fc.bigInt({ min: 0n, max: (1n << 72n) - 1n }),
  fc.constantFrom(0n, 1n, -1n, 2n, 1n << 63n, (1n << 64n) - 1n),
);

describe('factorRecordJson', () => {
  it('writes the same bytes as JSON.stringify(factorRecord(…)) for every status and option', () => {
    fc.assert(
      fc.property(
        anyInt,
        fc.integer({ min: 1, max: 1e9 }),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        (n, line, hex, timings, banded) => {
          const f: Factorization = banded ? bandedFactorize(n, { budgetMs: 50 }) : factorize(n, { budgetMs: 50 });
          const options = { hex, timings };
          expect(factorRecordJson(line, f, options)).toBe(JSON.stringify(factorRecord(line, f, options)));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('matches on hand-made results: partial and failed records, a band name needing escapes, no band', () => {
    const base = { n: 91n, sign: 1, bits: 7, method: ['rho'], elapsedMs: 1.25, effort: {} } as const;
    const cases: Factorization[] = [
      {
        ...base,
        status: 'complete',
        factors: [
          { prime: 7n, exponent: 1, certainty: 'proven' },
          { prime: 13n, exponent: 1, certainty: 'probable' },
        ],
      },
      { ...base, status: 'complete', band: 'we"ird\\band\n', factors: [] },
      {
        ...base,
        status: 'partial',
        factors: [],
        cofactor: 91n,
        witness: 2n,
        reason: 'budget',
        effort: { rhoIterations: 5 },
      },
      { ...base, status: 'failed', factors: [], error: { code: 'E_RANGE', message: 'no' } },
    ];
    for (const f of cases) {
      for (const hex of [false, true]) {
        expect(factorRecordJson(3, f, { hex })).toBe(JSON.stringify(factorRecord(3, f, { hex })));
      }
    }
    expect(factorRecordJson(1, cases[0]!)).toBe(JSON.stringify(factorRecord(1, cases[0]!)));
  });
});
