import { CalibError } from '../core/errors.js';
import type { Predictions } from '../core/predictions.js';
import { fitInverseTemperature, type TemperatureBoundary } from './fit-scale.js';
import { allRows, prepareScaleRows, scaleObjective, type ScaleObjective } from './scale-objective.js';

export interface TemperatureFit {
  /** Fitted T (> 0). At a boundary, the end of the searched range (see `boundary`). */
  temperature: number;
  /** Mean NLL of softmax(z / T) on the fit rows at the fitted T. */
  nll: number;
  /** Mean NLL on the fit rows at T = 1 (the uncalibrated model). */
  nllAtOne: number;
  /** dNLL/d(1/T) at the fitted T: ~0 at an interior optimum. */
  gradient: number;
  /** Passes over the fit rows. */
  iterations: number;
  /** True only for an interior optimum located to full double precision. */
  converged: boolean;
  /** `zero`: separable (every fit row correct, T -> 0); `infinity`: no better than uniform. */
  boundary: TemperatureBoundary;
  /** Number of rows the fit used. */
  rows: number;
}

export interface FitTemperatureOptions {
  /** Fit on these rows only (indices into `preds`, duplicates allowed). Default: every row. */
  rows?: Int32Array;
  /** Passes over the data allowed. Default 100 (a fit typically needs 5 to 10). */
  maxIterations?: number;
  /**
   * Where Newton starts: a T believed close to the answer, such as the T fitted on all rows when
   * fitting on most of them (cross-fitting). Saves passes; the answer is the same. Default: T = 1,
   * or the optimum of a subsample on large inputs.
   */
  startTemperature?: number;
  /**
   * The mean NLL at T = 1 of exactly these rows, when the caller already has it (the `nll` that
   * `evaluate` reports for the same predictions): reported as `nllAtOne` instead of spending a
   * pass on it when the fit starts away from T = 1.
   */
  lossAtOne?: number;
  /** Computes each pass over the rows (default `scaleObjective`; see ScaleFitOptions.objective). */
  objective?: ScaleObjective;
}

/** A fit without `nllAtOne` (which costs a pass of its own when the fit starts away from T = 1). */
export type TemperatureFitCore = Omit<TemperatureFit, 'nllAtOne'>;

/**
 * Temperature scaling (Guo et al. 2017, "On Calibration of Modern Neural Networks"): the T > 0
 * minimizing `mean_i -log softmax(z_i / T)_{y_i}`, i.e. `L(b) = mean_i [LSE(b z_i) - b z_{i,y_i}]`
 * over `b = 1/T` (convex; see fit-scale.ts for the solver and its boundary cases).
 *
 * Works the same on logits and on log-probabilities (`z = log p`: softmax(log p / T) is p^(1/T)
 * renormalized), and on binary one-column input stored as (0, s), where it is sigmoid(s / T).
 *
 * @example
 * // Logits (2, 0) on three rows labelled 0, 0, 1 (two right, one wrong). Per row
 * // LSE(2b, 0) = 2b + log(1 + e^-2b), so L(b) = log(1 + e^-2b) + 2b/3 and
 * // L'(b) = 2/3 - 2/(1 + e^2b) = 0 at e^2b = 2: b = ln(2)/2, T = 2/ln 2 = 2.885390.
 * // With only the rows labelled 0 and 1, L'(b) = 1 - 2/(1 + e^2b) >= 0 for all b > 0:
 * // boundary 'infinity' (the model is no better than uniform on that pair).
 */
export function fitTemperature(preds: Predictions, options: FitTemperatureOptions = {}): TemperatureFit {
  return fitOnRows(preds, options, true);
}

/** `fitTemperature` without the loss at T = 1: one pass fewer when the fit starts elsewhere. */
export function fitTemperatureCore(preds: Predictions, options: FitTemperatureOptions = {}): TemperatureFitCore {
  return fitOnRows(preds, options, false);
}

