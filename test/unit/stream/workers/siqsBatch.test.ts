import { balancedSemiprimes } from '../../../../bench/bandCorpus.js';
import { collectRelations } from '../../../../src/primes/internal/siqsCollect.js';
import { prepareSiqs, type SiqsContext } from '../../../../src/primes/internal/siqsContext.js';
import { siqsParams } from '../../../../src/primes/internal/siqsParams.js';
import { siqsBatch } from '../../../../src/stream/workers/streamWorker.js';

function context(bits: number, seed: number, extra: Partial<ReturnType<typeof siqsParams>> = {}): SiqsContext {
  const ctx = prepareSiqs(balancedSemiprimes(bits, 1, seed)[0]!.n, { ...siqsParams(bits), ...extra });
  if ('divisor' in ctx) throw new Error('unexpected small divisor');
  return ctx;
}

/** A context as a thread receives it: a structured-clone copy. */
const posted = (ctx: SiqsContext): SiqsContext => structuredClone(ctx);

describe('the siqsBatch worker task', () => {
  it('returns the relations collectRelations gives for the posted context and batch, whichever context came before', async () => {
    const a = context(110, 1);
    const b = context(96, 2);
    const base = siqsParams(110);
    const dlp = context(110, 1, { doubleLargePrimeExponent: 1.8, thresholdSlack: base.thresholdSlack + 12 });
    const expected = (ctx: SiqsContext, seed: number): unknown => collectRelations(ctx, { seed, aCount: 2 }).relations;
    // interleaved: the thread's held context is reused for the same context and replaced for another one
    for (const [ctx, seed] of [
      [a, 1],
      [a, 2],
      [b, 1],
      [a, 3],
      [dlp, 1],
      [a, 1],
    ] as const) {
      const envelope = await siqsBatch({ ctx: posted(ctx), seed, aCount: 2 });
      expect(envelope).toMatchObject({ ok: true, value: expected(ctx, seed) });
    }
    // the parameters travel with the context: double large primes only where asked for
    const withTwo = await siqsBatch({ ctx: posted(dlp), seed: 4, aCount: 4 });
    const withOne = await siqsBatch({ ctx: posted(a), seed: 4, aCount: 4 });
    const doubles = (e: typeof withTwo): number => (e.ok ? e.value.filter((r) => r.largePrime2 > 1).length : -1);
    expect(doubles(withTwo)).toBeGreaterThan(0);
    expect(doubles(withOne)).toBe(0);
  });
});
