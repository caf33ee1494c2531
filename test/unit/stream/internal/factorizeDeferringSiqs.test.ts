import { balancedSemiprimes } from '../../../../bench/bandCorpus.js';
import { bandedFactorize } from '../../../../src/bands/bandedFactorize.js';
import { BAND_TABLE } from '../../../../src/bands/bandTable.js';
import { factorStageSpecs } from '../../../../src/primes/factorPlan.js';
import {
  factorizeDeferringSiqs,
  SIQS_PARALLEL_MIN_BITS,
  withoutSiqs,
} from '../../../../src/stream/internal/factorizeDeferringSiqs.js';

describe('factorizeDeferringSiqs', () => {
  it('withoutSiqs stops SIQS and the stages that only back it up below fromBits, and keeps the rest in order', () => {
    const specs = factorStageSpecs();
    const at = specs.findIndex((s) => s.engine === 'siqs');
    const siqsMax = specs[at]!.maxBits!;
    const kept = withoutSiqs(specs, 120);
    expect(kept.slice(0, at)).toEqual(specs.slice(0, at));
    const after = kept.slice(at);
    // SIQS and its safety nets stay for composites below 120 bits only; the ECM schedule above SIQS's range stays
    const siqs = after.filter((s) => s.engine === 'siqs');
    expect(siqs).toEqual([{ ...specs[at]!, maxBits: 119 }]);
    for (const s of after) expect((s.minBits ?? 0) > siqsMax || s.maxBits! <= 119).toBe(true);
    expect(after.filter((s) => (s.minBits ?? 0) > siqsMax)).toEqual(specs.filter((s) => (s.minBits ?? 0) > siqsMax));
    for (const band of BAND_TABLE) {
      for (const s of withoutSiqs(band.plan)) {
        if (s.engine === 'siqs') expect(s.maxBits).toBe(SIQS_PARALLEL_MIN_BITS - 1);
      }
    }
  });

  it('leaves a composite of SIQS range as the cofactor and matches bandedFactorize elsewhere', () => {
    const { n, p, q } = balancedSemiprimes(SIQS_PARALLEL_MIN_BITS + 10, 1, 4)[0]!;
    const f = factorizeDeferringSiqs(-7n * 1000003n * n, {});
    expect(f).toMatchObject({ status: 'partial', reason: 'budget', cofactor: n, sign: -1 });
    expect(f.factors.map((x) => x.prime)).toEqual([7n, 1000003n]);
    expect(bandedFactorize(n).factors.map((x) => x.prime)).toEqual([p < q ? p : q, p < q ? q : p]);
    // below SIQS_PARALLEL_MIN_BITS SIQS still runs here
    for (const m of [
      91n,
      2n ** 64n + 1n,
      2n ** 61n - 1n,
      360,
      balancedSemiprimes(SIQS_PARALLEL_MIN_BITS - 4, 1, 5)[0]!.n,
    ]) {
      const sync = bandedFactorize(BigInt(m));
      expect({ ...factorizeDeferringSiqs(m, {}), elapsedMs: 0 }).toEqual({ ...sync, elapsedMs: 0 });
    }
  });
});