function fitOnRows(preds: Predictions, options: FitTemperatureOptions, withLossAtOne: true): TemperatureFit;
function fitOnRows(preds: Predictions, options: FitTemperatureOptions, withLossAtOne: boolean): TemperatureFitCore;
function fitOnRows(preds: Predictions, options: FitTemperatureOptions, withLossAtOne: boolean): TemperatureFit | TemperatureFitCore {
  const index = options.rows ?? allRows(preds.rows);
  checkRows(index, preds.rows);
  const fitRows = prepareScaleRows(preds.scores, preds.classes, index);
  const targets = oneHotTargets(preds, index);
  const objective = options.objective ?? scaleObjective;
  const startB = options.startTemperature !== undefined ? startFrom(options.startTemperature) : warmStart(preds, index, options.maxIterations, objective);
  const fit = fitInverseTemperature(fitRows, targets, { maxIterations: options.maxIterations, objective, ...(startB !== undefined ? { startB } : {}) });
  const core: TemperatureFitCore = {
    temperature: fit.temperature,
    nll: fit.loss,
    gradient: fit.gradient,
    iterations: fit.iterations,
    converged: fit.converged,
    boundary: fit.boundary,
    rows: index.length,
  };
  if (!withLossAtOne) return core;
  // Started elsewhere than T = 1: one more pass for the loss at T = 1, which the report shows.
  return { ...core, nllAtOne: startB === undefined ? fit.startLoss : options.lossAtOne ?? lossAt(fitRows, targets, 1, objective) };
}

function startFrom(temperature: number): number {
  if (!(temperature > 0) || !Number.isFinite(temperature)) {
    throw new CalibError('usage', `the starting temperature must be a positive finite number, got ${temperature}.`);
  }
  return 1 / temperature;
}

/** Above this many scores a fit starts from the optimum of a subsample (see warmStart). */
const WARM_START_SCORES = 4_000_000;
/** The subsample's size, in scores. */
const SUBSAMPLE_SCORES = 1_000_000;

/**
 * On large inputs every pass over the scores costs about a second (one exp per score), and Newton
 * from T = 1 needs up to ten. The optimum of an evenly spaced subsample is already within a few
 * percent of the full data's, and Newton started there reaches full precision in two to four
 * passes (quadratic convergence). The subsample only chooses where to start: the answer is the
 * full data's optimum either way.
 */
function warmStart(preds: Predictions, index: Int32Array, maxIterations: number | undefined, objective: ScaleObjective): number | undefined {
  if (index.length * preds.classes <= WARM_START_SCORES) return undefined;
  const stride = Math.ceil((index.length * preds.classes) / SUBSAMPLE_SCORES);
  const sub = new Int32Array(Math.ceil(index.length / stride));
  for (let j = 0; j < sub.length; j++) sub[j] = index[j * stride]!;
  const warm = fitInverseTemperature(prepareScaleRows(preds.scores, preds.classes, sub), oneHotTargets(preds, sub), { maxIterations, objective });
  return warm.boundary === 'none' ? 1 / warm.temperature : undefined;
}

function lossAt(rows: ReturnType<typeof prepareScaleRows>, targets: Float64Array, b: number, objective: ScaleObjective): number {
  const centered = new Float64Array(targets.length);
  for (let j = 0; j < targets.length; j++) centered[j] = targets[j]! - rows.max[j]!;
  return objective(rows, centered, b).loss;
}

/** `t_j = z_{i, y_i}` for each fit row `i = index[j]`: the one-hot target's inner product with z. */
export function oneHotTargets(preds: Predictions, index: Int32Array): Float64Array {
  const { scores, labels, classes } = preds;
  const targets = new Float64Array(index.length);
  for (let j = 0; j < index.length; j++) {
    const i = index[j]!;
    targets[j] = scores[i * classes + labels[i]!]!;
  }
  return targets;
}

function checkRows(index: Int32Array, n: number): void {
  if (index.length === 0) {
    throw new CalibError('usage', 'cannot fit a temperature on zero rows.', undefined,
      'Give the fit at least one row.');
  }
  for (let j = 0; j < index.length; j++) {
    const i = index[j]!;
    if (i < 0 || i >= n) {
      throw new CalibError('internal', `fitTemperature: row index ${i} is outside 0..${n - 1}.`);
    }
  }
}
