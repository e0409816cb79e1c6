import { checkIntervals, derivedCheckStatistics, runChecks, type CheckReport, type FailOn, type Threshold } from '../check/index.js';
import { CalibError } from '../core/errors.js';
import type { CheckRenderInfo } from '../report/check/types.js';
import { bootstrapMetrics } from '../stats/bootstrap.js';
import { configOf, type InputConventions } from './conventions.js';
import { evaluateRead, metricConfigFrom, scanConfigFor, type MetricOptions } from './evaluate.js';
import type { UseCaseDeps } from './ports.js';

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
}

export interface CheckRun {
  readonly report: CheckReport;
  /** What the renderers say about the run besides the checks (the JSON document is both). */
  readonly info: CheckRenderInfo;
}

/** A check needs something to check (the CLI asks first, before it looks at the output paths). */
export function requireThresholds(thresholds: readonly Threshold[]): void {
  if (thresholds.length === 0) {
    throw new CalibError('usage', 'no thresholds: nothing to check.', undefined,
      'Give at least one threshold, e.g. --max-ece 0.05, or --config FILE.');
  }
}

/** Usage errors of the options, before any file is read. */
export function checkCheckOptions(options: Pick<CheckOptions, 'thresholds' | 'bootstrap' | 'failOn'>): void {
  requireThresholds(options.thresholds);
  if (FAIL_ON[options.failOn] !== 'point' && options.bootstrap === undefined) {
    throw new CalibError('usage', `--fail-on ${options.failOn} compares an end of a confidence interval, and there is none.`, undefined,
      'Add --bootstrap 1000 (or use --fail-on point).');
  }
}

/** `calib check`: every threshold against the file's metrics (or an end of their intervals). */
export async function runCheck(options: CheckOptions, deps: UseCaseDeps): Promise<CheckRun> {
  checkCheckOptions(options);
  const failOn = FAIL_ON[options.failOn];
  const scan = scanConfigFor(options.metric);
  const read = await deps.read(options.file, scan ? { scan } : {});
  const preds = read.predictions;
  const metric = metricConfigFrom(options.metric, preds.rows);
  const { metrics } = evaluateRead(read, metric, deps.parallel?.evaluation);
  const settings = options.bootstrap === undefined ? undefined : { resamples: options.bootstrap, seed: options.seed, confidence: options.confidence };
  let intervals;
  if (settings) {
    deps.progress.note(`bootstrapping ${settings.resamples} resamples (seed ${settings.seed})...`);
    intervals = checkIntervals(bootstrapMetrics(preds, metric, { ...settings, derived: derivedCheckStatistics() }));
  }
  const report = runChecks(metrics, options.thresholds, { failOn, ...(intervals ? { intervals } : {}) });
  const info: CheckRenderInfo = {
    file: options.file,
    ...(options.thresholdsFile !== undefined ? { thresholdsFile: options.thresholdsFile } : {}),
    ...(settings ? { bootstrap: settings } : {}),
    warningRecords: read.warningRecords,
    config: { ...configOf(read, options.metric, metric, options.input) },
  };
  return { report, info };
}
