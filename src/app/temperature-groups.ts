/**
 * `calib temperature --group-by`: every group before and after scaling. The temperature is the
 * one fitted on all rows (a group's "after" is that T on the group's rows: one T may calibrate the
 * whole and leave a group miscalibrated), unless `--fit-per-group` fits one T per group of the fit
 * file (groups under --min-group-rows keep the global T, and the output says so). "After" is
 * measured as the run measures it: on the --apply file, on the fit rows (--in-sample), or
 * cross-fitted (per group too, with --fit-per-group).
 */
import type { MetricConfig } from '../core/config.js';
import { crossFitTemperature, fitTemperature } from '../fit/index.js';
import type { ReadResult } from '../io/read-predictions.js';
import { evaluate } from '../metrics/evaluate.js';
import { selectRows } from '../core/select-rows.js';
import { groupMembers, groupPredictions, groupRows, summarizeGroups, type GroupEvaluation, type Groups } from '../metrics/groups.js';
import { groupName, groupsDocument, keyOf } from '../report/groups/document.js';
import type { EvaluationMode, TemperatureGroupsDocument } from '../report/temperature/document.js';
import { finiteMetrics } from './evaluate.js';
import type { Progress } from './ports.js';
import { columnText } from './slices.js';

export interface TemperatureGroupsInput {
  readonly fitRead: ReadResult;
  readonly evalRead: ReadResult;
  readonly mode: EvaluationMode;
  readonly temperature: number;
  /** cross-fit: each row's T fitted without its fold. */
  readonly perRow?: Float64Array;
  readonly by: readonly string[];
  readonly minRows: number;
  readonly perGroup: boolean;
  readonly folds: number;
  readonly seed: number;
  readonly metric: MetricConfig;
  readonly progress: Progress;
}

const subset = (values: Float64Array, rows: Int32Array): Float64Array => Float64Array.from(rows, (r) => values[r]!);

export interface TemperatureGroupsResult {
  readonly document: TemperatureGroupsDocument;
  /** --fit-per-group: every row's deployed T (its group's, fitted on all of its fit rows), for --write. */
  readonly deployed?: Float64Array;
}

export function temperatureGroups(input: TemperatureGroupsInput): TemperatureGroupsResult {
  const { evalRead, metric, by, minRows } = input;
  const preds = evalRead.predictions;
  const groups = groupRows(by, by.map((c) => columnText(evalRead, c)), preds.rows);
  const fitGroups = input.perGroup ? fitGroupsOf(input) : undefined;
  const temperatures: TemperatureGroupsDocument['temperatures'] = [];
  const before: GroupEvaluation[] = [];
  const after: GroupEvaluation[] = [];
  // --fit-per-group: every row's T (its group's), for the overall row after scaling.
  const rowT = new Float64Array(preds.rows);
  // --fit-per-group: every row's T as deployed (its group's fit on all of the group's fit rows).
  const deployed = new Float64Array(preds.rows);
  groups.keys.forEach((key, g) => {
    const rows = groups.sizes[g]!;
    const gated = rows >= minRows;
    const members = groupMembers(groups, g);
    const groupPreds = selectRows(preds, members);
    const where = ` in group ${groupName(keyOf(by, key))}`;
    before.push({ key, rows, share: rows / preds.rows, gated, evaluation: finiteMetrics(evaluate(groupPreds, metric), evalRead.file, where) });
    const own = fitGroups?.get(JSON.stringify(key));
    let temperature: number | Float64Array = input.temperature;
    let shown = input.temperature;
    if (own !== undefined && own.rows >= minRows) {
      shown = own.temperature;
      temperature = input.mode === 'cross-fit' && rows >= input.folds
        ? crossFitTemperature(groupPreds, { folds: input.folds, seed: input.seed }).perRow : own.temperature;
    } else if (input.perRow !== undefined) {
      temperature = subset(input.perRow, members);
    }
    members.forEach((r, j) => { rowT[r] = typeof temperature === 'number' ? temperature : temperature[j]!; deployed[r] = shown; });
    temperatures.push({ key: keyOf(by, key), temperature: shown, fit_rows: own !== undefined && own.rows >= minRows ? own.rows : null });
    const evaluation = finiteMetrics(evaluate(groupPreds, metric, { temperature }), evalRead.file, `${where} after temperature scaling`);
    after.push({ key, rows, share: rows / preds.rows, gated, evaluation });
  });
  if (input.perGroup) {
    const global = temperatures.filter((t) => t.fit_rows === null).length;
    input.progress.note(`a temperature per group of ${by.join(', ')}` + (global > 0 ? ` (${global} with fewer than ${minRows} fit rows keep the global T)` : ''));
  }
  const document: TemperatureGroupsDocument = {
    fit: input.perGroup ? 'per-group' : 'global',
    before: groupsDocument(by, before, summarizeGroups(before, 'ece'), minRows),
    after: groupsDocument(by, after, summarizeGroups(after, 'ece'), minRows),
    temperatures,
    ...(input.perGroup ? { overall_after: finiteMetrics(evaluate(preds, metric, { temperature: rowT }), evalRead.file, ' after scaling each group').metrics } : {}),
  };
  return input.perGroup ? { document, deployed } : { document };
}

/** --fit-per-group: T fitted on each group of the fit file's rows, by the group's key. */
function fitGroupsOf(input: TemperatureGroupsInput): Map<string, { temperature: number; rows: number }> {
  const { fitRead, by } = input;
  const groups: Groups = groupRows(by, by.map((c) => columnText(fitRead, c)), fitRead.predictions.rows);
  const out = new Map<string, { temperature: number; rows: number }>();
  groups.keys.forEach((key, g) => {
    const rows = groups.sizes[g]!;
    const temperature = rows >= input.minRows ? fitTemperature(groupPredictions(fitRead.predictions, groups, g)).temperature : input.temperature;
    out.set(JSON.stringify(key), { temperature, rows });
  });
  return out;
}
