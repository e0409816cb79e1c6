/**
 * `--from-summary`: `report`, `check` and `compare` from summaries (docs/summary-format.md)
 * instead of prediction files. The summaries are merged (src/summary/merge.ts); the metrics are
 * computed from the fine bins (src/summary/metrics.ts), every approximate one listed with its
 * bound. What needs rows is refused by the CLI before anything is read.
 */
import { runGroupChecks, type GroupGate } from '../check/group-checks.js';
import { runChecks, type CheckReport, type Threshold } from '../check/index.js';
import type { MetricConfig } from '../core/config.js';
import type { CheckRenderInfo } from '../report/check/types.js';
import { compareMetrics, type CompareResult } from '../compare/compare.js';
import { compareJsonDocument } from '../report/compare/json.js';
import { requireThresholds, type CheckRun } from './check.js';
import { CalibError } from '../core/errors.js';
import { emptyRowStats } from '../metrics/row-stats.js';
import { summarizeGroups, type GroupEvaluation } from '../metrics/groups.js';
import { groupsDocument, type GroupsDocument } from '../report/groups/document.js';
import { estimatorBins, reportConfig, viewOf, type ReportDocument } from '../report/report/document.js';
import { binAccuracyIntervals } from '../stats/intervals.js';
import { percentileInterval } from '../stats/bootstrap.js';
import { METRIC_NAMES, type MetricName, type MetricValues } from '../metrics/types.js';
import type { Interval } from '../stats/intervals.js';
import { addSlice, mergeSummaries, overall, overallOf, type NamedSummary } from '../summary/merge.js';
import { summaryEvaluation, type ApproximateMetric, type SummaryEvaluation } from '../summary/metrics.js';
import { emptySlice, sliceOrder, type SliceSums, type Summary } from '../summary/types.js';
import { finiteMetrics, metricConfigFrom, type MetricOptions } from './evaluate.js';
import type { SummaryDeps } from './ports.js';
import { DEFAULT_MIN_GROUP_ROWS } from './slices.js';

export interface SummaryRunOptions {
  /** `--from-summary S...`: files, directories or globs. */
  readonly specs: readonly string[];
  readonly metric: MetricOptions;
  /** Which conventions the user gave on the command line (not defaults): they must agree with the summary's header. */
  readonly explicit?: { readonly binEdges?: boolean; readonly binaryView?: boolean; readonly probFloor?: number };
  /** `--group-by`: a subset of the summary's slice columns. */
  readonly groupBy?: readonly string[];
  readonly minGroupRows?: number;
}

/** The `from_summary` record of a document: what was merged. */
export interface FromSummaryDocument {
  readonly files: string[];
  readonly grid: number;
  readonly class_grid: number;
  readonly edges: 'right' | 'left';
  readonly slice_columns: string[];
  readonly kinds: string[];
  readonly sources: Summary['header']['sources'];
  readonly calib_version: string;
}

export interface MergedSummary {
  readonly summary: Summary;
  readonly files: string[];
  readonly record: FromSummaryDocument;
}

/** The summaries that `specs` name, merged in the order read (a usage error when none is named). */
export async function loadMerged(specs: readonly string[], deps: SummaryDeps): Promise<MergedSummary> {
  // Merged as they are read: the running total and one summary in memory at a time.
  let merged: NamedSummary | undefined;
  const files: string[] = [];
  for await (const part of deps.loadSummaries(specs)) {
    files.push(part.name);
    merged = merged === undefined ? part : { name: merged.name, summary: mergeSummaries([merged, part]) };
  }
  if (merged === undefined) throw new CalibError('usage', '--from-summary names no summary.', undefined, 'Give summary files, e.g. --from-summary parts/*.summary.json.');
  const { summary } = merged;
  const { header } = summary;
  const rows = summary.slices.reduce((n, s) => n + s.total.n, 0);
  deps.progress.note(`${files.length === 1 ? files[0] : `${files.length} summaries merged (${files[0]} ... ${files[files.length - 1]})`}: ${rows} rows, `
    + `${header.classes.length} classes${header.binary ? ` (binary, ${header.binary_view} view)` : ''}, grid of ${header.grid} fine bins, classes on ${header.class_grid} (${header.edges}-closed)`
    + `${header.slice_columns.length > 0 ? `, ${summary.slices.length} slices by ${header.slice_columns.join(', ')}` : ''}; ${header.sources.length} source${header.sources.length === 1 ? '' : 's'}`);
  if (rows === 0) throw new CalibError('input', `${files.join(', ')}: the summary holds no rows.`, { file: files[0]! });
  return {
    summary, files,
    record: {
      files, grid: header.grid, class_grid: header.class_grid, edges: header.edges, slice_columns: [...header.slice_columns], kinds: [...header.kinds], sources: header.sources,
      calib_version: header.calib_version,
    },
  };
}

