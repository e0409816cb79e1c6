import type { MetricConfig } from '../core/config.js';
import type { Predictions } from '../core/predictions.js';
import type { ReadResult } from '../io/read-predictions.js';
import type { Evaluation, RowCore } from '../metrics/types.js';
import type { CurvePoint } from '../report/diagram/types.js';
import { documentWarnings } from '../report/json.js';
import { viewOf, type CalibrationTests, type ReportDocument } from '../report/report/document.js';
import { configOf, type InputConventions } from './conventions.js';
import { evaluateRead, metricConfigFrom, scanConfigFor, type MetricOptions } from './evaluate.js';
import type { ParallelHooks, UseCaseDeps } from './ports.js';
import { applyWhere, DEFAULT_MIN_GROUP_ROWS, evaluateSlices, parseSlices, textRequests, type SliceOptions } from './slices.js';

// What only some runs need (intervals, tests, the smooth curve) is imported when asked for:
// module loading is most of a small file's run time.

export interface ReportOptions {
  readonly file: string;
  readonly metric: MetricOptions;
  readonly input: InputConventions;
  /** Bootstrap intervals from this many resamples, and a binomial interval per bin. */
  readonly bootstrap?: number;
  readonly confidence: number;
  readonly interval: 'wilson' | 'clopper-pearson';
  readonly calibrationTests: boolean;
  /** Resamples of the consistency test and of the smooth curve's band. */
  readonly resamples: number;
  readonly seed: number;
  /** Compute the smooth reliability curve with its band (for the SVG and HTML diagrams). */
  readonly curve: boolean;
  /** `corp`: add the CORP diagram's numbers (`corp` in the document); default binned only. */
  readonly diagram?: 'bins' | 'corp';
  /** --where and --group-by. */
  readonly slice?: SliceOptions;
  /** The caller reads `ReportRun.predictions`' scores afterwards (the per-class diagrams): they are kept. */
  readonly keepScores?: boolean;
}

export interface ReportRun {
  readonly document: ReportDocument;
  /** What was evaluated, for diagrams drawn from the rows (the per-class grid). */
  readonly predictions: Predictions;
  readonly metric: MetricConfig;
  /** With `curve`: the smooth reliability curve of the diagrams. */
  readonly curve?: CurvePoint[];
}

