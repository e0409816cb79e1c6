/** Spiegelhalter's Z test over per-row (confidence, outcome) pairs. Returns plain data. */
import { checkRows } from '../metrics/estimators/rows.js';
import { normalTwoSidedP } from './incomplete-gamma.js';

export interface SpiegelhalterResult {
  /** Standardized Brier-score deviation; > 0: the Brier score is worse than calibration predicts. */
  readonly z: number;
  /** Two-sided normal p-value, erfc(|z| / sqrt 2). */
  readonly pValue: number;
}

/**
 * Spiegelhalter's Z test (Spiegelhalter 1986, "Probabilistic prediction in patient management and
 * clinical trials", Stat. Med. 5:421-433; `S:z` in Harrell's rms `val.prob`). Under calibration
 * (y_i ~ Bernoulli(p_i)) the Brier score has mean sum p(1-p)/N, and
 *   Z = sum_i (y_i - p_i)(1 - 2 p_i) / sqrt(sum_i (1 - 2 p_i)^2 p_i (1 - p_i))
 * is approximately standard normal; p = P(|N(0,1)| >= |Z|).
 * When the denominator is 0 (every p in {0, 1/2, 1}) the statistic carries no information if the
 * numerator is 0 too (z = 0, p = 1); otherwise a p of 0 or 1 was contradicted: z = ±Infinity, p = 0.
 *
 * @example
 * // p = (0.2, 0.8), y = (1, 1): numerator 0.8*0.6 + 0.2*(-0.6) = 0.36,
 * // variance 0.36*0.16 + 0.36*0.16 = 0.1152, z = 0.36 / 0.33941 = 1.06066, p = 0.28884.
 * spiegelhalter(Float64Array.of(0.2, 0.8), Uint8Array.of(1, 1)) // { z: 1.0606601717798212, pValue: 0.288844366346485 }
 */
export function spiegelhalter(confidence: Float64Array, outcome: Uint8Array): SpiegelhalterResult {
  checkRows('spiegelhalter', confidence, outcome);
  let numerator = 0;
  let variance = 0;
  for (let i = 0; i < confidence.length; i++) {
    const p = confidence[i]!;
    const w = 1 - 2 * p;
    numerator += (outcome[i]! - p) * w;
    variance += w * w * p * (1 - p);
  }
  if (variance === 0) {
    if (numerator === 0) return { z: 0, pValue: 1 };
    return { z: numerator > 0 ? Infinity : -Infinity, pValue: 0 };
  }
  const z = numerator / Math.sqrt(variance);
  return { z, pValue: normalTwoSidedP(z) };
}
