/**
 * The PrimeOS-style prime registry model: primality, indexed primes, exact indices by prime counting,
 * factorisation and prime/factor streams, with bounded caches.
 */
import { BaseModel, initializeOrThrow, type ModelOptions } from '../model/BaseModel.js';
import { PrimeosError } from '../model/PrimeosError.js';
import type { Factor, Factorization } from './Factorization.js';
import { factorize, type FactorizeOptions } from './factorize.js';
import { nthPrime, NTH_PRIME_MAX_INDEX } from './nthPrime.js';
import { primalityOf } from './primality.js';
import { approxPrimeCount, primeCount, PRIME_COUNT_MAX, type PrimeCountEstimate } from './primeCount.js';
import { primesFrom, primesInRange } from './sieve.js';
import { SIEVE_MAX } from './SegmentedSieve.js';

/** Options of {@link createPrimeRegistry}. */
export interface PrimeRegistryOptions extends ModelOptions {
  /** Primes sieved into the index table at initialisation (default 1000). */
  readonly preloadPrimes?: number;
  /** Most primes the index table may hold (default {@link PRIME_TABLE_DEFAULT_CAP}); beyond it, computed. */
  readonly tableCap?: number;
  /** Entries of the LRU caches of large `getPrime` and `factor` results (default 1024 each). */
  readonly cacheSize?: number;
  /** Options used by `factor()` and as defaults of `factorize()`. */
  readonly factorize?: FactorizeOptions;
}

/** Default cap of the prime index table (4 MiB of Float64). */
export const PRIME_TABLE_DEFAULT_CAP = 1 << 19;
const DEFAULT_PRELOAD = 1000;
const DEFAULT_CACHE_SIZE = 1024;
const ASYNC_YIELD_EVERY = 4096;

/** A request to {@link PrimeRegistry.process}, discriminated on `op`. */
export type PrimeRegistryRequest =
  | { readonly op: 'isPrime'; readonly n: bigint | number }
  | { readonly op: 'getPrime'; readonly index: number }
  | { readonly op: 'getIndex'; readonly prime: bigint | number }
  | { readonly op: 'approxIndex'; readonly n: bigint | number }
  | { readonly op: 'factor'; readonly n: bigint | number }
  | { readonly op: 'factorize'; readonly n: bigint | number; readonly options?: FactorizeOptions };

/** The answer of {@link PrimeRegistry.process}, discriminated on `op`. */
export type PrimeRegistryResponse =
  | { readonly op: 'isPrime'; readonly result: boolean }
  | { readonly op: 'getPrime'; readonly result: bigint }
  | { readonly op: 'getIndex'; readonly result: number }
  | { readonly op: 'approxIndex'; readonly result: PrimeCountEstimate }
  | { readonly op: 'factor'; readonly result: Factor[] }
  | { readonly op: 'factorize'; readonly result: Factorization };

/** Custom state reported by `getState().custom`. */
export interface PrimeRegistryState {
  /** Primes in the index table. */
  readonly tablePrimes: number;
  /** Largest prime in the index table. */
  readonly tableMax: number;
  /** Entries in the LRU caches. */
  readonly cachedPrimes: number;
  readonly cachedFactorizations: number;
}

/** A stream that can be consumed with `for … of` and `for await … of`. */
export interface DualIterable<T> extends Iterable<T>, AsyncIterable<T> {}

