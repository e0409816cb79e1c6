/**
 * calib's programmatic API, for Node pipelines: read a prediction file, compute the report,
 * fit a temperature, ask label-smoothing what-ifs. Everything the CLI prints comes from these.
 *
 * @example
 * import { readPredictions, DEFAULT_READ_OPTIONS, evaluate, DEFAULT_METRIC_CONFIG } from 'calib';
 * const { predictions } = await readPredictions('preds.csv', DEFAULT_READ_OPTIONS);
 * const { metrics, bins } = evaluate(predictions, DEFAULT_METRIC_CONFIG);
 *
 * The command line itself is `calib/cli` (`main(argv, io)`), so importing `calib` never loads
 * commander or the CLI's renderers of terminal colour.
 */
export type { Predictions, ScoreKind } from './core/predictions.js';
export { DEFAULT_METRIC_CONFIG, DEFAULT_PROB_FLOOR, type BinEdges, type Binning, type BinaryView, type BinningConfig, type MetricConfig } from './core/config.js';
export { CalibError, type ErrorKind, type SourceLocation } from './core/errors.js';
export { readPredictions, DEFAULT_READ_OPTIONS, type ReadOptions, type ReadResult, type ReadSource } from './io/read-predictions.js';
export { COLUMN_ROLES, type ColumnDecision, type ColumnRole } from './io/select-columns.js';
export { writeFileAtomic } from './io/atomic-write.js';
export {
  evaluate, METRIC_NAMES, type EvaluateOptions, type Evaluation, type MetricName, type MetricValues,
  type ReliabilityBin, type RowStats, type EstimatorDetails,
} from './metrics/index.js';
export { autoBins, debiasedEce, eceSweep, smoothEce } from './metrics/estimators/index.js';
export { consistencyResampling, hosmerLemeshow, spiegelhalter } from './stats/calibration-tests.js';
export {
  fitTemperature, crossFitTemperature, applyTemperatureProbabilities,
  type TemperatureFit, type FitTemperatureOptions, type CrossFit, type CrossFitOptions,
} from './fit/index.js';
export {
  smoothingAnalysis, impliedAlpha, smoothingPrior, type SmoothingOptions, type ImpliedAlpha,
  type SmoothingAnalysis, type SmoothingPrior, type AlphaWhatIf, type ModelGapSummary,
} from './smoothing/index.js';
export { compareModels, type CompareOptions, type CompareResult, type MetricDelta, type ModelInput, type ModelSummary } from './compare/index.js';
export { runChecks, type CheckReport, type CheckResult, type RunChecksOptions, type Threshold } from './check/index.js';
export { renderHtmlReport, renderReliabilitySvg, renderTerminalDiagram } from './report/diagram/index.js';
export type { ReportDocument, ReportConfig, EstimatorBins, EstimatorBinning } from './report/report/document.js';
export type { TemperatureDocument } from './report/temperature/document.js';
export type { SmoothingDocument } from './report/smoothing/document.js';
export {
  summarizePredictions, mergeSummaries, summaryRows, summaryFromRows, summaryEvaluation, parseSummaryHeader, DEFAULT_GRID, DEFAULT_CLASS_GRID,
  type Summary, type SummaryHeader, type SummarySource, type SummarizeOptions, type SummaryEvaluation, type ApproximateMetric, type LongRow, type NamedSummary,
} from './summary/index.js';
export { VERSION } from './version.js';
