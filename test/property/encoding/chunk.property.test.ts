import fc from 'fast-check';
import { decodeChunk, encodeChunk } from '../../../src/encoding/chunkCodec.js';
import { encodeData } from '../../../src/encoding/encodeData.js';
import { CHECKSUM_PRIMES, FIELD_PRIMES, FIELD_WORD_BITS, MAX_CHUNK_BITS } from '../../../src/encoding/chunkLayout.js';
import type { ChunkKind } from '../../../src/encoding/chunkLayout.js';
import { chunkArb, chunkFieldsArb } from '../../../src/testing/chunkArb.js';
import { assertRoundTrip } from '../../../src/testing/assertRoundTrip.js';
import { assertCorruptionDetected } from '../../../src/testing/assertCorruptionDetected.js';
import { corruptedChunkArb } from '../../../src/testing/corruptedChunkArb.js';
import { bitsOf, naiveChunk } from '../../unit/encoding/oracle.js';

const KINDS: ChunkKind[] = ['data', 'operation', 'block_header', 'ntt_header'];
const RUNS = 1000;

describe('chunk format v1 laws', () => {
  it.each(KINDS)('decode(encode(x)) = x for %s chunks over the whole field range', (kind) => {
    assertRoundTrip(chunkFieldsArb(kind), encodeChunk, decodeChunk, { numRuns: RUNS });
  });

  it('encode(decode(c)) = c for valid chunks (canonical form)', () => {
    fc.assert(
      fc.property(chunkArb(), ({ chunk }) => {
        const d = decodeChunk(chunk);
        expect(d.kind).not.toBe('invalid');
        if (d.kind !== 'invalid') expect(encodeChunk(d)).toBe(chunk);
      }),
      { numRuns: RUNS },
    );
  });

  it('every (offset, byte) data chunk matches the documented construction, decodes back and is ≤ 256 bits', () => {
    let maxBits = 0;
    const seen = new Set<bigint>();
    for (let offset = 0; offset < 256; offset++) {
      for (let value = 0; value < 256; value++) {
        const c = encodeData(offset, value);
        const d = decodeChunk(c);
        if (d.kind !== 'data' || d.offset !== offset || d.value !== value)
          throw new Error(`(${offset}, ${value}) failed`);
        if (c !== naiveChunk(1, [...bitsOf(offset, 8), ...bitsOf(value, 8)]))
          throw new Error(`(${offset}, ${value}) differs from the oracle`);
        maxBits = Math.max(maxBits, c.toString(2).length);
        seen.add(c);
      }
    }
    expect(seen.size).toBe(65536);
    expect(maxBits).toBeLessThanOrEqual(256);
  });

  it('detects ≥ 99.9% of single-bit flips, ±1 and random multiplications (measured)', () => {
    const report = assertCorruptionDetected({ samples: 30_000, minRate: 0.999 });
    const byType = new Map<string, number>();
    for (const u of report.undetected) byType.set(u.corruption.type, (byType.get(u.corruption.type) ?? 0) + 1);
    console.log(
      `corruption detection: ${report.detected}/${report.samples} = ${(report.rate * 100).toFixed(3)}% (undetected by type: ${JSON.stringify(Object.fromEntries(byType))})`,
    );
    for (const u of report.undetected) expect(decodeChunk(u.corrupted)).not.toEqual(u.decoded);
    expect(report.rate).toBeGreaterThanOrEqual(0.999);
  });

  it('never accepts a chunk with one, two or three field bits changed (CRC-12 guarantee)', () => {
    fc.assert(
      fc.property(
        chunkArb(),
        fc.uniqueArray(fc.nat(133), { minLength: 1, maxLength: 3 }),
        ({ chunk, decoded }, idx) => {
          let c = chunk;
          for (const i of idx.map((k) => k % FIELD_WORD_BITS[decoded.kind])) {
            const p = BigInt(FIELD_PRIMES[i] as number);
            c = c % p === 0n ? c / p : c * p;
          }
          if (c === chunk) return; // the same bit picked twice after reduction
          expect(decodeChunk(c).kind).toBe('invalid');
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('decodeChunk on arbitrary bigints up to 4096 bits returns a typed result and never throws', () => {
    const LIMIT = 1n << 4096n;
    const structured = fc
      .record({
        tag: fc.integer({ min: 0, max: 6 }),
        primes: fc.array(fc.integer({ min: 0, max: 133 }), { maxLength: 40 }),
        q: fc.integer({ min: 0, max: 4095 }),
        qExp: fc.integer({ min: 0, max: 7 }),
        extra: fc.bigInt({ min: 1n, max: 1000n }),
      })
      .map(({ tag, primes, q, qExp, extra }) => {
        let c = (1n << BigInt(tag)) * BigInt(CHECKSUM_PRIMES[q] as number) ** BigInt(qExp) * extra;
        for (const i of primes) c *= BigInt(FIELD_PRIMES[i] as number);
        return c;
      });
    fc.assert(
      fc.property(
        fc.oneof(
          fc.bigInt({ min: -LIMIT, max: LIMIT }),
          fc.bigInt({ min: 0n, max: 1n << BigInt(MAX_CHUNK_BITS) }),
          structured,
        ),
        (n) => {
          const d = decodeChunk(n);
          if (d.kind === 'invalid') {
            expect(['E_CHUNK_INVALID', 'E_CHECKSUM']).toContain(d.code);
            expect(typeof d.reason).toBe('string');
          } else {
            expect(encodeChunk(d)).toBe(n);
          }
        },
      ),
      { numRuns: 3 * RUNS },
    );
  });

  it('corrupted chunks decode to a typed result (corruptedChunkArb)', () => {
    fc.assert(
      fc.property(corruptedChunkArb(), ({ corrupted, chunk }) => {
        expect(corrupted).not.toBe(chunk);
        const d = decodeChunk(corrupted);
        expect(['invalid', 'data', 'operation', 'block_header', 'ntt_header']).toContain(d.kind);
      }),
      { numRuns: RUNS },
    );
  });
});
