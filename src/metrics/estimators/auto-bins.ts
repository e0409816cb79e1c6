import { CalibError } from '../../core/errors.js';

/**
 * Number of bins for `--bins auto`: the cube-root rule M = ceil(N^(1/3)), at least 1. A binned
 * estimator's squared bias shrinks like M^-2 while its variance grows like M / N; balancing the
 * two gives M ~ N^(1/3) (the same rate as Freedman & Diaconis 1981 for histograms; used for
 * calibration by e.g. Kumar et al. 2019 and Roelofs et al. 2022). Computed in integers, so
 * perfect cubes are exact: the least M with M^3 >= N.
 *
 * @example autoBins(1000) // 10
 * @example autoBins(1001) // 11
 * @example autoBins(10000) // 22 (21^3 = 9261 < 10000 <= 10648 = 22^3)
 */
export function autoBins(n: number): number {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new CalibError('internal', `autoBins: expected a row count, got ${n}.`);
  }
  let m = Math.max(1, Math.ceil(Math.cbrt(n)));
  while (m > 1 && (m - 1) ** 3 >= n) m--;
  while (m ** 3 < n) m++;
  return m;
}
