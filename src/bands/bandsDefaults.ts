import { ADAPT_BUCKET_BITS, ADAPT_MIN_SAMPLES } from './adaptCrossovers.js';

/** The defaults of `primeos/bands`, in one place (see {@link BANDS_DEFAULTS}). */
export interface BandsDefaults {
  /** `adaptCrossovers`: width of the bit-size buckets observations are grouped in; samples a bucket needs. */
  readonly adaptCrossovers: { readonly bucketBits: number; readonly minSamples: number };
}

/**
 * The defaults of `primeos/bands` (the crossover bit sizes themselves are `DEFAULT_CROSSOVERS`).
 *
 * @example
 * ```ts
 * import { BANDS_DEFAULTS } from 'primeos/bands';
 * BANDS_DEFAULTS.adaptCrossovers.minSamples;
 * ```
 */
export const BANDS_DEFAULTS: BandsDefaults = {
  adaptCrossovers: { bucketBits: ADAPT_BUCKET_BITS, minSamples: ADAPT_MIN_SAMPLES },
};
