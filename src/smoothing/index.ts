/** Label-smoothing what-ifs (Szegedy et al. 2016; Müller, Kornblith & Hinton 2019). */
export { smoothingAnalysis, type SmoothingOptions } from './analysis.js';
export { impliedAlpha, type ImpliedAlpha } from './implied-alpha.js';
export { summarizeGaps, GAP_QUANTILE_LEVELS, GAP_HISTOGRAM_BINS } from './model-gap.js';
export { quantileSorted } from '../core/numerics.js';
export { smoothingPrior, labelFrequencies } from './prior.js';
export { smoothingRowTerms, type SmoothingRowTerms } from './row-terms.js';
export { meanTargetEntropy } from './target-entropy.js';
export type * from './types.js';
