/**
 * The validated, in-memory form of a prediction file. Everything after `src/io` works on this.
 *
 * Scores are kept in log space whatever the input was, so that one code path serves logits,
 * probabilities and the binary one-column layout (../shared/METRICS.md, "Inputs"):
 * - logits: the logits as given; `p_i = softmax(s_i)`;
 * - probabilities: `log p_ik` (a probability of exactly 0 replaced by the floor), so softmax of the
 *   row gives back the row divided by its sum, and NLL at T = 1 is the reported NLL;
 * - binary one column: `(0, s)` for a logit `s` of P(y = 1), or `(log(1 - q), log q)` for a
 *   probability `q`, so `softmax` of the row is `(1 - q, q)` and `softmax(row / T)` is
 *   `sigmoid(logit(q) / T)`.
 */
export interface Predictions {
  /** Number of rows N (>= 1). */
  readonly rows: number;
  /** Number of classes K (>= 2). */
  readonly classes: number;
  /** One display name per class, index = class id. */
  readonly classNames: readonly string[];
  /** Row-major N x K log-space scores (see above). */
  readonly scores: Float64Array;
  /** True class of each row, in 0..K-1. */
  readonly labels: Int32Array;
  /** What the score columns held. */
  readonly kind: ScoreKind;
  /** True when the file had a single score column, P(y = 1) or its logit. */
  readonly binary: boolean;
}

export type ScoreKind = 'logits' | 'probs';
