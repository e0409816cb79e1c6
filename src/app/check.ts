import { runChangeChecks, type ChangeThreshold } from '../check/change-thresholds.js';
import { runGroupChecks, type GroupGate } from '../check/group-checks.js';
import { checkIntervals, derivedCheckStatistics, runChecks, type CheckReport, type FailOn, type Threshold } from '../check/index.js';
import type { PairMode } from '../compare/id-pairing.js';
import { compareModels } from '../compare/index.js';
import { CalibError } from '../core/errors.js';
import type { MetricName } from '../metrics/types.js';
import { fromFile } from '../core/warnings.js';
import type { Interval } from '../stats/intervals.js';
import type { CheckRenderInfo } from '../report/check/types.js';
import { bootstrapMetrics } from '../stats/bootstrap.js';
import { configOf, type InputConventions } from './conventions.js';
import { evaluateRead, finiteMetrics, metricConfigFrom, scanConfigFor, type MetricOptions } from './evaluate.js';
import { alignById, idRequest } from './pairing.js';
import type { UseCaseDeps } from './ports.js';
import { applyWhere, DEFAULT_MIN_GROUP_ROWS, evaluateSlices, parseSlices, textRequests, type SliceOptions } from './slices.js';

/** `--fail-on` as the user spelled it: `upper` is `strict` and `lower` is `lenient` (named for max thresholds). */
export type FailOnFlag = 'point' | 'upper' | 'lower' | 'strict' | 'lenient';

/**
 * `--fail-on`: `upper`/`strict` compare the end of the interval on the failing side (the upper
 * bound of a max-threshold metric, the lower bound of a min-threshold one), so a check passes only
 * when the whole interval is inside the threshold; `lower`/`lenient` compare the other end, so it
 * fails only when the whole interval is outside. Named for max thresholds, which are most checks.
 */
const FAIL_ON: Record<FailOnFlag, FailOn> = { point: 'point', upper: 'strict', strict: 'strict', lower: 'lenient', lenient: 'lenient' };

export interface CheckOptions {
  readonly file: string;
  /** The thresholds, merged from the flags and the thresholds file (the flags win). */
  readonly thresholds: readonly Threshold[];
  /** The thresholds file they partly came from, when there was one. */
  readonly thresholdsFile?: string;
  /** Give each metric a bootstrap interval from this many resamples. */
  readonly bootstrap?: number;
  readonly seed: number;
  readonly confidence: number;
  readonly failOn: FailOnFlag;
  readonly metric: MetricOptions;
  readonly input: InputConventions;
  /** --where and --group-by. */
  readonly slice?: SliceOptions;
  /** With --group-by: thresholds on every gated group (default) or on the worst one per threshold. */
  readonly groupGate?: GroupGate;
  /** --baseline BASE: change thresholds against another file of the same examples. */
  readonly baseline?: BaselineOptions;
}

export interface BaselineOptions {
  readonly file: string;
  readonly changes: readonly ChangeThreshold[];
  /** --id COL (else the column every file names like an id, when there is one). */
  readonly id?: string;
  readonly pair: PairMode;
}

export interface CheckRun {
  readonly report: CheckReport;
  /** What the renderers say about the run besides the checks (the JSON document is both). */
  readonly info: CheckRenderInfo;
}

/** A check needs something to check (the CLI asks first, before it looks at the output paths). */
export function requireThresholds(thresholds: readonly Threshold[], changes: readonly ChangeThreshold[] = [], baseline?: string): void {
  if (changes.length > 0 && baseline === undefined) {
    throw new CalibError('usage', `${changes.length === 1 ? 'a change threshold' : 'change thresholds'} (such as --max-ece-increase) need a baseline to change from.`, undefined,
      'Add --baseline BASE.csv (the same examples scored by the model to compare with), or use absolute thresholds such as --max-ece 0.05.');
  }
  if (thresholds.length === 0 && changes.length === 0) {
    throw new CalibError('usage', 'no thresholds: nothing to check.', undefined,
      baseline === undefined ? 'Give at least one threshold, e.g. --max-ece 0.05, or --config FILE.'
        : 'Give a change threshold such as --max-ece-increase 0.01, or an absolute one such as --max-ece 0.05.');
  }
}

/** Usage errors of the options, before any file is read. */
export function checkCheckOptions(options: Pick<CheckOptions, 'thresholds' | 'bootstrap' | 'failOn' | 'slice' | 'groupGate' | 'baseline'>): void {
  requireThresholds(options.thresholds, options.baseline?.changes ?? [], options.baseline?.file);
  parseSlices(options.slice);
  if (options.groupGate !== undefined && (options.slice?.groupBy ?? []).length === 0) {
    throw new CalibError('usage', `--${options.groupGate} gates groups, and there are none.`, undefined, 'Add --group-by COL (e.g. --group-by site).');
  }
  if (options.baseline && options.thresholds.length === 0 && (options.slice?.groupBy ?? []).length > 0) {
    throw new CalibError('usage', '--group-by gates the absolute thresholds per group, and there are none (change thresholds apply to the whole file).', undefined,
      'Add an absolute threshold such as --max-ece 0.05, or leave out --group-by.');
  }
  if (FAIL_ON[options.failOn] !== 'point' && options.bootstrap === undefined) {
    throw new CalibError('usage', `--fail-on ${options.failOn} compares an end of a confidence interval, and there is none.`, undefined,
      'Add --bootstrap 1000 (or use --fail-on point).');
  }
}

