import { METRICS } from '../metrics/registry.js';
import { METRIC_NAMES, type MetricName } from '../metrics/types.js';

export interface MetricLabel {
  /** Short name for tables. */
  readonly label: string;
  /** One line of plain words: what the number means. */
  readonly meaning: string;
  /** Whether a lower value is better (undefined: neither, e.g. mean confidence). */
  readonly lowerIsBetter?: boolean;
  /** Print with an explicit sign. */
  readonly signed?: boolean;
}

/** The table labels of every metric, from the one registry (metrics/registry.ts). */
export const METRIC_LABELS: Record<MetricName, MetricLabel> = Object.fromEntries(METRIC_NAMES.map((name) => {
  const spec = METRICS[name];
  const label: MetricLabel = {
    label: spec.label, meaning: spec.meaning,
    ...(spec.better === 'lower' || spec.better === 'higher' ? { lowerIsBetter: spec.better === 'lower' } : {}),
    ...(spec.signed ? { signed: true } : {}),
  };
  return [name, label];
})) as Record<MetricName, MetricLabel>;

/** Positive-view wording for binary one-column input, where "confidence" is P(y = 1). */
export const POSITIVE_VIEW_LABELS: Partial<Record<MetricName, MetricLabel>> = {
  mean_confidence: { label: 'mean P(y=1)', meaning: 'average predicted probability of the positive class' },
  overconfidence_gap: { label: 'calibration-in-the-large', meaning: 'mean P(y=1) minus the positive rate: > 0 over-predicts positives', signed: true },
  ece: { label: 'ECE', meaning: 'average |P(y=1) - positive rate| over bins of P(y=1)', lowerIsBetter: true },
};

export function labelFor(metric: MetricName, view: 'top-label' | 'positive'): MetricLabel {
  return (view === 'positive' ? POSITIVE_VIEW_LABELS[metric] : undefined) ?? METRIC_LABELS[metric];
}
