import type { BinEdges, BinningConfig } from '../core/config.js';
import type { ReliabilityBin } from './types.js';
import { sortRows, type SortedRows } from './estimators/argsort.js';

/**
 * Equal-width bin index of a confidence in [0, 1] (docs/conventions.md, "Binning").
 *
 * `right` (default; Guo et al. 2017 reference code, scikit-learn's `calibration_curve`, Kumar et
 * al.'s `calibration`): bin m (1-based) holds `((m-1)/M, m/M]`, and 0 goes in bin 1, so the
 * 0-based index is `max(0, ceil(c M) - 1)`.
 * `left` (netcal, TFP): `[(m-1)/M, m/M)` with the last bin closed, index `min(M-1, floor(c M))`.
 *
 * The edges are the doubles `m / M` (correctly rounded, as numpy's `arange(1, M + 1) / M`), and a
 * confidence is compared with them, so a value written as an edge (`0.2`, `0.28` = 7/25) lands on
 * its closed side as scikit-learn's `searchsorted` puts it. `c M` only gives the first guess:
 * its rounding can be one bin off next to an edge (`0.28 * 25 = 7.000000000000001`).
 *
 * @example binIndex(0.2, 5, 'right') === 0   // 0.2 <= 1/5: bin (0, 0.2]
 * @example binIndex(0.2, 5, 'left') === 1    // 0.2 >= 1/5: bin [0.2, 0.4)
 * @example binIndex(0.28, 25, 'right') === 6 // 0.28 <= 7/25: bin (6/25, 7/25], though ceil(0.28 * 25) - 1 = 7
 * @example binIndex(1, 5, 'left') === 4      // the last bin is closed
 */
export function binIndex(confidence: number, bins: number, edges: BinEdges): number {
  const scaled = confidence * bins;
  // Well inside the first bin (most of a many-class row's probabilities): no edge to check.
  if (scaled < 0.5) return 0;
  // Away from every edge (c M more than 1e-9 from a whole number, far beyond its rounding), both
  // sides agree on floor(c M) and no edge needs comparing.
  const below = Math.floor(scaled);
  const fraction = scaled - below;
  if (fraction > 1e-9 && fraction < 1 - 1e-9) return below >= bins ? bins - 1 : below;
  if (edges === 'right') {
    let index = Math.ceil(scaled) - 1;
    index = index < 0 ? 0 : index >= bins ? bins - 1 : index;
    if (index > 0 && confidence <= index / bins) return index - 1;
    if (index < bins - 1 && confidence > (index + 1) / bins) return index + 1;
    return index;
  }
  let index = Math.floor(scaled);
  index = index >= bins ? bins - 1 : index < 0 ? 0 : index;
  if (index > 0 && confidence < index / bins) return index - 1;
  if (index < bins - 1 && confidence >= (index + 1) / bins) return index + 1;
  return index;
}

/** Sums over one bin, from which every binned statistic is derived. */
export interface BinTotals {
  readonly count: Float64Array;
  readonly confidenceSum: Float64Array;
  readonly outcomeSum: Float64Array;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
}

/** Equal-width bins over [0, 1]; bin m spans [m/M, (m+1)/M] whatever the closed side. */
export function equalWidthTotals(confidence: Float64Array, outcome: Uint8Array, bins: number, edges: BinEdges): BinTotals {
  const totals = emptyTotals(bins);
  for (let m = 0; m < bins; m++) {
    totals.lower[m] = m / bins;
    totals.upper[m] = (m + 1) / bins;
  }
  // Each bin's confidence sum is compensated (Neumaier 1974): a bin of many equal values, as
  // discrete probabilities give, then has the mean those values have, not a drifted one.
  const compensation = new Float64Array(bins);
  const sums = totals.confidenceSum;
  for (let i = 0; i < confidence.length; i++) {
    const c = confidence[i]!;
    const m = binIndex(c, bins, edges);
    totals.count[m]! += 1;
    const s = sums[m]!;
    const t = s + c;
    compensation[m]! += Math.abs(s) >= c ? (s - t) + c : (c - t) + s;
    sums[m] = t;
    totals.outcomeSum[m]! += outcome[i]!;
  }
  for (let m = 0; m < bins; m++) sums[m]! += compensation[m]!;
  return totals;
}

/**
 * Equal-mass bins (Nixon et al. 2019, "Measuring Calibration in Deep Learning", adaptive
 * binning): sort by confidence (stable, so ties keep row order), then split into M contiguous
 * groups, the first `N mod M` groups one row larger, as numpy's `array_split` does. A bin's
 * lower/upper are the smallest and largest confidence it holds; with N < M the trailing bins are
 * empty and repeat the last upper edge.
 *
 * `sorted` is `sortRows(confidence, outcome)`, when the caller has it already.
 *
 * @example N = 7, M = 3 gives groups of 3, 2, 2 rows.
 */
export function equalMassTotals(confidence: Float64Array, outcome: Uint8Array, bins: number,
  sorted: SortedRows = sortRows(confidence, outcome)): BinTotals {
  const n = confidence.length;
  const totals = emptyTotals(bins);
  const base = Math.floor(n / bins);
  const extra = n % bins;
  const sortedConfidence = sorted.confidence;
  const sortedOutcome = sorted.outcome;
  let start = 0;
  let lastUpper = 0;
  for (let m = 0; m < bins; m++) {
    const size = base + (m < extra ? 1 : 0);
    if (size === 0) {
      totals.lower[m] = lastUpper;
      totals.upper[m] = lastUpper;
      continue;
    }
    // Compensated (Neumaier), as in equalWidthTotals.
    let confidenceSum = 0;
    let compensation = 0;
    let outcomeSum = 0;
    for (let r = start; r < start + size; r++) {
      const c = sortedConfidence[r]!;
      const t = confidenceSum + c;
      compensation += Math.abs(confidenceSum) >= c ? (confidenceSum - t) + c : (c - t) + confidenceSum;
      confidenceSum = t;
      outcomeSum += sortedOutcome[r]!;
    }
    totals.count[m] = size;
    totals.confidenceSum[m] = confidenceSum + compensation;
    totals.outcomeSum[m] = outcomeSum;
    totals.lower[m] = sortedConfidence[start]!;
    totals.upper[m] = lastUpper = sortedConfidence[start + size - 1]!;
    start += size;
  }
  return totals;
}

export function binsFor(confidence: Float64Array, outcome: Uint8Array, config: BinningConfig): BinTotals {
  return config.binning === 'mass'
    ? equalMassTotals(confidence, outcome, config.bins)
    : equalWidthTotals(confidence, outcome, config.bins, config.edges);
}

/** The reliability table: empty bins kept with count 0 and null statistics. */
export function toReliabilityBins(totals: BinTotals): ReliabilityBin[] {
  const bins: ReliabilityBin[] = [];
  for (let m = 0; m < totals.count.length; m++) {
    const count = totals.count[m]!;
    const meanConfidence = count > 0 ? totals.confidenceSum[m]! / count : null;
    const accuracy = count > 0 ? totals.outcomeSum[m]! / count : null;
    bins.push({
      lower: totals.lower[m]!,
      upper: totals.upper[m]!,
      count,
      mean_confidence: meanConfidence,
      accuracy,
      gap: meanConfidence !== null && accuracy !== null ? meanConfidence - accuracy : null,
    });
  }
  return bins;
}

function emptyTotals(bins: number): BinTotals {
  return {
    count: new Float64Array(bins),
    confidenceSum: new Float64Array(bins),
    outcomeSum: new Float64Array(bins),
    lower: new Float64Array(bins),
    upper: new Float64Array(bins),
  };
}
