import { bitLength } from '../../primes/arith.js';
import type { Factorization } from '../../primes/Factorization.js';
import { sieveCofactor } from '../factorizeAsync.js';
import type { FactorJobTextInput } from '../jobs/factorJobBatch.js';
import { parseJobLine } from '../jobs/jobLine.js';
import type { WorkerPool } from '../WorkerPool.js';
import { factorizeDeferringSiqs } from './factorizeDeferringSiqs.js';
import { JOB_SIQS_PARALLEL_MIN_BITS } from './siqsParallelMinBits.js';

/**
 * The one number of a job's only batch, factorised with SIQS on every thread of the pool when it needs SIQS from
 * {@link JOB_SIQS_PARALLEL_MIN_BITS} bits: the plan without SIQS runs here (the batch's own thread, as a one-batch
 * job does), then `sieveCofactor` sieves what it leaves on the pool. Returns undefined, having done nothing,
 * when the batch is not one line holding one such number (a blank, a comment, an error, a smaller number): the
 * batch then runs as usual. The result is for `factorJobBatch`'s `given` map, which renders the line from it.
 *
 * @param input - the job's only batch
 * @param pool - the job's pool (two or more threads)
 * @param signal - the job's signal
 * @returns the number's factorisation, or undefined
 */
export async function sieveSoleNumber(
  input: FactorJobTextInput,
  pool: WorkerPool,
  signal: AbortSignal,
): Promise<Factorization | undefined> {
  if ((input.tooLong?.length ?? 0) > 0) return undefined;
  const line = input.text.replace(/\r?\n$/, '');
  if (line.includes('\n')) return undefined;
  const s = input.settings;
  const parsed = parseJobLine(line, s);
  if (parsed.kind !== 'number' || bitLength(parsed.n < 0n ? -parsed.n : parsed.n) < JOB_SIQS_PARALLEL_MIN_BITS) {
    return undefined;
  }
  const start = performance.now();
  const engine = { budgetMs: s.budgetMs, seed: s.seed, maxBits: s.maxBits };
  const first = factorizeDeferringSiqs(parsed.n, { ...engine, signal }, JOB_SIQS_PARALLEL_MIN_BITS);
  return sieveCofactor(first, pool, engine, signal, start, start + s.budgetMs, JOB_SIQS_PARALLEL_MIN_BITS);
}
