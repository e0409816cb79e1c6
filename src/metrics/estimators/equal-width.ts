import { binIndex } from '../binning.js';

/**
 * calib's default bins (docs/conventions.md, "Bins"): M equal-width bins, bin m (1-based) holding
 * confidences in ((m-1)/M, m/M], a confidence of 0 in the first, returned 0-based. The same bin
 * as `binIndex(c, M, 'right')` (a confidence compared with the edges m/M as doubles), so the
 * estimators that bin for themselves (the consistency test) bin as the reliability table does.
 *
 * @example equalWidthBin(0.1, 10) // 0: 0.1 is the right edge of the first bin
 * @example equalWidthBin(0.28, 25) // 6: on the edge 7/25, though ceil(0.28 * 25) - 1 = 7
 * @example equalWidthBin(0, 15)   // 0
 * @example equalWidthBin(1, 15)   // 14
 */
export function equalWidthBin(c: number, bins: number): number {
  return binIndex(c, bins, 'right');
}
