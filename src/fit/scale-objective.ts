/**
 * The objective behind temperature scaling and the label-smoothing what-if temperature, as a
 * function of the inverse temperature `b = 1/T` (Guo et al. 2017, "On Calibration of Modern Neural
 * Networks", section 4.2):
 *
 *   L(b) = mean_i [ LSE(b z_i) - b t_i ],   t_i = sum_k y_ik z_ik
 *
 * for soft targets `y_i` (one-hot: `t_i = z_{i,y_i}`, so L is the mean NLL of softmax(z / T)).
 * Because `sum_k y_ik = 1`, `L(b) = mean_i -sum_k y_ik log softmax(b z_i)_k`, the cross-entropy
 * to the targets. Its derivatives are
 *
 *   L'(b)  = mean_i (E_p[z_i] - t_i),   L''(b) = mean_i Var_p[z_i] >= 0,
 *   L'''(b) = mean_i E_p[(z_i - E_p[z_i])^3]   (the third cumulant of z under p),
 *
 * with `p = softmax(b z_i)`, so L is convex in b and one pass over the scores gives all four.
 * (L''' lets the solver take Halley steps, which converge cubically: a pass fewer per fit.)
 *
 * Everything is computed relative to the row maximum `m_i` (`w = z - m_i <= 0`), which is the
 * log-sum-exp shift and also keeps `E_p[w]` and `Var_p[w]` free of cancellation against a large
 * common offset. Example: z = (2, 0), t = 2 (label 0), b = 1: L = log(1 + e^-2) = 0.126928,
 * L' = E_p[z] - 2 = -2 e^-2 / (1 + e^-2) = -0.238406, L'' = 4 p0 p1 = 0.419974.
 */
import { expNonPositive } from '../core/exp-nonpositive.js';

/** The rows of one fit set, with the per-row constants every pass needs. */
export interface ScaleRows {
  readonly scores: Float64Array;
  readonly classes: number;
  /** Row indices into `scores` (row-major N x K); the fit set, duplicates allowed. */
  readonly index: Int32Array;
  /** `max_k z_ik`, aligned with `index`. */
  readonly max: Float64Array;
  /** `mean_k z_ik`, aligned with `index`: `E_p[z]` at b = 0 (uniform p). */
  readonly mean: Float64Array;
}

/** L, L' and L'' at one value of b (see the module comment). */
export interface ObjectivePoint {
  readonly b: number;
  readonly loss: number;
  readonly slope: number;
  readonly curvature: number;
  /** L'''(b): only steers the solver's step, so raw-moment rounding in it is harmless. */
  readonly third: number;
}

/** One cheap pass (no exp) over the fit rows: row maxima and means. */
export function prepareScaleRows(scores: Float64Array, classes: number, index: Int32Array): ScaleRows {
  const n = index.length;
  const max = new Float64Array(n);
  const mean = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const o = index[j]! * classes;
    let m = scores[o]!;
    let s = 0;
    for (let k = 0; k < classes; k++) {
      const z = scores[o + k]!;
      if (z > m) m = z;
      s += z;
    }
    max[j] = m;
    mean[j] = s / classes;
  }
  return { scores, classes, index, max, mean };
}

/** Identity index 0..n-1, for "fit on every row". */
export function allRows(n: number): Int32Array {
  const index = new Int32Array(n);
  for (let i = 0; i < n; i++) index[i] = i;
  return index;
}

/**
 * L, L', L'', L''' at `b` (> 0, finite). `centeredTargets[j] = t_j - max_j` (<= 0 for targets that
 * are probability vectors). One pass: K exps per row, no allocation.
 *
 * The rows are summed in parts of a fixed size (`objectivePartRows`: about 65,536 scores each),
 * and the parts combined in order by `combineObjective`: threads can each take a run of parts
 * (src/parallel/) and the result is the same bit for bit whatever the number of threads.
 */
export function scaleObjective(rows: ScaleRows, centeredTargets: Float64Array, b: number): ObjectivePoint {
  const n = rows.index.length;
  const parts = objectiveParts(n, rows.classes);
  const sums = new Float64Array(parts * OBJECTIVE_SUMS);
  scaleObjectiveParts(rows, centeredTargets, b, 0, parts, sums, 0);
  return combineObjective(b, n, sums);
}

/** A function with `scaleObjective`'s contract (the solver takes one, to run it on several threads). */
export type ScaleObjective = (rows: ScaleRows, centeredTargets: Float64Array, b: number) => ObjectivePoint;

/** Scores per part of a pass (see `scaleObjective`). */
const PART_SCORES = 1 << 16;

/** Fit rows per part of a pass over rows of `classes` scores. */
export function objectivePartRows(classes: number): number {
  return Math.max(1, Math.ceil(PART_SCORES / classes));
}

