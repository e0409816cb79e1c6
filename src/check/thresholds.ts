/**
 * Thresholds for `calib check`: what they are, the command-line flags that set them, and how
 * flags and a config file combine (a flag overrides the config file's bound on the same metric
 * and side; bounds that only one of them sets are all kept).
 */
import { CalibError, errors } from '../core/errors.js';
import { CHECK_METRIC_NAMES, CHECK_METRIC_RANGES } from './metrics.js';
import type { CheckMetricName } from './metrics.js';
import { METRICS } from '../metrics/registry.js';

/** `max`: the value must be at most the threshold (`<=`); `min`: at least (`>=`). */
export type Bound = 'max' | 'min';
export type ThresholdSource = 'flag' | 'config';

export interface Threshold {
  readonly metric: CheckMetricName;
  readonly bound: Bound;
  readonly value: number;
  readonly source: ThresholdSource;
}

export interface ThresholdFlag {
  /** The flag as typed, e.g. `--max-ece`. */
  readonly flag: string;
  /** Commander's camelCase property for the flag, e.g. `maxEce`. */
  readonly key: string;
  readonly metric: CheckMetricName;
  readonly bound: Bound;
  /** Help text. */
  readonly description: string;
}

/** The metrics with a flag, in the order `calib check --help` lists them (`abs_gap` is derived). */
const HELP_ORDER = ['ece', 'mce', 'rmsce', 'ace', 'classwise_ece', 'nll', 'brier', 'overconfidence_gap', 'abs_gap', 'accuracy',
  'smece', 'ece_debiased', 'ece_sweep'] as const satisfies readonly CheckMetricName[];

const flag = (name: string, metric: CheckMetricName, bound: Bound, description: string): ThresholdFlag => ({
  flag: `--${name}`,
  key: name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase()),
  metric,
  bound,
  description,
});

/**
 * The threshold flags of `calib check`, in help order: every metric's flag from the registry
 * (metrics/registry.ts), and the derived `--max-abs-gap`. The config file can bound every metric.
 */
export const THRESHOLD_FLAGS: readonly ThresholdFlag[] = HELP_ORDER.map((name) => {
  if (name === 'abs_gap') return flag('max-abs-gap', 'abs_gap', 'max', 'fail if |confidence - accuracy| is above this');
  const threshold = METRICS[name].threshold!;
  return flag(threshold.flag, name, threshold.bound, threshold.description);
});

/** A plain decimal number: no hexadecimal (0x1), binary (0b1) or octal (0o1), which Number() would take. */
const DECIMAL = /^\s*[+-]?(\d+(?:\.\d*)?|\.\d+)(e[+-]?\d+)?\s*$/i;

/** Parses one threshold flag's value; a usage error unless it is a finite decimal number. */
export function parseThresholdValue(flagName: string, raw: string): number {
  const value = DECIMAL.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isFinite(value)) {
    throw errors.badOption(flagName, raw, 'a decimal number such as 0.05',
      /^\s*[+-]?0[xbo]/i.test(raw) ? `Write the threshold in decimal (hexadecimal, binary and octal numbers are not taken), e.g. ${flagName} 0.05.` : undefined);
  }
  return value;
}

/**
 * A usage error when `value` is outside the values `metric` can take (the gate could never fail
 * or never pass); `what` names the threshold (`--min-accuracy` or `accuracy.min`). A value of a
 * [0, 1] metric in (1, 100] reads as a percentage: the hint suggests value / 100.
 */
export function thresholdRangeError(metric: CheckMetricName, bound: Bound, value: number, what: string): CalibError | undefined {
  const [lo, hi] = CHECK_METRIC_RANGES[metric];
  if (value >= lo && value <= hi) return undefined;
  const range = hi === Infinity ? `of ${lo} or more` : `in [${lo}, ${hi}]`;
  const never = (bound === 'max') === (value > hi) ? 'could never fail' : 'could never pass';
  const percent = hi === 1 && value > 1 && value <= 100;
  return new CalibError('usage', `${what} ${value} is outside the range of ${metric} (${range.replace(/^of /, '')}), so the check ${never}.`, undefined,
    percent ? `${metric} is a fraction, not a percentage: did you mean ${Number((value / 100).toPrecision(12))}?`
      : `Give a bound ${range}.`);
}

/**
 * The thresholds set by flags, from the parsed options object (keys as in THRESHOLD_FLAGS'
 * `key`; values numbers, or strings still to be parsed; absent or undefined means not set).
 */
export function thresholdsFromFlags(options: Readonly<Record<string, unknown>>): Threshold[] {
  const out: Threshold[] = [];
  for (const spec of THRESHOLD_FLAGS) {
    const raw = options[spec.key];
    if (raw === undefined) continue;
    let value: number;
    if (typeof raw === 'number') {
      if (!Number.isFinite(raw)) throw errors.badOption(spec.flag, String(raw), 'a number such as 0.05');
      value = raw;
    } else if (typeof raw === 'string') {
      value = parseThresholdValue(spec.flag, raw);
    } else {
      throw errors.badOption(spec.flag, String(raw), 'a number such as 0.05');
    }
    const outside = thresholdRangeError(spec.metric, spec.bound, value, spec.flag);
    if (outside) throw outside;
    out.push({ metric: spec.metric, bound: spec.bound, value, source: 'flag' });
  }
  return out;
}

/**
 * Config-file thresholds overridden by flag thresholds on the same (metric, bound), in canonical
 * order (CHECK_METRIC_NAMES, `max` before `min`). A usage error when, after merging, a metric's
 * minimum is above its maximum: no value could pass.
 */
export function mergeThresholds(fromConfig: readonly Threshold[], fromFlags: readonly Threshold[]): Threshold[] {
  const merged = new Map<string, Threshold>();
  for (const threshold of [...fromConfig, ...fromFlags]) merged.set(`${threshold.metric}:${threshold.bound}`, threshold);
  const out = sortThresholds([...merged.values()]);
  for (const metric of CHECK_METRIC_NAMES) {
    const max = merged.get(`${metric}:max`);
    const min = merged.get(`${metric}:min`);
    if (max && min && min.value > max.value) {
      throw new CalibError('usage', `the bounds on ${metric} cannot both hold: min ${min.value} (${min.source}) is above max ${max.value} (${max.source}).`,
        undefined, `Lower the minimum or raise the maximum for ${metric}.`);
    }
  }
  return out;
}

export function sortThresholds(thresholds: readonly Threshold[]): Threshold[] {
  const rank = (t: Threshold): number => CHECK_METRIC_NAMES.indexOf(t.metric) * 2 + (t.bound === 'max' ? 0 : 1);
  return [...thresholds].sort((a, b) => rank(a) - rank(b));
}