/**
 * The metric conventions of a run over a summary: the summary's edges and binary view (a flag
 * given on the command line that says otherwise is an error naming both), the bins as asked.
 */
export function summaryMetricConfig(merged: MergedSummary, options: Pick<SummaryRunOptions, 'metric' | 'explicit'>): MetricConfig {
  const { header } = merged.summary;
  const where = merged.files.join(', ');
  const conflict = (flag: string, given: string, field: string, recorded: string): CalibError =>
    new CalibError('usage', `${flag} ${given}, but ${where} ${merged.files.length === 1 ? 'was' : 'were'} summarized with ${field} ${recorded}.`, undefined,
      `Leave out ${flag} (the summary's ${field} is used), or summarize again with ${flag} ${given}.`);
  if (options.explicit?.binEdges && options.metric.binEdges !== header.edges) throw conflict('--bin-edges', options.metric.binEdges, 'edges', header.edges);
  if (options.explicit?.binaryView && header.binary && options.metric.binaryView !== header.binary_view) {
    throw conflict('--binary-view', options.metric.binaryView, 'binary_view', String(header.binary_view));
  }
  const floor = options.explicit?.probFloor;
  if (floor !== undefined && floor !== header.prob_floor) throw conflict('--prob-floor', String(floor), 'prob_floor', String(header.prob_floor));
  const rows = merged.summary.slices.reduce((n, s) => n + s.total.n, 0);
  const metric = metricConfigFrom({ ...options.metric, binEdges: header.edges, binaryView: header.binary_view ?? options.metric.binaryView }, rows);
  return metric;
}

/** Slices of `summary` grouped by `by` (a subset of its slice columns, in any order): slices with the same values there added. */
export function groupSlices(summary: Summary, by: readonly string[], file: string): SliceSums[] {
  const columns = summary.header.slice_columns;
  const at = by.map((column) => {
    const i = columns.indexOf(column);
    if (i < 0) {
      throw new CalibError('usage', `--group-by ${column}: ${file} has no slice column ${JSON.stringify(column)} (its slice columns: ${columns.length > 0 ? columns.join(', ') : 'none'}).`,
        undefined, 'Group by the columns the summary was made with (calib summarize --group-by COL), or a subset of them.');
    }
    return i;
  });
  const { classes } = summary.header;
  const groups = new Map<string, SliceSums>();
  for (const slice of summary.slices) {
    const key = at.map((i) => slice.key[i]!);
    const id = JSON.stringify(key);
    let into = groups.get(id);
    if (into === undefined) groups.set(id, (into = emptySlice(key, classes.length)));
    addSlice(into, slice);
  }
  return sliceOrder([...groups.values()]);
}

export interface SummaryGroups {
  readonly document: GroupsDocument;
  /** Each group's key (by column), rows and metrics, in group order. */
  readonly results: readonly { readonly key: Record<string, string>; readonly rows: number; readonly gated: boolean; readonly evaluation: SummaryEvaluation }[];
}

/** `--group-by` over a summary: each group's metrics from its slices, the worst and the spread as `report` gives them. */
export function evaluateSummaryGroups(merged: MergedSummary, by: readonly string[], metric: MetricConfig, minRows: number): SummaryGroups {
  const { summary } = merged;
  const file = merged.files.join(', ');
  const slices = groupSlices(summary, by, file);
  const total = slices.reduce((n, s) => n + s.total.n, 0);
  const evaluations = slices.map((slice) => finiteMetrics(summaryEvaluation(slice, summary.header, metric), file, ` in group ${slice.key.join(', ')}`));
  // The group table shows metrics only; the per-row statistics of a row-based group are not there (no rows).
  const results: GroupEvaluation[] = slices.map((slice, g) => ({
    key: slice.key, rows: slice.total.n, share: slice.total.n / total, gated: slice.total.n >= minRows,
    evaluation: { metrics: evaluations[g]!.metrics, details: evaluations[g]!.details, bins: evaluations[g]!.bins, stats: emptyRowStats(0) },
  }));
  const document = groupsDocument(by, results, summarizeGroups(results, 'ece'), minRows);
  return {
    document,
    results: results.map((r, g) => ({ key: document.groups[g]!.key, rows: r.rows, gated: r.gated, evaluation: evaluations[g]! })),
  };
}

/** The `approximate` record of a document: each approximate metric with its bound and why. */
export interface ApproximateDocument {
  readonly metric: string;
  readonly bound: number | null;
  readonly why: string;
}

