/** The CRC-12 generator polynomial x^12 + x^11 + x^3 + x^2 + x + 1 (= (x + 1)(x^11 + x^2 + 1)). */
export const CRC12_POLYNOMIAL = 0x80f;

/** The CRC register's initial value (all ones, so leading zero bytes still change the result). */
export const CRC12_INIT = 0xfff;

const TABLE = (() => {
  const t = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i << 4;
    for (let k = 0; k < 8; k++) c = c & 0x800 ? ((c << 1) ^ CRC12_POLYNOMIAL) & 0xfff : (c << 1) & 0xfff;
    t[i] = c;
  }
  return t;
})();

/**
 * Feed one byte into a CRC-12 register (MSB first, no reflection, no final xor).
 *
 * @param crc - the current 12-bit register
 * @param byte - the byte (0..255)
 * @returns the new register
 *
 * @example
 * ```ts
 * import { crc12Update } from 'primeos/encoding';
 * crc12Update(0xfff, 0x41);
 * ```
 */
export function crc12Update(crc: number, byte: number): number {
  return ((crc << 8) & 0xfff) ^ (TABLE[((crc >> 4) ^ byte) & 0xff] as number);
}

/**
 * CRC-12 of a byte sequence. Being a CRC whose generator has the factor (x + 1) and a primitive
 * factor of degree 11, it detects every error of 1, 2 or 3 bits (any odd number of bits) in
 * messages up to 2047 bits and every burst of ≤ 12 bits; other changes collide with probability 2^-12.
 *
 * @param bytes - the message
 * @returns the 12-bit CRC (0..4095)
 *
 * @example
 * ```ts
 * import { crc12 } from 'primeos/encoding';
 * crc12(new Uint8Array([1, 1, 0, 0x41])); // a number in 0..4095
 * ```
 */
export function crc12(bytes: ArrayLike<number>): number {
  let crc = CRC12_INIT;
  for (let i = 0; i < bytes.length; i++) crc = crc12Update(crc, bytes[i] as number);
  return crc;
}
