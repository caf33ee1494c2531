import { decodeChunk, encodeChunk, checksumPrimeOf, checksumBytesOf } from '../../../src/encoding/chunkCodec.js';
import {
  CHECKSUM_PRIMES,
  FIELD_PRIMES,
  MAX_CHUNK_BITS,
  CHUNK_LIMIT,
  MAX_CHECKSUM_POWER,
} from '../../../src/encoding/chunkLayout.js';
import { ORACLE_CHECKSUM_PRIMES, ORACLE_FIELD_PRIMES, bitsOf, naiveChunk } from './oracle.js';

describe('chunk format v1 layout', () => {
  it('uses the 134 odd primes 3..761 as field primes and the next 4096 primes as checksum primes', () => {
    expect(FIELD_PRIMES).toEqual(ORACLE_FIELD_PRIMES);
    expect(Array.from(CHECKSUM_PRIMES)).toEqual(ORACLE_CHECKSUM_PRIMES);
    expect(Math.max(...FIELD_PRIMES)).toBeLessThan(CHECKSUM_PRIMES[0] as number);
  });

  it('bounds chunks by MAX_CHUNK_BITS', () => {
    expect(CHUNK_LIMIT).toBe(1n << BigInt(MAX_CHUNK_BITS));
    const biggest = encodeChunk({
      kind: 'ntt_header',
      log2Length: 31,
      domain: 'evaluations',
      modulus: (1n << 64n) - 1n,
      root: (1n << 64n) - 2n,
    });
    expect(biggest).toBeLessThan(CHUNK_LIMIT);
    expect(MAX_CHECKSUM_POWER).toBe(BigInt(ORACLE_CHECKSUM_PRIMES[4095] as number) ** 6n);
  });
});

describe('encodeChunk matches the documented construction', () => {
  it('data', () => {
    for (const [o, v] of [
      [0, 0x41],
      [0, 0],
      [255, 255],
      [17, 200],
    ] as const) {
      expect(encodeChunk({ kind: 'data', offset: o, value: v })).toBe(
        naiveChunk(1, [...bitsOf(o, 8), ...bitsOf(v, 8)]),
      );
    }
  });

  it('operation with and without operand (zigzag)', () => {
    expect(encodeChunk({ kind: 'operation', opcode: 2, operand: 5n })).toBe(
      naiveChunk(2, [...bitsOf(2, 8), 1, ...bitsOf(10, 64)]),
    );
    expect(encodeChunk({ kind: 'operation', opcode: 2, operand: -3n })).toBe(
      naiveChunk(2, [...bitsOf(2, 8), 1, ...bitsOf(5, 64)]),
    );
    expect(encodeChunk({ kind: 'operation', opcode: 3 })).toBe(naiveChunk(2, [...bitsOf(3, 8), 0, ...bitsOf(0, 64)]));
    expect(encodeChunk({ kind: 'operation', opcode: 2, operand: 0n })).not.toBe(
      encodeChunk({ kind: 'operation', opcode: 2 }),
    );
  });

  it('block header and ntt header', () => {
    expect(encodeChunk({ kind: 'block_header', index: 5, length: 256, last: true, payloadHash: 0xbeef })).toBe(
      naiveChunk(3, [...bitsOf(5, 32), ...bitsOf(256, 9), 1, ...bitsOf(0xbeef, 16)]),
    );
    expect(
      encodeChunk({ kind: 'ntt_header', log2Length: 3, domain: 'evaluations', modulus: 998244353n, root: 3n }),
    ).toBe(naiveChunk(4, [...bitsOf(3, 5), 1, ...bitsOf(998244353n, 64), ...bitsOf(3n, 64)]));
  });

  it('exposes the hashed bytes and the checksum prime', () => {
    const c = { kind: 'data', offset: 0, value: 0x41 } as const;
    expect(Array.from(checksumBytesOf(c))).toEqual([1, 1, 0, 0x41]);
    const q = BigInt(checksumPrimeOf(c));
    expect(encodeChunk(c) % q ** 6n).toBe(0n);
  });

  it('rejects out-of-range fields with E_RANGE', () => {
    const bad = [
      { kind: 'data', offset: 256, value: 0 },
      { kind: 'data', offset: 0, value: -1 },
      { kind: 'data', offset: 0.5, value: 1 },
      { kind: 'operation', opcode: 256 },
      { kind: 'operation', opcode: 2, operand: 1n << 63n },
      { kind: 'operation', opcode: 2, operand: -(1n << 63n) - 1n },
      { kind: 'block_header', index: -1, length: 0, last: false, payloadHash: 0 },
      { kind: 'block_header', index: 2 ** 32, length: 0, last: false, payloadHash: 0 },
      { kind: 'block_header', index: 0, length: 257, last: false, payloadHash: 0 },
      { kind: 'ntt_header', log2Length: 32, domain: 'coefficients', modulus: 17n, root: 3n },
      { kind: 'ntt_header', log2Length: 2, domain: 'coefficients', modulus: 17n, root: 17n },
      { kind: 'ntt_header', log2Length: 2, domain: 'coefficients', modulus: 1n << 64n, root: 3n },
    ];
    for (const b of bad) {
      expect(() => encodeChunk(b as never)).toThrow(expect.objectContaining({ code: 'E_RANGE' }));
    }
  });
});

