/**
 * The quantities `calib check` can put a threshold on: every summary metric of `calib report`
 * (METRIC_NAMES, so a metric added there becomes checkable with no change here) plus derived
 * quantities listed in DERIVED_CHECK_METRICS (add an entry there to make a new one checkable
 * from the config file and bootstrappable).
 */
import { METRICS } from '../metrics/registry.js';
import { METRIC_NAMES } from '../metrics/types.js';
import type { MetricName, MetricValues } from '../metrics/types.js';

export interface DerivedCheckMetric {
  /** One line for help text and messages. */
  readonly describe: string;
  readonly value: (metrics: MetricValues) => number;
}

export const DERIVED_CHECK_METRICS = {
  /** The size of the overconfidence gap, whichever its sign: `|confidence - accuracy|`. */
  abs_gap: {
    describe: 'size of the overconfidence gap, |mean_confidence - accuracy|',
    value: (metrics: MetricValues) => Math.abs(metrics.overconfidence_gap),
  },
} as const satisfies Record<string, DerivedCheckMetric>;

export type DerivedCheckMetricName = keyof typeof DERIVED_CHECK_METRICS;
export type CheckMetricName = MetricName | DerivedCheckMetricName;

/** Every checkable name, in the order checks are listed (report's order, then derived ones). */
export const CHECK_METRIC_NAMES: readonly CheckMetricName[] = [
  ...METRIC_NAMES,
  ...(Object.keys(DERIVED_CHECK_METRICS) as DerivedCheckMetricName[]),
];

export function isCheckMetricName(name: string): name is CheckMetricName {
  return (CHECK_METRIC_NAMES as readonly string[]).includes(name);
}

function isDerived(name: CheckMetricName): name is DerivedCheckMetricName {
  return Object.hasOwn(DERIVED_CHECK_METRICS, name);
}

/**
 * The values each checkable metric can take: a threshold outside them makes a gate that can never
 * fail or never pass (`{"ece": {"max": 5}}`, `--min-accuracy 95`), so it is refused. Brier is in
 * [0, 2] (multiclass; [0, 1] for a binary file); NLL and entropy have no upper end.
 */
export const CHECK_METRIC_RANGES: Readonly<Record<CheckMetricName, readonly [number, number]>> = {
  ...(Object.fromEntries(METRIC_NAMES.map((name) => [name, METRICS[name].range])) as Record<MetricName, readonly [number, number]>),
  abs_gap: [0, 1],
};

/** The value of a checkable metric, from one evaluation's metrics. */
export function checkMetricValue(metrics: MetricValues, name: CheckMetricName): number {
  return isDerived(name) ? DERIVED_CHECK_METRICS[name].value(metrics) : metrics[name];
}

/** The derived statistics in the form bootstrapMetrics' `derived` option takes. */
export function derivedCheckStatistics(): Record<DerivedCheckMetricName, (metrics: MetricValues) => number> {
  const out = {} as Record<DerivedCheckMetricName, (metrics: MetricValues) => number>;
  for (const name of Object.keys(DERIVED_CHECK_METRICS) as DerivedCheckMetricName[]) out[name] = DERIVED_CHECK_METRICS[name].value;
  return out;
}
