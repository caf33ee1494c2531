import { parseJobLine } from '../../../../src/stream/jobs/jobLine.js';

describe('parseJobLine', () => {
  it('does not count leading zeros as bits (the small-number path and the general path agree)', () => {
    const opts = { input: 'auto', maxBits: 33 } as const;
    expect(parseJobLine('004294967256', opts)).toEqual({ kind: 'number', n: 4294967256n });
    expect(parseJobLine('-0x000000000ff', opts)).toEqual({ kind: 'number', n: -255n });
    expect(parseJobLine('{"n": "0000000000001"}', opts)).toEqual({ kind: 'number', n: 1n });
  });

  it('still refuses a number above the bit limit before parsing it, with or without leading zeros', () => {
    const opts = { input: 'auto', maxBits: 33 } as const;
    for (const text of ['17179869184', '0017179869184', '9'.repeat(5000)]) {
      expect(parseJobLine(text, opts)).toMatchObject({ kind: 'error', code: 'E_RANGE' });
    }
  });
});
