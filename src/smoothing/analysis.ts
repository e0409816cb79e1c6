import { CalibError } from '../core/errors.js';
import type { Predictions } from '../core/predictions.js';
import { fitInverseTemperature, type ScaleFit } from '../fit/fit-scale.js';
import { allRows, prepareScaleRows, type ScaleObjective } from '../fit/scale-objective.js';
import { impliedAlpha } from './implied-alpha.js';
import { summarizeGaps } from './model-gap.js';
import { labelFrequencies, smoothingPrior } from './prior.js';
import { smoothingRowTerms } from './row-terms.js';
import { meanTargetEntropy } from './target-entropy.js';
import type { AlphaWhatIf, SmoothingAnalysis, SmoothingPrior } from './types.js';

export interface SmoothingOptions {
  /** Smoothing amounts to evaluate, each in [0, 1), in the order they are reported. */
  alphas: readonly number[];
  prior: SmoothingPrior;
  /** Passes over the data allowed per what-if temperature fit. */
  maxIterations?: number;
  /** Computes each pass of the what-if temperature fits (default `scaleObjective`; see ScaleFitOptions.objective). */
  objective?: ScaleObjective;
}

/**
 * Label-smoothing "what-if" (Szegedy et al. 2016, "Rethinking the Inception Architecture for
 * Computer Vision", section 7; Müller, Kornblith & Hinton 2019, "When Does Label Smoothing
 * Help?"): how the model's predictions compare with the targets of a model trained with
 * label smoothing a, `y_ls = (1 - a) onehot(y) + a u` (PyTorch's CrossEntropyLoss(label_smoothing
 * = a) and Keras' label_smoothing = a for the uniform prior; for binary input K = 2, so each side
 * gets a/2 as in Keras' BinaryCrossentropy).
 *
 * For each a:
 * - `smoothed_ce` `LS(a) = (1 - a) NLL + a mean_i(-sum_k u_k log p_ik)`;
 * - `kl` `LS(a) - mean_i H(y_ls_i)`, >= 0 up to rounding, 0 only when p equals the target;
 * - `target_gap` `g*(a) = log((1 - a + a/K) / (a/K))`, the logit gap at which softmax matches
 *   the target (uniform prior only; null at a = 0, where it is infinite, and for `empirical`);
 * - `temperature`: the T minimizing LS(a) of softmax(z / T) (the temperature fit of fit-scale.ts
 *   with targets t_i = (1 - a) z_{i,y_i} + a sum_k u_k z_ik), and `smoothed_ce_at_temperature`.
 * Plus the model's logit gaps, its mean entropy, and the implied smoothing (implied-alpha.ts).
 *
 * @example
 * // K = 3, one row, logits (2, 1, 0), label 0, a = 0.1, uniform prior (PyTorch's example):
 * // NLL = 0.407606, prior cross-entropy 1.407606, LS = 0.9 (0.407606) + 0.1 (1.407606) = 0.507606,
 * // target_gap = log(0.933333 / 0.033333) = log 28 = 3.332205.
 * @throws CalibError('usage') if an alpha is not in [0, 1).
 */
export function smoothingAnalysis(preds: Predictions, options: SmoothingOptions): SmoothingAnalysis {
  const { alphas, prior } = options;
  for (const a of alphas) {
    if (!(a >= 0 && a < 1)) {
      throw new CalibError('usage', `label-smoothing alpha ${a} is outside [0, 1).`, undefined,
        'Pass smoothing amounts such as 0.05,0.1,0.2 (0 means no smoothing; 1 is not allowed).');
    }
  }
  if (prior !== 'uniform' && prior !== 'empirical') {
    throw new CalibError('usage', `unknown smoothing prior ${JSON.stringify(prior)}.`, undefined,
      'Use uniform or empirical.');
  }
  const K = preds.classes;
  const u = smoothingPrior(preds.labels, K, prior);
  const f = labelFrequencies(preds.labels, K);
  const terms = smoothingRowTerms(preds, u);
  const rows = prepareScaleRows(preds.scores, K, allRows(preds.rows));
  const implied = impliedAlpha(terms.nll, terms.priorCrossEntropy, u, f);

  const targets = new Float64Array(preds.rows);
  let previous: ScaleFit | undefined;
  const whatIfs: AlphaWhatIf[] = alphas.map((a) => {
    for (let i = 0; i < preds.rows; i++) targets[i] = (1 - a) * terms.labelScore[i]! + a * terms.priorScore[i]!;
    // Warm start from the previous a's optimum: the answer is the same, the passes fewer.
    const startB = previous?.boundary === 'none' ? 1 / previous.temperature : 1;
    const fit = fitInverseTemperature(rows, targets, {
      maxIterations: options.maxIterations, startB, ...(options.objective ? { objective: options.objective } : {}),
    });
    previous = fit;
    const smoothed = (1 - a) * terms.nll + a * terms.priorCrossEntropy;
    return {
      alpha: a,
      smoothed_ce: smoothed,
      kl: smoothed - meanTargetEntropy(u, f, a),
      target_gap: prior === 'uniform' && a > 0 ? Math.log1p((K * (1 - a)) / a) : null,
      temperature: fit.temperature,
      temperature_boundary: fit.boundary,
      smoothed_ce_at_temperature: fit.loss,
    };
  });

  return {
    prior,
    model_gap: summarizeGaps(terms.gap),
    entropy: terms.entropy,
    implied_alpha: implied.value,
    implied_alpha_boundary: implied.boundary,
    alphas: whatIfs,
  };
}