export function approximateDocument(list: readonly ApproximateMetric[]): ApproximateDocument[] {
  return list.map((a) => ({ metric: a.metric, bound: a.bound, why: a.why }));
}

export interface SummaryReportOptions extends SummaryRunOptions {
  readonly confidence: number;
  readonly interval: 'wilson' | 'clopper-pearson';
  /** `--bootstrap N`: percentile intervals from the summary's N replicates (it must carry exactly N). */
  readonly bootstrap?: number;
}

/**
 * Percentile intervals of every metric over the replicates a summary carries (`calib sql
 * --replicates R --id COL`: each replicate is the table of the rows weighted by Poisson(1) draws,
 * the Poisson bootstrap): each replicate's metrics computed from its sums as the point's are, then
 * the equal-tailed quantiles as the row-based bootstrap takes them (stats/bootstrap.ts). `--bootstrap
 * N` must name the replicates' count: the resamples were drawn by the query, not here.
 */
export function replicateIntervals(merged: MergedSummary, metric: MetricConfig, resamples: number, confidence: number): Record<MetricName, Interval> {
  const replicates = replicateMetrics(merged, metric, resamples);
  return Object.fromEntries(METRIC_NAMES.map((name) => [name, percentileInterval(Float64Array.from(replicates, (m) => m[name]), confidence)])) as Record<MetricName, Interval>;
}

/** Each replicate's metrics (`--bootstrap N` checked against the summary's replicates: see `replicateIntervals`). */
export function replicateMetrics(merged: MergedSummary, metric: MetricConfig, resamples: number): MetricValues[] {
  const { summary } = merged;
  const { header } = summary;
  const where = merged.files.join(', ');
  if (header.replicates === undefined || summary.replicates === undefined) {
    throw new CalibError('usage', `--bootstrap needs resamples, and ${where} carries no replicates (a summary has no rows to draw them from).`, undefined,
      'Leave out --bootstrap, or compute the summary with its replicates: calib sql --replicates R --id COL (then --bootstrap R).');
  }
  if (resamples !== header.replicates) {
    throw new CalibError('usage', `--bootstrap ${resamples}, but ${where} carries ${header.replicates} replicates (drawn by the query, not here).`, undefined,
      `Pass --bootstrap ${header.replicates}, or compute the summary again with calib sql --replicates ${resamples}.`);
  }
  const k = header.classes.length;
  return summary.replicates.map((slices, r) => {
    const all = overallOf(slices, k);
    if (all.total.n === 0) throw new CalibError('input', `${where}: replicate ${r} holds no rows (every row drew weight 0).`, { file: merged.files[0]! }, 'Use a table of more rows.');
    return finiteMetrics(summaryEvaluation(all, header, metric), where, ` in replicate ${r}`).metrics;
  });
}

/** `calib report --from-summary`: the report's document from merged summaries, with `from_summary` and `approximate`. */
export async function runReportFromSummary(options: SummaryReportOptions, deps: SummaryDeps): Promise<ReportDocument> {
  const merged = await loadMerged(options.specs, deps);
  const { summary } = merged;
  const { header } = summary;
  const metric = summaryMetricConfig(merged, options);
  const file = merged.files.join(', ');
  const evaluation = finiteMetrics(summaryEvaluation(overall(summary), header, metric), file);
  const rows = summary.slices.reduce((n, s) => n + s.total.n, 0);
  const first = header.sources[0];
  const document: ReportDocument = {
    file: options.specs.join(', '),
    format: 'summary',
    rows,
    classes: header.classes.length,
    class_names: [...header.classes],
    kind: header.kinds[0] ?? 'probs',
    kind_detection: first?.kind_detection ? { ...first.kind_detection } : { how: 'forced', reason: `recorded in the summary's header (${header.kinds.join(', ')})` },
    view: viewOf(header.binary, metric),
    config: reportConfig({
      metric, binsRule: options.metric.bins === 'auto' ? 'auto' : 'fixed', binary: header.binary, probFloor: header.prob_floor, renormalize: false,
      kindFlag: header.kinds.length === 1 ? header.kinds[0]! : 'auto', labelColumn: first?.label_column ?? '', scoreColumns: [...(first?.score_columns ?? [])], columns: [],
    }),
    metrics: evaluation.metrics,
    details: evaluation.details,
    bins: evaluation.bins,
    floor_hits: summary.slices.reduce((n, s) => n + s.total.floorHits, 0),
    warnings: [],
    warning_records: [],
    from_summary: merged.record,
    approximate: approximateDocument(evaluation.approximate),
  };
  document.bin_intervals = binAccuracyIntervals(document.bins, options.interval, options.confidence);
  if (options.bootstrap !== undefined) {
    document.intervals = replicateIntervals(merged, metric, options.bootstrap, options.confidence);
    const w = header.replicate_weights!;
    document.bootstrap = { method: 'percentile', resamples: options.bootstrap, confidence: options.confidence, replicates: { engine: w.engine, id: w.id } };
    deps.progress.note(`${file}: percentile intervals from the summary's ${options.bootstrap} replicates (Poisson(1) weights drawn by ${w.engine}'s hash of ${w.id})`);
  }
  const by = options.groupBy ?? [];
  if (by.length > 0) {
    const groups = evaluateSummaryGroups(merged, by, metric, options.minGroupRows ?? DEFAULT_MIN_GROUP_ROWS);
    document.groups = groups.document;
    deps.progress.note(`${file}: ${groups.results.length} group${groups.results.length === 1 ? '' : 's'} by ${by.join(', ')}`);
  }
  return document;
}

