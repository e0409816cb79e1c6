/**
 * One-vs-rest reliability of one class: the class's probability `p_ik` against `[y_i = k]`, in
 * equal-width bins, as classwise ECE bins it (docs/conventions.md, "Metrics"). Probabilities are
 * used exactly as the file gave them; logits go through the softmax, by log-sum-exp.
 */
import type { BinEdges } from '../core/config.js';
import type { Predictions } from '../core/predictions.js';
import { equalWidthTotals, toReliabilityBins } from './binning.js';
import { expectedCalibrationError } from './calibration-error.js';
import type { ReliabilityBin } from './types.js';

export interface OneVsRest {
  readonly classIndex: number;
  readonly bins: ReliabilityBin[];
  /** `sum_m (n_m / N) |acc_m - conf_m|` of this class: its term of classwise ECE, times K. */
  readonly ece: number;
  /** Rows whose label is the class. */
  readonly positives: number;
}

/** Class k's probability on every row. */
export function classProbabilities(preds: Predictions, k: number): Float64Array {
  const n = preds.rows;
  const K = preds.classes;
  const out = new Float64Array(n);
  const given = preds.probabilities;
  if (given && preds.binary) {
    const holds = preds.givenClass ?? 1;
    for (let i = 0; i < n; i++) out[i] = k === holds ? given[i]! : 1 - given[i]!;
    return out;
  }
  if (given) {
    for (let i = 0; i < n; i++) out[i] = given[i * K + k]!;
    return out;
  }
  const s = preds.scores;
  for (let i = 0; i < n; i++) {
    const base = i * K;
    let max = -Infinity;
    for (let j = 0; j < K; j++) if (s[base + j]! > max) max = s[base + j]!;
    let sum = 0;
    for (let j = 0; j < K; j++) sum += Math.exp(s[base + j]! - max);
    out[i] = Math.exp(s[base + k]! - max) / sum;
  }
  return out;
}

export function oneVsRest(preds: Predictions, k: number, bins: number, edges: BinEdges): OneVsRest {
  const confidence = classProbabilities(preds, k);
  const outcome = new Uint8Array(preds.rows);
  let positives = 0;
  for (let i = 0; i < preds.rows; i++) {
    if (preds.labels[i] === k) { outcome[i] = 1; positives++; }
  }
  const totals = equalWidthTotals(confidence, outcome, bins, edges);
  return { classIndex: k, bins: toReliabilityBins(totals), ece: expectedCalibrationError(totals, preds.rows), positives };
}
