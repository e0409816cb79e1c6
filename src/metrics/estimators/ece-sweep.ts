import { sortRows, type SortedRows } from './argsort.js';
import { checkRows } from './rows.js';
import { CalibError } from '../../core/errors.js';

export interface EceSweepOptions {
  /** The L^p norm of the gaps: 1 (default) is calib's ECE; 2 is caltrain's default (an RMS error). */
  readonly p?: number;
  /** `sortRows(confidence, outcome)`, when the caller has it already (saves the sort). */
  readonly sorted?: SortedRows;
}

export interface EceSweepResult {
  /** (sum_b (n_b / N) |y_b - f_b|^p)^(1/p) at the chosen number of bins. */
  readonly ece: number;
  /** The chosen number of equal-mass bins: the last count before the bin accuracies stop rising. */
  readonly bins: number;
}

/**
 * Monotonic-sweep ECE (Roelofs, Cain, Shlens & Mozer 2022, "Mitigating Bias in Calibration Error
 * Estimation", AISTATS), as the authors' code computes `em_ece_sweep`
 * (google-research/google-research, caltrain/calibration_metrics.py, `em_monotonic_sweep` and
 * `_calc_ece_postbin`). Sort the rows by confidence; with b equal-mass bins the row at sorted
 * position k goes to bin `min(b - 1, floor((k / N) * b))`. For b = 2, 3, ..., N - 1, stop at the
 * first b whose bin accuracies y_1..y_b are not non-decreasing (some y_{j+1} < y_j); use b - 1
 * bins (1 if b = 2 already fails; N - 1 if none fails; 1 when N <= 2). Then
 *   ECE_sweep = (sum_b (n_b / N) |y_b - f_b|^p)^(1/p).
 * The idea: the true calibration curve is monotone, so the finest binning that still looks
 * monotone is as fine as the data supports, which removes most of the bias of a fixed 15 bins.
 *
 * Conventions: p = 1 by default so that the value sits next to calib's ECE and ACE (caltrain's
 * `CalibrationMetric` default is norm = 2; pass p = 2 for that). Ties in confidence are broken by
 * row order (a stable sort; caltrain's `np.argsort` leaves their order unspecified).
 * Cost: O(N log N) to sort, plus O(b) per tried bin count, so O(N + B^2) for B bins; a sequence
 * that is monotone at every b (outcomes already sorted) is detected up front in O(N).
 *
 * @example
 * // f = (0.1, 0.2, 0.3, 0.4), y = (0, 1, 0, 1). b = 2: bins {0.1, 0.2}, {0.3, 0.4}, accuracies
 * // 0.5, 0.5, monotone. b = 3: positions 0,1 | 2 | 3 (floor(k/4 * 3) = 0, 0, 1, 2), accuracies
 * // 0.5, 0, 1: not monotone, so 2 bins. ECE = 0.5 |0.5 - 0.15| + 0.5 |0.5 - 0.35| = 0.25.
 * eceSweep(Float64Array.of(0.1, 0.2, 0.3, 0.4), Uint8Array.of(0, 1, 0, 1)) // { ece: 0.25, bins: 2 }
 */
export function eceSweep(
  confidence: Float64Array, outcome: Uint8Array, options: EceSweepOptions = {},
): EceSweepResult {
  checkRows('eceSweep', confidence, outcome);
  const p = options.p ?? 1;
  if (!(p >= 1 && Number.isFinite(p))) {
    throw new CalibError('usage', `eceSweep: p must be a finite number >= 1, got ${p}.`);
  }
  const n = confidence.length;
  const { confidence: f, outcome: y } = options.sorted ?? sortRows(confidence, outcome);
  const positives = new PositivesBefore(y);
  const sorted = positives.nonDecreasing;
  let bins = 1;
  if (sorted) {
    bins = Math.max(1, n - 1);
  } else {
    for (let b = 2; b < n; b++) {
      if (!monotoneAt(b, n, positives)) break;
      bins = b;
    }
  }
  return { ece: sweepEce(f, y, bins, p), bins };
}

/** First sorted position in bin j of b: the least k with floor((k / n) * b) >= j (caltrain's float rule). */
function binStart(j: number, b: number, n: number): number {
  let k = Math.ceil((j * n) / b);
  while (k > 0 && Math.floor(((k - 1) / n) * b) >= j) k--;
  while (k < n && Math.floor((k / n) * b) < j) k++;
  return k;
}

/** caltrain `_calc_ece_postbin`'s monotonic flag: no bin's mean outcome below the previous one's. */
function monotoneAt(b: number, n: number, positives: PositivesBefore): boolean {
  let last = -Infinity;
  let start = 0;
  for (let j = 0; j < b; j++) {
    const end = j === b - 1 ? n : binStart(j + 1, b, n);
    const mean = (positives.at(end) - positives.at(start)) / (end - start);
    if (mean < last) return false;
    last = mean;
    start = end;
  }
  return true;
}

/** Rows a count of the prefix counts is kept for: the rest are added up from the outcomes. */
const STRIDE_SHIFT = 6;
const STRIDE = 1 << STRIDE_SHIFT;

/**
 * The number of positives among the first k sorted rows (an exact integer), from a count kept
 * every STRIDE rows and the outcomes after it: an eighth of a byte a row, where a count per row
 * took 8 (400 MB for 50 million rows).
 */
class PositivesBefore {
  private readonly counts: Float64Array;
  /** The outcomes never fall from one row to the next (so every bin count is monotone). */
  readonly nonDecreasing: boolean;

  constructor(private readonly outcome: Uint8Array) {
    const n = outcome.length;
    this.counts = new Float64Array((n >>> STRIDE_SHIFT) + 1);
    let count = 0;
    let nonDecreasing = true;
    for (let k = 0; k < n; k++) {
      if ((k & (STRIDE - 1)) === 0) this.counts[k >>> STRIDE_SHIFT] = count;
      if (k > 0 && outcome[k]! < outcome[k - 1]!) nonDecreasing = false;
      count += outcome[k]!;
    }
    this.nonDecreasing = nonDecreasing;
    if ((n & (STRIDE - 1)) === 0) this.counts[n >>> STRIDE_SHIFT] = count;
  }

  /** Positives among rows 0 .. k - 1 (0 <= k <= N). */
  at(k: number): number {
    let count = this.counts[k >>> STRIDE_SHIFT]!;
    for (let i = k & ~(STRIDE - 1); i < k; i++) count += this.outcome[i]!;
    return count;
  }
}

function sweepEce(f: Float64Array, y: Uint8Array, bins: number, p: number): number {
  const n = f.length;
  let total = 0;
  let start = 0;
  for (let j = 0; j < bins; j++) {
    const end = j === bins - 1 ? n : binStart(j + 1, bins, n);
    let sumF = 0;
    let sumY = 0;
    for (let k = start; k < end; k++) {
      sumF += f[k]!;
      sumY += y[k]!;
    }
    const size = end - start;
    total += size * Math.abs(sumY / size - sumF / size) ** p;
    start = end;
  }
  return (total / n) ** (1 / p);
}
