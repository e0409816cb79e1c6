/**
 * Slices of a file's rows, shared by the commands: `--where EXPR` keeps the rows that satisfy
 * every expression (right after reading, so every number is of the kept rows), and
 * `--group-by COL[,COL]` evaluates each group of rows on its own (metrics/groups.ts) beside the
 * overall numbers. The reader hands over the text of the columns they name (`textRequests`).
 */
import { warn } from '../core/warnings.js';
import type { MetricConfig } from '../core/config.js';
import { CalibError } from '../core/errors.js';
import { selectRows } from '../core/select-rows.js';
import { matchRows, parseWhere, whereColumns, type WhereClause } from '../core/where.js';
import type { ReadResult } from '../io/read-predictions.js';
import type { TextColumnRequest } from '../io/select-columns.js';
import { evaluateGroups, groupPredictions, groupRows, summarizeGroups, type GroupEvaluation, type Groups } from '../metrics/groups.js';
import { GROUP_METRICS, groupName, groupsDocument, keyOf, type GroupMetricName, type GroupsDocument } from '../report/groups/document.js';
import type { WhereDocument } from '../report/report/document.js';

export type { WhereDocument };
import type { BootstrapResult, BootstrapSettings, Statistic } from '../stats/bootstrap.js';
import type { Interval } from '../stats/intervals.js';
import { finiteMetrics } from './evaluate.js';
import type { Progress } from './ports.js';

/** Groups with fewer rows are reported but not gated, and are never the worst (`--min-group-rows`). */
export const DEFAULT_MIN_GROUP_ROWS = 30;

export interface SliceOptions {
  /** `--group-by`: the grouping columns, in order. */
  readonly groupBy?: readonly string[];
  /** `--where`: expressions as typed; a row is kept when it satisfies all of them. */
  readonly where?: readonly string[];
  /** `--min-group-rows` (default DEFAULT_MIN_GROUP_ROWS). */
  readonly minGroupRows?: number;
}


/** The parsed `--where` clauses; usage errors (a bad expression, a column grouped twice) before any file is read. */
export function parseSlices(slice: SliceOptions | undefined): WhereClause[] {
  const by = slice?.groupBy ?? [];
  const twice = by.find((column, i) => by.indexOf(column) !== i);
  if (twice !== undefined) {
    throw new CalibError('usage', `--group-by names ${JSON.stringify(twice)} twice.`, undefined, 'Name each grouping column once, e.g. --group-by site,lang.');
  }
  const min = slice?.minGroupRows;
  if (min !== undefined && !(Number.isInteger(min) && min >= 1)) {
    throw new CalibError('usage', `--min-group-rows ${min} is not a whole number of rows of at least 1.`, undefined, `Give a row count, e.g. --min-group-rows ${DEFAULT_MIN_GROUP_ROWS}.`);
  }
  return (slice?.where ?? []).map(parseWhere);
}

/**
 * The columns the reader must hand over: the grouping columns, the `--where` columns and the id
 * column (`id.column` when --id names one; `id.byName`: the one column named like an id, if any).
 */
export function textRequests(slice: SliceOptions | undefined, id?: { readonly column?: string; readonly byName?: boolean }): TextColumnRequest[] {
  const out: TextColumnRequest[] = [];
  const seen = new Set<string>();
  const add = (column: string, flag: TextColumnRequest['flag']): void => {
    if (seen.has(column)) return;
    seen.add(column);
    out.push({ column, flag });
  };
  for (const column of slice?.groupBy ?? []) add(column, '--group-by');
  for (const column of whereColumns((slice?.where ?? []).map(parseWhere))) add(column, '--where');
  if (id?.column !== undefined) {
    if (seen.has(id.column)) throw new CalibError('usage', `--id ${JSON.stringify(id.column)} also groups or selects rows.`, undefined, 'Pair by a column that names each example, and group by another.');
    out.push({ column: id.column, flag: '--id' });
  } else if (id?.byName === true) {
    out.push({ column: '', flag: '--id', byName: true });
  }
  return out;
}

/** The text of a column the reader handed over. */
export function columnText(read: ReadResult, column: string): readonly string[] {
  const cells = read.text?.get(column);
  if (cells === undefined) throw new Error(`columnText: the reader did not hand over ${JSON.stringify(column)}`);
  return cells;
}

/**
 * `--where`: the read cut to the rows that satisfy every clause (predictions, text columns and
 * kept cells alike; the scan made while reading is dropped, being of every row), with what was
 * kept. Without clauses, the read as it is.
 */
