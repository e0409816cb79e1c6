import type { BinTotals } from './binning.js';

/**
 * Expected calibration error (Naeini, Cooper & Hauskrecht 2015, "Obtaining Well Calibrated
 * Probabilities Using Bayesian Binning"; Guo et al. 2017, "On Calibration of Modern Neural
 * Networks", eq. 3): `ECE = sum_m (n_m / N) |acc_m - conf_m|`, empty bins skipped.
 * On equal-mass bins this is ACE (Nixon et al. 2019).
 *
 * @example two bins: 3 rows at confidence 0.9 with 2 correct, 1 row at 0.6 correct:
 *   (3/4)|2/3 - 0.9| + (1/4)|1 - 0.6| = 0.75 * 0.23333 + 0.25 * 0.4 = 0.275
 */
export function expectedCalibrationError(totals: BinTotals, rows: number): number {
  let ece = 0;
  for (let m = 0; m < totals.count.length; m++) {
    const n = totals.count[m]!;
    if (n === 0) continue;
    ece += Math.abs(totals.outcomeSum[m]! - totals.confidenceSum[m]!) / rows;
  }
  return ece;
}

/**
 * Maximum calibration error (Naeini et al. 2015; Guo et al. 2017, eq. 5):
 * `MCE = max_m |acc_m - conf_m|` over non-empty bins.
 *
 * @example the two bins above: max(0.23333, 0.4) = 0.4
 */
export function maximumCalibrationError(totals: BinTotals): number {
  let mce = 0;
  for (let m = 0; m < totals.count.length; m++) {
    const n = totals.count[m]!;
    if (n === 0) continue;
    const gap = Math.abs(totals.outcomeSum[m]! / n - totals.confidenceSum[m]! / n);
    if (gap > mce) mce = gap;
  }
  return mce;
}

/**
 * Root-mean-square (L2) calibration error (Kumar, Liang & Ma 2019, "Verified Uncertainty
 * Calibration"; Nixon et al. 2019): `RMSCE = sqrt(sum_m (n_m / N) (acc_m - conf_m)^2)`.
 *
 * @example the two bins above: sqrt(0.75 * 0.23333^2 + 0.25 * 0.4^2) = sqrt(0.040833 + 0.04)
 *   = 0.284312
 */
export function rootMeanSquareCalibrationError(totals: BinTotals, rows: number): number {
  let total = 0;
  for (let m = 0; m < totals.count.length; m++) {
    const n = totals.count[m]!;
    if (n === 0) continue;
    const gap = totals.outcomeSum[m]! / n - totals.confidenceSum[m]! / n;
    total += (n / rows) * gap * gap;
  }
  return Math.sqrt(total);
}
