import type { Warning } from '../../core/warnings.js';
import type { ColumnDecision } from '../../io/select-columns.js';
import type { MetricConfig } from '../../core/config.js';
import type { ScoreKind } from '../../core/predictions.js';
import type { EstimatorDetails, MetricValues, ReliabilityBin } from '../../metrics/types.js';
import type { GroupsDocument } from '../groups/document.js';
import type { InputFormat } from '../../io/formats/detect.js';

/** What `--where` kept, as the JSON's `where`. */
export interface WhereDocument {
  readonly expressions: string[];
  readonly rows_before: number;
  readonly rows_after: number;
}

/** Everything `calib report` prints, as data: the JSON output is this object. */
export interface ReportDocument {
  file: string;
  /** The format the file was read as: csv, npy, npz, parquet, jsonl or json. */
  /** The format the file was read as; `summary` for --from-summary. */
  format: InputFormat | 'summary';
  rows: number;
  classes: number;
  class_names: string[];
  kind: ScoreKind;
  kind_detection: { how: 'auto' | 'forced'; reason: string };
  /** `top-label` (multiclass, or binary with --binary-view top-label) or `positive`. */
  view: 'top-label' | 'positive';
  config: ReportConfig;
  metrics: MetricValues;
  /** What the estimators settled on: smooth-ECE bandwidth, sweep bin count, the debiased square. */
  details: EstimatorDetails;
  bins: ReliabilityBin[];
  /** Rows whose true-class probability was exactly 0 and was replaced by the floor. */
  floor_hits: number;
  /** Present with --bootstrap: the resampling behind `intervals`. */
  /**
   * Present with --bootstrap: the resampling behind `intervals`. From a summary the resamples are
   * its replicates (`replicates`: the engine whose hash drew the Poisson(1) weights, and the id
   * column), and there is no seed.
   */
  bootstrap?: { method: 'percentile'; resamples: number; seed?: number; confidence: number; replicates?: { engine: string; id: string } };
  /** Present with --bootstrap: a percentile interval for every summary metric. */
  intervals?: Record<string, { lower: number; upper: number }>;
  /** A binomial interval (Wilson or Clopper-Pearson, --interval, --confidence) for every bin's accuracy, aligned with `bins`. */
  bin_intervals?: { method: 'wilson' | 'clopper-pearson'; confidence: number; intervals: Array<{ lower: number; upper: number } | null> };
  /** Present with --calibration-tests. */
  calibration_tests?: CalibrationTests;
  /** Present with --diagram corp: the CORP reliability diagram and score decomposition. */
  corp?: CorpReport;
  /** Present with --where: the expressions and the rows before and after them (every number is of the kept rows). */
  where?: WhereDocument;
  /** Present with --group-by: every group's metrics, the worst group and the spread. */
  groups?: GroupsDocument;
  /** --from-summary: the summaries merged (docs/summary-format.md). */
  from_summary?: FromSummaryRecord;
  /** --from-summary: every metric that is not the row-based value, with its bound (null: none the grid implies) and why. */
  approximate?: Array<{ metric: string; bound: number | null; why: string }>;
  warnings: string[];
  /** `warnings` as typed records, in the same order (src/core/warnings.ts). */
  warning_records: Warning[];
}

/**
 * The CORP reliability diagram (Dimitriadis, Gneiting & Jordan 2021): the isotonic (PAV) fit of
 * the outcome on the confidence, the decomposition of the Brier score of that pair,
 * `score = mcb - dsc + unc`, and the consistency band where a calibrated model's fit would fall.
 */
/** What --from-summary merged: the summary files, their grid and edges, slice columns, kinds and sources. */
export interface FromSummaryRecord {
  readonly files: string[];
  readonly grid: number;
  /** The class part's grid (classwise ECE's fine bins). */
  readonly class_grid: number;
  readonly edges: 'right' | 'left';
  readonly slice_columns: string[];
  readonly kinds: string[];
  readonly sources: ReadonlyArray<{ readonly name: string }>;
  readonly calib_version: string;
}

export interface CorpReport {
  /** Mean squared difference of the binned quantity (confidence, or P(y=1)) and the outcome. */
  score: number;
  /** Miscalibration: score minus the score of the PAV-recalibrated values (>= 0). */
  mcb: number;
  /** Discrimination: the reference forecast's (the base rate's) score minus the recalibrated score (>= 0). */
  dsc: number;
  /** Uncertainty: the base rate's score, r (1 - r). */
  unc: number;
  /** The PAV step function as pooled blocks, ascending: confidences lower..upper all get `fitted`. */
  blocks: Array<{ lower: number; upper: number; fitted: number; count: number }>;
  /** Where the fit of calibrated confidences falls (resampled outcomes y* ~ Bernoulli(confidence)), on a grid. */
  band: { level: number; resamples: number; seed: number; points: Array<{ x: number; lower: number; upper: number }> };
}

/** Hypothesis tests of "these probabilities are calibrated", with p-values. */
export interface CalibrationTests {
  /** Spiegelhalter's (1986) Z test of the Brier score, two-sided. */
  spiegelhalter: { z: number; p_value: number };
  /** Hosmer-Lemeshow goodness of fit over deciles of P(y=1): binary positive view only. */
  hosmer_lemeshow: { statistic: number; df: number; p_value: number } | null;
  /** Consistency resampling (Bröcker & Smith 2007): ECE under labels redrawn from the predictions. */
  consistency: {
    ece: number;
    p_value: number;
    resamples: number;
    seed: number;
    /** Per reliability bin: where a calibrated model's bin accuracy would fall (central 95%). */
    bands: Array<{ lower: number; upper: number; count: number; band_low: number | null; band_high: number | null }>;
  };
}

