import { balancedSemiprimes } from '../../../../bench/bandCorpus.js';
import { bandedFactorize } from '../../../../src/bands/bandedFactorize.js';
import { BAND_TABLE } from '../../../../src/bands/bandTable.js';
import { DEFAULT_CROSSOVERS } from '../../../../src/primes/crossovers.js';
import { factorStageSpecs } from '../../../../src/primes/factorPlan.js';
import type { StageSpec } from '../../../../src/primes/StageSpec.js';
import {
  deferredEcmSpecs,
  deferredSpecs,
  factorizeDeferring,
  SIQS_PARALLEL_MIN_BITS,
} from '../../../../src/stream/internal/factorizeDeferring.js';

const siqsMax = DEFAULT_CROSSOVERS.siqsMaxBits;
const aboveSiqs = (s: StageSpec): boolean => s.engine === 'ecm' && (s.minBits ?? 0) > siqsMax;

describe('factorizeDeferring', () => {
  it('deferredSpecs stops SIQS and its safety nets below siqsFromBits, drops ECM above SIQS from ecmFromB1, keeps the rest in order', () => {
    const specs = factorStageSpecs();
    const at = specs.findIndex((s) => s.engine === 'siqs');
    const kept = deferredSpecs(specs, { siqsFromBits: 120, ecmFromB1: 11_000 });
    expect(kept.slice(0, at)).toEqual(specs.slice(0, at));
    const after = kept.slice(at);
    // SIQS and its safety nets stay for composites below 120 bits only
    expect(after.filter((s) => s.engine === 'siqs')).toEqual([{ ...specs[at]!, maxBits: 119 }]);
    for (const s of after) expect(aboveSiqs(s) || s.maxBits! <= 119).toBe(true);
    // above SIQS's range only the ECM stages below B1 = 11000 stay; deferredEcmSpecs gives the others, in order
    const above = specs.filter(aboveSiqs);
    expect(after.filter(aboveSiqs)).toEqual(above.filter((s) => s.engine === 'ecm' && s.B1 < 11_000));
    expect(deferredEcmSpecs(1n << 300n, 11_000)).toEqual(above.filter((s) => s.engine === 'ecm' && s.B1 >= 11_000));
    expect(deferredEcmSpecs(1n << 300n)).toEqual(above);
    // by default every ECM stage above SIQS's range is left out
    expect(deferredSpecs(specs).filter(aboveSiqs)).toEqual([]);
    for (const band of BAND_TABLE) {
      for (const s of deferredSpecs(band.plan)) {
        if (s.engine === 'siqs') expect(s.maxBits).toBe(SIQS_PARALLEL_MIN_BITS - 1);
      }
    }
  });

  it('leaves a composite of SIQS range, or one above it, as the cofactor and matches bandedFactorize elsewhere', () => {
    const { n, p, q } = balancedSemiprimes(SIQS_PARALLEL_MIN_BITS + 10, 1, 4)[0]!;
    const f = factorizeDeferring(-7n * 1000003n * n, {});
    expect(f).toMatchObject({ status: 'partial', reason: 'budget', cofactor: n, sign: -1 });
    expect(f.factors.map((x) => x.prime)).toEqual([7n, 1000003n]);
    expect(bandedFactorize(n).factors.map((x) => x.prime)).toEqual([p < q ? p : q, p < q ? q : p]);
    const big = (2n ** 127n - 1n) * (2n ** 89n - 1n) * (2n ** 61n - 1n); // 277 bits: ECM's
    expect(factorizeDeferring(big * 1009n, {})).toMatchObject({ status: 'partial', cofactor: big });
    // below SIQS_PARALLEL_MIN_BITS SIQS still runs here
    const below = balancedSemiprimes(SIQS_PARALLEL_MIN_BITS - 4, 1, 5)[0]!.n;
    for (const m of [91n, 2n ** 64n + 1n, 2n ** 61n - 1n, 360, below, 2n ** 300n + 1n - 2n]) {
      const sync = bandedFactorize(BigInt(m));
      expect({ ...factorizeDeferring(m, {}), elapsedMs: 0 }).toEqual({ ...sync, elapsedMs: 0 });
    }
  });
});