/** `calib check`: every threshold against the file's metrics (or an end of their intervals), per group and against a baseline when asked. */
export async function runCheck(options: CheckOptions, deps: UseCaseDeps): Promise<CheckRun> {
  checkCheckOptions(options);
  const failOn = FAIL_ON[options.failOn];
  const clauses = parseSlices(options.slice);
  const by = options.slice?.groupBy ?? [];
  const textColumns = textRequests(options.slice, options.baseline ? idRequest(options.baseline) : undefined);
  const scan = clauses.length === 0 && !options.baseline ? scanConfigFor(options.metric) : undefined;
  // The bootstrap and the groups read the scores after the per-row pass; a plain gate does not.
  const scoresUnused = scan !== undefined && options.bootstrap === undefined && by.length === 0;
  const request = { ...(scan ? { scan } : {}), ...(textColumns.length > 0 ? { textColumns } : {}), ...(scoresUnused ? { scoresUnused } : {}) };
  const first = applyWhere(await deps.read(options.file, request), clauses, deps.progress, options.slice?.groupBy);
  const where = first.where;
  let read = first.read;
  let baseRead = options.baseline ? applyWhere(await deps.read(options.baseline.file, request), clauses, deps.progress, options.slice?.groupBy).read : undefined;
  let pairing;
  if (baseRead && options.baseline) {
    const aligned = alignById([baseRead, read], options.baseline, deps.progress);
    [baseRead, read] = aligned.reads as [typeof read, typeof read];
    pairing = aligned.pairing;
  }
  const preds = read.predictions;
  const metric = metricConfigFrom(options.metric, preds.rows);
  const { metrics } = evaluateRead(read, metric, deps.parallel?.evaluation);
  const settings = options.bootstrap === undefined ? undefined : { resamples: options.bootstrap, seed: options.seed, confidence: options.confidence };
  let intervals;
  if (settings && options.thresholds.length > 0) {
    deps.progress.note(`bootstrapping ${settings.resamples} resamples (seed ${settings.seed})...`);
    intervals = checkIntervals(bootstrapMetrics(preds, metric, { ...settings, derived: derivedCheckStatistics() }));
  }
  const overall = options.thresholds.length > 0 ? runChecks(metrics, options.thresholds, { failOn, ...(intervals ? { intervals } : {}) })
    : { passed: true, failOn, checks: [] };
  let report: CheckReport = overall;
  let groupsDoc;
  if (by.length > 0) {
    const minRows = options.slice?.minGroupRows ?? DEFAULT_MIN_GROUP_ROWS;
    const run = evaluateSlices(read, by, metric, { minRows, progress: deps.progress, ...(settings ? { bootstrap: settings, derived: derivedCheckStatistics() } : {}) }, bootstrapMetrics);
    groupsDoc = run.document;
    const groups = run.results.map((g, i) => ({
      key: run.document.groups[i]!.key, rows: g.rows, gated: g.gated, metrics: g.evaluation.metrics,
      ...(run.bootstraps ? { intervals: checkIntervals(run.bootstraps[i]!) } : {}),
    }));
    const gate = runGroupChecks(groups, options.thresholds, { failOn, mode: options.groupGate ?? 'per-group', minRows });
    report = { ...report, passed: report.passed && gate.passed, groups: gate };
  }
  const warningRecords = [...read.warningRecords];
  if (baseRead && options.baseline) {
    const baseline = options.baseline;
    if (settings) deps.progress.note(`bootstrapping the change from the baseline: ${settings.resamples} resamples (seed ${settings.seed})...`);
    const comparison = compareModels([{ file: baseline.file, name: 'baseline', preds: baseRead.predictions }, { file: options.file, name: 'candidate', preds }],
      metric, { ...(settings ? { bootstrap: settings } : {}), evaluation: deps.parallel?.evaluation ?? {} });
    if (!comparison.paired) deps.progress.note(`unpaired comparison with the baseline: ${comparison.pairingReason}`);
    for (const w of comparison.warningRecords) deps.progress.warn(w);
    for (const model of comparison.models) finiteMetrics(model, model.file);
    const deltaIntervals: Partial<Record<MetricName, Interval>> = {};
    for (const d of comparison.deltas) if (d.interval) deltaIntervals[d.metric] = d.interval;
    const changes = runChangeChecks(comparison.models[0]!.metrics, comparison.models[1]!.metrics, baseline.changes, { failOn, intervals: deltaIntervals });
    warningRecords.push(...baseRead.warningRecords.map((w) => fromFile(baseline.file, w)), ...comparison.warningRecords);
    report = {
      ...report, passed: report.passed && changes.passed,
      baseline: {
        file: baseline.file, format: baseRead.format, rows: baseRead.predictions.rows, paired: comparison.paired, pairingReason: comparison.pairingReason,
        ...(pairing ? { idPairing: pairing } : {}), report: changes,
      },
    };
  }
  const info: CheckRenderInfo = {
    file: options.file,
    format: read.format,
    ...(options.thresholdsFile !== undefined ? { thresholdsFile: options.thresholdsFile } : {}),
    ...(settings ? { bootstrap: settings } : {}),
    warningRecords,
    config: { ...configOf(read, options.metric, metric, options.input) },
    ...(where ? { where } : {}),
    ...(groupsDoc ? { groups: groupsDoc, overall: { rows: preds.rows, metrics } } : {}),
  };
  return { report, info };
}
