/**
 * calib's programmatic API, for Node pipelines: read a prediction file, compute the report,
 * fit a temperature, ask label-smoothing what-ifs. Everything the CLI prints comes from these.
 *
 * @example
 * import { readPredictions, DEFAULT_READ_OPTIONS, evaluate, DEFAULT_METRIC_CONFIG } from 'calib';
 * const { predictions } = await readPredictions('preds.csv', DEFAULT_READ_OPTIONS);
 * const { metrics, bins } = evaluate(predictions, DEFAULT_METRIC_CONFIG);
 */
export type { Predictions, ScoreKind } from './core/predictions.js';
export { DEFAULT_METRIC_CONFIG, DEFAULT_PROB_FLOOR, type BinEdges, type Binning, type BinaryView, type BinningConfig, type MetricConfig } from './core/config.js';
export { CalibError, type ErrorKind, type SourceLocation } from './core/errors.js';
export { readPredictions, DEFAULT_READ_OPTIONS, type ReadOptions, type ReadResult, type ReadSource } from './io/read-predictions.js';
export { COLUMN_ROLES, type ColumnDecision, type ColumnRole } from './io/select-columns.js';
export { writeFileAtomic } from './io/atomic-write.js';
export {
  evaluate, METRIC_NAMES, type EvaluateOptions, type Evaluation, type MetricName, type MetricValues,
  type ReliabilityBin, type RowStats,
} from './metrics/index.js';
export { autoBins, debiasedEce, eceSweep, smoothEce } from './metrics/estimators/index.js';
export { consistencyResampling, hosmerLemeshow, spiegelhalter } from './stats/calibration-tests.js';
export { fitTemperature, crossFitTemperature, applyTemperatureProbabilities, type TemperatureFit, type CrossFit } from './fit/index.js';
export { renderHtmlReport, renderReliabilitySvg, renderTerminalDiagram } from './report/diagram/index.js';
export { main } from './cli/main.js';
export { VERSION } from './version.js';
