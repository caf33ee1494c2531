/**
 * Composites from this size up are sieved on the whole pool (`siqsParallel`); smaller ones by SIQS on one thread,
 * where a run takes milliseconds and the round trips of parallel batches would cost more than they save
 * (`npx tsx bench/siqsParallel.ts`: 1.0–1.06× from 126 to 140 bits, 1.31× at 160, 1.51× at 192). The thresholds
 * of the parallel engines live in a module of their own so that the job can test a line's length against them
 * without loading the parallel path.
 */
export const SIQS_PARALLEL_MIN_BITS = 136;

/**
 * The same bound for the one number of a `primeos factor` job (`sieveSoleNumber`): the pool's threads start cold
 * there (loading the worker module, compiling the sieve's JS in each), so the parallel sieve pays from a larger
 * size. Whole-process `echo n | primeos factor`, medians of 5 semiprimes, one thread → parallel: 140 bits 265 →
 * 351 ms, 160 bits 408 → 502, 176 bits 724 → 736, 192 bits 1966 → 1560.
 */
export const JOB_SIQS_PARALLEL_MIN_BITS = 180;

/**
 * For the one number of a `primeos factor` job above SIQS's range: its ECM stages from this B1 on run on the pool
 * (`ecmParallel`), the cheaper first stage on the job's own thread, where the curves that find most factors cost
 * no thread start.
 */
export const JOB_ECM_PARALLEL_MIN_B1 = 11_000;
