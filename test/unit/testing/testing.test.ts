import fc from 'fast-check';
import { decodeChunk, encodeChunk } from '../../../src/encoding/chunkCodec.js';
import { encodeData } from '../../../src/encoding/encodeData.js';
import { StandardOpcodes as Op } from '../../../src/encoding/StandardOpcodes.js';
import { chunkArb, chunkFieldsArb } from '../../../src/testing/chunkArb.js';
import { corruptedChunkArb, type CorruptedChunk } from '../../../src/testing/corruptedChunkArb.js';
import { programArb } from '../../../src/testing/programArb.js';
import { expectedTextRoundTrip, textArb } from '../../../src/testing/textArb.js';
import { assertRoundTrip, structurallyEqual } from '../../../src/testing/assertRoundTrip.js';
import { assertCorruptionDetected } from '../../../src/testing/assertCorruptionDetected.js';
import { assertFactorization } from '../../../src/testing/assertFactorization.js';
import { factorize } from '../../../src/primes/factorize.js';

describe('primeos/testing arbitraries', () => {
  it('chunkArb yields valid chunks whose fields decode back, restricted to the requested kinds', () => {
    for (const { chunk, decoded } of fc.sample(chunkArb({ kinds: ['operation', 'data'] }), 300)) {
      expect(['operation', 'data']).toContain(decoded.kind);
      expect(decodeChunk(chunk)).toEqual(decoded);
    }
    const kinds = new Set(fc.sample(chunkArb(), 300).map((e) => e.decoded.kind));
    expect(kinds).toEqual(new Set(['data', 'operation', 'block_header', 'ntt_header']));
    for (const f of fc.sample(chunkFieldsArb('ntt_header'), 100)) expect(() => encodeChunk(f)).not.toThrow();
  });

  it('corruptedChunkArb always changes the chunk and records how', () => {
    for (const s of fc.sample(corruptedChunkArb({ maxFactor: 100n }), 500)) {
      expect(s.corrupted).not.toBe(s.chunk);
      const c = s.corruption;
      const expected =
        c.type === 'bitflip'
          ? s.chunk ^ (1n << BigInt(c.bit))
          : c.type === 'plus_one'
            ? s.chunk + 1n
            : c.type === 'minus_one'
              ? s.chunk - 1n
              : s.chunk * c.factor;
      expect(s.corrupted).toBe(expected);
      if (c.type === 'multiply') expect(c.factor >= 2n && c.factor <= 1000n).toBe(true);
    }
  });

  it('programArb respects length, operand rules and straight-line mode', () => {
    const control = new Set<number>([Op.JMP, Op.JIF, Op.CALL, Op.RET, Op.HALT, Op.READ]);
    for (const p of fc.sample(programArb({ maxLength: 8, straightLine: true }), 300)) {
      expect(p.length).toBeLessThanOrEqual(8);
      for (const op of p) {
        expect(control.has(op.opcode)).toBe(false);
        if (op.opcode === Op.PUSH) expect(op.operand).toBeDefined();
      }
    }
    for (const p of fc.sample(programArb({ maxLength: 8 }), 300)) {
      for (const op of p) if (op.opcode === Op.JMP) expect(Number(op.operand)).toBeLessThanOrEqual(p.length);
    }
  });

  it('textArb yields well-formed strings unless lone surrogates are asked for', () => {
    const wellFormed = (s: string) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
    expect(fc.sample(textArb(), 500).every(wellFormed)).toBe(true);
    expect(fc.sample(textArb({ loneSurrogates: true }), 500).some((s) => !wellFormed(s))).toBe(true);
  });

  it('expectedTextRoundTrip matches the platform UTF-8 encoder and decoder', () => {
    fc.assert(
      fc.property(textArb({ loneSurrogates: true }), (s) => {
        expect(expectedTextRoundTrip(s)).toBe(
          new TextDecoder('utf-8', { ignoreBOM: true }).decode(new TextEncoder().encode(s)),
        );
      }),
      { numRuns: 500 },
    );
  });
});

describe('primeos/testing law helpers', () => {
  it('structurallyEqual compares bigints, arrays, typed arrays and prototype-less objects', () => {
    const rec = Object.assign(Object.create(null) as object, { a: 1n });
    expect(structurallyEqual(rec, { a: 1n })).toBe(true);
    expect(structurallyEqual({ a: 1n }, { a: 2n })).toBe(false);
    expect(structurallyEqual([1, 2], [1, 2])).toBe(true);
    expect(structurallyEqual([1, 2], { 0: 1, 1: 2 })).toBe(false);
    expect(structurallyEqual(Uint8Array.of(1), Uint8Array.of(1))).toBe(true);
    expect(structurallyEqual(Uint8Array.of(1), Uint8Array.of(2))).toBe(false);
    expect(structurallyEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
  });

  it('assertRoundTrip passes a correct codec and fails a lossy one', () => {
    expect(() =>
      assertRoundTrip(
        fc.integer({ min: 0, max: 255 }),
        (v) => encodeData(0, v),
        (c) => (decodeChunk(c) as { value: number }).value,
      ),
    ).not.toThrow();
    expect(() =>
      assertRoundTrip(
        fc.integer({ min: 0, max: 255 }),
        (v) => encodeData(0, v & 0xfe),
        (c) => (decodeChunk(c) as { value: number }).value,
        { numRuns: 200 },
      ),
    ).toThrow();
  });

  it('assertCorruptionDetected measures the rate and throws below the bound', () => {
    const report = assertCorruptionDetected({ samples: 2000 });
    expect(report.rate).toBeGreaterThanOrEqual(0.999);
    expect(report.detected + report.undetected.length).toBe(2000);
    // a "corruption" that swaps in another valid chunk is never detected
    const swapped: fc.Arbitrary<CorruptedChunk> = chunkArb({ kinds: ['data'] }).map((e) => {
      const d = e.decoded as { offset: number; value: number };
      return { ...e, corrupted: encodeData(d.offset, d.value ^ 1), corruption: { type: 'plus_one' } };
    });
    expect(() => assertCorruptionDetected({ samples: 100, arb: swapped })).toThrow(/below 0.999/);
  });
});

describe('assertFactorization', () => {
  const ok = factorize(-360n);
  it('accepts real factorisations, including partial ones', () => {
    expect(() => assertFactorization(-360n, ok)).not.toThrow();
    const n = 1000000000039n * 1000000000061n;
    const partial = factorize(n, { plan: [], tinyBound: 3 });
    expect(partial.status).toBe('partial');
    expect(() => assertFactorization(n, partial)).not.toThrow();
  });
  it('names the broken law', () => {
    expect(() => assertFactorization(-361n, ok)).toThrow(/n is the input/);
    const swapped = { ...ok, factors: [...ok.factors].reverse() };
    expect(() => assertFactorization(-360n, swapped)).toThrow(/ascend/);
    const composite = { ...ok, factors: [{ prime: 4n, exponent: 1, certainty: 'proven' as const }], n: -4n };
    expect(() => assertFactorization(-4n, composite)).toThrow(/prime/);
    const short = { ...ok, factors: ok.factors.slice(1) };
    expect(() => assertFactorization(-360n, short)).toThrow(/product/);
  });
});
