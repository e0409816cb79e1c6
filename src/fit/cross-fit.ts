import type { Predictions } from '../core/predictions.js';
import { stratifiedFolds } from './folds.js';
import type { ScaleObjective } from './scale-objective.js';
import { fitTemperatureCore, type TemperatureFitCore } from './temperature.js';

export interface CrossFitOptions {
  /** Number of folds k (2 <= k <= N). */
  folds: number;
  /** Seed of the stratified fold assignment. */
  seed: number;
  maxIterations?: number;
  /**
   * The T fitted on all rows, when known: each fold's fit (on (k-1)/k of the rows) starts there,
   * close to its own optimum, and needs fewer passes. The folds' answers do not depend on it.
   */
  startTemperature?: number;
  /** Computes each pass over the rows (default `scaleObjective`; see ScaleFitOptions.objective). */
  objective?: ScaleObjective;
}

export interface CrossFit {
  /** For each row, the T fitted on the other folds: pass it to evaluate() for honest "after" metrics. */
  perRow: Float64Array;
  /** The fit of each fold, index = fold id; fold f's T was fitted on every row not in fold f. */
  folds: TemperatureFitCore[];
  /** Fold id of each row (stratifiedFolds). */
  assignment: Int32Array;
}

/**
 * k-fold cross-fitted temperature scaling: the rows are split into k stratified folds, and the
 * rows of each fold are scaled by the T fitted (Guo et al. 2017) on the other k - 1 folds. Metrics
 * computed with `perRow` are then out-of-sample for every row (out-of-fold predictions pooled,
 * docs/conventions.md, "Temperature scaling and smoothing").
 *
 * @example
 * // 1,000 rows, { folds: 5, seed: 1 }: five fits on 800 rows each; perRow[i] is the T of the
 * // fit that did not see row i.
 * @throws CalibError('usage') unless 2 <= folds <= N.
 */
export function crossFitTemperature(preds: Predictions, options: CrossFitOptions): CrossFit {
  const k = options.folds;
  const assignment = stratifiedFolds(preds.labels, k, options.seed);
  const n = preds.rows;
  const sizes = new Int32Array(k);
  for (let i = 0; i < n; i++) sizes[assignment[i]!]!++;

  const folds: TemperatureFitCore[] = [];
  const perRow = new Float64Array(n);
  for (let f = 0; f < k; f++) {
    const train = new Int32Array(n - sizes[f]!);
    let j = 0;
    for (let i = 0; i < n; i++) if (assignment[i] !== f) train[j++] = i;
    const fit = fitTemperatureCore(preds, {
      rows: train,
      ...(options.maxIterations !== undefined ? { maxIterations: options.maxIterations } : {}),
      ...(options.startTemperature !== undefined ? { startTemperature: options.startTemperature } : {}),
      ...(options.objective !== undefined ? { objective: options.objective } : {}),
    });
    folds.push(fit);
    for (let i = 0; i < n; i++) if (assignment[i] === f) perRow[i] = fit.temperature;
  }
  return { perRow, folds, assignment };
}
