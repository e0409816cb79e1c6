export { fineBin, summarizePredictions, summaryHeader, type SummarizeOptions } from './build.js';
export { mergeSummaries, overall, type NamedSummary } from './merge.js';
export { checkBinsDivide, checkClassBinsDivide, coarseTotals, nearestDivisors, summaryEvaluation, type ApproximateMetric, type SummaryEvaluation } from './metrics.js';
export { LONG_COLUMNS, summaryFromRows, summaryRows, type LongRow } from './table.js';
export { parseSummaryHeader } from './header.js';
export * from './types.js';
