import { isPrime } from '../../../src/primes/primality.js';
import { POPCOUNT8, SegmentedSieve, WHEEL } from '../../../src/primes/SegmentedSieve.js';

/** Primes ≥ 7 listed by a SegmentedSieve over bytes [from, to). */
function sievePrimes(from: number, to: number, segmentBytes?: number): number[] {
  const s = new SegmentedSieve(from, to, segmentBytes);
  const out: number[] = [];
  while (s.next()) {
    for (let i = 0; i < s.length; i++) {
      for (let k = 0; k < 8; k++) {
        if (!((s.bytes[i] as number) & (1 << k))) out.push(30 * (s.byteStart + i) + (WHEEL[k] as number));
      }
    }
  }
  return out;
}

describe('SegmentedSieve', () => {
  it('gives the same segments whatever the segment size (small sizes put most primes in buckets)', () => {
    const reference = sievePrimes(0, 40_000);
    expect(reference.slice(0, 8)).toEqual([7, 11, 13, 17, 19, 23, 29, 31]);
    for (const size of [64, 68, 100, 1000, 4096, 65536]) expect(sievePrimes(0, 40_000, size)).toEqual(reference);
    // 65536-byte segments are sieved in 32 KiB blocks by the primes ≤ 1024; 1000-byte ones are not
    expect(sievePrimes(12345, 112345, 65536)).toEqual(sievePrimes(12345, 112345, 1000));
    const far = Math.floor(10 ** 11 / 30);
    const farReference = sievePrimes(far, far + 3000);
    for (const size of [64, 100, 1000]) expect(sievePrimes(far, far + 3000, size)).toEqual(farReference);
    expect(farReference.every((p) => isPrime(p))).toBe(true);
  });

  it('countPrimeBits counts the clear bits of any byte span', () => {
    const s = new SegmentedSieve(12345, 12345 + 1000, 1000);
    s.next();
    for (const [from, to] of [
      [0, 1000],
      [0, 0],
      [1, 2],
      [3, 9],
      [5, 997],
      [999, 1000],
      [4, 8],
    ] as const) {
      let expected = 0;
      for (let i = from; i < to; i++) expected += 8 - (POPCOUNT8[s.bytes[i] as number] as number);
      expect(s.countPrimeBits(from, to)).toBe(expected);
    }
  });

  it('rejects bad bounds and segment sizes with E_RANGE', () => {
    expect(() => new SegmentedSieve(0, 10, 8)).toThrow(expect.objectContaining({ code: 'E_RANGE' }));
    expect(() => new SegmentedSieve(0.5, 10)).toThrow(expect.objectContaining({ code: 'E_RANGE' }));
    expect(() => new SegmentedSieve(0, 2 ** 52)).toThrow(expect.objectContaining({ code: 'E_RANGE' }));
  });
});
