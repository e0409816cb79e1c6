import { CalibError } from '../core/errors.js';
import type { Predictions } from '../core/predictions.js';
import { expNonPositive } from '../core/exp-nonpositive.js';

/**
 * Calibrated probabilities `p_ik = softmax(z_i / T_i)_k` as a row-major N x K array, computed
 * with the log-sum-exp shift (`exp((z_ik - max_k z_ik) / T) / sum`), so no overflow for any T > 0.
 * `temperature` is one T for every row, or one per row (from crossFitTemperature).
 *
 * @example
 * // z = (2, 0), T = 2: softmax(1, 0) = (e / (e + 1), 1 / (e + 1)) = (0.731059, 0.268941).
 * @throws CalibError('usage') if a temperature is not a finite positive number, or the per-row
 *   array does not have one entry per row.
 */
export function applyTemperatureProbabilities(preds: Predictions, temperature: number | Float64Array): Float64Array {
  const { rows: n, classes: K, scores } = preds;
  if (typeof temperature !== 'number' && temperature.length !== n) {
    throw new CalibError('usage', `expected one temperature per row (${n}), got ${temperature.length}.`);
  }
  const out = new Float64Array(n * K);
  for (let i = 0; i < n; i++) {
    const t = typeof temperature === 'number' ? temperature : temperature[i]!;
    if (!(t > 0) || !Number.isFinite(t)) {
      throw new CalibError('usage', `temperature ${t} is not a positive finite number.`, undefined,
        'Pass a temperature greater than 0, such as 1.5.');
    }
    const o = i * K;
    let m = scores[o]!;
    for (let k = 1; k < K; k++) m = Math.max(m, scores[o + k]!);
    let s = 0;
    for (let k = 0; k < K; k++) {
      const e = expNonPositive((scores[o + k]! - m) / t);
      out[o + k] = e;
      s += e;
    }
    for (let k = 0; k < K; k++) out[o + k]! /= s;
  }
  return out;
}
