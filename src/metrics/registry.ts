import type { MetricName } from './types.js';

/**
 * Every summary metric, declared once: its table label, what it means, which direction is
 * better, the values it can take, the `calib check` flag that bounds it, and where its formula
 * comes from. The report's labels, compare's "best" marks, check's flags and range checks all
 * read this table (docs/conventions.md, "Metrics"), so a new metric is an entry here, its kernel
 * and its test.
 */
export interface MetricSpec {
  /** Short name for tables. */
  readonly label: string;
  /** One line of plain words: what the number means. */
  readonly meaning: string;
  /** Which value is better: `none` for a description that is neither (mean confidence, entropy). */
  readonly better: 'lower' | 'higher' | 'closest-to-zero' | 'none';
  /** The values it can take (Brier: [0, 2] multiclass, [0, 1] for a binary file). */
  readonly range: readonly [number, number];
  /** `calib check`'s flag for it, when it has one, and the bound the flag sets. */
  readonly threshold?: { readonly flag: string; readonly bound: 'max' | 'min'; readonly description: string };
  /** Printed with an explicit sign. */
  readonly signed?: boolean;
  /** The paper behind the formula. */
  readonly citation?: string;
}

export const METRICS: Readonly<Record<MetricName, MetricSpec>> = {
  accuracy: {
    label: 'accuracy', meaning: 'fraction of rows whose top class is the label', better: 'higher', range: [0, 1],
    threshold: { flag: 'min-accuracy', bound: 'min', description: 'fail if accuracy is below this' },
  },
  mean_confidence: {
    // Neither more nor less confidence is better in itself; the gap says whether it is earned.
    label: 'mean confidence', meaning: 'average probability given to the predicted class', better: 'none', range: [0, 1],
  },
  overconfidence_gap: {
    label: 'overconfidence gap', meaning: 'confidence minus accuracy: > 0 overconfident, < 0 underconfident',
    better: 'closest-to-zero', range: [-1, 1], signed: true,
    threshold: { flag: 'max-overconfidence', bound: 'max', description: 'fail if confidence - accuracy (signed) is above this' },
  },
  ece: {
    label: 'ECE', meaning: 'expected calibration error: average |confidence - accuracy| over bins', better: 'lower', range: [0, 1],
    threshold: { flag: 'max-ece', bound: 'max', description: 'fail if ECE is above this' },
    citation: 'Naeini, Cooper & Hauskrecht 2015; Guo et al. 2017',
  },
  mce: {
    label: 'MCE', meaning: 'maximum calibration error: the worst bin\'s |confidence - accuracy|', better: 'lower', range: [0, 1],
    threshold: { flag: 'max-mce', bound: 'max', description: 'fail if MCE is above this' },
    citation: 'Naeini, Cooper & Hauskrecht 2015',
  },
  rmsce: {
    label: 'RMSCE', meaning: 'root-mean-square calibration error over bins (L2 ECE)', better: 'lower', range: [0, 1],
    threshold: { flag: 'max-rmsce', bound: 'max', description: 'fail if RMS calibration error is above this' },
    citation: 'Kumar, Liang & Ma 2019',
  },
  ace: {
    label: 'ACE', meaning: 'ECE on equal-mass bins (adaptive calibration error)', better: 'lower', range: [0, 1],
    threshold: { flag: 'max-ace', bound: 'max', description: 'fail if ACE (equal-mass ECE) is above this' },
    citation: 'Nixon et al. 2019',
  },
  classwise_ece: {
    label: 'classwise ECE', meaning: 'ECE of every class\'s probability, averaged over classes', better: 'lower', range: [0, 1],
    threshold: { flag: 'max-classwise-ece', bound: 'max', description: 'fail if classwise ECE is above this' },
    citation: 'Nixon et al. 2019; Kull et al. 2019',
  },
  nll: {
    label: 'NLL', meaning: 'negative log-likelihood of the true class (nats; lower is better)', better: 'lower', range: [0, Infinity],
    threshold: { flag: 'max-nll', bound: 'max', description: 'fail if the negative log-likelihood is above this' },
  },
  brier: {
    label: 'Brier', meaning: 'mean squared error of the probability vector (lower is better)', better: 'lower', range: [0, 2],
    threshold: { flag: 'max-brier', bound: 'max', description: 'fail if the Brier score is above this' },
    citation: 'Brier 1950',
  },
  entropy: {
    label: 'entropy', meaning: 'mean entropy of the predicted distribution (nats)', better: 'none', range: [0, Infinity],
  },
  smece: {
    label: 'smooth ECE', meaning: 'kernel-smoothed ECE, no bins to choose (Blasiok & Nakkiran 2023)', better: 'lower', range: [0, 1],
    threshold: { flag: 'max-smece', bound: 'max', description: 'fail if smooth ECE is above this' },
    citation: 'Blasiok & Nakkiran 2023',
  },
  ece_debiased: {
    label: 'debiased L2 ECE', meaning: 'RMSCE with the per-bin sampling noise removed (Kumar et al. 2019)', better: 'lower', range: [0, 1],
    threshold: { flag: 'max-ece-debiased', bound: 'max', description: 'fail if the debiased L2 calibration error is above this' },
    citation: 'Kumar, Liang & Ma 2019',
  },
  ece_sweep: {
    label: 'ECE sweep', meaning: 'ECE at the most bins that keep accuracy monotone (Roelofs et al. 2022)', better: 'lower', range: [0, 1],
    threshold: { flag: 'max-ece-sweep', bound: 'max', description: 'fail if the ECE sweep is above this' },
    citation: 'Roelofs, Cain, Shlens & Mozer 2022',
  },
};
