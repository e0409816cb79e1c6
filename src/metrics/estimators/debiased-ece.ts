import type { SortedRows } from './argsort.js';
import { checkInteger, checkRows } from './rows.js';

/**
 * How the debiased estimator bins, named after the functions of Kumar et al.'s `calibration`
 * package: `mass` is `get_equal_bins` (their default for continuous scores), `width` is
 * `get_equal_prob_bins` (upper edges i/M, right-closed, the same bins as calib's equal-width
 * default).
 */
export type DebiasedBinning = 'mass' | 'width';

export interface DebiasedEceOptions {
  /** Default `mass`, as `calibration.get_calibration_error` / `lower_bound_scaling_ce`. */
  readonly binning?: DebiasedBinning;
  /** `sortRows(confidence, outcome)`, when the caller has it already (`mass` needs the sorted values). */
  readonly sorted?: SortedRows;
}

export interface DebiasedEceResult {
  /** sqrt(max(0, squared)): the debiased L2 calibration error. 0 when the square came out negative. */
  readonly debiased: number;
  /** The debiased estimate of the squared L2 error; unbiased, so it can be negative. */
  readonly squared: number;
  /** The plug-in (biased) L2 error on the same bins: sqrt(sum_b (n_b/N) (f_b - y_b)^2). */
  readonly rmsce: number;
  /** Number of bins after merging duplicate edges (can be fewer than asked, never more than N). */
  readonly bins: number;
  /** Upper edges of the bins; a row goes to the first bin whose edge is >= its confidence. */
  readonly edges: Float64Array;
}

/**
 * Debiased estimator of the squared L2 calibration error (Kumar, Liang & Ma 2019, "Verified
 * Uncertainty Calibration", NeurIPS), as `get_calibration_error(probs, labels, p=2, debias=True)`
 * computes it for continuous scores in their package (p-lambda/verified_calibration,
 * calibration/utils.py: `lower_bound_scaling_ce` with `get_equal_bins`, `num_bins`, then
 * `unbiased_l2_ce`). Per bin b with n_b rows, mean confidence f_b and mean outcome y_b:
 *   e_b = (f_b - y_b)^2 - y_b (1 - y_b) / (n_b - 1)   (0 for a bin with fewer than 2 rows)
 *   squared = sum_b (n_b / N) e_b,   debiased = sqrt(max(squared, 0)).
 * The subtracted term is the unbiased estimate of Var(y_b), the amount by which (f_b - y_b)^2
 * overstates the true squared gap on average. Their package clamps at 0 too; `squared` is returned
 * so that a negative value (no detectable miscalibration at this N) is visible.
 *
 * Bins (`mass`, their `get_equal_bins`): sort the confidences, split with numpy's array_split into
 * min(M, N) groups, put an edge halfway between the last value of a group and the first of the
 * next, add the edge 1.0, drop duplicate edges; a row goes to the first bin whose edge is >= its
 * confidence (numpy `searchsorted`, side left). Unlike calib's `--binning mass`, equal confidences
 * never straddle two bins. `width`: edges i/M, i = 1..M, same rule.
 *
 * Their package switches to one bin per distinct value when fewer than N/4 distinct values occur
 * (`is_discrete`); this function always uses the M bins asked for.
 *
 * @example
 * // f = (0.2, 0.4, 0.6, 0.8), y = (0, 1, 0, 1), M = 2, mass: groups {0.2, 0.4}, {0.6, 0.8}, edges
 * // (0.5, 1). Bin 1: f_b = 0.3, y_b = 0.5, e = 0.04 - 0.25/1 = -0.21; bin 2: f_b = 0.7, y_b = 0.5,
 * // e = -0.21. squared = -0.21, debiased = 0, rmsce = sqrt(0.04) = 0.2.
 * debiasedEce(Float64Array.of(0.2, 0.4, 0.6, 0.8), Uint8Array.of(0, 1, 0, 1), 2)
 * // { debiased: 0, squared: -0.21, rmsce: 0.2, bins: 2, edges: [0.5, 1] } (up to rounding)
 */
