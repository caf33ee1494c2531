import type {
  Certainty,
  FactorEffort,
  Factorization,
  PartialFactorization,
  PrimeFactor,
} from '../../primes/Factorization.js';
import { compositeWitness } from '../../primes/primality.js';

/** Effort fields that add up across pieces (the others are bounds: their maximum is kept). */
const SUMMED: readonly (keyof FactorEffort)[] = ['rhoIterations', 'ecmCurves', 'siqsRelations'];

/**
 * The effort of several computations together: counts added, bounds (trial bound, largest B1) maximised.
 *
 * @param efforts - the efforts
 * @returns their sum
 */
export function mergeEffort(efforts: readonly FactorEffort[]): FactorEffort {
  const out: Partial<Record<keyof FactorEffort, number>> = {};
  for (const e of efforts) {
    for (const [key, value] of Object.entries(e) as [keyof FactorEffort, number | undefined][]) {
      if (value === undefined) continue;
      const old = out[key];
      out[key] = old === undefined ? value : SUMMED.includes(key) ? old + value : Math.max(old, value);
    }
  }
  return out;
}

/**
 * A partial factorisation whose cofactor was split (by an engine outside the worker that produced it) into parts,
 * completed with the factorisations of those parts: their primes merge into its own (exponents added, a
 * `probable` certainty kept), `engine` joins the methods before the parts' engines, efforts add up. The result
 * is `complete` when every part is; else `partial`, its cofactor the product of the parts' cofactors (reason
 * `budget`, with a fresh compositeness witness). A part that `failed` leaves `partial` as it was.
 *
 * @param partial - the factorisation of n with cofactor c
 * @param engine - the engine that split c (e.g. 'siqs')
 * @param extraEffort - what that engine spent
 * @param parts - factorisations of positive numbers whose product is c
 * @param elapsedMs - the whole computation's time
 * @returns the factorisation of n
 */
export function completeFactorization(
  partial: PartialFactorization,
  engine: string,
  extraEffort: FactorEffort,
  parts: readonly Factorization[],
  elapsedMs: number,
): Factorization {
  const effort = mergeEffort([partial.effort, extraEffort, ...parts.map((p) => p.effort)]);
  if (parts.some((p) => p.status === 'failed')) return { ...partial, effort, elapsedMs };
  const byPrime = new Map<bigint, { exponent: number; certainty: Certainty }>();
  for (const f of [partial, ...parts].flatMap((p) => p.factors)) {
    const had = byPrime.get(f.prime);
    byPrime.set(f.prime, {
      exponent: (had?.exponent ?? 0) + f.exponent,
      certainty: had?.certainty === 'probable' || f.certainty === 'probable' ? 'probable' : 'proven',
    });
  }
  const factors: PrimeFactor[] = [...byPrime]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([prime, { exponent, certainty }]) => ({ prime, exponent, certainty }));
  const method = [...new Set([...partial.method, engine, ...parts.flatMap((p) => p.method)])];
  const base = {
    n: partial.n,
    sign: partial.sign,
    factors,
    bits: partial.bits,
    ...(partial.band === undefined ? {} : { band: partial.band }),
    method,
    elapsedMs,
    effort,
  };
  let cofactor = 1n;
  for (const p of parts) if (p.status === 'partial') cofactor *= p.cofactor;
  if (cofactor === 1n) return { ...base, status: 'complete' };
  return { ...base, status: 'partial', cofactor, witness: compositeWitness(cofactor), reason: 'budget' };
}
