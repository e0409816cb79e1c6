import { CalibError } from '../core/errors.js';
import { scaleObjective, type ObjectivePoint, type ScaleObjective, type ScaleRows } from './scale-objective.js';

/**
 * Where a temperature fit ended: `none` is an interior optimum; `zero` means the loss keeps
 * falling as T -> 0 (every fit row is already predicted correctly: the scores are separable);
 * `infinity` means it keeps falling as T -> infinity (the scores are no better than uniform).
 */
export type TemperatureBoundary = 'none' | 'zero' | 'infinity';

/** The range of T searched. A fit that reaches either end reports it as a boundary. */
export const MIN_TEMPERATURE = 1e-10;
export const MAX_TEMPERATURE = 1e10;

const B_MIN = 1 / MAX_TEMPERATURE;
const B_MAX = 1 / MIN_TEMPERATURE;
/** Stop when the Newton step is this small relative to b: full double precision in practice. */
const RELATIVE_STEP = 1e-12;
export const DEFAULT_MAX_ITERATIONS = 100;

export interface ScaleFitOptions {
  /** Passes over the data allowed (each pass computes L, L', L''). Default 100. */
  readonly maxIterations?: number;
  /** Starting inverse temperature b = 1/T (default 1, so `startLoss` is the loss at T = 1). */
  readonly startB?: number;
  /**
   * Computes each pass (default `scaleObjective`). The CLI passes one that shares the parts of
   * each pass out among its threads (src/parallel/): same contract, same numbers.
   */
  readonly objective?: ScaleObjective;
}

export interface ScaleFit {
  /** The fitted T (or the bound reached, see `boundary`). */
  readonly temperature: number;
  /** Mean loss L at the fitted T. */
  readonly loss: number;
  /** Mean loss at the starting point (T = 1 unless `startB` was given). */
  readonly startLoss: number;
  /** dL/db at the fitted point (b = 1/T): ~0 at an interior optimum. */
  readonly gradient: number;
  /** Passes over the data. */
  readonly iterations: number;
  /** True only for an interior optimum located to full precision. */
  readonly converged: boolean;
  readonly boundary: TemperatureBoundary;
}

/**
 * Minimize `L(b) = mean_i [LSE(b z_i) - b t_i]` over `b = 1/T > 0` (see scale-objective.ts).
 *
 * L is convex, so the sign of L' brackets the optimum. Before iterating, the limits of L' are
 * known exactly: `L'(0+) = mean_i(mean_k z_ik - t_i)` (p uniform) and
 * `L'(inf) = mean_i(max_k z_ik - t_i)` (p on the row maximum). If `L'(0+) >= 0` the optimum is
 * at T = infinity; if `L'(inf) <= 0` (every target sits on its row maximum) it is at T = 0.
 * Otherwise a safeguarded Newton iteration on b (a Newton or Halley step, see localStep, while it stays inside the bracket
 * [lo, hi] and the previous step decreased L, bisection otherwise) runs until the step is at most
 * 1e-12 b. Boundary results carry `converged: false` and T at the end of the searched range.
 *
 * `targets[j]` is `t_j` for the fit row `rows.index[j]`.
 */
