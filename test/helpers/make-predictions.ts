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

/**
 * Seeded random logits in shared memory, as the reader leaves large files for a second thread:
 * labels uniform, the label's logit raised by 4 in 70% of rows.
 */
export function sharedLogits(n: number, k: number, seed: number, binary = false): Predictions {
  let s = seed;
  const random = (): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
  const scores = new Float64Array(new SharedArrayBuffer(n * k * 8));
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = Math.floor(random() * k);
    for (let j = 0; j < k; j++) scores[i * k + j] = (random() - 0.5) * 6 + (j === labels[i] && random() < 0.7 ? 4 : 0);
  }
  return { rows: n, classes: k, classNames: Array.from({ length: k }, (_, j) => String(j)), scores, labels, kind: 'logits', binary };
}
