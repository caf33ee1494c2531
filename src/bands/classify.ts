import { bitLength } from '../primes/arith.js';
import type { Band } from './Band.js';
import { BAND_TABLE } from './bandTable.js';

/**
 * The band of an integer by the bit length of |n| (numbers above 4096 bits fall in ULTRASONIC_2, whose
 * plan still applies; the factorisation input limit is separate).
 *
 * @param n - any integer
 * @param table - the band table (default {@link BAND_TABLE})
 * @returns the band
 * @example
 * ```ts
 * import { classify } from 'primeos/bands';
 * classify(2n ** 100n + 1n).name; // 'MIDRANGE'
 * ```
 */
export function classify(n: bigint, table: readonly Band[] = BAND_TABLE): Band {
  const bits = bitLength(n);
  for (const band of table) if (bits <= band.maxBits) return band;
  return table[table.length - 1] as Band;
}
