import type { MetricConfig } from '../core/config.js';
import { CalibError, errors } from '../core/errors.js';
import type { Predictions } from '../core/predictions.js';
import { fromFile, warn, type Warning } from '../core/warnings.js';
import { applyTemperatureProbabilities, crossFitTemperature, fitTemperature, type TemperatureFit } from '../fit/index.js';
import type { ScaleObjective } from '../fit/scale-objective.js';
import type { ReadResult } from '../io/read-predictions.js';
import { evaluateOn } from '../metrics/evaluate.js';
import type { ScanConfig } from '../metrics/row-stats.js';
import type { Evaluation, RowCore } from '../metrics/types.js';
import { documentWarnings } from '../report/json.js';
import type { CalibratedCsvInput } from '../report/temperature/calibrated-csv.js';
import type { EvaluationMode, MetricsAndBins, TemperatureDocument } from '../report/temperature/document.js';
import { configOf, type InputConventions } from './conventions.js';
import { evaluateRead, finiteMetrics, metricConfigFrom, scanConfigFor, type MetricOptions } from './evaluate.js';
import { objectiveOption, type UseCaseDeps } from './ports.js';
import { applyWhere, DEFAULT_MIN_GROUP_ROWS, parseSlices, textRequests, type SliceOptions } from './slices.js';
import { temperatureGroups } from './temperature-groups.js';

/** Fits over at least this many scores get a note as they start (they take seconds). */
const LARGE_FIT_SCORES = 10_000_000;

export interface TemperatureOptions {
  /** The file T is fitted on (the validation set). */
  readonly file: string;
  /** Evaluate (and write) this file, scaled by the T fitted on `file`. */
  readonly apply?: string;
  /** Where the calibrated probabilities will be written: the run returns them, and `written` says so. */
  readonly write?: string;
  /** Without `apply`: the folds of the cross-fitted "after" numbers, and their seed. */
  readonly cv: number;
  readonly seed: number;
  /** Measure "after" on the fit rows themselves (optimistic). */
  readonly inSample: boolean;
  readonly metric: MetricOptions;
  readonly input: InputConventions;
  /** --where and --group-by (groups before and after scaling). */
  readonly slice?: SliceOptions;
  /** --fit-per-group: a temperature per group instead of the global one. */
  readonly fitPerGroup?: boolean;
}

export interface TemperatureRun {
  readonly document: TemperatureDocument;
  /** With `write`: the calibrated probabilities of the evaluated file, for `calibratedCsvChunks`. */
  readonly calibrated?: CalibratedCsvInput;
}

/** Usage errors of the options, before any file is read. */
export function checkTemperatureOptions(options: Pick<TemperatureOptions, 'file' | 'apply' | 'cv' | 'inSample' | 'slice' | 'fitPerGroup'>,
  labels?: string): void {
  parseSlices(options.slice);
  // One --labels file would label both files' rows: the --apply file's examples are others.
  if (options.apply !== undefined && labels !== undefined) {
    throw new CalibError('usage', `--labels ${labels} would label the rows of both ${options.file} and --apply ${options.apply}, which hold different examples.`, undefined,
      'Save each file with its own labels (np.savez(path, logits=..., labels=...)), or fit on one file with --cv instead of --apply.');
  }
  if (options.fitPerGroup === true && (options.slice?.groupBy ?? []).length === 0) {
    throw new CalibError('usage', '--fit-per-group fits a temperature per group, and there are no groups.', undefined, 'Add --group-by COL (e.g. --group-by site).');
  }
  if (options.apply !== undefined && options.inSample) {
    throw new CalibError('usage', '--in-sample and --apply contradict each other.', undefined,
      'Use --apply FILE for held-out numbers, or --in-sample alone for the optimistic in-sample ones.');
  }
  if (options.cv < 2) throw new CalibError('usage', '--cv must be at least 2 folds.', undefined, 'Use --cv 5 (the default) or --apply FILE.');
  if (options.apply === '-' && options.file === '-') throw errors.stdinTwice();
}

