import { decodeBytes, encodeByteBlock, encodeText } from '../../../src/encoding/blockCodec.js';
import { decodeChunk } from '../../../src/encoding/chunkCodec.js';
import { encodeBlock } from '../../../src/encoding/encodeBlock.js';
import { encodeData } from '../../../src/encoding/encodeData.js';
import { encodeNTTBlock } from '../../../src/encoding/encodeNTTBlock.js';
import { encodeOperation } from '../../../src/encoding/encodeOperation.js';

describe('encodeBlock / encodeNTTBlock (PrimeOS signatures: a header chunk, then the chunks)', () => {
  it('a block of data chunks is the byte framing of their bytes and decodes back', () => {
    const bytes = Uint8Array.of(72, 105, 33);
    const data = [...bytes].map((b, i) => encodeData(i, b));
    const block = encodeBlock(data);
    expect(block.slice(1)).toEqual(data);
    expect(decodeChunk(block[0] as bigint)).toMatchObject({ kind: 'block_header', index: 0, length: 3, last: true });
    expect(block).toEqual(encodeByteBlock(bytes, 0, true));
    expect(decodeBytes(block)).toEqual(bytes);
  });

  it('any chunks: the header counts them and hashes them; more than 256 chunks make several blocks', () => {
    const ops = [encodeOperation(2, 5n), encodeOperation(5)];
    const a = encodeBlock(ops, { index: 7, last: false });
    expect(a.slice(1)).toEqual(ops);
    expect(decodeChunk(a[0] as bigint)).toMatchObject({ kind: 'block_header', index: 7, length: 2, last: false });
    expect(encodeBlock([encodeOperation(5), encodeOperation(2, 5n)])[0]).not.toBe(encodeBlock(ops)[0]);
    const many = encodeText('x'.repeat(300));
    const blocks = encodeBlock(many);
    expect(blocks.length).toBe(many.length + 2);
    expect(decodeChunk(blocks[0] as bigint)).toMatchObject({ length: 256, last: false });
    expect(decodeChunk(blocks[257] as bigint)).toMatchObject({ kind: 'block_header', index: 1, last: true });
    expect(() => encodeBlock([-1n])).toThrow(expect.objectContaining({ code: 'E_RANGE' }));
  });

  it('encodeNTTBlock puts an ntt_header (transform size, parameters) before the chunks', () => {
    const chunks = encodeText('hello');
    const block = encodeNTTBlock(chunks);
    expect(block.slice(1)).toEqual(chunks);
    const h = decodeChunk(block[0] as bigint);
    expect(h).toMatchObject({
      kind: 'ntt_header',
      log2Length: Math.ceil(Math.log2(chunks.length)),
      domain: 'coefficients',
    });
    expect(decodeChunk(encodeNTTBlock([], { domain: 'evaluations' })[0] as bigint)).toMatchObject({
      log2Length: 0,
      domain: 'evaluations',
    });
  });
});