describe('decodeChunk', () => {
  it('round-trips extreme field values of every kind', () => {
    const chunks = [
      { kind: 'data', offset: 255, value: 0 },
      { kind: 'operation', opcode: 0 },
      { kind: 'operation', opcode: 255, operand: (1n << 63n) - 1n },
      { kind: 'operation', opcode: 2, operand: -(1n << 63n) },
      { kind: 'block_header', index: 2 ** 32 - 1, length: 0, last: false, payloadHash: 0 },
      { kind: 'ntt_header', log2Length: 0, domain: 'coefficients', modulus: 3n, root: 1n },
      { kind: 'ntt_header', log2Length: 31, domain: 'evaluations', modulus: (1n << 64n) - 1n, root: (1n << 64n) - 2n },
    ] as const;
    for (const c of chunks) expect(decodeChunk(encodeChunk(c))).toEqual(c);
  });

  it('returns typed invalid results for non-chunks and never throws', () => {
    const inputs: unknown[] = [
      0n,
      -1n,
      -encodeChunk({ kind: 'data', offset: 0, value: 0 }),
      1n,
      3n,
      2n,
      2n ** 5n,
      CHUNK_LIMIT,
      CHUNK_LIMIT * 2n,
      5,
      'x',
      undefined,
    ];
    for (const x of inputs) {
      const d = decodeChunk(x as bigint);
      expect(d).toMatchObject({ kind: 'invalid', code: 'E_CHUNK_INVALID' });
      expect(typeof (d as { reason: string }).reason).toBe('string');
    }
  });

  it('rejects a million-bit input by the hard bit limit', () => {
    const huge = (1n << 1_000_000n) + 2n;
    expect(decodeChunk(huge)).toMatchObject({
      code: 'E_CHUNK_INVALID',
      reason: expect.stringContaining(`${MAX_CHUNK_BITS} bits`),
    });
  });

  it('reports a well-formed chunk with the wrong checksum prime as E_CHECKSUM', () => {
    const c = encodeChunk({ kind: 'data', offset: 3, value: 9 });
    const q = BigInt(checksumPrimeOf({ kind: 'data', offset: 3, value: 9 }));
    const other = BigInt(CHECKSUM_PRIMES[(CHECKSUM_PRIMES.indexOf(Number(q)) + 1) % 4096] as number);
    expect(decodeChunk((c / q ** 6n) * other ** 6n)).toMatchObject({ kind: 'invalid', code: 'E_CHECKSUM' });
    // changing a field keeps q: detected as checksum failure (CRC detects every 1-bit change)
    const prime = BigInt(FIELD_PRIMES[0] as number); // offset 3 has bit 0 set: dividing by 3 clears it
    expect(decodeChunk(c / prime)).toMatchObject({ kind: 'invalid', code: 'E_CHECKSUM' });
  });

  it('reports missing checksum, squared field primes and non-reserved 6th powers as E_CHUNK_INVALID', () => {
    const c = encodeChunk({ kind: 'data', offset: 1, value: 0 });
    const q = BigInt(checksumPrimeOf({ kind: 'data', offset: 1, value: 0 }));
    expect(decodeChunk(c / q ** 6n)).toMatchObject({ code: 'E_CHUNK_INVALID' });
    expect(decodeChunk(c * 3n)).toMatchObject({ code: 'E_CHUNK_INVALID' });
    expect(decodeChunk((c / q ** 6n) * 40343n ** 6n)).toMatchObject({ code: 'E_CHUNK_INVALID' }); // 40343 > q_max
    expect(decodeChunk((c / q ** 6n) * 763n ** 6n)).toMatchObject({ code: 'E_CHUNK_INVALID' });
    expect(decodeChunk(c * q)).toMatchObject({ code: 'E_CHUNK_INVALID' });
  });

  it('rejects non-canonical operation and header words', () => {
    // no-operand flag with operand bits set: build with the oracle (valid checksum, invalid content)
    expect(decodeChunk(naiveChunk(2, [...bitsOf(2, 8), 0, ...bitsOf(10, 64)]))).toMatchObject({
      code: 'E_CHUNK_INVALID',
    });
    expect(decodeChunk(naiveChunk(3, [...bitsOf(0, 32), ...bitsOf(300, 9), 0, ...bitsOf(0, 16)]))).toMatchObject({
      code: 'E_CHUNK_INVALID',
    });
    expect(decodeChunk(naiveChunk(4, [...bitsOf(1, 5), 0, ...bitsOf(2n, 64), ...bitsOf(1n, 64)]))).toMatchObject({
      code: 'E_CHUNK_INVALID',
    });
  });
});