export function debiasedEce(
  confidence: Float64Array, outcome: Uint8Array, bins: number, options: DebiasedEceOptions = {},
): DebiasedEceResult {
  checkRows('debiasedEce', confidence, outcome);
  checkInteger('debiasedEce', 'bins', bins, 1);
  const edges = options.binning === 'width' ? equalProbEdges(bins)
    : equalMassEdges(options.sorted?.confidence ?? Float64Array.from(confidence).sort(), bins);
  const m = edges.length;
  const count = new Float64Array(m);
  const sumF = new Float64Array(m);
  const sumY = new Float64Array(m);
  const width = options.binning === 'width';
  for (let i = 0; i < confidence.length; i++) {
    const b = width ? searchLeftEqualWidth(edges, confidence[i]!) : searchLeft(edges, confidence[i]!);
    count[b]!++;
    sumF[b]! += confidence[i]!;
    sumY[b]! += outcome[i]!;
  }
  const { squared, plugin } = debiasedFromBins(count, sumF, sumY, confidence.length);
  return { debiased: Math.sqrt(Math.max(squared, 0)), squared, rmsce: Math.sqrt(plugin), bins: m, edges };
}

/**
 * The estimate from per-bin sums (rows, sum of confidence, sum of outcome; `n` rows in all):
 * `squared = sum_b (n_b/N) e_b` as above, and the plug-in `sum_b (n_b/N) (f_b - y_b)^2`. Used on
 * the bins computed from rows here and on the bins of a summary (src/summary/metrics.ts).
 */
export function debiasedFromBins(count: ArrayLike<number>, sumF: ArrayLike<number>, sumY: ArrayLike<number>, n: number): { squared: number; plugin: number } {
  let squared = 0;
  let plugin = 0;
  for (let b = 0; b < count.length; b++) {
    const nb = count[b]!;
    if (nb === 0) continue;
    const meanY = sumY[b]! / nb;
    const gap2 = (sumF[b]! / nb - meanY) ** 2;
    plugin += (nb / n) * gap2;
    if (nb >= 2) squared += (nb / n) * (gap2 - (meanY * (1 - meanY)) / (nb - 1));
  }
  return { squared, plugin };
}

/** `get_equal_bins`: midpoints between array_split groups of the sorted values, then 1.0, deduplicated. */
function equalMassEdges(sorted: Float64Array, bins: number): Float64Array {
  const n = sorted.length;
  const groups = Math.min(bins, n);
  const small = Math.floor(n / groups);
  const extra = n % groups; // array_split: the first `extra` groups hold one more
  const edges: number[] = [];
  let end = 0;
  for (let g = 0; g < groups - 1; g++) {
    end += small + (g < extra ? 1 : 0);
    edges.push((sorted[end - 1]! + sorted[end]!) / 2.0);
  }
  edges.push(1.0);
  const unique = edges.filter((e, i) => i === 0 || e !== edges[i - 1]);
  return Float64Array.from(unique);
}

/** `get_equal_prob_bins`: upper edges `i * 1.0 / M` for i = 1..M. */
export function equalProbEdges(bins: number): Float64Array {
  const edges = new Float64Array(bins);
  for (let i = 1; i <= bins; i++) edges[i - 1] = (i * 1.0) / bins;
  return edges;
}

/**
 * `searchLeft` for the edges i/M: start from the bin the arithmetic suggests, ceil(x M) - 1, and
 * step to the exact answer (rounding in x M can put the guess one bin off next to an edge). The
 * same result as the binary search without its unpredictable branches, which cost ~50 ns a row.
 */
export function searchLeftEqualWidth(edges: Float64Array, x: number): number {
  const m = edges.length;
  let b = Math.ceil(x * m) - 1;
  if (!(b >= 0)) b = 0;
  else if (b > m) b = m;
  while (b > 0 && edges[b - 1]! >= x) b--;
  while (b < m && edges[b]! < x) b++;
  return b;
}

/** numpy `searchsorted(edges, x, side='left')`: the number of edges strictly below x. */
export function searchLeft(edges: Float64Array, x: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