/** Every convention behind the numbers, so a result can be reproduced (docs/conventions.md). */
export interface ReportConfig {
  bins: number;
  /** `fixed` (--bins N) or `auto` (--bins auto: ceil(N^(1/3)), the cube-root rule). */
  bins_rule: 'fixed' | 'auto';
  binning: 'width' | 'mass';
  bin_edges: 'right' | 'left';
  binary_view: 'positive' | 'top-label';
  classwise_binning: 'width';
  ace_binning: 'mass';
  brier: 'multiclass' | 'binary';
  prob_floor: number;
  renormalize: boolean;
  kind: 'auto' | 'logits' | 'probs';
  label_column: string;
  score_columns: string[];
  /** Every column of the input with its role and the reason (README "Input files"). */
  columns: ColumnDecision[];
  tie_break: 'lowest-index';
  log: 'natural';
  /** The bins each estimator used, which differ from the table's for some (docs/conventions.md). */
  estimators: EstimatorBins;
}

/** How one estimator binned the rows. */
export interface EstimatorBinning {
  /** `width`: equal-width bins on [0, 1]; `mass`: equal-count groups of the stable sort; `mass-midpoints`: edges halfway between such groups (Kumar et al.'s get_equal_bins). */
  binning: 'width' | 'mass' | 'mass-midpoints';
  /** A fixed count, or how it is chosen. */
  bins: number | 'swept';
  /** Equal-width only: which side of a bin is closed. */
  closed?: 'right' | 'left';
  /** Equal-mass only: how rows with equal confidence are ordered. */
  ties?: 'row-order';
}

export interface EstimatorBins {
  ece: EstimatorBinning;
  mce: EstimatorBinning;
  rmsce: EstimatorBinning;
  ace: EstimatorBinning;
  classwise_ece: EstimatorBinning;
  ece_debiased: EstimatorBinning;
  ece_sweep: EstimatorBinning;
  smece: { binning: 'none'; kernel: 'reflected-gaussian'; bandwidth: 'fixed-point' };
}

/**
 * The bins every estimator of `evaluate` uses under `metric`: ECE, MCE and RMSCE on the table's
 * bins; ACE on equal-mass bins; classwise ECE on equal-width bins with the table's closed side;
 * the debiased L2 error on right-closed equal-width bins (whatever --bin-edges says, as Kumar et
 * al.'s get_equal_prob_bins) or on mass midpoints; the sweep on equal-mass bins, the count swept.
 */
export function estimatorBins(metric: MetricConfig): EstimatorBins {
  const mass: EstimatorBinning = { binning: 'mass', bins: metric.bins, ties: 'row-order' };
  const width: EstimatorBinning = { binning: 'width', bins: metric.bins, closed: metric.edges };
  const table = metric.binning === 'mass' ? mass : width;
  return {
    ece: table,
    mce: table,
    rmsce: table,
    ace: mass,
    classwise_ece: width,
    ece_debiased: metric.binning === 'mass'
      ? { binning: 'mass-midpoints', bins: metric.bins }
      : { binning: 'width', bins: metric.bins, closed: 'right' },
    ece_sweep: { binning: 'mass', bins: 'swept', ties: 'row-order' },
    smece: { binning: 'none', kernel: 'reflected-gaussian', bandwidth: 'fixed-point' },
  };
}

export interface ReportConfigInput {
  metric: MetricConfig;
  binsRule: 'fixed' | 'auto';
  binary: boolean;
  probFloor: number;
  renormalize: boolean;
  kindFlag: 'auto' | 'logits' | 'probs';
  labelColumn: string;
  scoreColumns: string[];
  columns: readonly ColumnDecision[];
}

export function reportConfig(input: ReportConfigInput): ReportConfig {
  return {
    bins: input.metric.bins,
    bins_rule: input.binsRule,
    binning: input.metric.binning,
    bin_edges: input.metric.edges,
    binary_view: input.metric.binaryView,
    classwise_binning: 'width',
    ace_binning: 'mass',
    brier: input.binary ? 'binary' : 'multiclass',
    prob_floor: input.probFloor,
    renormalize: input.renormalize,
    kind: input.kindFlag,
    label_column: input.labelColumn,
    score_columns: input.scoreColumns,
    columns: [...input.columns],
    tie_break: 'lowest-index',
    log: 'natural',
    estimators: estimatorBins(input.metric),
  };
}

/** One line for a flat listing (the HTML report's settings): `ece: 15 width (right-closed); ...`. */
export function describeEstimators(estimators: EstimatorBins): string {
  return Object.entries(estimators).map(([name, e]) => {
    if (e.binning === 'none') return `${name}: no bins`;
    const detail = e.closed !== undefined ? ` (${e.closed}-closed)` : e.ties !== undefined ? ' (ties in row order)' : '';
    return `${name}: ${e.bins} ${e.binning}${detail}`;
  }).join('; ');
}

export function viewOf(binary: boolean, metric: MetricConfig): 'top-label' | 'positive' {
  return binary && metric.binaryView === 'positive' ? 'positive' : 'top-label';
}
