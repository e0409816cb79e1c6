/**
 * Evaluates thresholds against one file's metrics. Results are data; renderers in
 * src/report/check turn them into a table, JSON, JUnit XML, GitHub annotations or Markdown.
 *
 * Which value is compared with the threshold (`failOn`):
 * - `point`: the metric's point estimate (the default; needs no bootstrap).
 * - `strict`: the end of the bootstrap interval on the FAILING side: the upper bound for a `max`
 *   threshold, the lower bound for a `min` threshold. A check passes only when the whole interval
 *   is within the threshold: "confidently good enough". Use it when a false pass is costly.
 * - `lenient`: the end on the PASSING side: the lower bound for `max`, the upper bound for `min`.
 *   A check fails only when the whole interval is beyond the threshold: "confidently bad". Use it
 *   on small evaluation sets, where the point estimate is noisy, to avoid flaky gates.
 */
import { CalibError } from '../core/errors.js';
import type { BaselineResult } from './change-thresholds.js';
import type { GroupCheckReport } from './group-checks.js';
import type { MetricValues } from '../metrics/types.js';
import type { Interval } from '../stats/intervals.js';
import { checkMetricValue } from './metrics.js';
import type { CheckMetricName } from './metrics.js';
import { THRESHOLD_FLAGS } from './thresholds.js';
import type { Bound, Threshold, ThresholdSource } from './thresholds.js';

export type FailOn = 'point' | 'strict' | 'lenient';
export const FAIL_ON_VALUES: readonly FailOn[] = ['point', 'strict', 'lenient'];

export interface CheckResult {
  readonly metric: CheckMetricName;
  /** The point estimate. */
  readonly value: number;
  readonly threshold: number;
  /** `<=` for a max threshold, `>=` for a min threshold: `compared op threshold` must hold. */
  readonly op: '<=' | '>=';
  readonly passed: boolean;
  /** The bootstrap interval of the metric, when one was computed. */
  readonly interval?: Interval;
  /** The number actually compared: `value`, or an end of `interval` (see `failOn`). */
  readonly compared: number;
  readonly source: ThresholdSource;
}

export interface CheckReport {
  readonly passed: boolean;
  readonly failOn: FailOn;
  /** Failures first, then in canonical metric order (max before min). */
  readonly checks: CheckResult[];
  /** With --group-by: the thresholds on the groups (`passed` includes them). */
  readonly groups?: GroupCheckReport;
  /** With --baseline: the change thresholds (`passed` includes them). */
  readonly baseline?: BaselineResult;
}

export interface RunChecksOptions {
  readonly failOn?: FailOn;
  /** Bootstrap intervals by metric name (bootstrapMetrics' `intervals` and `derived` merged). */
  readonly intervals?: Partial<Record<CheckMetricName, Interval>>;
}

/**
 * @example runChecks({ ...metrics, ece: 0.031, accuracy: 0.88 },
 *   [{ metric: 'ece', bound: 'max', value: 0.05, source: 'flag' }, { metric: 'accuracy', bound: 'min', value: 0.9, source: 'flag' }])
 *   -> { passed: false, failOn: 'point', checks: [accuracy 0.88 >= 0.9 failed, ece 0.031 <= 0.05 passed] }
 */
export function runChecks(metrics: MetricValues, thresholds: readonly Threshold[], options: RunChecksOptions = {}): CheckReport {
  const failOn = options.failOn ?? 'point';
  if (thresholds.length === 0) {
    throw new CalibError('usage', 'no thresholds to check.', undefined,
      `Pass at least one of ${THRESHOLD_FLAGS.map((f) => f.flag).join(', ')}, or a thresholds file.`);
  }
  const checks = thresholds.map((threshold, order) => {
    const value = checkMetricValue(metrics, threshold.metric);
    const interval = options.intervals?.[threshold.metric];
    if (failOn !== 'point' && !interval) {
      throw new CalibError('usage', `failing on the ${failOn} end of an interval needs a bootstrap interval for ${threshold.metric}.`,
        undefined, 'Turn on the bootstrap, or fail on the point estimate.');
    }
    const compared = comparedValue(value, threshold.bound, failOn, interval);
    // A NaN would fail every check ("nan FAIL"): not a verdict on the model but a numeric
    // failure, so no verdict at all (exit 2).
    if (!Number.isFinite(compared)) {
      throw new CalibError('input', `${threshold.metric} came out as ${Number.isNaN(compared) ? 'NaN (not a number)' : String(compared)}, so it cannot be checked.`,
        undefined, 'Scores this extreme (such as logits near +-1e308) overflow the arithmetic: rescale them, or report it with the file.');
    }
    const passed = threshold.bound === 'max' ? compared <= threshold.value : compared >= threshold.value;
    const result: CheckResult = {
      metric: threshold.metric,
      value,
      threshold: threshold.value,
      op: threshold.bound === 'max' ? '<=' : '>=',
      passed,
      ...(interval ? { interval } : {}),
      compared,
      source: threshold.source,
    };
    return { result, order };
  });
  checks.sort((a, b) => Number(a.result.passed) - Number(b.result.passed) || a.order - b.order);
  return { passed: checks.every((c) => c.result.passed), failOn, checks: checks.map((c) => c.result) };
}

function comparedValue(value: number, bound: Bound, failOn: FailOn, interval: Interval | undefined): number {
  if (failOn === 'point' || !interval) return value;
  const failingSide = bound === 'max' ? interval.upper : interval.lower;
  const passingSide = bound === 'max' ? interval.lower : interval.upper;
  return failOn === 'strict' ? failingSide : passingSide;
}

/**
 * Which number a check compared: the point estimate, or the upper or lower end of its interval.
 * `strict` takes the failing side (upper for `<=`, lower for `>=`), `lenient` the passing side.
 *
 * @example comparedEnd('>=', 'strict') = 'lower' (an accuracy minimum must hold for the whole interval)
 */
export function comparedEnd(op: CheckResult['op'], failOn: FailOn): 'point' | 'upper' | 'lower' {
  if (failOn === 'point') return 'point';
  return (op === '<=') === (failOn === 'strict') ? 'upper' : 'lower';
}

/** Describes what `compared` is, for renderers: e.g. "upper end of the 95% interval". */
export function describeCompared(check: Pick<CheckResult, 'op'>, failOn: FailOn, confidence?: number): string {
  const end = comparedEnd(check.op, failOn);
  if (end === 'point') return 'point estimate';
  const level = confidence === undefined ? '' : `${formatPercent(confidence)} `;
  return `${end} end of the ${level}interval`;
}

export function formatPercent(fraction: number): string {
  return `${Number((fraction * 100).toPrecision(6))}%`;
}

/** bootstrapMetrics' result (run with `derived: derivedCheckStatistics()`) as runChecks' intervals. */
export function checkIntervals(bootstrap: { readonly intervals: Readonly<Record<string, Interval>>; readonly derived: Readonly<Record<string, Interval>> }): Partial<Record<CheckMetricName, Interval>> {
  return { ...bootstrap.intervals, ...bootstrap.derived } as Partial<Record<CheckMetricName, Interval>>;
}
