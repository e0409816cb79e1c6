/**
 * Statistical tests of calibration over per-row (confidence, outcome) pairs, and the special
 * functions their p-values need. Every test returns plain data; none throws on a miscalibrated
 * model, only on input it cannot test (too few rows). One file per test:
 * hosmer-lemeshow.ts, spiegelhalter.ts, consistency-resampling.ts, and incomplete-gamma.ts for
 * the p-values (ln Gamma: src/core/numerics.ts). This module re-exports them all.
 */
export { lnGamma } from '../core/numerics.js';
export { chiSquareSurvival, erfc, normalTwoSidedP, regularizedGammaP, regularizedGammaQ } from './incomplete-gamma.js';
export {
  hosmerLemeshow, type HosmerLemeshowGroup, type HosmerLemeshowOptions, type HosmerLemeshowResult,
} from './hosmer-lemeshow.js';
export { spiegelhalter, type SpiegelhalterResult } from './spiegelhalter.js';
export {
  consistencyCounts, consistencyResampling, countConsistencyResamples, resampleSeed,
  type ConsistencyBin, type ConsistencyCounter, type ConsistencyJob, type ConsistencyOptions, type ConsistencyResult,
} from './consistency-resampling.js';
