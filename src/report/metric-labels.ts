import type { MetricName } from '../metrics/types.js';

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

export const METRIC_LABELS: Record<MetricName, MetricLabel> = {
  accuracy: { label: 'accuracy', meaning: 'fraction of rows whose top class is the label', lowerIsBetter: false },
  mean_confidence: { label: 'mean confidence', meaning: 'average probability given to the predicted class' },
  overconfidence_gap: { label: 'overconfidence gap', meaning: 'confidence minus accuracy: > 0 overconfident, < 0 underconfident', signed: true },
  ece: { label: 'ECE', meaning: 'expected calibration error: average |confidence - accuracy| over bins', lowerIsBetter: true },
  mce: { label: 'MCE', meaning: 'maximum calibration error: the worst bin\'s |confidence - accuracy|', lowerIsBetter: true },
  rmsce: { label: 'RMSCE', meaning: 'root-mean-square calibration error over bins (L2 ECE)', lowerIsBetter: true },
  ace: { label: 'ACE', meaning: 'ECE on equal-mass bins (adaptive calibration error)', lowerIsBetter: true },
  classwise_ece: { label: 'classwise ECE', meaning: 'ECE of every class\'s probability, averaged over classes', lowerIsBetter: true },
  nll: { label: 'NLL', meaning: 'negative log-likelihood of the true class (nats; lower is better)', lowerIsBetter: true },
  brier: { label: 'Brier', meaning: 'mean squared error of the probability vector (lower is better)', lowerIsBetter: true },
  entropy: { label: 'entropy', meaning: 'mean entropy of the predicted distribution (nats)' },
  smece: { label: 'smooth ECE', meaning: 'kernel-smoothed ECE, no bins to choose (Blasiok & Nakkiran 2023)', lowerIsBetter: true },
  ece_debiased: { label: 'debiased L2 ECE', meaning: 'RMSCE with the per-bin sampling noise removed (Kumar et al. 2019)', lowerIsBetter: true },
  ece_sweep: { label: 'ECE sweep', meaning: 'ECE at the most bins that keep accuracy monotone (Roelofs et al. 2022)', lowerIsBetter: true },
};

/** Positive-view wording for binary one-column input, where "confidence" is P(y = 1). */
export const POSITIVE_VIEW_LABELS: Partial<Record<MetricName, MetricLabel>> = {
  mean_confidence: { label: 'mean P(y=1)', meaning: 'average predicted probability of the positive class' },
  overconfidence_gap: { label: 'calibration-in-the-large', meaning: 'mean P(y=1) minus the positive rate: > 0 over-predicts positives', signed: true },
  ece: { label: 'ECE', meaning: 'average |P(y=1) - positive rate| over bins of P(y=1)', lowerIsBetter: true },
};

export function labelFor(metric: MetricName, view: 'top-label' | 'positive'): MetricLabel {
  return (view === 'positive' ? POSITIVE_VIEW_LABELS[metric] : undefined) ?? METRIC_LABELS[metric];
}
