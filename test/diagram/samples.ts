/**
 * Bin sets for the diagram tests, built by hand so the expected pictures are easy to reason
 * about: each bin's mean confidence is its midpoint, and accuracy is a simple function of it.
 */
import type { ReliabilityBin } from '../../src/metrics/types.js';
import type { DiagramInput, HtmlReportInput, Series } from '../../src/report/diagram/index.js';

/** M equal-width bins; `accuracy(c)` at midpoint c; `count(m)` rows in bin m (0-based); 0 = empty. */
export function makeBins(M: number, accuracy: (c: number) => number, count: (m: number) => number): ReliabilityBin[] {
  return Array.from({ length: M }, (_, m) => {
    const lower = m / M;
    const upper = (m + 1) / M;
    const c = (lower + upper) / 2;
    const n = count(m);
    if (n === 0) return { lower, upper, count: 0, mean_confidence: null, accuracy: null, gap: null };
    const a = accuracy(c);
    return { lower, upper, count: n, mean_confidence: c, accuracy: a, gap: c - a };
  });
}

/** Over-confident network (accuracy = c^2), counts growing towards 1, bins 1-4 of 15 empty. */
export const overconfident = makeBins(15, (c) => c * c, (m) => (m < 4 ? 0 : 10 * m * m));

/** Under-confident (accuracy = 0.15 + 0.8 c), bin 4 of 10 empty. */
export const underconfident = makeBins(10, (c) => 0.15 + 0.8 * c, (m) => (m === 3 ? 0 : 100 + 40 * m));

/** Only three bins hold rows: 2, 7 and 10 of 10. */
export const sparse = makeBins(10, (c) => c, (m) => ([1, 6, 9].includes(m) ? 50 : 0));

/** After temperature scaling: close to the diagonal. */
export const calibrated = makeBins(15, (c) => Math.min(1, c * 0.97 + 0.02), (m) => (m < 3 ? 0 : 10 * m * m));

export function series(name: string, bins: ReliabilityBin[], ece: number): Series {
  const n = bins.reduce((s, b) => s + b.count, 0);
  return { name, bins, ece, n };
}

/** Wilson-like half-widths shrinking with the count, for whisker tests. */
export function withIntervals(s: Series): Series {
  return {
    ...s,
    intervals: s.bins.map((b) => {
      if (b.count === 0 || b.accuracy === null) return null;
      const half = 1 / Math.sqrt(b.count);
      return { lower: Math.max(0, b.accuracy - half), upper: Math.min(1, b.accuracy + half) };
    }),
  };
}

export const singleInput: DiagramInput = {
  panels: [{ title: 'resnet110 on CIFAR-100', series: [withIntervals(series('resnet110', overconfident, 0.1234))] }],
};

export const temperatureInput: DiagramInput = {
  panels: [
    { title: 'Before temperature scaling', series: [series('before', overconfident, 0.1234)] },
    { title: 'After (T = 2.31)', series: [series('after', calibrated, 0.0121)] },
  ],
};

export const compareInput: DiagramInput = {
  title: 'Model comparison',
  panels: [{
    title: 'Three models, one test set',
    series: [
      withIntervals(series('resnet110 (uncalibrated)', overconfident, 0.1234)),
      series('resnet110 + temperature', calibrated, 0.0121),
      series('densenet40', underconfident, 0.0987),
    ],
  }],
};

function binRows(bins: ReliabilityBin[]): string[][] {
  const f = (v: number | null) => (v === null ? '—' : v.toFixed(4));
  return bins.map((b) => [`${b.lower.toFixed(3)}–${b.upper.toFixed(3)}`, String(b.count), f(b.mean_confidence), f(b.accuracy), f(b.gap)]);
}

export const reportInput: HtmlReportInput = {
  title: 'calib report: preds <test> & "holdout".csv',
  generatedAt: '2025-01-31T12:00:00Z',
  warnings: ['12 rows had a true-class probability of exactly 0; floored at 1e-12.'],
  sections: [
    {
      heading: 'Calibration before and after temperature scaling',
      summary: [
        { label: 'Accuracy', value: '0.7012' }, { label: 'ECE', value: '0.1234' }, { label: 'MCE', value: '0.2100' },
        { label: 'NLL', value: '1.0931' }, { label: 'Brier', value: '0.4120' }, { label: 'Temperature', value: '2.31' },
      ],
      diagram: temperatureInput,
      tables: [{ caption: 'Reliability table (before)', columns: ['Bin', 'Count', 'Confidence', 'Accuracy', 'Gap'], rows: binRows(overconfident) }],
      notes: ['"After" metrics are cross-fitted (5 folds): the fit never saw the rows it is scored on.'],
    },
    {
      heading: 'Comparison',
      diagram: compareInput,
      tables: [{
        caption: 'Summary by model', columns: ['Model', 'ECE', 'NLL', 'N'],
        rows: [['resnet110 (uncalibrated)', '0.1234', '1.0931', '10,010'], ['resnet110 + temperature', '0.0121', '0.9012', '10,100'], ['densenet40', '0.0987', '1.2000', '2,580']],
      }],
    },
  ],
  config: { bins: 15, binning: 'width', bin_edges: 'right', kind: 'logits', prob_floor: 1e-12, cv: 5, seed: null, renormalize: false },
};