export function applyWhere(read: ReadResult, clauses: readonly WhereClause[], progress: Progress,
  groupBy: readonly string[] = []): { read: ReadResult; where?: WhereDocument } {
  if (clauses.length === 0) return { read: withEmptyGroupWarnings(read, groupBy, progress) };
  const before = read.predictions.rows;
  const rows = matchRows(clauses, before, (column) => columnText(read, column), read.file);
  const expressions = clauses.map((c) => c.text);
  progress.note(`${read.file}: ${expressions.map((e) => `--where ${e}`).join(' and ')} keeps ${rows.length} of ${before} rows`);
  return { read: withEmptyGroupWarnings(subsetRead(read, rows), groupBy, progress), where: { expressions, rows_before: before, rows_after: rows.length } };
}

/**
 * Rows with an empty cell (a blank, pandas' NaN, a null) in a grouping column form a group of
 * their own, shown as `(empty)`: said as a warning (in the read's warnings, so in every
 * document), never dropped without a word.
 */
function withEmptyGroupWarnings(read: ReadResult, groupBy: readonly string[], progress: Progress): ReadResult {
  const found = groupBy.flatMap((column) => {
    const empty = columnText(read, column).filter((cell) => cell === '').length;
    return empty > 0 ? [warn.emptyGroupCells(read.file, column, empty)] : [];
  });
  if (found.length === 0) return read;
  for (const warning of found) progress.warn({ ...warning, message: `${read.file}: ${warning.message}` });
  const warningRecords = [...read.warningRecords, ...found];
  return { ...read, warningRecords, warnings: warningRecords.map((w) => w.message) };
}

/**
 * The read cut to `rows` (0-based, in the order given): predictions, text columns and kept cells
 * alike; the scan made while reading is dropped, being of every row.
 */
export function subsetRead(read: ReadResult, rows: Int32Array): ReadResult {
  const pick = <T>(values: readonly T[]): T[] => Array.from(rows, (r) => values[r]!);
  const { scan: _scan, ...rest } = read;
  return {
    ...rest,
    predictions: selectRows(read.predictions, rows),
    ...(read.text ? { text: new Map([...read.text].map(([name, cells]) => [name, pick(cells)])) } : {}),
    ...(read.kept ? { kept: { header: read.kept.header, cells: pick(read.kept.cells) } } : {}),
  };
}

export interface GroupRun {
  readonly groups: Groups;
  readonly results: GroupEvaluation[];
  readonly document: GroupsDocument;
  /** With a bootstrap: each group's (with the `derived` statistics asked for). */
  readonly bootstraps?: BootstrapResult[];
}

/**
 * `--group-by`: every group of the read's rows evaluated on its own with the file's conventions,
 * the worst gated group by ECE and the spread, and with `bootstrap` each group's intervals.
 */
export function evaluateSlices(read: ReadResult, by: readonly string[], metric: MetricConfig,
  options: { readonly minRows: number; readonly bootstrap?: BootstrapSettings; readonly progress?: Progress; readonly derived?: Readonly<Record<string, Statistic>> },
  bootstrapMetrics?: typeof import('../stats/bootstrap.js').bootstrapMetrics): GroupRun {
  const preds = read.predictions;
  const groups = groupRows(by, by.map((column) => columnText(read, column)), preds.rows);
  const results = evaluateGroups(preds, groups, metric, { minRows: options.minRows });
  results.forEach((group) => finiteMetrics(group.evaluation, read.file, ` in group ${groupName(keyOf(by, group.key))}`));
  const summary = summarizeGroups(results, 'ece');
  let intervals: Partial<Record<GroupMetricName, Interval>>[] | undefined;
  let bootstraps: BootstrapResult[] | undefined;
  if (options.bootstrap !== undefined) {
    if (bootstrapMetrics === undefined) throw new Error('evaluateSlices: bootstrap asked without bootstrapMetrics');
    const settings = options.bootstrap;
    options.progress?.note(`bootstrapping each of ${results.length} groups (${settings.resamples} resamples, seed ${settings.seed})...`);
    bootstraps = results.map((_, g) => bootstrapMetrics(groupPredictions(preds, groups, g), metric, { ...settings, ...(options.derived ? { derived: options.derived } : {}) }));
    intervals = bootstraps.map((boot) => Object.fromEntries(GROUP_METRICS.map((m) => [m, boot.intervals[m]])) as Partial<Record<GroupMetricName, Interval>>);
  }
  const document = groupsDocument(by, results, summary, options.minRows, intervals);
  options.progress?.note(`${read.file}: ${results.length} group${results.length === 1 ? '' : 's'} by ${by.join(', ')}`
    + (summary.ungated > 0 ? ` (${summary.ungated} under ${options.minRows} rows: reported, not gated)` : ''));
  return { groups, results, document, ...(bootstraps ? { bootstraps } : {}) };
}
