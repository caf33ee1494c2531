import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checksumBytesOf, checksumPrimeOf, decodeChunk, encodeChunk } from '../../../src/encoding/chunkCodec.js';
import { crc12 } from '../../../src/encoding/crc12.js';
import { blockPayloadHash, encodeText } from '../../../src/encoding/blockCodec.js';
import { encodeData } from '../../../src/encoding/encodeData.js';
import { encodeOperation } from '../../../src/encoding/encodeOperation.js';
import { StandardOpcodes } from '../../../src/encoding/StandardOpcodes.js';
import { CHECKSUM_PRIMES, FIELD_PRIMES, MAX_CHUNK_BITS } from '../../../src/encoding/chunkLayout.js';
import type { ValidChunk } from '../../../src/encoding/DecodedChunk.js';
import { ORACLE_FIELD_PRIMES, bitsOf, naiveChunk, naiveCrc12 } from './oracle.js';

const doc = readFileSync(join(__dirname, '../../../docs/FORMAT.md'), 'utf8');

interface Example {
  readonly name: string;
  readonly fields: Record<string, string>;
}

function examples(): Example[] {
  const out: Example[] = [];
  for (const block of doc.matchAll(/```text\n([\s\S]*?)```/g)) {
    const fields: Record<string, string> = {};
    for (const line of (block[1] as string).split('\n')) {
      const m = /^([a-z0-9 ]+): (.*)$/.exec(line);
      if (m) fields[m[1] as string] = m[2] as string;
    }
    if (fields.example) out.push({ name: fields.example, fields });
  }
  return out;
}

const hello = new TextEncoder().encode('Hello World');
/** The documented examples: fields, how the API produces the chunk, and the oracle's construction. */
const CASES: Record<string, { chunk: ValidChunk; api: () => bigint; oracle: () => bigint }> = {
  'encodeData(0, 0x41)': {
    chunk: { kind: 'data', offset: 0, value: 0x41 },
    api: () => encodeData(0, 0x41),
    oracle: () => naiveChunk(1, [...bitsOf(0, 8), ...bitsOf(0x41, 8)]),
  },
  'encodeOperation(PUSH, 5)': {
    chunk: { kind: 'operation', opcode: 2, operand: 5n },
    api: () => encodeOperation(StandardOpcodes.PUSH, 5),
    oracle: () => naiveChunk(2, [...bitsOf(2, 8), 1, ...bitsOf(10, 64)]),
  },
  'block header of "Hello World"': {
    chunk: { kind: 'block_header', index: 0, length: 11, last: true, payloadHash: blockPayloadHash(hello) },
    api: () => encodeText('Hello World')[0] as bigint,
    oracle: () => naiveChunk(3, [...bitsOf(0, 32), ...bitsOf(11, 9), 1, ...bitsOf(blockPayloadHash(hello), 16)]),
  },
};

describe('docs/FORMAT.md', () => {
  it('documents the three worked examples', () => {
    expect(examples().map((e) => e.name)).toEqual(Object.keys(CASES));
  });

  it.each(examples())('example $name matches the codec and the oracle', ({ name, fields }) => {
    const c = CASES[name];
    if (!c) throw new Error(`undocumented example ${name}`);
    const chunk = c.api();
    expect(chunk.toString()).toBe(fields.chunk);
    expect(c.oracle()).toBe(chunk);
    expect(decodeChunk(chunk)).toEqual(c.chunk);
    const bytes = Array.from(checksumBytesOf(c.chunk));
    expect(bytes.map((b) => b.toString(16).padStart(2, '0')).join(' ')).toBe(fields['hashed bytes']);
    expect(String(crc12(bytes))).toBe(fields.crc12);
    expect(String(naiveCrc12(bytes))).toBe(fields.crc12);
    expect(String(checksumPrimeOf(c.chunk))).toBe(fields.q);
    const q = BigInt(fields.q as string);
    const rest = chunk / q ** 6n;
    const present = ORACLE_FIELD_PRIMES.filter((p) => rest % BigInt(p) === 0n);
    expect(present.join(' · ')).toBe(fields['field primes']);
    expect(String(chunk.toString(2).length)).toBe(fields.bits);
  });

  it('states the constants the code uses', () => {
    expect(doc).toContain(`≥ 2^${MAX_CHUNK_BITS}`);
    expect(doc).toContain(`\`MAX_CHUNK_BITS\` = ${MAX_CHUNK_BITS}`);
    expect(doc).toContain(`${CHECKSUM_PRIMES[0]}, ${CHECKSUM_PRIMES[1]}, …, ${CHECKSUM_PRIMES[4095]}`);
    expect(doc).toContain(`3, 5, 7, …, ${FIELD_PRIMES[133]}`);
    expect(doc).toContain(`${FIELD_PRIMES.length} odd primes`);
    expect(encodeChunk({ kind: 'data', offset: 255, value: 255 }).toString(2).length).toBeLessThanOrEqual(159);
  });
});
