import { checkInteger, checkRows } from './rows.js';
import {
  ReflectedGaussian, interpolate, kernelGridSize, linspace01, roundHalfEven, spreadOnGrid,
} from './reflected-gaussian.js';
import { CalibError } from '../../core/errors.js';

/** The smoothed reliability curve, for plotting: one value per point of `x`. */
export interface SmoothCurve {
  /** `linspace(0, 1, points)`. */
  readonly x: Float64Array;
  /** Smoothed accuracy (fraction of positives) at x: `x - r_hat(x)`. May leave [0, 1] slightly. */
  readonly accuracy: Float64Array;
  /** Reflected-Gaussian density estimate of the confidences at x, same bandwidth (~1 on average). */
  readonly density: Float64Array;
}

export interface SmoothEceResult {
  /** smECE at the chosen bandwidth, in [0, 1]. */
  readonly smece: number;
  /** The bandwidth: the fixed point sigma = smECE_sigma found by bisection. */
  readonly sigma: number;
  /** Number of kernel grid points used at that bandwidth (1001 for sigma >= 0.01). */
  readonly gridPoints: number;
  readonly curve: SmoothCurve;
}

export interface SmoothEceOptions {
  /** Points of the returned curve (relplot's `plot_mesh_pts`); default 200. */
  readonly curvePoints?: number;
}

/** relplot's `BaseKernelMixin.smooth` adds this to the smoothed counts before dividing. */
const DENSITY_EPS = 1e-4;
/** relplot's `smECE(eps=0.001)`: bandwidths below this count as "small enough". */
const MIN_SIGMA = 0.001;
/** relplot's `search_param(refine=10)`: bisection steps on (0, 1]. */
const BISECTION_STEPS = 10;
/** relplot's `config.smECE_mesh_pts`: least number of points the |r_hat| integral is summed over. */
const MIN_EVAL_POINTS = 200;

/**
 * Smooth ECE (Błasiok & Nakkiran 2023, "Smooth ECE: Principled Reliability Diagrams via Kernel
 * Smoothing", ICLR 2024), exactly as the authors' package relplot computes it
 * (apple/ml-calibration, src/relplot/metrics.py `smECE`, kernels.py `ReflectedGaussianKernel`).
 *
 * With residuals r_i = f_i - y_i and K_sigma the Gaussian kernel reflected at 0 and 1,
 *   r_hat(t) delta_hat(t) = sum_i K_sigma(t, f_i) r_i,   delta_hat(t) = sum_i K_sigma(t, f_i)
 *   smECE_sigma = integral |r_hat(t)| delta_hat(t) dt / integral delta_hat(t) dt,
 * the integrals being sums over `t = linspace(0, 1, max(round(10 / sigma), 200))`, and the
 * kernel sums computed by spreading the rows onto a grid of `max(2000, round(20 / sigma)) // 2 + 1`
 * points (1001 for sigma >= 0.01, at most 5121 here) and convolving there, so the cost is one pass
 * over the rows per grid size plus work independent of N. The bandwidth is the fixed point
 * sigma* = smECE_sigma*, found as relplot does: sigma = 1 if smECE_1 > 1 (never), else 10 bisection
 * steps on (0, 1] keeping the upper end, where "too small" means sigma >= smECE_sigma and
 * sigma < 0.001 always counts as small enough; so sigma* >= 1/512. smECE is in [0, 1] because
 * |r_i| <= 1. The curve is relplot's reliability curve without bagging (`prepare_rel_diagram` with
 * `plot_confidence_band=False`): `t + smooth(y - f)(t)`, and `density` is its `kde` (no eps).
 *
 * @example
 * // Two rows at f = 0.5, one positive: the residuals +0.5 and -0.5 cancel at every t, so
 * // smECE_sigma = 0 for every sigma, the bisection runs down to sigma = 1/512, smECE = 0.
 * smoothEce(Float64Array.of(0.5, 0.5), Uint8Array.of(1, 0)) // { smece: 0, sigma: 0.001953125, ... }
 */
export function smoothEce(
  confidence: Float64Array, outcome: Uint8Array, options: SmoothEceOptions = {},
): SmoothEceResult {
  checkRows('smoothEce', confidence, outcome);
  const curvePoints = options.curvePoints ?? 200;
  checkInteger('smoothEce', 'curvePoints', curvePoints, 2);
  const smoother = new ResidualSmoother((n) => spreadOnGrid(confidence, outcome, n), confidence.length);
  const { smece, sigma } = fixedPoint(smoother);
  return {
    smece,
    sigma,
    gridPoints: kernelGridSize(sigma),
    curve: smoother.curve(sigma, curvePoints),
  };
}

/** What is smoothed: the rows spread onto a kernel grid of `n` points (`spreadOnGrid`, or sums that give the same grid). */
export type GridSpreader = (n: number) => { residual: Float64Array; mass: Float64Array };

/**
 * {@link smoothEce}'s smECE and bandwidth from a spreader of the rows onto the kernel grid
 * instead of the rows (a summary's fine bins, src/summary): the same search and formula.
 */
export function smoothEceFromGrid(spread: GridSpreader, rows: number): { smece: number; sigma: number } {
  return fixedPoint(new ResidualSmoother(spread, rows));
}

