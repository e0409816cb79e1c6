export { closestName, editDistance } from './closest.js';
export { parseThresholdConfig } from './config-file.js';
export { CHECK_METRIC_NAMES, DERIVED_CHECK_METRICS, checkMetricValue, derivedCheckStatistics, isCheckMetricName } from './metrics.js';
export type { CheckMetricName, DerivedCheckMetric, DerivedCheckMetricName } from './metrics.js';
export { FAIL_ON_VALUES, checkIntervals, comparedEnd, describeCompared, formatPercent, runChecks } from './run-checks.js';
export type { CheckReport, CheckResult, FailOn, RunChecksOptions } from './run-checks.js';
export { THRESHOLD_FLAGS, mergeThresholds, parseThresholdValue, sortThresholds, thresholdsFromFlags } from './thresholds.js';
export type { Bound, Threshold, ThresholdFlag, ThresholdSource } from './thresholds.js';