export function fitInverseTemperature(rows: ScaleRows, targets: Float64Array, options: ScaleFitOptions = {}): ScaleFit {
  const maxIterations = options.maxIterations ?? DEFAULT_MAX_ITERATIONS;
  if (!Number.isInteger(maxIterations) || maxIterations < 1) {
    throw new CalibError('usage', `maxIterations must be a positive integer, got ${maxIterations}.`);
  }
  const n = rows.index.length;
  if (n === 0) {
    throw new CalibError('usage', 'cannot fit a temperature on zero rows.', undefined,
      'Give the fit at least one row (with --cv, use fewer folds than rows).');
  }
  if (targets.length !== n) {
    throw new CalibError('internal', `fitInverseTemperature: ${targets.length} targets for ${n} rows.`);
  }

  const centered = new Float64Array(n);
  let slopeAtZero = 0, slopeAtInfinity = 0;
  for (let j = 0; j < n; j++) {
    const t = targets[j]!;
    centered[j] = t - rows.max[j]!;
    slopeAtZero += rows.mean[j]! - t;
    slopeAtInfinity += rows.max[j]! - t;
  }

  let iterations = 0;
  const objective = options.objective ?? scaleObjective;
  const evaluate = (b: number): ObjectivePoint => {
    iterations++;
    const point = objective(rows, centered, b);
    if (!Number.isFinite(point.loss) || !Number.isFinite(point.slope)) {
      throw new CalibError('internal', `temperature objective is not finite at T = ${1 / b}.`, undefined,
        'The scores may span too wide a range; check the input for extreme values.');
    }
    return point;
  };
  const result = (p: ObjectivePoint, startLoss: number, converged: boolean, boundary: TemperatureBoundary): ScaleFit =>
    ({ temperature: 1 / p.b, loss: p.loss, startLoss, gradient: p.slope, iterations, converged, boundary });

  let point = evaluate(clamp(options.startB ?? 1, B_MIN, B_MAX));
  const startLoss = point.loss;
  if (slopeAtZero >= 0) return result(evaluate(B_MIN), startLoss, false, 'infinity');
  if (slopeAtInfinity <= 0) return result(evaluate(B_MAX), startLoss, false, 'zero');

  let lo = 0, hi = Infinity;
  let best = point;
  let bisectNext = false;
  let lastStep = 0;
  for (;;) {
    const { b, slope, curvature, third } = point;
    if (slope === 0) {
      // Flat to double precision. At a bound of the search that is not an optimum: the loss
      // only stopped changing there (the gradient underflowed), and beyond it may fall further.
      if (b === B_MAX) return result(point, startLoss, false, 'zero');
      if (b === B_MIN) return result(point, startLoss, false, 'infinity');
      return result(point, startLoss, true, 'none');
    }
    if (slope < 0) lo = b; else hi = b;

    // Converged when the Newton step is below 1e-12 b (tested before the bracket: a step below
    // half an ulp of b leaves b unchanged, which is not strictly inside the bracket).
    if (curvature > 0 && Math.abs(slope / curvature) <= RELATIVE_STEP * b) return result(point, startLoss, true, 'none');
    const newton = curvature > 0 ? b + localStep(slope, curvature, third) : NaN;
    const newtonInside = newton > lo && newton < hi; // false for NaN
    let next: number;
    if (newtonInside && !bisectNext) {
      next = newton;
      // Newton crawls (steps not shrinking) when L' decays exponentially, as on the far side of a
      // nearly separable set; while that side of the bracket is still open, expand geometrically.
      const step = next - b;
      // Once that side is bracketed, bisect instead.
      if (Math.sign(step) === Math.sign(lastStep) && Math.abs(step) >= 0.5 * Math.abs(lastStep)) {
        if (hi === Infinity && step > 0) next = Math.max(next, 2 * b);
        else if (lo === 0 && step < 0) next = Math.min(next, b / 2);
        else if (hi !== Infinity && lo !== 0) next = midpoint(lo, hi);
      }
    }
    else if (hi === Infinity) next = 4 * b;
    else if (lo === 0) next = hi / 4;
    else next = midpoint(lo, hi);
    // A bracket that has collapsed to rounding width is converged too.
    if (Math.abs(next - b) <= RELATIVE_STEP * b) return result(point, startLoss, true, 'none');

    if (next >= B_MAX) {
      if (b === B_MAX) return result(point, startLoss, false, 'zero');
      next = B_MAX;
    } else if (next <= B_MIN) {
      if (b === B_MIN) return result(point, startLoss, false, 'infinity');
      next = B_MIN;
    }
    if (iterations >= maxIterations) return result(best, startLoss, false, 'none');

    lastStep = next - b;
    const candidate = evaluate(next);
    // "Fails to decrease" allows for rounding: near the optimum L changes by ~1e-16 per step.
    bisectNext = candidate.loss > point.loss + 1e-14 * Math.abs(point.loss);
    if (candidate.loss < best.loss) best = candidate;
    point = candidate;
  }
}

/**
 * The step to the root of L' from the local derivatives: Halley's, `-2 g g' / (2 g'^2 - g g'')`
 * with g = L' (cubic convergence: from a start 3% off, three passes reach full precision where
 * Newton needs four), unless it disagrees with Newton's `-g / g'` in direction or is more than
 * twice as long, in which case Newton's (far from the optimum L''' can mislead).
 */
function localStep(slope: number, curvature: number, third: number): number {
  const newton = -slope / curvature;
  const denominator = 2 * curvature * curvature - slope * third;
  const halley = denominator > 0 ? (-2 * slope * curvature) / denominator : NaN;
  return halley * newton > 0 && Math.abs(halley) <= 2 * Math.abs(newton) ? halley : newton;
}

/** Bisection point of [lo, hi] (0 < lo < hi < inf): geometric when the bracket spans a wide range. */
function midpoint(lo: number, hi: number): number {
  return hi > 4 * lo ? Math.sqrt(lo * hi) : lo + (hi - lo) / 2;
}

function clamp(x: number, lo: number, hi: number): number {
  if (!(x > 0) || !Number.isFinite(x)) {
    throw new CalibError('usage', `the starting inverse temperature must be positive and finite, got ${x}.`);
  }
  return Math.min(hi, Math.max(lo, x));
}
