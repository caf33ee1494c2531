import {
  applyInverseNTT,
  applyNTT,
  convolve,
  resolveNTTOptions,
  verifyNTTRoundTrip,
} from '../../../src/encoding/ntt.js';
import { decodeNTTBlock, encodeNTTValueBlock } from '../../../src/encoding/nttBlock.js';
import { decodeChunk } from '../../../src/encoding/chunkCodec.js';

const P = 998244353n;
const powmod = (b: bigint, e: bigint, m: bigint): bigint => {
  let r = 1n;
  b %= m;
  for (; e > 0n; e >>= 1n, b = (b * b) % m) if (e & 1n) r = (r * b) % m;
  return r;
};
/** The DFT by its definition, O(n²). */
const naiveDft = (x: bigint[], p: bigint, g: bigint): bigint[] => {
  const n = BigInt(x.length);
  const w = powmod(g, (p - 1n) / n, p);
  return x.map((_, k) => x.reduce((s, v, j) => (s + v * powmod(w, BigInt(j * k), p)) % p, 0n));
};

describe('NTT', () => {
  it('matches the DFT definition (default prime and a 62-bit prime in BigInt)', () => {
    const x = [3n, 1n, 4n, 1n, 5n, 9n, 2n, 6n];
    expect(applyNTT(x)).toEqual(naiveDft(x, P, 3n));
    expect(applyNTT([3, 1, 4, 1])).toEqual(naiveDft([3n, 1n, 4n, 1n], P, 3n).map(Number));
    const big = 4179340454199820289n; // 29·2^57 + 1, generator 3
    const y = x.map((v) => v * 123456789012345n);
    expect(applyNTT(y, { modulus: big, root: 3n })).toEqual(naiveDft(y, big, 3n));
    expect(applyInverseNTT(applyNTT(y, { modulus: big, root: 3n }), { modulus: big, root: 3n })).toEqual(y);
  });

  it('round-trips exactly at length 2^20', () => {
    const n = 1 << 20;
    const x = Array.from({ length: n }, (_, i) => (i * 2654435761) % 998244353);
    const back = applyInverseNTT(applyNTT(x));
    expect(back.length).toBe(n);
    let same = true;
    for (let i = 0; i < n; i++) if (back[i] !== x[i]) same = false;
    expect(same).toBe(true);
  });

  it('validates parameters and values without truncating', () => {
    const code = (f: () => unknown) => {
      try {
        f();
        return 'none';
      } catch (e) {
        return (e as { code: string }).code;
      }
    };
    expect(code(() => applyNTT([1n, 2n, 3n]))).toBe('E_RANGE');
    expect(code(() => applyNTT([P, 0n]))).toBe('E_RANGE');
    expect(code(() => applyNTT([-1, 0]))).toBe('E_RANGE');
    expect(code(() => applyNTT([1.5, 0]))).toBe('E_RANGE');
    expect(code(() => applyNTT([1n, 2n], { modulus: 15n, root: 2n }))).toBe('E_RANGE'); // not prime
    expect(code(() => applyNTT([1n, 2n], { modulus: P, root: 4n }))).toBe('E_RANGE'); // residue
    expect(code(() => applyNTT(new Array<bigint>(8).fill(0n), { modulus: 13n, root: 2n }))).toBe('E_RANGE'); // 8 ∤ 12
    expect(applyNTT([1n, 2n, 3n, 4n], { modulus: 13n, root: 2n })).toEqual(naiveDft([1n, 2n, 3n, 4n], 13n, 2n));
    expect(resolveNTTOptions().maxLength).toBe(2 ** 23);
    expect(code(() => applyNTT(new Array<number>(2).fill(0), { modulus: 4179340454199820289n, root: 3n }))).toBe(
      'E_RANGE',
    );
  });

  it('convolves (linear and cyclic) like the schoolbook product', () => {
    expect(convolve([1n, 2n, 3n], [4n, 5n])).toEqual([4n, 13n, 22n, 15n]);
    expect(convolve([1, 2], [3, 4], { mode: 'cyclic' })).toEqual([11n, 10n]);
    expect(convolve([], [1n])).toEqual([]);
    expect(verifyNTTRoundTrip([0n, 1n, 2n, 3n])).toBe(true);
  });

  it('encodes NTT blocks: header then block-framed values', () => {
    const values = [1n, 998244352n, 0n, 77n];
    const chunks = encodeNTTValueBlock(values, { domain: 'evaluations' });
    expect(decodeChunk(chunks[0] as bigint)).toEqual({
      kind: 'ntt_header',
      log2Length: 2,
      domain: 'evaluations',
      modulus: P,
      root: 3n,
    });
    expect(decodeNTTBlock(chunks)).toEqual({ modulus: P, root: 3n, domain: 'evaluations', values });
    expect(() => encodeNTTValueBlock([1n, 2n, 3n])).toThrow(expect.objectContaining({ code: 'E_RANGE' }));
    expect(() => decodeNTTBlock(chunks.slice(1))).toThrow(expect.objectContaining({ code: 'E_CHUNK_INVALID' }));
  });
});
