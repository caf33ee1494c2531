import type { Crossovers } from '../primes/crossovers.js';
import type { EngineName } from '../primes/StageSpec.js';

/** One observed engine call: which engine, on how many bits, how long, and whether it split. */
export interface EngineObservation {
  readonly engine: EngineName;
  readonly bits: number;
  readonly ms: number;
  readonly found: boolean;
}

/** Bit-size bucket width used to compare engines. */
export const ADAPT_BUCKET_BITS = 4;
/** Successful calls needed per engine and bucket before a comparison counts. */
export const ADAPT_MIN_SAMPLES = 3;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1] as number;
}

/**
 * Move the rho → SIQS crossover from observed timings: in every size bucket where both engines split at
 * least {@link ADAPT_MIN_SAMPLES} composites, compare median times; the crossover becomes the lowest
 * bucket from which SIQS is faster. Buckets without enough evidence leave the crossover where it is.
 *
 * @param current - the crossovers in force
 * @param observations - measured engine calls
 * @returns new crossovers (the same object when nothing changes)
 * @example
 * ```ts
 * import { adaptCrossovers, DEFAULT_CROSSOVERS } from 'primeos/bands';
 * adaptCrossovers(DEFAULT_CROSSOVERS, []) === DEFAULT_CROSSOVERS; // true
 * ```
 */
export function adaptCrossovers(current: Crossovers, observations: readonly EngineObservation[]): Crossovers {
  const buckets = new Map<number, { rho: number[]; siqs: number[] }>();
  for (const o of observations) {
    if (!o.found || (o.engine !== 'rho' && o.engine !== 'siqs')) continue;
    const k = Math.floor(o.bits / ADAPT_BUCKET_BITS);
    let b = buckets.get(k);
    if (!b) buckets.set(k, (b = { rho: [], siqs: [] }));
    b[o.engine].push(o.ms);
  }
  const compared = [...buckets.entries()]
    .filter(([, b]) => b.rho.length >= ADAPT_MIN_SAMPLES && b.siqs.length >= ADAPT_MIN_SAMPLES)
    .sort(([a], [b]) => a - b);
  if (compared.length === 0) return current;
  const firstSiqsFaster = compared.find(([, b]) => median(b.siqs) < median(b.rho));
  const crossover = firstSiqsFaster
    ? firstSiqsFaster[0] * ADAPT_BUCKET_BITS
    : ((compared[compared.length - 1] as [number, unknown])[0] + 1) * ADAPT_BUCKET_BITS;
  if (crossover === current.siqsMinBits) return current;
  return { ...current, siqsMinBits: crossover, rhoMainMaxBits: crossover };
}
