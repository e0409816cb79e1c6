import type { BinEdges, BinningConfig } from '../core/config.js';
import type { ReliabilityBin } from './types.js';
import { sortRows, type SortedRows } from './estimators/argsort.js';

/**
 * Equal-width bin index of a confidence in [0, 1] (../shared/METRICS.md, "Binning").
 *
 * `right` (default; Guo et al. 2017 reference code, scikit-learn's `calibration_curve`, Kumar et
 * al.'s `calibration`): bin m (1-based) holds `((m-1)/M, m/M]`, and 0 goes in bin 1, so the
 * 0-based index is `max(0, ceil(c M) - 1)`.
 * `left` (netcal, TFP): `[(m-1)/M, m/M)` with the last bin closed, index `min(M-1, floor(c M))`.
 *
 * @example binIndex(0.2, 5, 'right') === 0   // 0.2 * 5 = 1, ceil 1, minus 1: bin (0, 0.2]
 * @example binIndex(0.2, 5, 'left') === 1    // floor(1) = 1: bin [0.2, 0.4)
 * @example binIndex(1, 5, 'left') === 4      // the last bin is closed
 */
export function binIndex(confidence: number, bins: number, edges: BinEdges): number {
  const scaled = confidence * bins;
  // The first bin, told apart before rounding (the same answer: ceil(c M) - 1 <= 0 exactly when
  // c M <= 1, floor(c M) <= 0 when c M < 1). Classwise ECE bins every class's probability, and
  // with many classes nearly all of them are below 1/M: this skips the rounding for those.
  if (edges === 'right' ? scaled <= 1 : scaled < 1) return 0;
  if (edges === 'right') {
    const index = Math.ceil(scaled) - 1;
    return index < 0 ? 0 : index >= bins ? bins - 1 : index;
  }
  const index = Math.floor(scaled);
  return index >= bins ? bins - 1 : index < 0 ? 0 : index;
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
  for (let i = 0; i < confidence.length; i++) {
    const c = confidence[i]!;
    const m = binIndex(c, bins, edges);
    totals.count[m]! += 1;
    totals.confidenceSum[m]! += c;
    totals.outcomeSum[m]! += outcome[i]!;
  }
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
    let confidenceSum = 0;
    let outcomeSum = 0;
    for (let r = start; r < start + size; r++) {
      confidenceSum += sortedConfidence[r]!;
      outcomeSum += sortedOutcome[r]!;
    }
    totals.count[m] = size;
    totals.confidenceSum[m] = confidenceSum;
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
