// Builders of in-memory Predictions for the fit and smoothing tests (no files involved).
import fc from 'fast-check';
import type { Predictions, ScoreKind } from '../../src/core/predictions.js';
import { createRandom, type Random } from '../../src/stats/random.js';

export function makePredictions(
  scores: readonly (readonly number[])[], labels: readonly number[],
  options: { kind?: ScoreKind; binary?: boolean } = {},
): Predictions {
  const classes = scores[0]!.length;
  return {
    rows: scores.length,
    classes,
    classNames: Array.from({ length: classes }, (_, k) => String(k)),
    scores: Float64Array.from(scores.flat()),
    labels: Int32Array.from(labels),
    kind: options.kind ?? 'logits',
    binary: options.binary ?? false,
  };
}

/** Same model, same labels, scores replaced by f(row). */
export function mapRows(preds: Predictions, f: (row: number[]) => number[], kind?: ScoreKind): Predictions {
  const rows: number[][] = [];
  for (let i = 0; i < preds.rows; i++) rows.push(f(Array.from(preds.scores.subarray(i * preds.classes, (i + 1) * preds.classes))));
  return makePredictions(rows, Array.from(preds.labels), { kind: kind ?? preds.kind, binary: preds.binary });
}

export function logSoftmax(z: readonly number[]): number[] {
  const m = Math.max(...z);
  const lse = m + Math.log(z.reduce((s, v) => s + Math.exp(v - m), 0));
  return z.map((v) => v - lse);
}

export function normal(random: Random): number {
  // Box-Muller; 1 - next() is in (0, 1], so the log is finite.
  return Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
}

/** N x K logits with N(0, scale^2) entries, and labels drawn from softmax(z): a calibrated model. */
export function calibratedModel(n: number, classes: number, scale: number, seed: number): { logits: number[][]; labels: number[] } {
  const random = createRandom(seed);
  const logits: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const z = Array.from({ length: classes }, () => scale * normal(random));
    const p = logSoftmax(z).map(Math.exp);
    let r = random.next(), y = 0;
    while (y < classes - 1 && r >= p[y]!) r -= p[y++]!;
    logits.push(z);
    labels.push(y);
  }
  return { logits, labels };
}

/** Small random prediction sets for property tests: K in 2..5, N in 1..25, logits in [-8, 8]. */
export const arbPredictions = fc.integer({ min: 2, max: 5 }).chain((classes) =>
  fc.array(
    fc.tuple(
      fc.array(fc.double({ min: -8, max: 8, noNaN: true }), { minLength: classes, maxLength: classes }),
      fc.integer({ min: 0, max: classes - 1 }),
    ),
    { minLength: 1, maxLength: 25 },
  ).map((rows) => makePredictions(rows.map((r) => r[0]), rows.map((r) => r[1]))));
