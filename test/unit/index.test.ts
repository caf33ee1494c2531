import * as root from '../../src/index.js';
import * as bands from '../../src/bands/index.js';
import * as encoding from '../../src/encoding/index.js';
import * as primes from '../../src/primes/index.js';

/** The curated public surface of each subpath (docs/ARCHITECTURE.md §2): what a user calls, no engine parts. */
describe('public surface', () => {
  it('primeos/primes exports at most 50 values and no engine internals', () => {
    const names = Object.keys(primes);
    expect(names.length).toBeLessThanOrEqual(50);
    const internal = names.filter(
      (n) =>
        /^wasm|^WASM_|^resolve|^siqs(?!Split$).|^SIQS_|^gf2|^GF2_|^sqrtMod|^seededRandom/.test(n) ||
        (/^[A-Z0-9_]+$/.test(n) && !['PRIMES_DEFAULTS', 'DEFAULT_FACTOR_PLAN'].includes(n)),
    );
    expect(internal).toEqual([]);
  });

  it('encoding and bands export their defaults as one object, not DEFAULT_* constants or resolve* helpers', () => {
    for (const mod of [encoding, bands, primes]) {
      expect(Object.keys(mod).filter((n) => /^resolve|^DEFAULT_(?!FACTOR_PLAN$|CROSSOVERS$)|^ADAPT_/.test(n))).toEqual(
        [],
      );
    }
    expect(encoding.ENCODING_DEFAULTS.vm.maxSteps).toBeGreaterThan(0);
    expect(encoding.ENCODING_DEFAULTS.blocks.blockSize).toBe(256);
    expect(primes.PRIMES_DEFAULTS.factorize.budgetMs).toBeGreaterThan(0);
    expect(bands.BANDS_DEFAULTS.adaptCrossovers.minSamples).toBeGreaterThan(0);
  });

  it('keeps the PrimeOS names (docs/ARCHITECTURE.md §10)', async () => {
    expect(typeof primes.createPrimeRegistry).toBe('function');
    expect(typeof primes.createAndInitializePrimeRegistry).toBe('function');
    const registry = await primes.createAndInitializePrimeRegistry();
    for (const m of ['isPrime', 'getPrime', 'getIndex', 'factor', 'createPrimeStream', 'createFactorStream']) {
      expect(typeof (registry as unknown as Record<string, unknown>)[m]).toBe('function');
    }
    expect(registry.factor(12n)).toEqual([
      { prime: 2n, exponent: 2 },
      { prime: 3n, exponent: 1 },
    ]);
    await registry.terminate();

    const b = bands.createBands();
    for (const m of ['classifyNumber', 'optimizeBatch', 'getPerformanceMetrics']) {
      expect(typeof (b as unknown as Record<string, unknown>)[m]).toBe('function');
    }
    expect(Object.keys(bands.BandName)).toEqual(
      expect.arrayContaining([
        'ULTRABASS',
        'BASS',
        'MIDRANGE',
        'UPPER_MID',
        'TREBLE',
        'SUPER_TREBLE',
        'ULTRASONIC_1',
        'ULTRASONIC_2',
      ]),
    );

    for (const n of [
      'createEncoding',
      'createAndInitializeEncoding',
      'encodeData',
      'encodeOperation',
      'encodeProgram',
      'encodeText',
      'decodeText',
      'encodeBlock',
      'encodeNTTBlock',
      'decodeChunk',
      'executeProgram',
      'verifyChunkIntegrity',
      'applyNTT',
      'applyInverseNTT',
      'verifyNTTRoundTrip',
    ]) {
      expect(typeof (encoding as Record<string, unknown>)[n]).toBe('function');
    }
    expect(encoding.StandardOpcodes).toMatchObject({ PUSH: 2, ADD: 3, PRINT: 5, BLOCK_TAG: 7, NTT_TAG: 11 });
    expect(typeof root.createPrimeRegistry).toBe('function');
    expect(typeof root.createEncoding).toBe('function');
  });
});
