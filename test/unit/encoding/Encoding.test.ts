import { createAndInitializeEncoding, createEncoding } from '../../../src/encoding/Encoding.js';
import { StandardOpcodes as Op } from '../../../src/encoding/StandardOpcodes.js';

describe('Encoding model', () => {
  it('dispatches process({ operation }) to the codec, VM and NTT', async () => {
    const enc = await createAndInitializeEncoding({ blocks: { blockSize: 2 } });
    const text = await enc.process({ operation: 'encodeText', text: 'abc' });
    expect(text.success).toBe(true);
    const chunks = text.data as bigint[];
    expect(chunks).toHaveLength(2 + 3);
    expect((await enc.process({ operation: 'decodeText', chunks })).data).toBe('abc');
    const prog = await enc.process({
      operation: 'encodeProgram',
      program: [{ opcode: Op.PUSH, operand: 2n }, { opcode: Op.PRINT }],
    });
    expect((await enc.process({ operation: 'executeProgram', program: prog.data as bigint[] })).data).toEqual(['2']);
    const c = (await enc.process({ operation: 'encodeData', position: 0, value: 0x41 })).data as bigint;
    expect((await enc.process({ operation: 'decodeChunk', chunk: c })).data).toEqual({
      kind: 'data',
      offset: 0,
      value: 65,
    });
    expect((await enc.process({ operation: 'verifyChunkIntegrity', chunk: c + 1n })).data).toBe(false);
    const f = (await enc.process({ operation: 'applyNTT', values: [1n, 2n] })).data as bigint[];
    expect((await enc.process({ operation: 'applyInverseNTT', values: f })).data).toEqual([1n, 2n]);
    expect((await enc.process({ operation: 'verifyNTTRoundTrip', values: [1n, 2n] })).data).toBe(true);
    await enc.terminate();
  });

  it('returns coded failures and stays usable', async () => {
    const enc = createEncoding({ vm: { maxSteps: 10 } });
    expect((await enc.process({ operation: 'encodeText', text: '' })).error?.code).toBe('E_STATE');
    await enc.initialize();
    const bad = await enc.process({ operation: 'executeProgram', program: [{ opcode: Op.JMP, operand: 0n }] });
    expect(bad).toMatchObject({ success: false, error: { code: 'E_VM_STEPS' } });
    const bad2 = await enc.process({ operation: 'decodeText', chunks: [5n] });
    expect(bad2.error?.code).toBe('E_CHUNK_INVALID');
    const unknown = await enc.process({ operation: 'nope' } as never);
    expect(unknown.error?.code).toBe('E_USAGE');
    expect((await enc.process({ operation: 'encodeData', position: 1, value: 2 })).success).toBe(true);
  });
});