/** `calib temperature`: T fitted on one file, and the metrics before and after scaling by it. */
export async function runTemperature(options: TemperatureOptions, deps: UseCaseDeps): Promise<TemperatureRun> {
  checkTemperatureOptions(options);
  const { file, apply } = options;
  const clauses = parseSlices(options.slice);
  const textColumns = textRequests(options.slice);
  const scan = clauses.length === 0 ? scanConfigFor(options.metric) : undefined;
  // The "before" numbers come from the file that is evaluated: scanned while reading it.
  // A fit: its passes may sum parts of the rows on other threads (src/parallel/).
  // A written file keeps the other cells of the file it comes from (ids, labels, bookkeeping).
  const cut = applyWhere(await deps.read(file, {
    ...(scan && apply === undefined ? { scan } : {}), fit: true, ...(options.write !== undefined && apply === undefined ? { keepCells: true } : {}),
    ...(textColumns.length > 0 ? { textColumns } : {}),
  }), clauses, deps.progress, options.slice?.groupBy);
  const fitRead = cut.read;
  const fitPreds = fitRead.predictions;
  const metric = metricConfigFrom(options.metric, fitPreds.rows);
  // Without --apply the "before" numbers are those of the fit file, whose NLL at T = 1 the fit
  // would otherwise spend a pass on.
  const beforeOnFitFile = apply === undefined ? evaluateRead(fitRead, metric, deps.parallel?.evaluation) : undefined;
  const objective = objectiveOption(deps.parallel);
  const warnings: Warning[] = [...fitRead.warningRecords];
  const said = (warning: Warning): void => { warnings.push(warning); deps.progress.warn(warning); };
  // A large fit takes seconds after the progress bar has gone: say what is happening.
  const large = fitPreds.scores.length >= LARGE_FIT_SCORES;
  if (large) deps.progress.note(`fitting T on ${fitPreds.rows} rows x ${fitPreds.classes} classes${objective.objective && deps.parallel?.threads ? ` (on up to ${deps.parallel.threads} threads)` : ''}...`);
  const fit = fitTemperature(fitPreds, { ...objective, ...(beforeOnFitFile ? { lossAtOne: beforeOnFitFile.metrics.nll } : {}) });
  if (!Number.isFinite(fit.nll)) throw errors.metricNotFinite(file, 'the NLL of the temperature fit', fit.nll, '');
  const boundary = fitWarning(fit);
  if (boundary) said(boundary);
  const measured = await measureAfter(options, deps, { fitRead, fit, metric, scan, objective, large, said, warnings });
  const { mode, after, detail, evalRead } = measured;
  finiteMetrics(after, detail.file, ' after temperature scaling');
  const before = beforeOnFitFile ?? evaluateRead(evalRead, metric, deps.parallel?.evaluation);

  const document: TemperatureDocument = {
    temperature: fit.temperature,
    fit: {
      file, format: fitRead.format, rows: fit.rows, nll: fit.nll, nll_at_1: fit.nllAtOne, iterations: fit.iterations,
      converged: fit.converged, boundary: fit.boundary, gradient: fit.gradient,
    },
    evaluation: mode,
    evaluation_detail: detail,
    before: pick(before),
    after: pick(after),
    config: { ...configOf(fitRead, options.metric, metric, options.input), folds: options.cv, seed: options.seed },
    ...documentWarnings(warnings),
  };
  if (cut.where) document.where = cut.where;
  const by = options.slice?.groupBy ?? [];
  // --fit-per-group: --write scales each row by its group's T, as the groups' "after" does.
  let deployed: Float64Array | undefined;
  if (by.length > 0) {
    const grouped = temperatureGroups({
      fitRead, evalRead, mode, temperature: fit.temperature, ...(measured.perRow ? { perRow: measured.perRow } : {}), by,
      minRows: options.slice?.minGroupRows ?? DEFAULT_MIN_GROUP_ROWS, perGroup: options.fitPerGroup === true, folds: options.cv, seed: options.seed,
      metric, progress: deps.progress,
    });
    document.groups = grouped.document;
    deployed = grouped.deployed;
  }
  if (options.write === undefined) return { document };
  const target = evalRead.predictions;
  document.written = { file: options.write, rows: target.rows, source: apply ?? file };
  const calibrated: CalibratedCsvInput = {
    labelColumn: evalRead.labelColumn, classNames: target.classNames, labels: target.labels,
    probabilities: applyTemperatureProbabilities(target, deployed ?? fit.temperature), binary: target.binary,
    ...(evalRead.kept ? { kept: evalRead.kept } : {}),
  };
  return { document, calibrated };
}

