import fc from 'fast-check';
import { encodeByteBlock, encodeBytes } from '../../../src/encoding/blockCodec.js';
import { BlockStreamDecoder, type DecodedBlock } from '../../../src/encoding/BlockStreamDecoder.js';
import { BlockStreamEncoder, type FramedBlock } from '../../../src/encoding/BlockStreamEncoder.js';
import { ChunkTextDecoder } from '../../../src/encoding/ChunkTextDecoder.js';
import { ChunkTextEncoder } from '../../../src/encoding/ChunkTextEncoder.js';
import { decodeChunk } from '../../../src/encoding/chunkCodec.js';
import type { StreamIssue } from '../../../src/encoding/StreamIssue.js';

/** Cut `bytes` at the given (sorted, deduplicated) points. */
function pieces(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let from = 0;
  for (const c of [...at, bytes.length]) {
    out.push(bytes.subarray(from, c));
    from = c;
  }
  return out;
}

function frame(parts: Uint8Array[], blockSize: number): FramedBlock[] {
  const framer = new BlockStreamEncoder({ blockSize });
  const blocks: FramedBlock[] = [];
  for (const p of parts) blocks.push(...framer.push(p));
  blocks.push(framer.end());
  return blocks;
}

function decodeAll(chunks: Iterable<bigint>): { blocks: DecodedBlock[]; issues: StreamIssue[] } {
  const blocks: DecodedBlock[] = [];
  const issues: StreamIssue[] = [];
  const decoder = new BlockStreamDecoder({ block: (b) => blocks.push(b), issue: (i) => issues.push(i) });
  for (const c of chunks) decoder.push(c);
  decoder.end();
  return { blocks, issues };
}

const concat = (arrays: Uint8Array[]): Uint8Array => Uint8Array.from(arrays.flatMap((a) => [...a]));

describe('streaming block codec', () => {
  it('streaming encode gives the chunks of encodeBytes for any bytes, block size and push boundaries', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 1500 }),
        fc.integer({ min: 1, max: 256 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        (bytes, blockSize, cuts) => {
          const blocks = frame(pieces(bytes, cuts), blockSize);
          expect(blocks.map((b) => b.index)).toEqual(blocks.map((_, i) => i));
          expect(blocks.map((b) => b.last)).toEqual(blocks.map((_, i) => i === blocks.length - 1));
          expect(blocks.flatMap((b) => encodeByteBlock(b.bytes, b.index, b.last))).toEqual(
            encodeBytes(bytes, { blockSize }),
          );
        },
      ),
      { numRuns: 500 },
    );
  });

  it('streaming encode → streaming decode round-trips: every block ok, no issue, the bytes back', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 1500 }),
        fc.integer({ min: 1, max: 256 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        (bytes, blockSize, cuts) => {
          const chunks = frame(pieces(bytes, cuts), blockSize).flatMap((b) =>
            encodeByteBlock(b.bytes, b.index, b.last),
          );
          const { blocks, issues } = decodeAll(chunks);
          expect(issues).toEqual([]);
          expect(blocks.every((b) => b.ok)).toBe(true);
          expect(concat(blocks.map((b) => b.bytes))).toEqual(bytes);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('after any damage, a block reported ok holds exactly the original bytes of its index; damage is reported', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.tuple(fc.constantFrom('drop', 'dup', 'swap', 'corrupt', 'move'), fc.nat(), fc.nat()), {
          minLength: 1,
          maxLength: 4,
        }),
        (bytes, blockSize, edits) => {
          const original = frame([bytes], blockSize);
          const chunks = encodeBytes(bytes, { blockSize });
          const edited = chunks.slice();
          for (const [how, a, b] of edits) {
            if (edited.length === 0) break;
            const i = a % edited.length;
            const j = b % edited.length;
            if (how === 'drop') edited.splice(i, 1);
            else if (how === 'dup') edited.splice(j, 0, edited[i] as bigint);
            else if (how === 'swap') [edited[i], edited[j]] = [edited[j] as bigint, edited[i] as bigint];
            else if (how === 'corrupt') edited[i] = (edited[i] as bigint) * 3n;
            else edited.splice(j, 0, ...edited.splice(i, 1));
          }
          const { blocks, issues } = decodeAll(edited);
          for (const b of blocks.filter((x) => x.ok)) {
            expect(b.bytes).toEqual(original[b.index]?.bytes);
            expect(b.last).toBe(original[b.index]?.last);
          }
          const same = edited.length === chunks.length && edited.every((c, k) => c === chunks[k]);
          // any change is reported, and a block left out always has an issue
          if (!same) expect(issues.length).toBeGreaterThan(0);
          if (blocks.some((x) => !x.ok)) expect(issues.length).toBeGreaterThan(0);
          if (issues.length === 0) expect(concat(blocks.map((x) => x.bytes))).toEqual(bytes);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('chunk text lines render and parse back as the codec says (decimal and hex)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.nat(1000),
        fc.boolean(),
        fc.boolean(),
        (bytes, index, last, hex) => {
          const block = { index, bytes: bytes.subarray(0, 256), last };
          const enc = new ChunkTextEncoder({ hex });
          const lines: string[] = [];
          enc.blockLines(block, (l) => lines.push(Buffer.from(l).toString('latin1')));
          // twice: the second time from the rendered-once table
          enc.blockLines(block, (l) => lines.push(Buffer.from(l).toString('latin1')));
          const chunks = encodeByteBlock(block.bytes, index, last);
          const expected = chunks.map((c) => (hex ? '0x' + c.toString(16) : c.toString()) + '\n');
          expect(lines).toEqual([...expected, ...expected]);
          const texts = new ChunkTextDecoder();
          for (const l of [...lines, ...lines]) {
            expect(texts.decode(l.trimEnd())).toEqual(decodeChunk(BigInt(l.trimEnd())));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
