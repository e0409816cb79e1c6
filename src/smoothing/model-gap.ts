import { quantileSorted } from '../core/numerics.js';
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
 * (x_floor(h)+1 - x_floor(h)) (src/core/numerics.ts, quantileSorted). So the median of an even
 * count is the mean of the middle two.
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

function histogram(sorted: Float64Array): GapHistogramBin[] {
  const min = sorted[0]!;
  const max = sorted[sorted.length - 1]!;
  if (!(max > min)) return [{ lower: min, upper: max, count: sorted.length }];
  const bars = GAP_HISTOGRAM_BINS;
  const width = (max - min) / bars;
  const range = max - min;
  // The plain rule, unless the range is too small to divide (gaps of 0 and 5e-324: the width
  // underflows to 0) or too large to hold (-1e308 and 1e308: max - min overflows). Then rows are
  // placed by their fraction of the range, computed on halved values if need be.
  const plain = width > 0 && Number.isFinite(width);
  const halfRange = max / 2 - min / 2;
  const position = plain ? (x: number): number => (x - min) / width
    : Number.isFinite(range) ? (x: number): number => ((x - min) / range) * bars
      : (x: number): number => ((x / 2 - min / 2) / halfRange) * bars;
  const edge = (b: number): number => b === bars ? max
    : plain ? min + b * width
      : Number.isFinite(range) ? min + (b / bars) * range : 2 * (min / 2 + (b / bars) * halfRange);
  const bins: GapHistogramBin[] = [];
  for (let b = 0; b < bars; b++) bins.push({ lower: edge(b), upper: edge(b + 1), count: 0 });
  for (let i = 0; i < sorted.length; i++) {
    const at = Math.floor(position(sorted[i]!));
    bins[at >= 0 ? Math.min(bars - 1, at) : 0]!.count++;
  }
  return bins;
}
