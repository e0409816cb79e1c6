/**
 * Small numeric helpers shared by the statistics (src/stats) and the smoothing analysis
 * (src/smoothing): sample quantiles and log-gamma. Pure functions of numbers, no I/O.
 */
import { CalibError } from './errors.js';

/**
 * The q-quantile of an ascending sample by linear interpolation between order statistics
 * (Hyndman & Fan 1996, "Sample quantiles in statistical packages", Am. Stat. 50:361-365, type 7;
 * R's default, and numpy's default `method="linear"`): with the values x_0 <= ... <= x_{n-1},
 *   h = (n - 1) q,   Q(q) = x_floor(h) + (h - floor(h)) (x_floor(h)+1 - x_floor(h))
 * (the upper neighbour capped at x_{n-1}). So the median of an even count is the mean of the
 * middle two. The formula is applied as written even where h is whole, so there an infinite
 * neighbour gives NaN (0 * Infinity), as numpy.quantile does; see quantileSortedExactRanks.
 * numpy evaluates h - floor(h) >= 1/2 as x_hi - (1 - f)(x_hi - x_lo) instead, so about 1 value in
 * 70 differs from numpy.quantile in the last bit. NaN for an empty sample.
 *
 * @example quantileSorted(Float64Array.of(0, 1, 2, 3), 0.1)  // 0.30000000000000004: h = 0.3, 0 + 0.3 (1 - 0)
 * @example quantileSorted(Float64Array.of(0, 1, 2, 3), 0.5)  // 1.5
 * @example quantileSorted(Float64Array.of(7), 0.9)           // 7
 */
export function quantileSorted(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * quantileSorted (Hyndman & Fan type 7), except that a whole position h = (n - 1) q returns the
 * order statistic x_h itself, without the `+ 0 * (x_h+1 - x_h)`: a sample with an infinite value
 * (an NLL of Infinity in some resamples) then still has finite quantiles below it, and a -0 stays
 * -0. Between order statistics the two functions agree bit for bit. NaN for an empty sample.
 * The bootstrap's percentile intervals use this one.
 *
 * @example quantileSortedExactRanks(Float64Array.of(1, 2, 3, 4, 5), 0.25)  // 2: h = 1
 * @example quantileSortedExactRanks(Float64Array.of(1, 2, Infinity), 0.5) // 2 (quantileSorted: NaN)
 * @example quantileSortedExactRanks(Float64Array.of(10, 20, 30, 40), 0.05) // 11.5: h = 0.15
 */
export function quantileSortedExactRanks(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const fraction = position - below;
  const low = sorted[below]!;
  if (fraction === 0 || below + 1 >= sorted.length) return low;
  return low + fraction * (sorted[below + 1]! - low);
}

/** Lanczos coefficients for g = 7, n = 9 (Godfrey's set; Press et al., Numerical Recipes 3rd ed. §6.1). */
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
] as const;

/**
 * ln Gamma(x) for x > 0 by the Lanczos approximation (Lanczos 1964, "A precision approximation of
 * the gamma function", SIAM J. Numer. Anal. B 1:86-96), g = 7, nine coefficients:
 *   ln Gamma(x) = ln sqrt(2 pi) + (x - 1/2) ln t - t + ln(c_0 + sum_{i=1..8} c_i / (x - 1 + i)),
 *   t = x - 1 + g + 1/2,
 * relative error about 1e-15 (at most 3.4e-15 of max(1, |ln Gamma|) against mpmath on 0 < x < 500).
 * Below 0.5 the reflection formula Gamma(x) Gamma(1 - x) = pi / sin(pi x) is used.
 * Throws CalibError('internal') unless x > 0.
 *
 * @example lnGamma(0.5) // 0.5723649429246995 (ln sqrt(pi) = 0.57236494292470008707...)
 * @example lnGamma(1)   // -8.881784197001252e-16 (ln 0! = 0: the error is absolute near the zeros at 1 and 2)
 * @example lnGamma(5)   // 3.178053830347944 (ln 4! = ln 24 = 3.1780538303479456196...)
 * @example lnGamma(10)  // 12.801827480081474 (ln 9! = ln 362880 = 12.801827480081469611...)
 */
export function lnGamma(x: number): number {
  if (!(x > 0)) throw new CalibError('internal', `lnGamma: x must be > 0, got ${x}.`);
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < 9; i++) sum += LANCZOS[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}
