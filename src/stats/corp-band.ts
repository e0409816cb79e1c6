/**
 * The consistency band of the CORP reliability diagram (Dimitriadis, Gneiting & Jordan 2021,
 * section "Uncertainty quantification"): where the PAV curve would fall if the confidences were
 * calibrated. Each of R resamples draws new outcomes y*_i ~ Bernoulli(x_i) at the same
 * confidences, refits the isotonic regression, and records it on a grid of confidences; the band
 * at each grid point is the (1 - level) / 2 and (1 + level) / 2 quantiles over the resamples. A
 * PAV curve outside the band is miscalibration the sample size can show.
 *
 * Memory O(N + R x grid); seeded, so the same seed gives the same band.
 */
import { quantileSorted } from '../core/numerics.js';
import type { SortedRows } from '../metrics/estimators/argsort.js';
import { isotonicAt, isotonicFit } from '../metrics/estimators/corp.js';
import { createRandom } from './random.js';

export interface CorpBand {
  /** Grid of confidences, ascending, within [min, max] of the rows' confidences. */
  readonly x: Float64Array;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  readonly level: number;
  readonly resamples: number;
}

export interface CorpBandOptions {
  readonly resamples: number;
  readonly seed: number;
  readonly level: number;
  /** Grid points (default 101). */
  readonly points?: number;
}

export function corpConsistencyBand(sorted: Pick<SortedRows, 'confidence' | 'outcome'>, options: CorpBandOptions): CorpBand {
  const n = sorted.confidence.length;
  if (n === 0) throw new RangeError('corpConsistencyBand: no rows');
  const points = options.points ?? 101;
  const min = sorted.confidence[0]!;
  const max = sorted.confidence[n - 1]!;
  const x = Float64Array.from({ length: points }, (_, g) => (points === 1 ? min : min + ((max - min) * g) / (points - 1)));
  const values = Array.from({ length: points }, () => new Float64Array(options.resamples));
  const random = createRandom(options.seed);
  const draws = new Uint32Array(n);
  const outcome = new Uint8Array(n);
  const resampled = { confidence: sorted.confidence, outcome };
  for (let r = 0; r < options.resamples; r++) {
    random.fill(draws);
    for (let i = 0; i < n; i++) outcome[i] = draws[i]! / 4294967296 < sorted.confidence[i]! ? 1 : 0;
    const fit = isotonicFit(resampled);
    for (let g = 0; g < points; g++) values[g]![r] = isotonicAt(fit, x[g]!);
  }
  const lower = new Float64Array(points);
  const upper = new Float64Array(points);
  for (let g = 0; g < points; g++) {
    const v = values[g]!.sort();
    lower[g] = quantileSorted(v, (1 - options.level) / 2);
    upper[g] = quantileSorted(v, (1 + options.level) / 2);
  }
  return { x, lower, upper, level: options.level, resamples: options.resamples };
}
