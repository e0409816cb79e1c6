import type { Predictions } from '../core/predictions.js';
import { expNonPositive } from '../core/exp-nonpositive.js';

/** Per-row and mean quantities at T = 1 that every label-smoothing number is built from. */
export interface SmoothingRowTerms {
  /** mean_i -log p_{i,y_i}. */
  readonly nll: number;
  /** mean_i -sum_k u_k log p_ik = mean_i (LSE(z_i) - sum_k u_k z_ik): cross-entropy to the prior. */
  readonly priorCrossEntropy: number;
  /** mean_i -sum_k p_ik log p_ik. */
  readonly entropy: number;
  /** z_{i,y_i} per row. */
  readonly labelScore: Float64Array;
  /** sum_k u_k z_ik per row. */
  readonly priorScore: Float64Array;
  /** g_i = z_{i,top} - mean_{k != top} z_ik per row (top = argmax, lowest index on ties). */
  readonly gap: Float64Array;
}

/**
 * One pass over the scores (K exps per row). Every log-probability is taken relative to the row
 * maximum m: `log p_ik = (z_ik - m) - log sum_k exp(z_ik - m)`, so nothing overflows.
 *
 * @example
 * // z = (2, 1, 0), label 0, uniform u: LSE = log(e^2 + e + 1) = 2.407606, NLL = 0.407606,
 * // prior cross-entropy = 2.407606 - 1 = 1.407606, gap = 2 - (1 + 0)/2 = 1.5.
 */
export function smoothingRowTerms(preds: Predictions, prior: Float64Array): SmoothingRowTerms {
  const { rows: n, classes: K, scores, labels } = preds;
  const labelScore = new Float64Array(n);
  const priorScore = new Float64Array(n);
  const gap = new Float64Array(n);
  let nll = 0, priorCe = 0, entropy = 0;
  for (let i = 0; i < n; i++) {
    const o = i * K;
    let m = scores[o]!;
    for (let k = 1; k < K; k++) if (scores[o + k]! > m) m = scores[o + k]!;
    let s = 0, s1 = 0, sumW = 0, uw = 0;
    for (let k = 0; k < K; k++) {
      const w = scores[o + k]! - m;
      const e = expNonPositive(w);
      sumW += w;
      uw += prior[k]! * w;
      if (e > 0) {
        s += e;
        s1 += e * w;
      }
    }
    const logS = Math.log(s);
    const y = labels[i]!;
    labelScore[i] = scores[o + y]!;
    priorScore[i] = m + uw;
    nll += logS - (scores[o + y]! - m);
    priorCe += logS - uw;
    entropy += logS - s1 / s;
    // The top score is m, so z_top - mean of the others = -(sum_k (z_k - m)) / (K - 1).
    gap[i] = -sumW / (K - 1);
  }
  return { nll: nll / n, priorCrossEntropy: priorCe / n, entropy: entropy / n, labelScore, priorScore, gap };
}
