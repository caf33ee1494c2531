import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { factorize } from '../../../src/primes/factorize.js';
import { DETERMINISTIC_MR_LIMIT, isPrime } from '../../../src/primes/primality.js';

interface OracleEntry {
  readonly class: string;
  readonly n: string;
  readonly factors: readonly (readonly [string, number])[];
}

/** Factorisations by PARI/GP `factor()`, produced by generate.gp in the same folder. */
const ORACLE = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'fixtures', 'primes', 'oracle.json'), 'utf8'),
) as OracleEntry[];

describe('PARI/GP oracle', () => {
  it('holds at least 300 numbers of mixed classes', () => {
    expect(ORACLE.length).toBeGreaterThanOrEqual(300);
    const classes = new Set(ORACLE.map((e) => e.class));
    for (const c of ['smooth', 'semiprime', 'prime', 'primepower', 'carmichael', 'unit']) expect(classes).toContain(c);
  });

  it.each(ORACLE.map((e) => [e.class, e.n, e] as const))('%s %s factors exactly as PARI/GP', (_c, _n, e) => {
    const n = BigInt(e.n);
    const f = factorize(n, { seed: 1 });
    expect(f.status).toBe('complete');
    expect(f.sign).toBe(n < 0n ? -1 : 1);
    expect(f.factors.map((x) => [x.prime.toString(), x.exponent])).toEqual(e.factors.map(([p, k]) => [p, k]));
    for (const x of f.factors) expect(x.certainty).toBe(x.prime < DETERMINISTIC_MR_LIMIT ? 'proven' : 'probable');
    if (e.class === 'prime') expect(isPrime(n)).toBe(true);
    if (e.class === 'carmichael' || e.class === 'pseudoprime') expect(isPrime(n)).toBe(false);
  });
});
