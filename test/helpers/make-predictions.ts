import type { Predictions } from '../../src/core/predictions.js';

/** Predictions from logit rows (one array per row) and labels: the test's own, no reader involved. */
export function fromLogits(rows: readonly (readonly number[])[], labels: readonly number[], binary = false): Predictions {
  const k = rows[0]!.length;
  return {
    rows: rows.length,
    classes: k,
    classNames: Array.from({ length: k }, (_, j) => String(j)),
    scores: Float64Array.from(rows.flat()),
    labels: Int32Array.from(labels),
    kind: 'logits',
    binary,
  };
}

/** Predictions from probability rows: stored as log-probabilities, as the reader does. */
export function fromProbabilities(rows: readonly (readonly number[])[], labels: readonly number[]): Predictions {
  return { ...fromLogits(rows.map((r) => r.map((p) => Math.log(p))), labels), kind: 'probs' };
}

/** Binary one-column probabilities q = P(y = 1), stored as (log(1 - q), log q). */
export function fromBinaryProbabilities(q: readonly number[], labels: readonly number[]): Predictions {
  return { ...fromLogits(q.map((v) => [Math.log1p(-v), Math.log(v)]), labels, true), kind: 'probs' };
}
