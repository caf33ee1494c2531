import { join } from 'node:path';
import { from, lastValueFrom, toArray } from 'rxjs';
import { fc } from '@fast-check/jest';
import type { Factorization } from '../../../../src/primes/index.js';
import { factorize } from '../../../../src/stream/operators/factorize.js';
import { WorkerPool } from '../../../../src/stream/WorkerPool.js';
import { tsWorker } from '../fixtures/tsWorker.js';

/** Naive trial-division oracle for numbers below 2^40. */
function naive(n: bigint): [bigint, number][] {
  const out: [bigint, number][] = [];
  let m = n < 0n ? -n : n;
  for (let p = 2n; p * p <= m; p++) {
    let e = 0;
    while (m % p === 0n) {
      m /= p;
      e++;
    }
    if (e > 0) out.push([p, e]);
  }
  if (m > 1n) out.push([m, 1]);
  return out;
}
const pairs = (f: Factorization): [bigint, number][] => f.factors.map((x) => [x.prime, x.exponent]);
const stable = (f: Factorization): unknown => ({ ...f, elapsedMs: 0 });

const numbers = fc.sample(fc.bigInt({ min: 2n, max: 2n ** 40n }), { numRuns: 40, seed: 7 });

describe('factorize operator', () => {
  const pool = new WorkerPool({
    ...tsWorker(join(__dirname, '../../../../src/stream/workers/streamWorker.ts')),
    threads: 2,
  });
  afterAll(() => pool.destroy());

  it('on the calling thread: complete factorisations equal to a naive oracle, in order', async () => {
    const out = await lastValueFrom(from(numbers).pipe(factorize(), toArray()));
    expect(out.map((f) => f.n)).toEqual(numbers);
    for (const f of out) {
      expect(f.status).toBe('complete');
      expect(pairs(f)).toEqual(naive(f.n));
    }
  });

  it('in a worker pool: the same results, posted as bigints in batches, in order', async () => {
    const local = await lastValueFrom(from(numbers).pipe(factorize(), toArray()));
    const pooled = await lastValueFrom(from(numbers).pipe(factorize({ pool, batchSize: 3 }), toArray()));
    expect(pooled.map(stable)).toEqual(local.map(stable));
  });

  it('invalid input becomes a failed record, not a stream error', async () => {
    const [f] = await lastValueFrom(from([0n]).pipe(factorize({ pool }), toArray()));
    expect(f).toMatchObject({ status: 'failed', error: { code: 'E_RANGE' } });
  });
});
