import type { MetricConfig } from '../core/config.js';
import { errors } from '../core/errors.js';
import type { ReadResult } from '../io/read-predictions.js';
import { autoBins } from '../metrics/estimators/auto-bins.js';
import { evaluateCompactOn, evaluateScan } from '../metrics/evaluate.js';
import type { ScanConfig } from '../metrics/row-stats.js';
import { METRIC_NAMES, type EvaluateHooks, type Evaluation, type MetricValues, type RowCore } from '../metrics/types.js';

/** The metric conventions as the user gave them (`--bins`, `--binning`, `--bin-edges`, `--binary-view`). */
export interface MetricOptions {
  readonly bins: number | 'auto';
  readonly binning: 'width' | 'mass';
  readonly binEdges: 'right' | 'left';
  readonly binaryView: 'positive' | 'top-label';
}

/** The metric conventions for a file of `rows` rows (`--bins auto` depends on N). */
export function metricConfigFrom(options: MetricOptions, rows: number): MetricConfig {
  const bins = options.bins === 'auto' ? autoBins(rows) : options.bins;
  return { bins, binning: options.binning, edges: options.binEdges, binaryView: options.binaryView };
}

/**
 * The scan to run while reading, when the metric configuration is known before the row count
 * (fixed bins; `--bins auto` depends on N, so it is evaluated after reading instead).
 */
export function scanConfigFor(options: MetricOptions): ScanConfig | undefined {
  if (options.bins === 'auto') return undefined;
  // What is evaluated from the scan (`evaluateRead`) needs the confidences and outcomes only: the
  // other per-row values are summed as they are computed, not kept (9 bytes a row instead of 34).
  return { binaryView: options.binaryView, classwiseBins: options.bins, edges: options.binEdges, meansOnly: true };
}

/**
 * `evaluate` on what was read, from the scan made while reading when there is one (same numbers);
 * otherwise (binary files, `--bins auto`) the per-row pass runs through `hooks` (on the run's
 * threads when it is large, in the CLI), as do the sort by confidence and smooth ECE.
 */
export function evaluateRead(read: ReadResult, metric: MetricConfig, hooks: EvaluateHooks = {}): Evaluation<RowCore> {
  // Either way only the confidences and outcomes are kept past the per-row pass: the estimators
  // after it need no more, and nothing evaluated here is resampled.
  const evaluation = read.scan
    ? evaluateScan(read.scan, read.predictions.classes, metric, {}, hooks)
    : evaluateCompactOn(hooks, read.predictions, metric);
  return finiteMetrics(evaluation, read.file);
}

/**
 * The last guard before a metric is printed or checked: a NaN or an infinity (an overflow on
 * extreme scores) stops calib with exit 2 instead of showing "nan" or failing a check on it.
 * Returns what it was given, to wrap an evaluation where it is made.
 */
export function finiteMetrics<T extends { readonly metrics: MetricValues }>(evaluation: T, file: string, when = ''): T {
  for (const name of METRIC_NAMES) {
    const value = evaluation.metrics[name];
    if (!Number.isFinite(value)) throw errors.metricNotFinite(file, name, value, when);
  }
  return evaluation;
}
