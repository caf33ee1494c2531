import {
  blockPayloadHash,
  decodeBytes,
  decodeBytesReport,
  decodeText,
  encodeByteBlock,
  encodeBytes,
  encodeText,
} from '../../../src/encoding/blockCodec.js';
import { decodeChunk } from '../../../src/encoding/chunkCodec.js';
import { encodeOperation } from '../../../src/encoding/encodeOperation.js';

const bytes = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + 7) & 0xff);
const issueTypes = (chunks: bigint[]) => {
  const r = decodeBytesReport(chunks);
  return r.ok ? [] : r.issues.map((i) => i.type);
};

describe('block framing', () => {
  it('frames bytes into blocks with index, length, last flag and payload hash', () => {
    const data = bytes(600);
    const chunks = encodeBytes(data);
    expect(chunks).toHaveLength(3 + 600);
    const headers = chunks.map(decodeChunk).filter((d) => d.kind === 'block_header');
    expect(headers).toEqual([
      {
        kind: 'block_header',
        index: 0,
        length: 256,
        last: false,
        payloadHash: blockPayloadHash(data.subarray(0, 256)),
      },
      {
        kind: 'block_header',
        index: 1,
        length: 256,
        last: false,
        payloadHash: blockPayloadHash(data.subarray(256, 512)),
      },
      { kind: 'block_header', index: 2, length: 88, last: true, payloadHash: blockPayloadHash(data.subarray(512)) },
    ]);
    expect(decodeChunk(chunks[258] as bigint)).toEqual({ kind: 'data', offset: 0, value: data[256] });
    expect(decodeBytes(chunks)).toEqual(data);
    expect(decodeBytes(encodeBytes(data, { blockSize: 7 }))).toEqual(data);
  });

  it('computes FNV-1a folded to 16 bits', () => {
    // FNV-1a 32 of "a" is 0xe40c292c (published test vector)
    expect(blockPayloadHash(new TextEncoder().encode('a'))).toBe((0xe40c292c ^ (0xe40c292c >>> 16)) & 0xffff);
  });

  it('encodes the empty input as one empty last block', () => {
    const chunks = encodeBytes(new Uint8Array(0));
    expect(chunks.map(decodeChunk)).toEqual([
      { kind: 'block_header', index: 0, length: 0, last: true, payloadHash: blockPayloadHash(new Uint8Array(0)) },
    ]);
    expect(decodeText(chunks)).toBe('');
    expect(decodeBytesReport([])).toMatchObject({ ok: false, issues: [{ type: 'missing_last_block' }] });
  });

  it('round-trips text with NUL, emoji and a BOM; replaces lone surrogates by U+FFFD', () => {
    for (const s of ['Hello World', '\u0000', '\uFEFFbom', 'héllo 👋 世界', 'x'.repeat(1000)])
      expect(decodeText(encodeText(s))).toBe(s);
    expect(decodeText(encodeText('a\uD800b'))).toBe('a\uFFFDb');
  });

  it('rejects malformed UTF-8 with E_PARSE', () => {
    expect(() => decodeText(encodeBytes(Uint8Array.of(0xff)))).toThrow(expect.objectContaining({ code: 'E_PARSE' }));
  });

  it('reports missing, duplicated and out-of-order blocks and offsets', () => {
    const c = encodeBytes(bytes(10), { blockSize: 4 }); // H0 d0..d3 H1 d0..d3 H2 d0 d1
    expect(c).toHaveLength(13);
    const without = (i: number) => c.filter((_, k) => k !== i);
    expect(issueTypes(without(2))).toEqual(['missing_offset']);
    expect(issueTypes(without(5))).toEqual([
      'duplicate_offset',
      'duplicate_offset',
      'duplicate_offset',
      'duplicate_offset',
      'missing_block',
    ]);
    expect(issueTypes(without(10))).toEqual(['duplicate_offset', 'duplicate_offset', 'missing_last_block']);
    expect(issueTypes(c.slice(0, 12))).toEqual(['missing_offset']);
    expect(issueTypes(c.slice(0, 10))).toEqual(['missing_last_block']);
    expect(issueTypes([...c.slice(0, 3), c[2] as bigint, ...c.slice(3)])).toEqual(['duplicate_offset']);
    expect(issueTypes([c[0] as bigint, c[2] as bigint, c[1] as bigint, ...c.slice(3)])).toEqual([
      'out_of_order_offset',
    ]);
    const blocks = [c.slice(0, 5), c.slice(5, 10), c.slice(10)];
    expect(issueTypes([...(blocks[1] as bigint[]), ...(blocks[0] as bigint[]), ...(blocks[2] as bigint[])])).toEqual([
      'missing_block',
      'out_of_order_block',
    ]);
    expect(
      issueTypes([
        ...(blocks[0] as bigint[]),
        ...(blocks[0] as bigint[]),
        ...(blocks[1] as bigint[]),
        ...(blocks[2] as bigint[]),
      ]),
    ).toEqual([
      'duplicate_block',
      'data_outside_block',
      'data_outside_block',
      'data_outside_block',
      'data_outside_block',
    ]);
    expect(issueTypes([...c, ...encodeByteBlock(Uint8Array.of(1), 3, true)])).toEqual(['chunk_after_last']);
    expect(issueTypes([...c.slice(0, 5), encodeOperation(3), ...c.slice(5)])).toEqual(['unexpected_kind']);
    expect(issueTypes([c[1] as bigint, ...c])).toEqual(['data_outside_block']);
  });

  it('reports an offset past the block length and an invalid chunk', () => {
    const c = encodeBytes(bytes(3));
    const d = encodeByteBlock(bytes(5), 0, true).slice(4, 5); // the data chunk with offset 3
    expect(issueTypes([...c, ...d])).toEqual(['offset_out_of_range']);
    expect(issueTypes([c[0] as bigint, (c[1] as bigint) + 2n, c[2] as bigint, c[3] as bigint])).toEqual([
      'invalid_chunk',
      'missing_offset',
    ]);
  });

  it('detects a valid data chunk swapped for another valid one by the payload hash (E_CHECKSUM)', () => {
    const c = encodeBytes(Uint8Array.of(1, 2, 3));
    const swapped = [
      c[0] as bigint,
      c[1] as bigint,
      encodeByteBlock(Uint8Array.of(1, 9), 0, true)[2] as bigint,
      c[3] as bigint,
    ];
    const r = decodeBytesReport(swapped);
    expect(r).toMatchObject({ ok: false, code: 'E_CHECKSUM', issues: [{ type: 'block_hash_mismatch', block: 0 }] });
    expect(() => decodeBytes(swapped)).toThrow(expect.objectContaining({ code: 'E_CHECKSUM' }));
  });

  it('validates block sizes', () => {
    expect(() => encodeBytes(bytes(3), { blockSize: 0 })).toThrow(expect.objectContaining({ code: 'E_RANGE' }));
    expect(() => encodeBytes(bytes(3), { blockSize: 257 })).toThrow(expect.objectContaining({ code: 'E_RANGE' }));
    expect(() => encodeByteBlock(bytes(257), 0, true)).toThrow(expect.objectContaining({ code: 'E_RANGE' }));
  });
});
