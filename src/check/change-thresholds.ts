/**
 * Change thresholds for `calib check --baseline BASE`: bounds on how much a metric may move
 * from the baseline's value to the candidate's, absolute (`--max-ece-increase 0.01`: candidate -
 * base <= 0.01) or relative to the baseline (`--max-ece-increase 10%`: candidate - base <=
 * 0.10 |base|). Every metric with an absolute threshold flag has one: `--max-M` gives
 * `--max-M-increase` and `--min-M` gives `--min-M-change` (`--min-accuracy-change -0.005`: the
 * accuracy may drop by at most half a point).
 *
 * With bootstrap intervals of the paired differences (candidate - base on the same resampled
 * rows), `failOn` decides as for absolute thresholds (run-checks.ts): `strict` compares the end
 * of the difference's interval on the failing side, `lenient` the end on the passing side. A
 * relative bound is turned into an absolute one with the baseline's point estimate.
 */
import { CalibError, errors } from '../core/errors.js';
import { METRICS } from '../metrics/registry.js';
import { METRIC_NAMES } from '../metrics/types.js';
import type { MetricName, MetricValues } from '../metrics/types.js';
import type { Interval } from '../stats/intervals.js';
import type { FailOn } from './run-checks.js';
import type { Bound, ThresholdSource } from './thresholds.js';

export interface ChangeThreshold {
  readonly metric: MetricName;
  /** `max`: the change may be at most `value`; `min`: at least `value`. */
  readonly bound: Bound;
  /** The bound as given: an absolute change, or a fraction of |base| when `relative`. */
  readonly value: number;
  readonly relative: boolean;
  readonly source: ThresholdSource;
}

export interface ChangeFlag {
  readonly flag: string;
  /** Commander's camelCase key. */
  readonly key: string;
  readonly metric: MetricName;
  readonly bound: Bound;
  readonly description: string;
}

const camel = (name: string): string => name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());

/** One change flag per metric with an absolute threshold flag, in the registry's order. */
export const CHANGE_FLAGS: readonly ChangeFlag[] = METRIC_NAMES.flatMap((metric) => {
  const threshold = METRICS[metric].threshold;
  if (threshold === undefined) return [];
  const name = threshold.bound === 'max' ? `${threshold.flag}-increase` : `${threshold.flag}-change`;
  const label = METRICS[metric].label;
  const description = threshold.bound === 'max'
    ? `with --baseline: fail if ${label} rose by more than this (absolute, or N% of the baseline's)`
    : `with --baseline: fail if ${label} changed by less than this (e.g. -0.005; absolute, or N%)`;
  return [{ flag: `--${name}`, key: camel(name), metric, bound: threshold.bound, description }];
});

const DECIMAL = /^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i;

/** Parses `0.01`, `-0.005` or `10%` (relative); a usage error naming the flag otherwise. */
export function parseChangeValue(flagName: string, raw: string): { value: number; relative: boolean } {
  const percent = /%\s*$/.test(raw);
  const number = percent ? raw.replace(/%\s*$/, '') : raw;
  const value = DECIMAL.test(number) ? Number(number) : Number.NaN;
  if (!Number.isFinite(value)) {
    throw errors.badOption(flagName, raw, 'a decimal number such as 0.01, or a percentage of the baseline such as 10%');
  }
  return percent ? { value: value / 100, relative: true } : { value, relative: false };
}

export interface ChangeResult {
  readonly metric: MetricName;
  readonly base: number;
  readonly candidate: number;
  /** candidate - base. */
  readonly delta: number;
  /** The bound on the change as given (a fraction of |base| when `relative`). */
  readonly threshold: number;
  readonly relative: boolean;
  /** The bound on `delta` compared: `threshold`, or `threshold * |base|` when relative. */
  readonly allowed: number;
  readonly op: '<=' | '>=';
  readonly passed: boolean;
  /** The bootstrap interval of the paired difference, when computed. */
  readonly interval?: Interval;
  /** The number compared with `allowed`: `delta` or an end of `interval`. */
  readonly compared: number;
  readonly source: ThresholdSource;
}

export interface ChangeReport {
  readonly passed: boolean;
  readonly failOn: FailOn;
  /** Failures first, then in the thresholds' order. */
  readonly checks: ChangeResult[];
}

/**
 * Evaluates change thresholds: `base` and `candidate` are the two files' metrics, `intervals`
 * the paired (or unpaired) bootstrap intervals of candidate - base by metric.
 */
export function runChangeChecks(base: MetricValues, candidate: MetricValues, thresholds: readonly ChangeThreshold[],
  options: { readonly failOn?: FailOn; readonly intervals?: Partial<Record<MetricName, Interval>> } = {}): ChangeReport {
  const failOn = options.failOn ?? 'point';
  const checks = thresholds.map((threshold, order) => {
    const b = base[threshold.metric];
    const c = candidate[threshold.metric];
    const delta = c - b;
    const interval = options.intervals?.[threshold.metric];
    if (failOn !== 'point' && interval === undefined) {
      throw new CalibError('usage', `failing on the ${failOn} end of an interval needs a bootstrap interval of the change in ${threshold.metric}.`,
        undefined, 'Add --bootstrap N, or fail on the point estimate (--fail-on point).');
    }
    const allowed = threshold.relative ? threshold.value * Math.abs(b) : threshold.value;
    let compared = delta;
    if (failOn !== 'point' && interval !== undefined) {
      const failing = threshold.bound === 'max' ? interval.upper : interval.lower;
      const passing = threshold.bound === 'max' ? interval.lower : interval.upper;
      compared = failOn === 'strict' ? failing : passing;
    }
    if (!Number.isFinite(compared) || !Number.isFinite(allowed)) {
      throw new CalibError('input', `the change in ${threshold.metric} came out as ${String(compared)} (base ${b}, candidate ${c}), so it cannot be checked.`,
        undefined, 'Scores this extreme overflow the arithmetic: rescale them, or report it with the files.');
    }
    const passed = threshold.bound === 'max' ? compared <= allowed : compared >= allowed;
    const result: ChangeResult = {
      metric: threshold.metric, base: b, candidate: c, delta, threshold: threshold.value, relative: threshold.relative,
      allowed, op: threshold.bound === 'max' ? '<=' : '>=', passed, ...(interval ? { interval } : {}), compared, source: threshold.source,
    };
    return { result, order };
  });
  checks.sort((x, y) => Number(x.result.passed) - Number(y.result.passed) || x.order - y.order);
  return { passed: checks.every((x) => x.result.passed), failOn, checks: checks.map((x) => x.result) };
}

/** The baseline side of `check --baseline`: which file, how its rows were paired, and the change checks. */
export interface BaselineResult {
  readonly file: string;
  /** The format the baseline was read as (csv, npy, npz, parquet, jsonl, json); the JSON's `format`. */
  readonly format: string;
  readonly rows: number;
  /** The paired bootstrap was used (the same examples in the same order, after pairing by id). */
  readonly paired: boolean;
  readonly pairingReason: string;
  /** When the rows were put in one order by an id column. */
  readonly idPairing?: {
    readonly column: string;
    readonly found: 'flag' | 'name';
    readonly mode: 'exact' | 'inner';
    readonly matched: number;
    readonly dropped: readonly number[];
  };
  readonly report: ChangeReport;
}
