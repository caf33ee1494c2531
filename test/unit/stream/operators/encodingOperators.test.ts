import { from, lastValueFrom, toArray, type Observable } from 'rxjs';
import { fc, test } from '@fast-check/jest';
import { encodeData, decodeText, decodeBytes, StandardOpcodes as Op } from '../../../../src/encoding/index.js';
import { decodeChunks } from '../../../../src/stream/operators/decodeChunks.js';
import { verifyIntegrity } from '../../../../src/stream/operators/verifyIntegrity.js';
import { encodeText } from '../../../../src/stream/operators/encodeText.js';
import { encodeBytes } from '../../../../src/stream/operators/encodeBytes.js';
import { executeProgram } from '../../../../src/stream/operators/executeProgram.js';
import { createErrorRecord } from '../../../../src/stream/operators/mapWithPolicy.js';

const collect = <T>(o: Observable<T>): Promise<T[]> => lastValueFrom(o.pipe(toArray()));

describe('encoding operators', () => {
  test.prop([
    fc.array(fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 })), { maxLength: 20 }),
  ])('decodeChunks decodes data chunks back to their (offset, value)', async (pairs) => {
    const out = await collect(from(pairs.map(([o, v]) => encodeData(o, v))).pipe(decodeChunks()));
    expect(out).toEqual(pairs.map(([offset, value]) => ({ kind: 'data', offset, value })));
  });

  it('verifyIntegrity propagates, skips or substitutes corrupted chunks and records them', async () => {
    const good = [encodeData(0, 65), encodeData(1, 66), encodeData(2, 67)];
    const chunks = [good[0]!, good[1]! + 2n, good[2]!];
    await expect(collect(from(chunks).pipe(verifyIntegrity()))).rejects.toMatchObject({ details: { index: 1 } });
    const rec = createErrorRecord();
    expect(await collect(from(chunks).pipe(verifyIntegrity({ policy: 'skip', record: rec })))).toEqual([
      good[0],
      good[2],
    ]);
    expect(rec.skipped).toBe(1);
    expect(['E_CHECKSUM', 'E_CHUNK_INVALID']).toContain(rec.recent[0]!.code);
    const sub = await collect(from(chunks).pipe(verifyIntegrity({ policy: 'substitute', substitute: 0n })));
    expect(sub).toEqual([good[0], 0n, good[2]]);
  });

  test.prop([fc.array(fc.string({ maxLength: 300 }), { maxLength: 5 })], { numRuns: 30 })(
    'encodeText / encodeBytes give one self-contained chunk stream per input',
    async (texts) => {
      const enc = await collect(from(texts).pipe(encodeText({ blockSize: 100 })));
      expect(enc.map((c) => decodeText(c))).toEqual(
        texts.map((t) => new TextDecoder().decode(new TextEncoder().encode(t))),
      );
      const bytes = texts.map((t) => new TextEncoder().encode(t));
      const encB = await collect(from(bytes).pipe(encodeBytes()));
      expect(encB.map((c) => decodeBytes(c))).toEqual(bytes);
    },
  );

  it('executeProgram runs each program; VM errors follow the policy', async () => {
    const add = [
      { opcode: Op.PUSH, operand: 5n },
      { opcode: Op.PUSH, operand: 3n },
      { opcode: Op.ADD },
      { opcode: Op.PRINT },
    ];
    const underflow = [{ opcode: Op.PUSH, operand: 7n }, { opcode: Op.PRINT }, { opcode: Op.ADD }];
    expect(await collect(from([add]).pipe(executeProgram()))).toEqual([['8']]);
    await expect(collect(from([underflow]).pipe(executeProgram()))).rejects.toMatchObject({ code: 'E_VM_STACK' });
    const record = createErrorRecord();
    expect(await collect(from([underflow, add]).pipe(executeProgram({ policy: 'substitute', record })))).toEqual([
      ['7'],
      ['8'],
    ]);
    expect(record).toMatchObject({ failed: 1, substituted: 1 });
  });
});

describe('encoding operators on batches', () => {
  it('decodeChunks and verifyIntegrity accept batches, with chunk indices counted across batches', async () => {
    const good = [0, 1, 2, 3, 4].map((i) => encodeData(i, 100 + i));
    const batches = [[good[0]!, good[1]!], [good[2]! + 2n, good[3]!], [good[4]!]];
    const decoded = await collect(from(batches.map((b) => b.filter((_, i) => i >= 0))).pipe(decodeChunks()));
    expect(decoded.map((b) => b.map((d) => d.kind))).toEqual([['data', 'data'], ['invalid', 'data'], ['data']]);
    await expect(collect(from(batches).pipe(verifyIntegrity()))).rejects.toMatchObject({ details: { index: 2 } });
    const rec = createErrorRecord();
    const kept = await collect(from(batches).pipe(verifyIntegrity({ policy: 'skip', record: rec })));
    expect(kept).toEqual([[good[0], good[1]], [good[3]], [good[4]]]);
    expect(rec).toMatchObject({ processed: 5, failed: 1, skipped: 1 });
    expect(rec.recent[0]!.index).toBe(2);
  });
});
