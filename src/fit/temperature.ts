import { CalibError } from '../core/errors.js';
import type { Predictions } from '../core/predictions.js';
import { fitInverseTemperature, type TemperatureBoundary } from './fit-scale.js';
import { allRows, prepareScaleRows } from './scale-objective.js';

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
}

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
  const index = options.rows ?? allRows(preds.rows);
  checkRows(index, preds.rows);
  const fitRows = prepareScaleRows(preds.scores, preds.classes, index);
  const fit = fitInverseTemperature(fitRows, oneHotTargets(preds, index), { maxIterations: options.maxIterations });
  return {
    temperature: fit.temperature,
    nll: fit.loss,
    nllAtOne: fit.startLoss,
    gradient: fit.gradient,
    iterations: fit.iterations,
    converged: fit.converged,
    boundary: fit.boundary,
    rows: index.length,
  };
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
