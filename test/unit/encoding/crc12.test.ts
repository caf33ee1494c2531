import { crc12, crc12Update, CRC12_POLYNOMIAL } from '../../../src/encoding/crc12.js';
import { naiveCrc12 } from './oracle.js';

describe('crc12', () => {
  it('matches the catalogued CRC-12/DECT check value (init 0)', () => {
    let crc = 0;
    for (const b of new TextEncoder().encode('123456789')) crc = crc12Update(crc, b);
    expect(crc).toBe(0xf5b);
    expect(CRC12_POLYNOMIAL).toBe(0x80f);
  });

  it('matches a bitwise implementation', () => {
    let seed = 7;
    for (let t = 0; t < 500; t++) {
      const bytes: number[] = [];
      const len = t % 20;
      for (let i = 0; i < len; i++) {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        bytes.push(seed >>> 24);
      }
      expect(crc12(bytes)).toBe(naiveCrc12(bytes));
    }
  });

  it('detects every 1-, 2- and 3-bit error in an 18-byte message', () => {
    const msg = Array.from({ length: 18 }, (_, i) => (i * 37 + 11) & 0xff);
    const base = crc12(msg);
    const n = msg.length * 8;
    const flip = (m: number[], bit: number): void => {
      m[bit >> 3] = (m[bit >> 3] as number) ^ (1 << (bit & 7));
    };
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) {
        const m = msg.slice();
        flip(m, i);
        if (j !== i) flip(m, j);
        expect(crc12(m) !== base).toBe(true);
      }
    }
    for (let i = 0; i < n; i += 3) {
      for (let j = i + 1; j < n; j += 5) {
        for (let k = j + 1; k < n; k += 7) {
          const m = msg.slice();
          flip(m, i);
          flip(m, j);
          flip(m, k);
          expect(crc12(m)).not.toBe(base);
        }
      }
    }
  });
});
