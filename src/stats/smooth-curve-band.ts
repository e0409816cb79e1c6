import { quantileSorted } from '../core/numerics.js';
import { smoothCurveAt, smoothEce } from '../metrics/estimators/smooth-ece.js';
import { createRandom } from './random.js';

export interface CurveWithBand {
  /** Bandwidth of the curve (smECE's fixed point on the full data). */
  sigma: number;
  /** `support`: rows within one bandwidth (sigma) of x, the evidence the curve has there. */
  points: Array<{ x: number; y: number; lower: number; upper: number; support: number }>;
}

/**
 * The smoothed reliability curve of Błasiok & Nakkiran (2023) with a percentile bootstrap band:
 * the rows are resampled `resamples` times (seeded), the curve is re-smoothed at the full data's
 * bandwidth, and the band is the central `level` interval of the resampled curves at every x
 * (type-7 quantiles, src/core/numerics.ts).
 * Keeping sigma fixed makes the band show sampling noise, not bandwidth changes.
 */
export function smoothCurveWithBand(
  confidence: Float64Array, outcome: Uint8Array,
  options: { resamples: number; seed: number; level: number; points?: number },
): CurveWithBand {
  const points = options.points ?? 101;
  const { sigma, curve } = smoothEce(confidence, outcome, { curvePoints: points });
  const n = confidence.length;
  const random = createRandom(options.seed);
  const draws = Array.from({ length: points }, () => new Float64Array(options.resamples));
  const c = new Float64Array(n);
  const y = new Uint8Array(n);
  for (let r = 0; r < options.resamples; r++) {
    for (let i = 0; i < n; i++) {
      const j = random.int(n);
      c[i] = confidence[j]!;
      y[i] = outcome[j]!;
    }
    const resampled = smoothCurveAt(c, y, sigma, points);
    for (let p = 0; p < points; p++) draws[p]![r] = resampled.accuracy[p]!;
  }
  const tail = (1 - options.level) / 2;
  // Outside the range of the data the kernel regression falls back to the diagonal: drawing that
  // would show a calibrated curve where there is no evidence at all, so the curve stops there.
  let lowest = Infinity, highest = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = confidence[i]!;
    if (v < lowest) lowest = v;
    if (v > highest) highest = v;
  }
  const step = 1 / (points - 1);
  const ascending = Float64Array.from(confidence).sort();
  return {
    sigma,
    points: Array.from({ length: points }, (_, p) => p).filter((p) => curve.x[p]! >= lowest - step && curve.x[p]! <= highest + step).map((p) => {
      const sorted = draws[p]!.sort();
      // The kernel estimate can stray slightly outside [0, 1] where data are thin; an accuracy
      // cannot, so the drawn curve and band are clipped to it.
      const x = curve.x[p]!;
      const support = upperBound(ascending, x + sigma) - lowerBound(ascending, x - sigma);
      return { x, y: clip01(curve.accuracy[p]!), lower: clip01(quantileSorted(sorted, tail)), upper: clip01(quantileSorted(sorted, 1 - tail)), support };
    }),
  };
}

function clip01(value: number): number {
  return value < 0 ? 0 : value > 1 ? 1 : value;
}

/** The first index whose value is >= v (ascending array). */
function lowerBound(a: Float64Array, v: number): number {
  let lo = 0, hi = a.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (a[mid]! < v) lo = mid + 1; else hi = mid; }
  return lo;
}

/** The first index whose value is > v (ascending array). */
function upperBound(a: Float64Array, v: number): number {
  let lo = 0, hi = a.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (a[mid]! <= v) lo = mid + 1; else hi = mid; }
  return lo;
}
