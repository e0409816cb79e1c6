/**
 * calib's default bins (METRICS.md, "Binning"): M equal-width bins, bin m (1-based) holding
 * confidences in ((m-1)/M, m/M], a confidence of 0 in the first. Returned 0-based:
 * `max(0, ceil(c M) - 1)`, capped at M - 1.
 *
 * @example equalWidthBin(0.1, 10) // 0: 0.1 is the right edge of the first bin
 * @example equalWidthBin(0, 15)   // 0
 * @example equalWidthBin(1, 15)   // 14
 */
export function equalWidthBin(c: number, bins: number): number {
  return Math.min(bins - 1, Math.max(0, Math.ceil(c * bins) - 1));
}
