import { fc, test } from '@fast-check/jest';
import { createAndInitializePrimeRegistry, type PrimeRegistry } from '../../../src/primes/PrimeRegistry.js';

describe('PrimeRegistry properties', () => {
  let small: PrimeRegistry;
  let table: PrimeRegistry;
  beforeAll(async () => {
    // a tiny table forces the computed paths (nthPrime, primeCount); a larger one the table paths
    small = await createAndInitializePrimeRegistry({ tableCap: 100, cacheSize: 0 });
    table = await createAndInitializePrimeRegistry({ tableCap: 300_000 });
  });

  test.prop([fc.integer({ min: 0, max: 200_000 })], { numRuns: 500 })(
    'getIndex(getPrime(i)) = i on the computed path',
    (i) => {
      const p = small.getPrime(i);
      expect(small.isPrime(p)).toBe(true);
      expect(small.getIndex(p)).toBe(i);
    },
  );

  test.prop([fc.integer({ min: 0, max: 299_999 })], { numRuns: 500 })(
    'getIndex(getPrime(i)) = i on the table path, and consecutive primes have no prime between them',
    (i) => {
      const p = table.getPrime(i);
      const q = table.getPrime(i + 1);
      expect(table.getIndex(p)).toBe(i);
      for (let x = p + 1n; x < q; x++) expect(table.isPrime(x)).toBe(false);
    },
  );
});