/** A size-capped LRU map. */
class Lru<K, V> {
  readonly #map = new Map<K, V>();
  readonly #cap: number;
  constructor(cap: number) {
    this.#cap = Math.max(0, cap);
  }
  get size(): number {
    return this.#map.size;
  }
  get(k: K): V | undefined {
    const v = this.#map.get(k);
    if (v !== undefined) {
      this.#map.delete(k);
      this.#map.set(k, v);
    }
    return v;
  }
  set(k: K, v: V): void {
    if (this.#cap === 0) return;
    this.#map.delete(k);
    this.#map.set(k, v);
    if (this.#map.size > this.#cap) this.#map.delete(this.#map.keys().next().value as K);
  }
  clear(): void {
    this.#map.clear();
  }
}

function toBigInt(n: bigint | number, what: string): bigint {
  if (typeof n === 'bigint') return n;
  if (!Number.isSafeInteger(n)) throw new PrimeosError('E_RANGE', `${what}: ${n} is not a safe integer`);
  return BigInt(n);
}

/**
 * The prime registry. Indices are **0-based as in PrimeOS**: `getPrime(0) = 2n`, `getIndex(2n) = 0`.
 * The index table only grows by appending the next primes in order (it is never written out of order),
 * up to `tableCap` primes; larger indices are computed (Meissel–Lehmer count + sieve) and kept in a
 * bounded LRU cache, as are `factor` results.
 *
 * @example
 * ```ts
 * import { createAndInitializePrimeRegistry } from 'primeos/primes';
 * const reg = await createAndInitializePrimeRegistry();
 * reg.getPrime(0); // 2n
 * reg.getIndex(7919n); // 999
 * reg.factor(360n); // [{ prime: 2n, exponent: 3 }, { prime: 3n, exponent: 2 }, { prime: 5n, exponent: 1 }]
 * ```
 */
export class PrimeRegistry extends BaseModel<PrimeRegistryRequest, PrimeRegistryResponse, PrimeRegistryState> {
  readonly #preload: number;
  readonly #tableCap: number;
  readonly #factorizeDefaults: FactorizeOptions;
  #table: Float64Array = new Float64Array(0);
  #count = 0;
  readonly #primeCache: Lru<number, bigint>;
  readonly #factorCache: Lru<bigint, Factor[]>;

  /** @param options - registry options */
  constructor(options: PrimeRegistryOptions = {}) {
    super(options);
    this.#preload = Math.max(1, options.preloadPrimes ?? DEFAULT_PRELOAD);
    this.#tableCap = Math.max(this.#preload, options.tableCap ?? PRIME_TABLE_DEFAULT_CAP);
    this.#factorizeDefaults = options.factorize ?? {};
    this.#primeCache = new Lru(options.cacheSize ?? DEFAULT_CACHE_SIZE);
    this.#factorCache = new Lru(options.cacheSize ?? DEFAULT_CACHE_SIZE);
  }

  protected override defaultName(): string {
    return 'prime-registry';
  }

  protected override onInitialize(): void {
    this.#table = new Float64Array(0);
    this.#count = 0;
    this.#extendTo(this.#preload - 1);
  }

  protected override onReset(): void {
    this.#primeCache.clear();
    this.#factorCache.clear();
    this.#table = new Float64Array(0);
    this.#count = 0;
    this.#extendTo(this.#preload - 1);
  }

  protected override onTerminate(): void {
    this.#primeCache.clear();
    this.#factorCache.clear();
    this.#table = new Float64Array(0);
    this.#count = 0;
  }

  protected override getCustomState(): PrimeRegistryState {
    return {
      tablePrimes: this.#count,
      tableMax: this.#count > 0 ? (this.#table[this.#count - 1] as number) : 0,
      cachedPrimes: this.#primeCache.size,
      cachedFactorizations: this.#factorCache.size,
    };
  }

  protected override onProcess(input: PrimeRegistryRequest): PrimeRegistryResponse {
    switch (input.op) {
      case 'isPrime':
        return { op: 'isPrime', result: this.isPrime(input.n) };
      case 'getPrime':
        return { op: 'getPrime', result: this.getPrime(input.index) };
      case 'getIndex':
        return { op: 'getIndex', result: this.getIndex(input.prime) };
      case 'approxIndex':
        return { op: 'approxIndex', result: this.approxIndex(input.n) };
      case 'factor':
        return { op: 'factor', result: this.factor(input.n) };
      case 'factorize':
        return { op: 'factorize', result: this.factorize(input.n, input.options) };
      default: {
        const op = (input as { op?: unknown }).op;
        throw new PrimeosError('E_USAGE', `prime-registry: unknown op ${String(op)}`);
      }
    }
  }

  #ensureReady(): void {
    if (!this.isReady()) {
      throw new PrimeosError('E_STATE', `${this.name}: not ready (state '${this.lifecycle}')`, {
        lifecycle: this.lifecycle,
      });
    }
  }

  /** Append primes in order until the table holds index i (i < tableCap). */
  #extendTo(i: number): void {
    if (i < this.#count) return;
    let cap = this.#table.length;
    if (cap <= i) {
      cap = Math.min(this.#tableCap, Math.max(i + 1, 2 * cap, 1024));
      const t = new Float64Array(cap);
      t.set(this.#table.subarray(0, this.#count));
      this.#table = t;
    }
    let from = this.#count === 0 ? 0 : (this.#table[this.#count - 1] as number) + 1;
    while (this.#count <= i) {
      const want = i + 1 - this.#count;
      // p_k ≲ k(ln k + ln ln k): a window that usually holds what is missing
      const k = Math.max(i + 1, 6);
      const width = Math.max(1024, Math.ceil((want + 16) * Math.log(k * Math.log(k)) * 1.2));
      for (const p of primesInRange(from, from + width)) {
        if (this.#count >= cap) break;
        this.#table[this.#count++] = p;
      }
      from += width;
    }
  }

  /**
   * Whether n is prime (deterministic below 3.3·10^24, Baillie–PSW above).
   *
   * @param n - the integer
   * @returns true for primes
   * @throws PrimeosError `E_STATE` when the model is not ready; `E_RANGE` for a non-safe-integer Number
   */
  isPrime(n: bigint | number): boolean {
    this.#ensureReady();
    return primalityOf(n) !== 'composite';
  }

  /**
   * The prime with 0-based index i (`getPrime(0) = 2n`).
   *
   * @param index - integer ≥ 0 and < 3·10^11
   * @returns the prime
   * @throws PrimeosError `E_RANGE` for a negative, non-integer or too large index; `E_STATE` when not ready
   */
  getPrime(index: number): bigint {
    this.#ensureReady();
    if (!Number.isSafeInteger(index) || index < 0 || index >= NTH_PRIME_MAX_INDEX) {
      throw new PrimeosError(
        'E_RANGE',
        `getPrime: index must be an integer in [0, ${NTH_PRIME_MAX_INDEX}), got ${index}`,
        {
          index,
        },
      );
    }
    if (index < this.#tableCap) {
      this.#extendTo(index);
      return BigInt(this.#table[index] as number);
    }
    const cached = this.#primeCache.get(index);
    if (cached !== undefined) return cached;
    const p = BigInt(nthPrime(index + 1));
    this.#primeCache.set(index, p);
    return p;
  }

  /**
   * The exact 0-based index of a prime (`getIndex(2n) = 0`), by table lookup or Meissel–Lehmer counting.
   *
   * @param prime - a prime ≤ 10^13
   * @returns its index
   * @throws PrimeosError `E_RANGE` when the argument is not prime or above 10^13 (see {@link PrimeRegistry.approxIndex});
   *   `E_STATE` when not ready
   */
  getIndex(prime: bigint | number): number {
    this.#ensureReady();
    const p = toBigInt(prime, 'getIndex');
    if (primalityOf(p) === 'composite') throw new PrimeosError('E_RANGE', `getIndex: ${p} is not prime`);
    if (p > BigInt(PRIME_COUNT_MAX)) {
      throw new PrimeosError('E_RANGE', `getIndex: ${p} is above the exact-counting limit ${PRIME_COUNT_MAX}`, {
        limit: PRIME_COUNT_MAX,
      });
    }
    const v = Number(p);
    const table = this.#table;
    if (this.#count > 0 && v <= (table[this.#count - 1] as number)) {
      let lo = 0;
      let hi = this.#count - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((table[mid] as number) < v) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    }
    return primeCount(v) - 1;
  }

  /**
   * An estimate of the 0-based index of n among the primes (π(n) − 1 by Riemann's R), for any size.
   *
   * @param n - a positive integer
   * @returns the labelled estimate
   * @throws PrimeosError `E_RANGE` for negative n; `E_STATE` when not ready
   */
  approxIndex(n: bigint | number): PrimeCountEstimate {
    this.#ensureReady();
    const e = approxPrimeCount(n);
    return { ...e, value: Math.max(0, e.value - 1) };
  }

  /**
   * The prime factors of n ≥ 1 as PrimeOS `Factor[]` (ascending; `factor(1)` is `[]`).
   *
   * @param n - a positive integer
   * @returns the factors
   * @throws PrimeosError `E_BUDGET` when the engines could not finish (details.factorization holds the
   *   partial {@link Factorization}); `E_RANGE` for n < 1 or too large inputs; `E_STATE` when not ready
   */
  factor(n: bigint | number): Factor[] {
    this.#ensureReady();
    const v = toBigInt(n, 'factor');
    if (v < 1n) throw new PrimeosError('E_RANGE', `factor: n must be ≥ 1, got ${v}`);
    const cached = this.#factorCache.get(v);
    if (cached !== undefined) return cached.map((f) => ({ ...f }));
    const f = factorize(v, this.#factorizeDefaults);
    if (f.status === 'partial') {
      throw new PrimeosError('E_BUDGET', `factor: could not finish factorising ${v} (${f.reason})`, {
        factorization: f,
      });
    }
    if (f.status === 'failed') throw new PrimeosError(f.error.code, f.error.message, { factorization: f });
    const out = f.factors.map(({ prime, exponent }) => ({ prime, exponent }));
    this.#factorCache.set(v, out);
    return out.map((x) => ({ ...x }));
  }

  /**
   * The full {@link Factorization} of n (docs/ARCHITECTURE.md §3), never throwing for engine outcomes.
   *
   * @param n - the integer
   * @param options - overrides of the registry's factorisation defaults
   * @returns the factorisation
   * @throws PrimeosError `E_STATE` when not ready; `E_RANGE` for a non-safe-integer Number
   */
  factorize(n: bigint | number, options: FactorizeOptions = {}): Factorization {
    this.#ensureReady();
    return factorize(n, { ...this.#factorizeDefaults, ...options });
  }

  /**
   * The primes from 0-based index `startIndex` on, as a stream usable with `for … of` and
   * `for await … of` (the async form yields to the event loop every 4096 primes). Memory is bounded:
   * primes are sieved segment by segment. Ends at 2^52.
   *
   * @param startIndex - first index (default 0)
   * @returns the stream of bigint primes
   * @throws PrimeosError `E_RANGE` for a bad index; `E_STATE` when not ready
   */
  createPrimeStream(startIndex = 0): DualIterable<bigint> {
    const first = Number(this.getPrime(startIndex));
    const sync = function* (): Generator<bigint> {
      for (const p of primesFrom(first, SIEVE_MAX + 1)) yield BigInt(p);
    };
    return {
      [Symbol.iterator]: sync,
      async *[Symbol.asyncIterator](): AsyncGenerator<bigint> {
        let k = 0;
        for (const p of sync()) {
          yield p;
          if (++k % ASYNC_YIELD_EVERY === 0) await new Promise<void>((resolve) => setImmediate(resolve));
        }
      },
    };
  }

  /**
   * Factorise each number of `ns` in order, as a stream usable with `for … of` (when `ns` is
   * synchronously iterable) and `for await … of`.
   *
   * @param ns - the numbers
   * @param options - factorisation options (budget, signal, plan…)
   * @returns the stream of factorisations
   * @throws PrimeosError `E_STATE` when not ready; `E_USAGE` when iterating an async-only input synchronously
   */
  createFactorStream(
    ns: Iterable<bigint | number> | AsyncIterable<bigint | number>,
    options: FactorizeOptions = {},
  ): DualIterable<Factorization> {
    this.#ensureReady();
    const one = (n: bigint | number): Factorization => this.factorize(n, options);
    return {
      *[Symbol.iterator](): Generator<Factorization> {
        if (!(Symbol.iterator in ns)) {
          throw new PrimeosError('E_USAGE', 'createFactorStream: the input is only async-iterable; use for await');
        }
        for (const n of ns) yield one(n);
      },
      async *[Symbol.asyncIterator](): AsyncGenerator<Factorization> {
        for await (const n of ns) {
          yield one(n);
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
      },
    };
  }
}

/**
 * Create a prime registry (state `uninitialized`; call `initialize()`).
 *
 * @param options - registry options
 * @returns the registry
 * @example
 * ```ts
 * import { createPrimeRegistry } from 'primeos/primes';
 * const reg = createPrimeRegistry({ cacheSize: 256 });
 * await reg.initialize();
 * ```
 */
export function createPrimeRegistry(options: PrimeRegistryOptions = {}): PrimeRegistry {
  return new PrimeRegistry(options);
}

/**
 * Create and initialise a prime registry.
 *
 * @param options - registry options
 * @returns the ready registry
 * @throws PrimeosError when initialisation fails
 * @example
 * ```ts
 * import { createAndInitializePrimeRegistry } from 'primeos/primes';
 * const reg = await createAndInitializePrimeRegistry();
 * reg.isPrime(97n); // true
 * ```
 */
export async function createAndInitializePrimeRegistry(options: PrimeRegistryOptions = {}): Promise<PrimeRegistry> {
  return initializeOrThrow(new PrimeRegistry(options));
}