export interface SummaryCheckOptions extends SummaryRunOptions {
  readonly thresholds: readonly Threshold[];
  readonly thresholdsFile?: string;
  readonly groupGate?: GroupGate;
}

/**
 * `calib check --from-summary`: the same thresholds gated on the metrics from merged summaries
 * (per group with --group-by). A threshold on an approximate metric is allowed, and the output
 * says it is approximate with its bound (`approximate`); no bootstrap, so the point is compared.
 */
export async function runCheckFromSummary(options: SummaryCheckOptions, deps: SummaryDeps): Promise<CheckRun> {
  requireThresholds(options.thresholds);
  const by = options.groupBy ?? [];
  if (options.groupGate !== undefined && by.length === 0) {
    throw new CalibError('usage', `--${options.groupGate} gates groups, and there are none.`, undefined, 'Add --group-by COL (one of the summary\'s slice columns).');
  }
  const merged = await loadMerged(options.specs, deps);
  const { summary } = merged;
  const metric = summaryMetricConfig(merged, options);
  const file = merged.files.join(', ');
  const evaluation = finiteMetrics(summaryEvaluation(overall(summary), summary.header, metric), file);
  let report: CheckReport = runChecks(evaluation.metrics, options.thresholds, { failOn: 'point' });
  let groups: SummaryGroups | undefined;
  const approximate = [...evaluation.approximate];
  if (by.length > 0) {
    const minRows = options.minGroupRows ?? DEFAULT_MIN_GROUP_ROWS;
    groups = evaluateSummaryGroups(merged, by, metric, minRows);
    const gate = runGroupChecks(groups.results.map((g) => ({ key: g.key, rows: g.rows, gated: g.gated, metrics: g.evaluation.metrics })),
      options.thresholds, { failOn: 'point', mode: options.groupGate ?? 'per-group', minRows });
    report = { ...report, passed: report.passed && gate.passed, groups: gate };
    // A group's approximate metric has its own bound: the largest over the groups is stated.
    for (const g of groups.results) {
      for (const a of g.evaluation.approximate) {
        const i = approximate.findIndex((x) => x.metric === a.metric);
        if (i < 0) approximate.push(a);
        else if (a.bound === null || (approximate[i]!.bound !== null && a.bound > approximate[i]!.bound!)) approximate[i] = { ...approximate[i]!, bound: a.bound };
      }
    }
  }
  const rows = summary.slices.reduce((n, s) => n + s.total.n, 0);
  const info: CheckRenderInfo = {
    file: options.specs.join(', '),
    format: 'summary',
    ...(options.thresholdsFile !== undefined ? { thresholdsFile: options.thresholdsFile } : {}),
    warningRecords: [],
    config: { ...reportConfig({
      metric, binsRule: options.metric.bins === 'auto' ? 'auto' : 'fixed', binary: summary.header.binary, probFloor: summary.header.prob_floor,
      renormalize: false, kindFlag: summary.header.kinds.length === 1 ? summary.header.kinds[0]! : 'auto',
      labelColumn: summary.header.sources[0]?.label_column ?? '', scoreColumns: [...(summary.header.sources[0]?.score_columns ?? [])], columns: [],
    }) },
    ...(groups ? { groups: groups.document, overall: { rows, metrics: evaluation.metrics } } : {}),
    fromSummary: merged.record,
    approximate: approximateDocument(approximate),
  };
  return { report, info };
}