/** Parts of a pass over `n` fit rows of `classes` scores (at least one). */
export function objectiveParts(n: number, classes: number): number {
  return Math.max(1, Math.ceil(n / objectivePartRows(classes)));
}

/** The sums of parts `fromPart .. toPart - 1` of a pass, part p's at `out[at + (p - fromPart) * OBJECTIVE_SUMS]`. */
export function scaleObjectiveParts(rows: Pick<ScaleRows, 'scores' | 'classes' | 'index' | 'max'>, centeredTargets: Float64Array, b: number,
  fromPart: number, toPart: number, out: Float64Array, at: number): void {
  const n = rows.index.length;
  const size = objectivePartRows(rows.classes);
  for (let p = fromPart; p < toPart; p++) {
    scaleObjectiveRange(rows, centeredTargets, b, Math.min(n, p * size), Math.min(n, (p + 1) * size), out, at + (p - fromPart) * OBJECTIVE_SUMS);
  }
}

/** Number of partial sums `scaleObjectiveRange` writes. */
export const OBJECTIVE_SUMS = 6;

/**
 * The sums behind `scaleObjective` over the fit rows `from .. to - 1`, written to
 * `out[at .. at + 5]`: the loss and its Neumaier compensation, the slope and its compensation,
 * the curvature, the third derivative. The row sums are compensated so that L' is accurate
 * enough to locate the optimum to ~1e-12 relative on large N.
 */
export function scaleObjectiveRange(rows: Pick<ScaleRows, 'scores' | 'classes' | 'index' | 'max'>, centeredTargets: Float64Array, b: number,
  from: number, to: number, out: Float64Array, at: number): void {
  const { scores, classes, index } = rows;
  let loss = 0, lossC = 0, slope = 0, slopeC = 0, curvature = 0, third = 0;
  for (let j = from; j < to; j++) {
    const o = index[j]! * classes;
    const m = rows.max[j]!;
    let s = 0, s1 = 0, s2 = 0, s3 = 0;
    for (let k = 0; k < classes; k++) {
      const w = scores[o + k]! - m;
      const e = expNonPositive(b * w);
      // e === 0 skips terms whose w may be -Infinity (scores far apart), avoiding 0 * -Inf.
      if (e > 0) {
        const ew = e * w;
        const eww = ew * w;
        s += e;
        s1 += ew;
        s2 += eww;
        s3 += eww * w;
      }
    }
    const tw = centeredTargets[j]!;
    const meanW = s1 / s; // E_p[z] - m; s >= 1 because the maximum contributes exp(0)
    const li = Math.log(s) - b * tw;
    const gi = meanW - tw;
    const m2 = s2 / s;
    const vi = m2 - meanW * meanW;
    third += s3 / s - 3 * meanW * m2 + 2 * meanW * meanW * meanW;
    // Neumaier summation of the row terms.
    let t = loss + li;
    lossC += Math.abs(loss) >= Math.abs(li) ? (loss - t) + li : (li - t) + loss;
    loss = t;
    t = slope + gi;
    slopeC += Math.abs(slope) >= Math.abs(gi) ? (slope - t) + gi : (gi - t) + slope;
    slope = t;
    curvature += vi > 0 ? vi : 0;
  }
  out[at] = loss;
  out[at + 1] = lossC;
  out[at + 2] = slope;
  out[at + 3] = slopeC;
  out[at + 4] = curvature;
  out[at + 5] = third;
}

/** The objective at `b` over `n` rows from its parts' sums (`OBJECTIVE_SUMS` per part, in part order). */
export function combineObjective(b: number, n: number, sums: Float64Array): ObjectivePoint {
  const k = OBJECTIVE_SUMS;
  let loss = 0, lossC = 0, slope = 0, slopeC = 0, curvature = 0, third = 0;
  for (let at = 0; at < sums.length; at += k) {
    let t = loss + sums[at]!;
    lossC += roundingOf(loss, sums[at]!, t) + sums[at + 1]!;
    loss = t;
    t = slope + sums[at + 2]!;
    slopeC += roundingOf(slope, sums[at + 2]!, t) + sums[at + 3]!;
    slope = t;
    curvature += sums[at + 4]!;
    third += sums[at + 5]!;
  }
  return { b, loss: (loss + lossC) / n, slope: (slope + slopeC) / n, curvature: curvature / n, third: third / n };
}

/** The rounding error of t = x + y (Neumaier), so adding the parts' totals loses nothing. */
function roundingOf(x: number, y: number, t: number): number {
  return Math.abs(x) >= Math.abs(y) ? (x - t) + y : (y - t) + x;
}