/** relplot's bandwidth search: the fixed point sigma = smECE_sigma, by bisection on (0, 1]. */
function fixedPoint(smoother: ResidualSmoother): { smece: number; sigma: number } {
  const values = new Map<number, number>();
  const smeceAt = (sigma: number): number => {
    let v = values.get(sigma);
    if (v === undefined) values.set(sigma, (v = smoother.smece(sigma)));
    return v;
  };
  const largeEnough = (sigma: number): boolean => !(sigma < MIN_SIGMA || sigma < smeceAt(sigma));
  let sigma = 1;
  if (largeEnough(1)) {
    let hi = 1;
    let lo = 0;
    for (let step = 0; step < BISECTION_STEPS; step++) {
      const mid = (hi + lo) / 2;
      if (largeEnough(mid)) hi = mid;
      else lo = mid;
    }
    sigma = hi;
  }
  return { smece: smeceAt(sigma), sigma };
}

/**
 * smECE at a bandwidth the caller chooses (relplot's `smECE_sigma`): same formula as
 * {@link smoothEce} without the fixed-point search. relplot's README: behaves like a binned ECE
 * with bin width sigma.
 *
 * @example
 * // A constant gap: every row at f = 0.3 with y = 1, so r_hat = -0.7 wherever there is mass and
 * // smECE_sigma = 0.7 S / (S + 1e-4 T), S the summed kernel mass over the T = 200 points (relplot's
 * // 1e-4 density floor): just under 0.7, closer with more rows.
 * smoothEceAt(Float64Array.of(0.3), Uint8Array.of(1), 0.1) // 0.6999296709062754
 * smoothEceAt(new Float64Array(50).fill(0.3), new Uint8Array(50).fill(1), 0.1) // 0.6999985932796206
 */
export function smoothEceAt(confidence: Float64Array, outcome: Uint8Array, sigma: number): number {
  checkRows('smoothEceAt', confidence, outcome);
  if (!(sigma > 0 && sigma <= 1)) {
    throw new CalibError('usage', `smoothEceAt: sigma must be in (0, 1], got ${sigma}.`);
  }
  return new ResidualSmoother((n) => spreadOnGrid(confidence, outcome, n), confidence.length).smece(sigma);
}

/**
 * The smoothed reliability curve at a given bandwidth (relplot's `smooth_diagram` curve without
 * its bootstrap averaging): used to draw a bootstrap band around the curve of {@link smoothEce}
 * at that curve's own sigma.
 */
export function smoothCurveAt(confidence: Float64Array, outcome: Uint8Array, sigma: number, points = 200): SmoothCurve {
  checkRows('smoothCurveAt', confidence, outcome);
  checkInteger('smoothCurveAt', 'points', points, 2);
  if (!(sigma > 0 && sigma <= 1)) {
    throw new CalibError('usage', `smoothCurveAt: sigma must be in (0, 1], got ${sigma}.`);
  }
  return new ResidualSmoother((n) => spreadOnGrid(confidence, outcome, n), confidence.length).curve(sigma, points);
}

/** Gridded residuals and counts, cached per grid size (most bandwidths share the 1001-point grid). */
class ResidualSmoother {
  private readonly grids = new Map<number, { residual: Float64Array; mass: Float64Array }>();

  constructor(private readonly spread: GridSpreader, private readonly rows: number) {}

  /** The kernel sums of the residuals and of the counts, smoothed on the grid for this sigma. */
  private smoothed(sigma: number, method: 'fast' | 'direct'): { residual: Float64Array; mass: Float64Array } {
    const n = kernelGridSize(sigma);
    let grid = this.grids.get(n);
    if (grid === undefined) this.grids.set(n, (grid = this.spread(n)));
    const [residual, mass] = new ReflectedGaussian(sigma, n).convolvePair(grid.residual, grid.mass, method);
    return { residual, mass };
  }

  /** relplot `smooth_ece`: sum_t |rs(t)| dens(t) / sum_t dens(t), dens = smoothed counts + 1e-4. */
  smece(sigma: number): number {
    const { residual, mass } = this.smoothed(sigma, 'fast');
    const t = linspace01(Math.max(roundHalfEven(10 / sigma), MIN_EVAL_POINTS));
    let weighted = 0;
    let total = 0;
    for (let i = 0; i < t.length; i++) {
      const dens = interpolate(t[i]!, mass) + DENSITY_EPS;
      weighted += Math.abs(interpolate(t[i]!, residual) / dens) * dens;
      total += dens;
    }
    return weighted / total;
  }

  curve(sigma: number, points: number): SmoothCurve {
    // Direct sums: the curve divides by the density, which the FFT's rounding would disturb
    // where there are no rows (reflected-gaussian.ts).
    const { residual, mass } = this.smoothed(sigma, 'direct');
    const x = linspace01(points);
    const accuracy = new Float64Array(points);
    const density = new Float64Array(points);
    const rows = this.rows;
    for (let i = 0; i < points; i++) {
      const m = interpolate(x[i]!, mass);
      // Centred regression as relplot's CenteredRegressor: smooth y - f, then add t back.
      accuracy[i] = x[i]! + -interpolate(x[i]!, residual) / (m + DENSITY_EPS);
      density[i] = m / rows;
    }
    return { x, accuracy, density };
  }
}
