import type { MetricConfig } from '../../core/config.js';
import type { ScoreKind } from '../../core/predictions.js';
import type { MetricValues, ReliabilityBin } from '../../metrics/types.js';

/** Everything `calib report` prints, as data: the JSON output is this object. */
export interface ReportDocument {
  file: string;
  rows: number;
  classes: number;
  class_names: string[];
  kind: ScoreKind;
  kind_detection: { how: 'auto' | 'forced'; reason: string };
  /** `top-label` (multiclass, or binary with --binary-view top-label) or `positive`. */
  view: 'top-label' | 'positive';
  config: ReportConfig;
  metrics: MetricValues;
  bins: ReliabilityBin[];
  /** Rows whose true-class probability was exactly 0 and was replaced by the floor. */
  floor_hits: number;
  warnings: string[];
}

/** Every convention behind the numbers, so a result can be reproduced (METRICS.md). */
export interface ReportConfig {
  bins: number;
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
  tie_break: 'lowest-index';
  log: 'natural';
}

export interface ReportConfigInput {
  metric: MetricConfig;
  binary: boolean;
  probFloor: number;
  renormalize: boolean;
  kindFlag: 'auto' | 'logits' | 'probs';
  labelColumn: string;
  scoreColumns: string[];
}

export function reportConfig(input: ReportConfigInput): ReportConfig {
  return {
    bins: input.metric.bins,
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
    tie_break: 'lowest-index',
    log: 'natural',
  };
}

export function viewOf(binary: boolean, metric: MetricConfig): 'top-label' | 'positive' {
  return binary && metric.binaryView === 'positive' ? 'positive' : 'top-label';
}
