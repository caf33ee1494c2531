/**
 * Independent oracles for the chunk format tests, written from docs/FORMAT.md and sharing no code
 * with src/encoding: primes by trial division, CRC-12 bit by bit, chunks by naive products.
 */
export function naivePrimes(count: number): number[] {
  const out: number[] = [];
  for (let n = 2; out.length < count; n++) {
    let prime = true;
    for (let d = 2; d * d <= n; d++) if (n % d === 0) prime = false;
    if (prime) out.push(n);
  }
  return out;
}

const PRIMES = naivePrimes(1 + 134 + 4096);
/** Field primes per FORMAT.md: the 134 odd primes 3..761. */
export const ORACLE_FIELD_PRIMES = PRIMES.slice(1, 135);
/** Checksum primes per FORMAT.md: the next 4096 primes. */
export const ORACLE_CHECKSUM_PRIMES = PRIMES.slice(135);

/** CRC-12 (poly 0x80F, MSB first), bit by bit. */
export function naiveCrc12(bytes: number[], init = 0xfff): number {
  let crc = init;
  for (const byte of bytes) {
    for (let k = 7; k >= 0; k--) {
      const top = ((crc >> 11) & 1) ^ ((byte >> k) & 1);
      crc = (crc << 1) & 0xfff;
      if (top) crc ^= 0x80f;
    }
  }
  return crc;
}

/** A chunk per FORMAT.md from its tag and field word given as bits (LSB first). */
export function naiveChunk(tag: number, bits: number[]): bigint {
  const bytes = [1, tag];
  for (let b = 0; b < bits.length; b += 8) {
    let byte = 0;
    for (let k = 0; k < 8; k++) byte += (bits[b + k] ?? 0) * 2 ** k;
    bytes.push(byte);
  }
  const q = BigInt(ORACLE_CHECKSUM_PRIMES[naiveCrc12(bytes)] as number);
  let c = 2n ** BigInt(tag) * q ** 6n;
  bits.forEach((bit, i) => {
    if (bit) c *= BigInt(ORACLE_FIELD_PRIMES[i] as number);
  });
  return c;
}

/** Little-endian bits of a non-negative integer. */
export function bitsOf(v: bigint | number, width: number): number[] {
  let x = BigInt(v);
  const out: number[] = [];
  for (let i = 0; i < width; i++) {
    out.push(Number(x & 1n));
    x >>= 1n;
  }
  return out;
}
