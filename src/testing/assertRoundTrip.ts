import fc from 'fast-check';

/**
 * Structural equality for codec values: primitives (bigints by value, `Object.is`), arrays, typed
 * arrays and objects compared key by key, ignoring prototypes (fast-check records have none).
 *
 * @param a - a value
 * @param b - another value
 * @returns whether they are structurally equal
 *
 * @example
 * ```ts
 * import { structurallyEqual } from 'primeos/testing';
 * structurallyEqual({ x: [1n] }, { x: [1n] }); // true
 * ```
 */
export function structurallyEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b)) {
    if (!ArrayBuffer.isView(a) || !ArrayBuffer.isView(b) || a.constructor !== b.constructor) return false;
    const x = a as unknown as ArrayLike<unknown>;
    const y = b as unknown as ArrayLike<unknown>;
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
    return true;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
    if (!structurallyEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

/** Options of {@link assertRoundTrip}. */
export interface AssertRoundTripOptions<T> {
  /** Number of runs (default 1000). */
  numRuns?: number;
  /** Seed to replay a failure. */
  seed?: number;
  /** Equality of the value and its round trip (default {@link structurallyEqual}). */
  equals?: (actual: unknown, expected: T) => boolean;
  /** What the round trip must give for `x` (default `x` itself), e.g. a normalised form. */
  expected?: (x: T) => T;
}

/**
 * Property: `decode(encode(x))` equals `x` (or `expected(x)`) for every generated `x`. Throws
 * fast-check's counterexample report on failure.
 *
 * @param arb - the values
 * @param encode - the encoder
 * @param decode - the decoder
 * @param options - runs, seed, equality, expected value
 * @throws Error with the shrunk counterexample when the law fails
 *
 * @example
 * ```ts
 * import { assertRoundTrip, textArb } from 'primeos/testing';
 * import { encodeText, decodeText } from 'primeos/encoding';
 * assertRoundTrip(textArb(), encodeText, decodeText);
 * ```
 */
export function assertRoundTrip<T, E>(
  arb: fc.Arbitrary<T>,
  encode: (x: T) => E,
  decode: (e: E) => unknown,
  options: AssertRoundTripOptions<T> = {},
): void {
  const equals = options.equals ?? structurallyEqual;
  const expected = options.expected ?? ((x: T) => x);
  fc.assert(
    fc.property(arb, (x) => {
      const back = decode(encode(x));
      if (!equals(back, expected(x))) throw new Error('round trip changed the value');
    }),
    { numRuns: options.numRuns ?? 1000, ...(options.seed === undefined ? {} : { seed: options.seed }) },
  );
}
