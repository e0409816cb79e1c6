export { evaluate } from './evaluate.js';
export { binIndex, binsFor, equalMassTotals, equalWidthTotals, toReliabilityBins } from './binning.js';
export type { BinTotals } from './binning.js';
export { expectedCalibrationError, maximumCalibrationError, rootMeanSquareCalibrationError } from './calibration-error.js';
export { classwiseCalibrationError, scanRows } from './row-stats.js';
export { mean, sum } from './summation.js';
export { METRIC_NAMES } from './types.js';
export type { EstimatorDetails, EvaluateHooks, EvaluateOptions, Evaluation, MetricName, MetricValues, ReliabilityBin, RowStats } from './types.js';
