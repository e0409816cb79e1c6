import type { Predictions } from '../core/predictions.js';
import type { CompactRowScan, RowScan, ScanConfig } from './row-stats.js';
import type { SortedRows } from './estimators/argsort.js';
/** Result shapes of the metric core. Keys are snake_case because they are the JSON contract. */

/** The summary metrics of `calib report`, keys exactly as in the JSON output. */
export interface MetricValues {
  accuracy: number;
  mean_confidence: number;
  overconfidence_gap: number;
  ece: number;
  mce: number;
  rmsce: number;
  ace: number;
  classwise_ece: number;
  nll: number;
  brier: number;
  entropy: number;
  /** Smooth ECE (Błasiok & Nakkiran 2023) at its fixed-point bandwidth. */
  smece: number;
  /** Debiased L2 calibration error (Kumar, Liang & Ma 2019): the square root, next to rmsce. */
  ece_debiased: number;
  /** ECE at the largest equal-mass bin count with monotone bin accuracies (Roelofs et al. 2022). */
  ece_sweep: number;
}

export const METRIC_NAMES = [
  'accuracy', 'mean_confidence', 'overconfidence_gap', 'ece', 'mce', 'rmsce', 'ace',
  'classwise_ece', 'nll', 'brier', 'entropy', 'smece', 'ece_debiased', 'ece_sweep',
] as const satisfies readonly (keyof MetricValues)[];

export type MetricName = (typeof METRIC_NAMES)[number];

/** One bin of a reliability table. Empty bins are kept, with count 0 and nulls. */
export interface ReliabilityBin {
  lower: number;
  upper: number;
  count: number;
  /** Mean confidence of the rows in the bin (mean q in the binary positive view). */
  mean_confidence: number | null;
  /** Fraction correct (fraction of positives in the binary positive view). */
  accuracy: number | null;
  /** mean_confidence - accuracy: > 0 is overconfident. */
  gap: number | null;
}

/**
 * Per-row quantities from one pass over the scores. Every summary metric is a function of these
 * (plus the per-class bins for classwise ECE), so resampling and binning never touch the N x K
 * matrix again.
 */
export interface RowStats extends RowCore {
  /** 1 if argmax (lowest index on ties) equals the label. */
  readonly correct: Uint8Array;
  /** -log p_{i, y_i}. */
  readonly nll: Float64Array;
  /** Brier contribution of the row (multiclass sum, or (q - y)^2 for binary input). */
  readonly brier: Float64Array;
  /** -sum_k p_ik log p_ik. */
  readonly entropy: Float64Array;
}

/**
 * What every estimator after the per-row pass works on: each row's confidence and outcome. A
 * scan that keeps only these (and the means of the rest, `CompactRowScan` in row-stats.ts) is
 * what `calib report` reads a large file into.
 */
export interface RowCore {
  /** What is binned: top-label confidence c_i, or q_i = P(y=1) in the binary positive view. */
  readonly confidence: Float64Array;
  /** What a bin's "accuracy" averages: 1 if correct (or y = 1 in the positive view), else 0. */
  readonly outcome: Uint8Array;
}

/** By-products of the estimators that a user needs to read them. */
export interface EstimatorDetails {
  /** Bandwidth of the smooth ECE: the fixed point sigma = smECE(sigma). */
  smece_sigma: number;
  /** Number of equal-mass bins the ECE sweep settled on. */
  ece_sweep_bins: number;
  /** The debiased squared L2 error before the square root (negative: no detectable miscalibration). */
  ece_debiased_squared: number;
}

export interface Evaluation<S extends RowCore = RowStats> {
  metrics: MetricValues;
  details: EstimatorDetails;
  /** The reliability table of the chosen binning. */
  bins: ReliabilityBin[];
  /** Per-row statistics (of the selected rows, in selection order), for estimators and resampling. */
  stats: S;
}

export interface EvaluateOptions {
  /** Divide the scores by T before the softmax: one T for all rows, or one per row (cross-fitting). */
  temperature?: number | Float64Array;
  /** Evaluate on these row indices only (duplicates allowed: a bootstrap resample). */
  rows?: Int32Array;
  /**
   * Smooth ECE at this bandwidth instead of searching for its fixed point. Resampling passes the
   * full data's sigma, so that an interval reflects sampling noise rather than bandwidth changes
   * (and each resample costs one kernel smoothing instead of a dozen).
   */
  smeceSigma?: number;
}

/**
 * Where `evaluate`'s heavy steps run (`evaluateOn`): the defaults compute everything on this
 * thread; src/parallel's runtime shares the work with worker threads, with the same numbers. Not
 * part of the public API (`calib`'s index exports `evaluate` and `EvaluateOptions` alone).
 */
export interface EvaluateHooks {
  /**
   * Computes the per-row pass (default `scanRows`, row-stats.ts). src/parallel's scans runs of
   * whole blocks of rows on each thread (`scanRange`): same contract, same numbers.
   */
  scan?: (preds: Predictions, config: ScanConfig, options: EvaluateOptions) => RowScan;
  /**
   * The per-row pass of every row at T = 1 as a `CompactRowScan` (default: `compactScan` of
   * `scan`): src/parallel's keeps the per-row values of one stretch of rows at a time, summed in
   * row order before the next. Undefined when a mean needs every per-row value (the caller then
   * takes `compactScan` of a full pass).
   */
  compactScan?: (preds: Predictions, config: ScanConfig) => CompactRowScan | undefined;
  /**
   * Sorts the rows by confidence (default `sortRows`, estimators/argsort.ts). src/parallel's
   * shares the bucket sort's work among threads (src/parallel/row-sort.ts): same result.
   */
  sort?: (confidence: Float64Array, outcome: Uint8Array) => SortedRows;
  /**
   * Starts `smoothEce(confidence, outcome)` elsewhere and returns a function that waits for its
   * smECE and bandwidth; or returns undefined, and it is computed in line. src/parallel's runs
   * it on another thread while this one computes the other estimators (same numbers).
   */
  startSmoothEce?: (confidence: Float64Array, outcome: Uint8Array) => (() => { smece: number; sigma: number }) | undefined;
}
