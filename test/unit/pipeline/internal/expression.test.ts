import { compileExpression } from '../../../../src/pipeline/internal/expression.js';

const ev = (src: string, item: unknown, line = 1): unknown => compileExpression(src).evaluate({ item, line });

describe('compileExpression', () => {
  test('fields, arithmetic on big integers and integer strings, comparisons', () => {
    const rec = {
      n: '18446744073709551617',
      factors: [{ prime: '274177' }, { prime: '67280421310721' }],
      status: 'complete',
    };
    expect(ev('.n + 1', rec)).toBe(18446744073709551618n);
    expect(ev('len(.factors) == 2 && .status == "complete"', rec)).toBe(true);
    expect(ev('.factors[1].prime > .factors[0].prime', rec)).toBe(true);
    expect(ev('.factors[-1].prime', rec)).toBe('67280421310721');
    expect(ev('item % 4 == 1', 13n)).toBe(true);
    expect(ev('{ p: item, bits: bits(item), line: line }', 13n, 7)).toEqual({ p: 13n, bits: 4, line: 7 });
    expect(ev('isPrime(item) || item < 0', 91n)).toBe(false);
    expect(ev('"x" + str(line)', null, 3)).toBe('x3');
    expect(ev('!has(item, "n") || startsWith(.n, "18")', rec)).toBe(true);
  });

  test('no access beyond the item: prototype names are plain missing fields, unknown names are refused', () => {
    expect(ev('.constructor', {})).toBeUndefined();
    expect(ev('item["__proto__"]', {})).toBeUndefined();
    expect(() => compileExpression('process.exit(1)')).toThrow(/unknown name 'process'/);
    expect(() => compileExpression('toString(1)')).toThrow(/unknown function 'toString'/);
    expect(() => compileExpression('(('.repeat(100) + '1' + '))'.repeat(100))).toThrow(/nested too deeply/);
  });

  test('a runtime error is a coded error (the node policy applies)', () => {
    expect(() => ev('item / 0', 5n)).toThrow(expect.objectContaining({ code: 'E_RANGE' }));
    expect(() => ev('int(.x)', { x: 'abc' })).toThrow(expect.objectContaining({ code: 'E_PARSE' }));
  });
});