/** The "after" numbers: on the --apply file, on the fit rows (--in-sample), or cross-fitted. */
interface After {
  readonly mode: EvaluationMode;
  readonly after: Evaluation;
  readonly detail: TemperatureDocument['evaluation_detail'];
  /** The file the before/after numbers are of. */
  readonly evalRead: ReadResult;
  /** cross-fit: each row's T, fitted without its fold. */
  readonly perRow?: Float64Array;
}

interface FitContext {
  readonly fitRead: ReadResult;
  readonly fit: TemperatureFit;
  readonly metric: MetricConfig;
  readonly scan: ScanConfig | undefined;
  readonly objective: { objective?: ScaleObjective };
  readonly large: boolean;
  /** Records a warning and says it. */
  readonly said: (warning: Warning) => void;
  readonly warnings: Warning[];
}

async function measureAfter(options: TemperatureOptions, deps: UseCaseDeps, context: FitContext): Promise<After> {
  const { file, apply } = options;
  const { fitRead, fit, metric, scan } = context;
  const fitPreds = fitRead.predictions;
  const hooks = deps.parallel?.evaluation ?? {};
  if (apply !== undefined) {
    const clauses = parseSlices(options.slice);
    const textColumns = textRequests(options.slice);
    const evalRead = applyWhere(await deps.read(apply, {
      ...(scan ? { scan } : {}), ...(options.write !== undefined ? { keepCells: true } : {}), ...(textColumns.length > 0 ? { textColumns } : {}),
    }), clauses, deps.progress, options.slice?.groupBy).read;
    checkSameClasses(file, fitPreds, apply, evalRead.predictions);
    context.warnings.push(...evalRead.warningRecords.map((w) => fromFile(apply, w)));
    const after = evaluateOn(hooks, evalRead.predictions, metric, { temperature: fit.temperature });
    return { mode: 'holdout', after, detail: { file: apply, format: evalRead.format, rows: evalRead.predictions.rows, columns: evalRead.columns }, evalRead };
  }
  if (options.inSample) {
    const after = evaluateOn(hooks, fitPreds, metric, { temperature: fit.temperature });
    context.said(warn.inSampleEvaluation());
    return { mode: 'in-sample', after, detail: { file, format: fitRead.format, rows: fitPreds.rows }, evalRead: fitRead };
  }
  // Each fold's fit starts from the T fitted on all rows (near its own optimum): fewer passes.
  const start = fit.boundary === 'none' ? { startTemperature: fit.temperature } : {};
  if (context.large) deps.progress.note(`cross-fitting: ${options.cv} more fits, one per fold...`);
  const crossFit = crossFitTemperature(fitPreds, { folds: options.cv, seed: options.seed, ...start, ...context.objective });
  const after = evaluateOn(hooks, fitPreds, metric, { temperature: crossFit.perRow });
  const detail = { file, format: fitRead.format, rows: fitPreds.rows, folds: options.cv, seed: options.seed, fold_temperatures: crossFit.folds.map((f) => f.temperature) };
  return { mode: 'cross-fit', after, detail, evalRead: fitRead, perRow: crossFit.perRow };
}

/** A fit that ran into an end of its search, or did not converge, is not an optimum. */
function fitWarning(fit: TemperatureFit): Warning | undefined {
  if (fit.boundary === 'zero') return warn.temperatureAtLowerBound(fit.temperature);
  if (fit.boundary === 'infinity') return warn.temperatureAtUpperBound(fit.temperature);
  return fit.converged ? undefined : warn.temperatureNotConverged(fit.iterations, fit.gradient);
}

function pick(evaluation: Evaluation<RowCore>): MetricsAndBins {
  return { metrics: evaluation.metrics, details: evaluation.details, bins: evaluation.bins };
}

/** T fitted on one file only means something on another file with the same classes. */
export function checkSameClasses(fitFile: string, fit: Predictions, otherFile: string, other: Predictions): void {
  const same = fit.classes === other.classes && fit.binary === other.binary
    && fit.classNames.every((name, k) => name === other.classNames[k]);
  if (!same) {
    throw new CalibError('input',
      `has classes ${other.classNames.join(', ')}, but ${fitFile} has ${fit.classNames.join(', ')}.`,
      { file: otherFile, line: 1 }, 'Both files must score the same classes in the same order.');
  }
}
