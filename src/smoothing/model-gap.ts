import type { GapHistogramBin, GapQuantile, ModelGapSummary } from './types.js';

export const GAP_QUANTILE_LEVELS = [0.1, 0.25, 0.5, 0.75, 0.9] as const;
export const GAP_HISTOGRAM_BINS = 10;

/**
 * Summary of the per-row model logit gaps `g_i = z_top - mean_{k != top} z_k` (Müller, Kornblith
 * & Hinton 2019, "When Does Label Smoothing Help?", compare with the target gap g*(a)): mean,
 * median, quantiles at 0.1, 0.25, 0.5, 0.75, 0.9, and a 10-bar equal-width histogram over
 * [min g, max g] (bars are [lo, hi), the last one closed; all rows in one bar if every gap is equal).
 *
 * Quantiles are numpy's default "linear" rule (Hyndman & Fan type 7): at level q, with the gaps
 * sorted ascending as x_0..x_{n-1}, h = (n - 1) q and the value is x_floor(h) + (h - floor(h))
 * (x_floor(h)+1 - x_floor(h)). So the median of an even count is the mean of the middle two.
 *
 * @example
 * // gaps [0, 1, 2, 3]: mean 1.5, median 1.5, quantile 0.1 = 0 + 0.3 (1 - 0) = 0.3.
 */
export function summarizeGaps(gaps: Float64Array): ModelGapSummary {
  const n = gaps.length;
  const sorted = Float64Array.from(gaps).sort();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i]!;
  const quantiles: GapQuantile[] = GAP_QUANTILE_LEVELS.map((level) => ({ level, value: quantileSorted(sorted, level) }));
  return { mean: sum / n, median: quantileSorted(sorted, 0.5), quantiles, histogram: histogram(sorted) };
}

/** numpy.quantile(x, q) (method "linear") of an ascending array. */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const a = sorted[lo]!;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)]!;
  return a + (h - lo) * (b - a);
}

function histogram(sorted: Float64Array): GapHistogramBin[] {
  const min = sorted[0]!;
  const max = sorted[sorted.length - 1]!;
  if (!(max > min)) return [{ lower: min, upper: max, count: sorted.length }];
  const width = (max - min) / GAP_HISTOGRAM_BINS;
  const bins: GapHistogramBin[] = [];
  for (let b = 0; b < GAP_HISTOGRAM_BINS; b++) {
    bins.push({ lower: min + b * width, upper: b === GAP_HISTOGRAM_BINS - 1 ? max : min + (b + 1) * width, count: 0 });
  }
  for (let i = 0; i < sorted.length; i++) {
    const b = Math.min(GAP_HISTOGRAM_BINS - 1, Math.floor((sorted[i]! - min) / width));
    bins[b]!.count++;
  }
  return bins;
}