export interface SummaryCompareOptions {
  /** One entry per model: its summaries (files, directories, globs) and its name when given. */
  readonly models: readonly { readonly specs: readonly string[]; readonly name?: string }[];
  readonly metric: MetricOptions;
  readonly explicit?: SummaryRunOptions['explicit'];
  readonly groupBy?: readonly string[];
  readonly minGroupRows?: number;
  /** `--bootstrap N`: paired intervals from every model's N replicates (drawn by one engine from one id column). */
  readonly bootstrap?: number;
  readonly confidence?: number;
}

/**
 * `calib compare --from-summary a=S1 b=S2`: each model's summaries merged and evaluated, the
 * models side by side with their deltas. Unpaired and without intervals: paired intervals resample
 * the same rows of every model, and summaries hold no rows.
 */
export async function runCompareFromSummary(options: SummaryCompareOptions, deps: SummaryDeps): Promise<{
  document: Record<string, unknown> & { models: Record<string, unknown>[] }; raw: CompareResult; groups?: GroupsDocument[];
}> {
  const merged: MergedSummary[] = [];
  for (const model of options.models) merged.push(await loadMerged(model.specs, deps));
  const first = merged[0]!;
  for (const [i, m] of merged.entries()) {
    const a = first.summary.header;
    const b = m.summary.header;
    for (const field of ['classes', 'binary', 'binary_view', 'edges'] as const) {
      if (JSON.stringify(a[field]) !== JSON.stringify(b[field])) {
        throw new CalibError('input', `${first.files.join(', ')} and ${m.files.join(', ')} (models 1 and ${i + 1}) cannot be compared: their summaries differ in ${field} (${JSON.stringify(a[field])} and ${JSON.stringify(b[field])}).`,
          { file: m.files[0]! }, 'Summarize every model with the same --classes, --binary-view and --bin-edges.');
      }
    }
  }
  const metrics = merged.map((m) => summaryMetricConfig(m, options));
  const metric = metrics.reduce((a, b) => (b.bins < a.bins ? b : a));
  const evaluations = merged.map((m) => finiteMetrics(summaryEvaluation(overall(m.summary), m.summary.header, metric), m.files.join(', ')));
  let pairing: { confidence: number; engine: string; id: string } | undefined;
  let replicates: MetricValues[][] | undefined;
  if (options.bootstrap !== undefined) {
    const w = first.summary.header.replicate_weights;
    for (const [i, m] of merged.entries()) {
      const v = m.summary.header.replicate_weights;
      if (w !== undefined && v !== undefined && (v.engine !== w.engine || v.id !== w.id)) {
        throw new CalibError('usage', `--bootstrap pairs the models' replicates, but ${first.files.join(', ')} drew them by ${w.engine}'s hash of ${w.id} and ${m.files.join(', ')} (model ${i + 1}) by ${v.engine}'s hash of ${v.id}.`,
          undefined, 'Summarize every model on one engine with the same --replicates and --id.');
      }
    }
    replicates = merged.map((m) => replicateMetrics(m, metric, options.bootstrap!));
    pairing = { confidence: options.confidence ?? 0.95, engine: w!.engine, id: w!.id };
  }
  const raw = compareMetrics(merged.map((m, i) => ({
    file: options.models[i]!.specs.join(', '), rows: m.summary.slices.reduce((n, s) => n + s.total.n, 0), metrics: evaluations[i]!.metrics,
    ...(options.models[i]!.name !== undefined ? { name: options.models[i]!.name! } : {}),
    ...(replicates ? { replicates: replicates[i]! } : {}),
  })), pairing
    ? `paired by the summaries' replicates: each drew a row's Poisson(1) weights from ${pairing.engine}'s hash of its ${pairing.id}, so rows of one id weigh alike in every model (the tables must hold the same ids)`
    : 'summaries hold no rows to pair, so the deltas are unpaired and have no intervals', pairing);
  const by = options.groupBy ?? [];
  const groups = by.length === 0 ? undefined
    : merged.map((m) => evaluateSummaryGroups(m, by, metric, options.minGroupRows ?? DEFAULT_MIN_GROUP_ROWS).document);
  const document = compareJsonDocument(raw, {
    bins: metric.bins, bins_rule: options.metric.bins === 'auto' ? 'auto' : 'fixed', binning: metric.binning, bin_edges: metric.edges,
    binary_view: metric.binaryView, estimators: estimatorBins(metric),
  });
  document.models = document.models.map(({ name, file, ...rest }, i) => ({
    name, file, format: 'summary', ...rest, columns: [],
    ...(groups ? { groups: groups[i] } : {}),
    from_summary: merged[i]!.record, approximate: approximateDocument(evaluations[i]!.approximate),
  }));
  return { document, raw, ...(groups ? { groups } : {}) };
}
