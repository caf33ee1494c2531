import { BaseModel, initializeOrThrow, type ModelOptions } from '../model/BaseModel.js';
import { bitLength } from '../primes/arith.js';
import { factorize, type FactorizeOptions, type FactorStage } from '../primes/factorize.js';
import type { Factorization } from '../primes/Factorization.js';
import { adaptCrossovers, type EngineObservation } from './adaptCrossovers.js';
import type { Band } from './Band.js';
import { buildBandTable } from './bandTable.js';
import type { BandName } from './BandName.js';
import { classify } from './classify.js';
import { DEFAULT_CROSSOVERS, type Crossovers } from '../primes/crossovers.js';
import { planFor } from './planFor.js';
import { selectOptimalBand, type BandSelection } from './selectOptimalBand.js';
import type { EngineName } from '../primes/StageSpec.js';

/** Options of the bands model. */
export interface BandsOptions extends ModelOptions {
  /** Starting crossovers (default: the measured ones). */
  readonly crossovers?: Crossovers;
  /** Options passed to every factorisation (budget, seed, limits). */
  readonly factorize?: Omit<FactorizeOptions, 'plan' | 'band'>;
  /** Most recent engine observations kept for `adapt()` (default 10 000). */
  readonly maxObservations?: number;
}

/** Measured performance of one band: counts and times of real factorisations. */
export interface BandMetrics {
  readonly count: number;
  readonly complete: number;
  readonly partial: number;
  readonly failed: number;
  /** Total and mean wall-clock ms of the factorisations in this band. */
  readonly totalMs: number;
  readonly meanMs: number;
}

/** What `getPerformanceMetrics()` returns: only measured values. */
export interface BandsPerformance {
  readonly bands: Readonly<Partial<Record<BandName, BandMetrics>>>;
  readonly crossovers: Crossovers;
  readonly observations: number;
}

/** The recommendation of `optimizeBatch`. */
export interface BatchOptimization extends BandSelection {
  /** Suggested batch size for streaming this batch. */
  readonly batchSize: number;
}

/**
 * The PrimeOS bands model: classifies numbers into bands, factorises them with their band's plan,
 * measures every engine call, and can move its crossovers from what it measured (`adapt()`).
 * `process(n)` factorises n.
 *
 * @example
 * ```ts
 * import { createAndInitializeBands } from 'primeos/bands';
 * const bands = await createAndInitializeBands();
 * bands.classifyNumber(2n ** 40n); // 'BASS'
 * (await bands.process(1000000000039n * 1000000000061n)).data?.status; // 'complete'
 * ```
 */
export class BandsModel extends BaseModel<bigint, Factorization, BandsPerformance> {
  #crossovers: Crossovers;
  #table: readonly Band[];
  readonly #factorizeOptions: Omit<FactorizeOptions, 'plan' | 'band'>;
  readonly #maxObservations: number;
  #observations: EngineObservation[] = [];
  #metrics = new Map<BandName, { count: number; complete: number; partial: number; failed: number; totalMs: number }>();

  /** @param options - crossovers, factorisation options, observation window */
  constructor(options: BandsOptions = {}) {
    super(options);
    this.#crossovers = options.crossovers ?? DEFAULT_CROSSOVERS;
    this.#table = buildBandTable(this.#crossovers);
    this.#factorizeOptions = options.factorize ?? {};
    this.#maxObservations = options.maxObservations ?? 10_000;
  }

  protected override defaultName(): string {
    return 'bands';
  }

  /** The band table in force (rebuilt by `adapt()`). */
  get table(): readonly Band[] {
    return this.#table;
  }

  /**
   * The band name of n (PrimeOS shape; `classify()` gives the whole band).
   * @param n - any integer
   * @returns the band name
   */
  classifyNumber(n: bigint): BandName {
    return classify(n, this.#table).name;
  }

  /**
   * Cost-weighted band selection and a batch size for a batch of numbers.
   * @param ns - the batch (non-empty)
   * @returns the selection and suggested batch size
   * @throws RangeError for an empty batch
   */
  optimizeBatch(ns: readonly bigint[]): BatchOptimization {
    const sel = selectOptimalBand(ns, this.#table);
    return { ...sel, batchSize: sel.band.processing.batchSize };
  }

  /** Measured per-band metrics and the crossovers in force. */
  getPerformanceMetrics(): BandsPerformance {
    const bands: Partial<Record<BandName, BandMetrics>> = {};
    for (const [name, m] of this.#metrics) bands[name] = { ...m, meanMs: m.count ? m.totalMs / m.count : 0 };
    return { bands, crossovers: this.#crossovers, observations: this.#observations.length };
  }

  /**
   * Move crossovers from the engine calls observed so far and rebuild the table.
   * @returns the crossovers now in force
   */
  adapt(): Crossovers {
    const next = adaptCrossovers(this.#crossovers, this.#observations);
    if (next !== this.#crossovers) {
      this.#crossovers = next;
      this.#table = buildBandTable(next);
    }
    return next;
  }

  protected override onProcess(n: bigint): Factorization {
    const { band, stages } = planFor(n < 0n ? -n : n, { table: this.#table });
    const timed: FactorStage[] = stages.map((s) => ({
      ...s,
      split: (c, o) => {
        const t0 = performance.now();
        const out = s.split(c, o);
        // only calls that ran (size-guarded skips return no effort) are evidence
        if (Object.keys(out.effort).length > 0) {
          this.#observe({
            engine: s.name as EngineName,
            bits: bitLength(c),
            ms: performance.now() - t0,
            found: out.status === 'found',
          });
        }
        return out;
      },
    }));
    const f = factorize(n, { ...this.#factorizeOptions, plan: timed, band: band.name });
    const m = this.#metrics.get(band.name) ?? { count: 0, complete: 0, partial: 0, failed: 0, totalMs: 0 };
    m.count++;
    m[f.status]++;
    m.totalMs += f.elapsedMs;
    this.#metrics.set(band.name, m);
    return f;
  }

  protected override onReset(): void {
    this.#observations = [];
    this.#metrics.clear();
  }

  protected override getCustomState(): BandsPerformance {
    return this.getPerformanceMetrics();
  }

  #observe(o: EngineObservation): void {
    this.#observations.push(o);
    if (this.#observations.length > this.#maxObservations)
      this.#observations.splice(0, this.#observations.length - this.#maxObservations);
  }
}

/**
 * Create a bands model (not yet initialised).
 * @param options - model options
 * @returns the model
 */
export function createBands(options: BandsOptions = {}): BandsModel {
  return new BandsModel(options);
}

/**
 * Create and initialise a bands model.
 * @param options - model options
 * @returns the ready model
 * @throws PrimeosError when initialisation fails
 */
export function createAndInitializeBands(options: BandsOptions = {}): Promise<BandsModel> {
  return initializeOrThrow(new BandsModel(options));
}
