/**
 * primeos/bands — bit-size bands (the PrimeOS spectrum), their measured factor plans, and the bands model.
 * @packageDocumentation
 */
export { BandName } from './BandName.js';
export type { Band, BandProcessing } from './Band.js';
export type { StageSpec, StageLimits, EngineName } from '../primes/StageSpec.js';
export { BAND_RANGES, BAND_TABLE, buildBandTable } from './bandTable.js';
export { DEFAULT_CROSSOVERS } from '../primes/crossovers.js';
export type { Crossovers } from '../primes/crossovers.js';
export { classify } from './classify.js';
export { selectOptimalBand } from './selectOptimalBand.js';
export type { BandSelection } from './selectOptimalBand.js';
export { planFor } from './planFor.js';
export type { PlanOptions, FactorPlan } from './planFor.js';
export { bandedFactorize } from './bandedFactorize.js';
export type { BandedFactorizeOptions } from './bandedFactorize.js';
export { adaptCrossovers } from './adaptCrossovers.js';
export type { EngineObservation } from './adaptCrossovers.js';
export { BandsModel, createBands, createAndInitializeBands } from './BandsModel.js';
export type { BandsOptions, BandMetrics, BandsPerformance, BatchOptimization } from './BandsModel.js';
export { BANDS_DEFAULTS } from './bandsDefaults.js';
export type { BandsDefaults } from './bandsDefaults.js';
