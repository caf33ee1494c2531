import { bitLength } from '../../primes/arith.js';
import type { Factorization } from '../../primes/Factorization.js';
import { factorizeAsync, finishInParallel } from '../factorizeAsync.js';
import type { FactorJobTextInput } from '../jobs/factorJobBatch.js';
import { parseJobLine } from '../jobs/jobLine.js';
import type { WorkerPool } from '../WorkerPool.js';
import { factorizeDeferring } from './factorizeDeferring.js';
import { JOB_ECM_PARALLEL_MIN_B1, JOB_SIQS_PARALLEL_MIN_BITS, SIQS_PARALLEL_MIN_BITS } from './parallelThresholds.js';

/**
 * The one number of a job's only or last batch, factorised on every thread of the pool when it needs a long stage at a
 * size where that pays: SIQS (`siqsParallel`), or the ECM schedule above SIQS's range (`ecmParallel`). With `here`
 * (a CLI job, whose only batch runs on its own thread) from {@link JOB_SIQS_PARALLEL_MIN_BITS} bits: the plan
 * without those stages runs on this thread (with the first, cheap ECM stage, below {@link JOB_ECM_PARALLEL_MIN_B1}),
 * then `finishInParallel` runs what it left on the pool, whose threads start cold. Without (a server: its thread
 * stays free) from `SIQS_PARALLEL_MIN_BITS` bits, all of it on the pool (`factorizeAsync`). Returns undefined,
 * having done nothing, when the batch is not one line holding one such number (a blank, a comment, an error, a
 * smaller number): the batch then runs as usual. The result is for `factorJobBatch`'s `given` map, which renders
 * the line from it.
 *
 * @param input - the job's only or last batch
 * @param pool - the job's pool (two or more threads)
 * @param signal - the job's signal
 * @param here - whether the job's own thread may compute (a CLI job's only batch)
 * @returns the number's factorisation, or undefined
 */
export async function sieveSoleNumber(
  input: FactorJobTextInput,
  pool: WorkerPool,
  signal: AbortSignal,
  here: boolean,
): Promise<Factorization | undefined> {
  if ((input.tooLong?.length ?? 0) > 0) return undefined;
  const line = input.text.replace(/\r?\n$/, '');
  if (line.includes('\n')) return undefined;
  const s = input.settings;
  const parsed = parseJobLine(line, s);
  const minBits = here ? JOB_SIQS_PARALLEL_MIN_BITS : SIQS_PARALLEL_MIN_BITS;
  if (parsed.kind !== 'number' || bitLength(parsed.n < 0n ? -parsed.n : parsed.n) < minBits) return undefined;
  const engine = { budgetMs: s.budgetMs, seed: s.seed, maxBits: s.maxBits };
  if (!here) return factorizeAsync(parsed.n, { ...engine, pool, signal, parallel: true });
  const start = performance.now();
  const deferral = { siqsFromBits: minBits, ecmFromB1: JOB_ECM_PARALLEL_MIN_B1 };
  const first = factorizeDeferring(parsed.n, { ...engine, signal }, deferral);
  return finishInParallel(first, pool, engine, signal, start, start + s.budgetMs, deferral);
}
