import { DEFAULT_PROB_FLOOR } from './config.js';

/**
 * The validated, in-memory form of a prediction file. Everything after `src/io` works on this.
 *
 * `scores` are in log space whatever the input was, so that one code path serves temperature
 * scaling and smoothing for logits, probabilities and the binary one-column layout
 * (docs/conventions.md, "Inputs"):
 * - logits: the logits as given; `p_i = softmax(s_i)`;
 * - probabilities: `log p_ik` as given (a probability of exactly 0 replaced by the floor), so
 *   softmax of the row gives back the row divided by its sum;
 * - binary one column: `(0, s)` for a logit `s` of P(y = 1) (`(s, 0)` when the column is class
 *   0's), or `(log(1 - q), log q)` for a probability `q` of y = 1, so `softmax` of the row is
 *   `(1 - q, q)` and `softmax(row / T)` is `sigmoid(logit(q) / T)`.
 *
 * Probability input also keeps `probabilities`, the values exactly as the file gave them: every
 * metric at T = 1 (confidence, bins, ties, Brier, classwise bins, NLL, entropy) reads those and
 * the logs above, never a softmax of the logs, so a confidence of 0.2 stays 0.2 to the last bit.
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
  /**
   * Probability input only: the probabilities as given (divided by 100 with `--percent`, by the
   * row's sum with `--renormalize`, and otherwise untouched). N x K for one column per class; for
   * the binary one-column layout, N values, each the probability of class `givenClass`.
   */
  readonly probabilities?: Float64Array;
  /**
   * Binary one-column probability input: the class whose probability the column holds, 1 unless
   * the column is named for class 0 (`p_0`, `p_neg`, `p_benign` with labels benign/malignant).
   */
  readonly givenClass?: 0 | 1;
  /**
   * Probability input only: the log of the probability that replaces an exact 0 (`--prob-floor`),
   * as `scores` has it; the per-row pass of a binary column takes its logs itself (`logOfGiven`).
   */
  readonly logFloor?: number;
}

/** `preds.logFloor`, or the log of the default floor (Predictions made without it, as tests do). */
export function logFloorOf(preds: Predictions): number {
  return preds.logFloor ?? Math.log(DEFAULT_PROB_FLOOR);
}

/**
 * The logs of a binary probability column's value v and of 1 - v, as `scores` keeps them:
 * `log v` (the floor for v = 0) and `log1p(-v)` (0 for v = 0, the floor for v = 1). The reader's
 * pair of logs and the per-row pass both use these, so the two agree to the last bit.
 */
export function logOfGiven(v: number, logFloor: number): number {
  return v === 0 ? logFloor : Math.log(v);
}

/** `log(1 - v)` for a binary probability column's value v: see `logOfGiven`. */
export function logOfComplement(v: number, logFloor: number): number {
  return v === 1 ? logFloor : v === 0 ? 0 : Math.log1p(-v);
}

/**
 * A binary probability column's `scores`: row i's (log P(y = 0), log P(y = 1)) at 2i, the column
 * holding class `givenClass`'s probability.
 */
export function columnPairLogs(column: Float64Array, givenClass: 0 | 1, logFloor: number,
  out: Float64Array = new Float64Array(2 * column.length)): Float64Array {
  const given = givenClass === 1 ? 1 : 0;
  for (let r = 0; r < column.length; r++) {
    const v = column[r]!;
    out[2 * r + given] = logOfGiven(v, logFloor);
    out[2 * r + 1 - given] = logOfComplement(v, logFloor);
  }
  return out;
}

/**
 * `base` with `scores` made by `make` when first read, then kept: a binary probability column's
 * pair of logs (16 bytes a row) exists only for the commands that read it (temperature, the
 * smoothing analysis), not for `report`, whose per-row pass takes the logs itself.
 */
export function withLazyScores(base: Omit<Predictions, 'scores'>, make: () => Float64Array): Predictions {
  let scores: Float64Array | undefined;
  return Object.defineProperty({ ...base }, 'scores', {
    enumerable: true,
    get: () => (scores ??= make()),
  }) as Predictions;
}

export type ScoreKind = 'logits' | 'probs';
