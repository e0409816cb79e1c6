/** Result shapes of the label-smoothing what-if. Keys are snake_case: they are the JSON contract. */
import type { TemperatureBoundary } from '../fit/fit-scale.js';

/** The smoothing prior u: `uniform` (1/K, PyTorch and Keras) or the labels' class frequencies. */
export type SmoothingPrior = 'uniform' | 'empirical';

export interface GapQuantile {
  /** Probability level, e.g. 0.25. */
  level: number;
  /** numpy's default (linear) quantile of the per-row logit gaps at that level. */
  value: number;
}

/** One bar of the logit-gap histogram: rows with lower <= g < upper (the last bar includes upper). */
export interface GapHistogramBin {
  lower: number;
  upper: number;
  count: number;
}

export interface ModelGapSummary {
  mean: number;
  median: number;
  quantiles: GapQuantile[];
  histogram: GapHistogramBin[];
}

export interface AlphaWhatIf {
  alpha: number;
  /** LS(a) = (1 - a) NLL + a mean_i(-sum_k u_k log p_ik), at T = 1. */
  smoothed_ce: number;
  /** Mean KL(y_ls || p) = LS(a) - mean_i H(y_ls_i), at T = 1. */
  kl: number;
  /** g*(a) = log((1 - a + a/K) / (a/K)); null at a = 0 (infinite) and for the empirical prior. */
  target_gap: number | null;
  /** The T minimizing LS(a) of softmax(z / T); the end of the searched range at a boundary. */
  temperature: number;
  /** `none` for an interior optimum; otherwise which end of (0, infinity) the fit ran into. */
  temperature_boundary: TemperatureBoundary;
  /** LS(a) of softmax(z / T) at that T. */
  smoothed_ce_at_temperature: number;
}

/** Where the implied smoothing sits: `zero` (a = 0, or too small for a double), `one` (a -> 1). */
export type ImpliedAlphaBoundary = 'none' | 'zero' | 'one';

export interface SmoothingAnalysis {
  prior: SmoothingPrior;
  /** Per-row model logit gap g_i = z_top - mean_{k != top} z_k. */
  model_gap: ModelGapSummary;
  /** Mean predictive entropy mean_i(-sum_k p_ik log p_ik), natural log, at T = 1. */
  entropy: number;
  /** The a in [0, 1) minimizing mean KL(y_ls(a) || p). */
  implied_alpha: number;
  implied_alpha_boundary: ImpliedAlphaBoundary;
  alphas: AlphaWhatIf[];
}
