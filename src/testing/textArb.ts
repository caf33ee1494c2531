import fc from 'fast-check';

/** Constraints of {@link textArb}. */
export interface TextArbConstraints {
  /** Also generate lone (unpaired) surrogates (default false: only well-formed strings). */
  loneSurrogates?: boolean;
  /** Maximum length in code units (default 300). */
  maxLength?: number;
}

const SPECIAL = ['', '\u0000', '\uFEFF', 'Hello World', '👋🏽', '\u{10FFFF}', 'é', 'e\u0301', '\r\n'];

/**
 * Arbitrary Unicode text for codec tests: the empty string, NUL, BOM, emoji, astral code points and
 * mixed strings; optionally with lone surrogates (which UTF-8 encoders replace by U+FFFD).
 *
 * @param constraints - surrogates and length
 * @returns an arbitrary of strings
 *
 * @example
 * ```ts
 * import { textArb } from 'primeos/testing';
 * import { encodeText, decodeText } from 'primeos/encoding';
 * // fc.property(textArb(), (s) => decodeText(encodeText(s)) === s)
 * ```
 */
export function textArb(constraints: TextArbConstraints = {}): fc.Arbitrary<string> {
  const maxLength = constraints.maxLength ?? 300;
  const units: fc.Arbitrary<string>[] = [
    fc.string({ unit: 'binary', maxLength }),
    fc.string({ unit: 'grapheme', maxLength }),
    fc.array(fc.constantFrom(...SPECIAL), { maxLength: 10 }).map((a) => a.join('')),
  ];
  if (constraints.loneSurrogates) {
    units.push(
      fc
        .array(
          fc.oneof(
            fc.string({ unit: 'binary', maxLength: 3 }),
            fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
          ),
          {
            maxLength,
          },
        )
        .map((a) => a.join('')),
    );
  }
  return fc.oneof(fc.constantFrom(...SPECIAL), ...units);
}

/**
 * What `decodeText(encodeText(s))` returns per the WHATWG UTF-8 encoder: `s` with every lone
 * surrogate replaced by U+FFFD.
 *
 * @param s - any string
 * @returns the well-formed string
 *
 * @example
 * ```ts
 * import { expectedTextRoundTrip } from 'primeos/testing';
 * expectedTextRoundTrip('a\uD800'); // 'a\uFFFD'
 * ```
 */
export function expectedTextRoundTrip(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (d >= 0xdc00 && d <= 0xdfff) {
        out += s.slice(i, i + 2);
        i++;
      } else out += '\uFFFD';
    } else if (c >= 0xdc00 && c <= 0xdfff) out += '\uFFFD';
    else out += s.charAt(i);
  }
  return out;
}
