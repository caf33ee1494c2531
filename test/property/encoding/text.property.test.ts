import fc from 'fast-check';
import { decodeBytes, decodeText, encodeBytes, encodeText } from '../../../src/encoding/blockCodec.js';
import { assertRoundTrip } from '../../../src/testing/assertRoundTrip.js';
import { expectedTextRoundTrip, textArb } from '../../../src/testing/textArb.js';

describe('text and bytes codecs', () => {
  it('decodeText(encodeText(s)) = s for well-formed Unicode (empty, NUL, emoji, astral)', () => {
    assertRoundTrip(textArb(), encodeText, decodeText, { numRuns: 1000 });
  });

  it('lone surrogates come back as U+FFFD (WHATWG UTF-8), everything else unchanged', () => {
    assertRoundTrip(textArb({ loneSurrogates: true }), encodeText, decodeText, {
      numRuns: 1000,
      expected: expectedTextRoundTrip,
    });
  });

  it('decodeBytes(encodeBytes(b)) = b for any bytes and block size', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 1200 }), fc.integer({ min: 1, max: 256 }), (bytes, blockSize) => {
        expect(decodeBytes(encodeBytes(bytes, { blockSize }))).toEqual(bytes);
      }),
      { numRuns: 1000 },
    );
  });

  it('dropping, duplicating or swapping one chunk is always reported', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 8 }),
        fc.nat(),
        fc.constantFrom('drop', 'dup', 'swap'),
        (bytes, blockSize, at, how) => {
          const c = encodeBytes(bytes, { blockSize });
          const i = at % c.length;
          const edited = c.slice();
          if (how === 'drop') edited.splice(i, 1);
          else if (how === 'dup') edited.splice(i, 0, c[i] as bigint);
          else {
            const j = (i + 1) % c.length;
            if (c[i] === c[j]) return;
            edited[i] = c[j] as bigint;
            edited[j] = c[i] as bigint;
          }
          expect(() => decodeBytes(edited)).toThrow(
            expect.objectContaining({ code: expect.stringMatching(/^E_(CHUNK_INVALID|CHECKSUM)$/) }),
          );
        },
      ),
      { numRuns: 1000 },
    );
  });
});
