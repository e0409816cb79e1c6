/**
 * The CORP reliability diagram and score decomposition (Dimitriadis, Gneiting & Jordan 2021,
 * "Stable reliability diagrams for probabilistic classifiers", PNAS 118(8), e2016191118):
 * Consistent, Optimally binned, Reproducible, PAV-based. No bins to choose: the recalibrated
 * probability of each distinct confidence is the isotonic (non-decreasing) regression of the
 * outcome on the confidence, by the pool-adjacent-violators algorithm (Ayer et al. 1955).
 *
 * With x the confidence (q = P(y = 1) in the binary positive view), y the outcome, c the PAV
 * fit and r = mean(y) the reference forecast, the Brier score S = mean((x - y)^2) decomposes as
 *
 *   S(x) = MCB - DSC + UNC,  MCB = S(x) - S(c),  DSC = S(r) - S(c),  UNC = S(r)
 *
 * (the paper's eq. 5): miscalibration, discrimination, uncertainty. MCB is 0 exactly when x is
 * already isotonic-calibrated. Note S here scores the binned quantity (top-label confidence
 * against correctness), not the multiclass Brier score of `calib report`.
 */
import type { SortedRows } from './argsort.js';

/** The PAV step function: one entry per distinct confidence, ascending. */
export interface IsotonicFit {
  /** The distinct confidences, ascending. */
  readonly x: Float64Array;
  /** The recalibrated probability at each (non-decreasing). */
  readonly fitted: Float64Array;
  /** Rows at each distinct confidence. */
  readonly count: Int32Array;
}

/**
 * Isotonic regression of `outcome` on `confidence` (both in ascending confidence order, ties
 * together, as `SortedRows` holds them): tied confidences are pooled first (one fitted value per
 * distinct confidence, as CORP requires), then adjacent violators are pooled, weighted by rows.
 */
export function isotonicFit(sorted: Pick<SortedRows, 'confidence' | 'outcome'>): IsotonicFit {
  const n = sorted.confidence.length;
  if (n === 0) throw new RangeError('isotonicFit: no rows');
  // Distinct confidences with their row counts and outcome sums.
  const xs = new Float64Array(n);
  const counts = new Int32Array(n);
  const sums = new Float64Array(n);
  let u = -1;
  for (let i = 0; i < n; i++) {
    const x = sorted.confidence[i]!;
    if (u < 0 || x !== xs[u]) { u++; xs[u] = x; }
    counts[u]!++;
    sums[u]! += sorted.outcome[i]!;
  }
  const distinct = u + 1;
  // PAV on a stack of blocks: each block [start, end) of distinct values with its sums.
  const blockStart = new Int32Array(distinct);
  const blockSum = new Float64Array(distinct);
  const blockCount = new Float64Array(distinct);
  let top = -1;
  for (let j = 0; j < distinct; j++) {
    top++;
    blockStart[top] = j;
    blockSum[top] = sums[j]!;
    blockCount[top] = counts[j]!;
    // Pool while the previous block's mean is above this one's (compared without division).
    while (top > 0 && blockSum[top - 1]! * blockCount[top]! > blockSum[top]! * blockCount[top - 1]!) {
      blockSum[top - 1]! += blockSum[top]!;
      blockCount[top - 1]! += blockCount[top]!;
      top--;
    }
  }
  const fitted = new Float64Array(distinct);
  for (let b = 0; b <= top; b++) {
    const end = b < top ? blockStart[b + 1]! : distinct;
    const value = blockSum[b]! / blockCount[b]!;
    for (let j = blockStart[b]!; j < end; j++) fitted[j] = value;
  }
  return { x: xs.slice(0, distinct), fitted, count: counts.slice(0, distinct) };
}

/** The CORP decomposition of the Brier score of the binned quantity. */
export interface CorpDecomposition {
  /** S(x): mean squared difference of confidence and outcome. */
  readonly score: number;
  /** Miscalibration S(x) - S(c) (>= 0). */
  readonly mcb: number;
  /** Discrimination S(r) - S(c) (>= 0). */
  readonly dsc: number;
  /** Uncertainty S(r) = r (1 - r), r the mean outcome. */
  readonly unc: number;
}

/** The decomposition from the rows in confidence order and their PAV fit (`isotonicFit(sorted)`). */
export function corpDecomposition(sorted: Pick<SortedRows, 'confidence' | 'outcome'>, fit: IsotonicFit): CorpDecomposition {
  const n = sorted.confidence.length;
  let sx = 0;
  let sc = 0;
  let ones = 0;
  let j = 0;
  let left = fit.count[0]!;
  for (let i = 0; i < n; i++) {
    if (left === 0) { j++; left = fit.count[j]!; }
    left--;
    const y = sorted.outcome[i]!;
    const dx = sorted.confidence[i]! - y;
    const dc = fit.fitted[j]! - y;
    sx += dx * dx;
    sc += dc * dc;
    ones += y;
  }
  const r = ones / n;
  const score = sx / n;
  const calibrated = sc / n;
  const unc = r * (1 - r);
  // S(c) <= S(x) and S(c) <= S(r) hold exactly in exact arithmetic; clamp rounding below 0.
  return { score, mcb: Math.max(0, score - calibrated), dsc: Math.max(0, unc - calibrated), unc };
}

/** The PAV fit's value at confidence `x` (the step function, constant between distinct values). */
export function isotonicAt(fit: IsotonicFit, x: number): number {
  let lo = 0;
  let hi = fit.x.length - 1;
  if (x <= fit.x[0]!) return fit.fitted[0]!;
  if (x >= fit.x[hi]!) return fit.fitted[hi]!;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (fit.x[mid]! <= x) lo = mid; else hi = mid;
  }
  return fit.fitted[lo]!;
}
