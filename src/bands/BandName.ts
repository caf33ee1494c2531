/**
 * The PrimeOS spectrum band names (docs/ARCHITECTURE.md §5), plus `DIRECT` for numbers below 16 bits.
 */
export const BandName = {
  DIRECT: 'DIRECT',
  ULTRABASS: 'ULTRABASS',
  BASS: 'BASS',
  MIDRANGE: 'MIDRANGE',
  UPPER_MID: 'UPPER_MID',
  TREBLE: 'TREBLE',
  SUPER_TREBLE: 'SUPER_TREBLE',
  ULTRASONIC_1: 'ULTRASONIC_1',
  ULTRASONIC_2: 'ULTRASONIC_2',
} as const;

/** One of the {@link BandName} values. */
export type BandName = (typeof BandName)[keyof typeof BandName];
