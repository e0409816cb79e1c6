import type { Warning } from '../../core/warnings.js';
import type { ColumnDecision } from '../../io/select-columns.js';
import type { EstimatorDetails, MetricValues, ReliabilityBin } from '../../metrics/types.js';
import type { ReportConfig } from '../report/document.js';
import type { GroupsDocument } from '../groups/document.js';
import type { WhereDocument } from '../report/document.js';
import type { InputFormat } from '../../io/formats/detect.js';

/** The `groups` of `calib temperature --group-by` (src/app/temperature-groups.ts makes it). */
export interface TemperatureGroupsDocument {
  /** `global`: the T fitted on all rows for every group; `per-group`: each group's own T (--fit-per-group). */
  readonly fit: 'global' | 'per-group';
  readonly before: GroupsDocument;
  readonly after: GroupsDocument;
  /** The T each group was scaled by, and the fit file's rows it was fitted on (null: the global T). */
  readonly temperatures: { readonly key: Record<string, string>; readonly temperature: number; readonly fit_rows: number | null }[];
  /** --fit-per-group: every row's metrics after scaling each by its group's T (`after` is the global T's). */
  readonly overall_after?: MetricValues;
}

/** How the "after" numbers were obtained: on another file, out of fold, or on the fit rows. */
export type EvaluationMode = 'holdout' | 'cross-fit' | 'in-sample';

export interface MetricsAndBins {
  metrics: MetricValues;
  details: EstimatorDetails;
  bins: ReliabilityBin[];
}

/** Everything `calib temperature` prints, as data: the JSON output is this object. */
export interface TemperatureDocument {
  /** T fitted on every row of the fit file: the one to deploy. */
  temperature: number;
  fit: {
    file: string;
    /** The format the fit file was read as: csv, npy, npz, parquet, jsonl or json. */
    format: InputFormat;
    rows: number;
    nll: number;
    nll_at_1: number;
    iterations: number;
    converged: boolean;
    /** `none`, or the end of the range the fit ran into: `zero` (separable), `infinity` (no better than uniform). */
    boundary: 'none' | 'zero' | 'infinity';
    gradient: number;
  };
  evaluation: EvaluationMode;
  evaluation_detail: {
    /** The file the before/after metrics are computed on. */
    file: string;
    /** The format it was read as. */
    format: InputFormat;
    rows: number;
    /** holdout: the columns of --apply's file, with their roles (config.columns has the fit file's). */
    columns?: ColumnDecision[];
    /** cross-fit: the number of folds, their seed and the T fitted without each fold. */
    folds?: number;
    seed?: number;
    fold_temperatures?: number[];
  };
  before: MetricsAndBins;
  after: MetricsAndBins;
  config: ReportConfig & { folds: number; seed: number };
  /** With --where: what it kept of the fit file. */
  where?: WhereDocument;
  /** With --group-by: every group before and after scaling, and the T it was scaled by. */
  groups?: TemperatureGroupsDocument;
  /** Where --write put the calibrated probabilities, if it did. */
  written?: { file: string; rows: number; source: string };
  warnings: string[];
  /** `warnings` as typed records, in the same order (src/core/warnings.ts). */
  warning_records: Warning[];
}

/** One line saying what "after" means, for every renderer. */
export function describeEvaluation(doc: TemperatureDocument): string {
  const d = doc.evaluation_detail;
  switch (doc.evaluation) {
    case 'holdout':
      return `"after" is measured on ${d.file} (${d.rows} rows), which the fit did not see.`;
    case 'cross-fit':
      return `"after" is cross-fitted: ${d.folds} stratified folds (seed ${d.seed}); each row is scaled by the T fitted on the other folds.`;
    default:
      return `"after" is IN-SAMPLE: measured on the rows T was fitted on, so it is optimistic.`;
  }
}
