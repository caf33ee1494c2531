import { parseBigInt } from '../../../src/primes/parseBigInt.js';

describe('parseBigInt', () => {
  it('parses decimal and 0x-hex with optional sign and whitespace', () => {
    expect(parseBigInt('123')).toBe(123n);
    expect(parseBigInt(' -42\n')).toBe(-42n);
    expect(parseBigInt('+7')).toBe(7n);
    expect(parseBigInt('0xff')).toBe(255n);
    expect(parseBigInt('-0X10')).toBe(-16n);
    expect(parseBigInt('18446744073709551617')).toBe(2n ** 64n + 1n);
  });

  it('refuses non-integers with E_PARSE', () => {
    for (const bad of ['', ' ', '1.5', '1e9', '0x', '12a', '1_000', '--1', '0b101', 'NaN', 'Infinity']) {
      expect(() => parseBigInt(bad)).toThrow(expect.objectContaining({ code: 'E_PARSE' }));
    }
    expect(() => parseBigInt('-1', { allowNegative: false })).toThrow(expect.objectContaining({ code: 'E_PARSE' }));
  });

  it('refuses oversized integers with E_RANGE', () => {
    expect(parseBigInt((2n ** 64n - 1n).toString(), { maxBits: 64 })).toBe(2n ** 64n - 1n);
    expect(() => parseBigInt((2n ** 64n).toString(), { maxBits: 64 })).toThrow(
      expect.objectContaining({ code: 'E_RANGE' }),
    );
    expect(() => parseBigInt('9'.repeat(100000), { maxBits: 1000 })).toThrow(
      expect.objectContaining({ code: 'E_RANGE' }),
    );
    expect(() => parseBigInt('0x1' + '0'.repeat(16), { maxBits: 64 })).toThrow(
      expect.objectContaining({ code: 'E_RANGE' }),
    );
  });
});
