export { smoothCurveAt, smoothEce, smoothEceAt } from './smooth-ece.js';
export type { SmoothCurve, SmoothEceOptions, SmoothEceResult } from './smooth-ece.js';
export { debiasedEce } from './debiased-ece.js';
export type { DebiasedBinning, DebiasedEceOptions, DebiasedEceResult } from './debiased-ece.js';
export { eceSweep } from './ece-sweep.js';
export type { EceSweepOptions, EceSweepResult } from './ece-sweep.js';
export { autoBins } from './auto-bins.js';
export { equalWidthBin } from './equal-width.js';
export { stableArgsort } from './argsort.js';