/** `calib report`: one file's metrics, bins and, when asked, intervals, tests and the smooth curve. */
export async function runReport(options: ReportOptions, deps: UseCaseDeps): Promise<ReportRun> {
  const clauses = parseSlices(options.slice);
  const scan = clauses.length === 0 ? scanConfigFor(options.metric) : undefined;
  const textColumns = textRequests(options.slice);
  // Only the bootstrap, the groups and the per-class diagrams read the scores after the per-row pass.
  const scoresUnused = scan !== undefined && options.bootstrap === undefined && options.keepScores !== true
    && (options.slice?.groupBy ?? []).length === 0;
  const request = { ...(scan ? { scan } : {}), ...(textColumns.length > 0 ? { textColumns } : {}), ...(scoresUnused ? { scoresUnused } : {}) };
  const { read, where } = applyWhere(await deps.read(options.file, request), clauses, deps.progress, options.slice?.groupBy);
  const metric = metricConfigFrom(options.metric, read.predictions.rows);
  const evaluation = evaluateRead(read, metric, deps.parallel?.evaluation);
  const document = reportDocument(options, read, metric, evaluation);
  const { binAccuracyIntervals } = await import('../stats/intervals.js');
  // Every bin's accuracy gets its binomial interval (no resampling needed): a bin of 3 rows shows how little it says.
  document.bin_intervals = binAccuracyIntervals(document.bins, options.interval, options.confidence);
  if (where) document.where = where;
  const by = options.slice?.groupBy ?? [];
  const settings = options.bootstrap === undefined ? undefined : { resamples: options.bootstrap, seed: options.seed, confidence: options.confidence };
  if (by.length > 0) {
    const boot = settings ? (await import('../stats/bootstrap.js')).bootstrapMetrics : undefined;
    document.groups = evaluateSlices(read, by, metric, {
      minRows: options.slice?.minGroupRows ?? DEFAULT_MIN_GROUP_ROWS, progress: deps.progress, ...(settings ? { bootstrap: settings } : {}),
    }, boot).document;
  }
  if (options.bootstrap !== undefined) {
    const { bootstrapMetrics } = await import('../stats/bootstrap.js');
    deps.progress.note(`bootstrapping ${options.bootstrap} resamples (seed ${options.seed})...`);
    const boot = bootstrapMetrics(read.predictions, metric, { resamples: options.bootstrap, seed: options.seed, confidence: options.confidence });
    document.bootstrap = { method: boot.method, resamples: boot.resamples, seed: boot.seed, confidence: boot.confidence };
    document.intervals = boot.intervals;
  }
  if (options.calibrationTests) document.calibration_tests = await calibrationTests(document, evaluation, options, deps.parallel);
  if (options.diagram === 'corp') {
    // The CORP diagram's numbers: the PAV fit (as its pooled blocks), the decomposition, the consistency band.
    const [{ corpReport }, { sortRows }] = await Promise.all([import('../report/report/corp.js'), import('../metrics/estimators/argsort.js')]);
    const sorted = sortRows(evaluation.stats.confidence, evaluation.stats.outcome);
    document.corp = corpReport(sorted, { resamples: Math.min(options.resamples, 1000), seed: options.seed, level: 0.9 });
  }
  const evaluated = { predictions: read.predictions, metric };
  if (!options.curve) return { document, ...evaluated };
  const { smoothCurveWithBand } = await import('../stats/smooth-curve-band.js');
  const band = smoothCurveWithBand(evaluation.stats.confidence, evaluation.stats.outcome,
    { resamples: Math.min(options.resamples, 200), seed: options.seed, level: 0.95 });
  return { document, ...evaluated, curve: band.points };
}

/** The report's document of a file read and evaluated. */
function reportDocument(options: Pick<ReportOptions, 'file' | 'metric' | 'input'>, read: ReadResult, metric: MetricConfig,
  evaluation: Evaluation<RowCore>): ReportDocument {
  const { predictions: p } = read;
  return {
    file: options.file,
    format: read.format,
    rows: p.rows,
    classes: p.classes,
    class_names: [...p.classNames],
    kind: p.kind,
    kind_detection: { how: read.kindDecision.how, reason: read.kindDecision.reason },
    view: viewOf(p.binary, metric),
    config: configOf(read, options.metric, metric, options.input),
    metrics: evaluation.metrics,
    details: evaluation.details,
    bins: evaluation.bins,
    floor_hits: read.floorHits,
    ...documentWarnings(read.warningRecords),
  };
}

async function calibrationTests(doc: ReportDocument, evaluation: Evaluation<RowCore>, options: ReportOptions,
  parallel: ParallelHooks | undefined): Promise<CalibrationTests> {
  const { consistencyResampling, hosmerLemeshow, spiegelhalter } = await import('../stats/calibration-tests.js');
  const { confidence, outcome } = evaluation.stats;
  const z = spiegelhalter(confidence, outcome);
  const hl = doc.view === 'positive' && doc.rows >= 3 ? hosmerLemeshow(confidence, outcome) : null;
  // The resamples shared out among the run's threads when there are many draws (same counts either way).
  const consistency = consistencyResampling(confidence, outcome, {
    bins: doc.config.bins, resamples: options.resamples, seed: options.seed, ...(parallel?.counter ? { counter: parallel.counter } : {}),
  });
  return {
    spiegelhalter: { z: z.z, p_value: z.pValue },
    hosmer_lemeshow: hl && { statistic: hl.statistic, df: hl.df, p_value: hl.pValue },
    consistency: {
      ece: consistency.ece,
      p_value: consistency.pValue,
      resamples: consistency.resamples,
      seed: options.seed,
      bands: consistency.bins.map((b) => ({ lower: b.lower, upper: b.upper, count: b.count, band_low: b.bandLow, band_high: b.bandHigh })),
    },
  };
}
