import { firstValueFrom, from, toArray } from 'rxjs';
import { bandedFactorize } from '../../../../src/bands/bandedFactorize.js';
import { PrimeosError } from '../../../../src/model/PrimeosError.js';
import { factorize } from '../../../../src/primes/factorize.js';
import { isPrime } from '../../../../src/primes/primality.js';
import { factorize as factorizeOp } from '../../../../src/stream/operators/factorize.js';

/** Call `f` and return the error's class name and code. */
const thrown = (f: () => unknown): [string, string] => {
  try {
    f();
  } catch (err) {
    return [err instanceof PrimeosError ? 'PrimeosError' : (err as Error).name, (err as { code?: string }).code ?? ''];
  }
  return ['none', ''];
};

describe('library inputs of the wrong type (issue 17 item 13)', () => {
  it('isPrime, factorize and bandedFactorize throw PrimeosError E_PARSE / E_RANGE, never a TypeError', () => {
    const loose = (x: unknown) => x as bigint;
    expect(thrown(() => isPrime(loose(undefined)))).toEqual(['PrimeosError', 'E_RANGE']);
    expect(thrown(() => isPrime(loose('abc')))).toEqual(['PrimeosError', 'E_PARSE']);
    expect(thrown(() => isPrime(1.5))).toEqual(['PrimeosError', 'E_RANGE']);
    expect(thrown(() => factorize(loose(null)))).toEqual(['PrimeosError', 'E_RANGE']);
    expect(thrown(() => factorize(loose('12')))).toEqual(['PrimeosError', 'E_PARSE']);
    expect(thrown(() => factorize(loose({})))).toEqual(['PrimeosError', 'E_RANGE']);
    expect(thrown(() => bandedFactorize(loose(undefined)))).toEqual(['PrimeosError', 'E_RANGE']);
    expect(thrown(() => factorize(12n, { budgetMs: NaN }))).toEqual(['PrimeosError', 'E_RANGE']);
    expect(thrown(() => factorize(12n, { budgetMs: -1 }))).toEqual(['PrimeosError', 'E_RANGE']);
    expect(thrown(() => factorize(12n, { maxBits: loose('64') as unknown as number }))).toEqual([
      'PrimeosError',
      'E_RANGE',
    ]);
    expect(isPrime(97)).toBe(true);
    expect(factorize(12).status).toBe('complete');
  });

  it('the factorize operator names the bad item by its index', async () => {
    const items = [12n, 15n, 'x' as unknown as bigint, 7n];
    const err = await firstValueFrom(from(items).pipe(factorizeOp(), toArray())).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PrimeosError);
    expect(err).toMatchObject({ code: 'E_PARSE', details: { index: 2 } });
    expect((err as Error).message).toMatch(/^item 2: /);
  });
});
