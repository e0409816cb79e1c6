import { describe, expect, it } from 'vitest';
import { DEFAULT_METRIC_CONFIG, type MetricConfig } from '../../src/core/config.js';
import type { Predictions } from '../../src/core/predictions.js';
import { evaluate } from '../../src/metrics/evaluate.js';
import { ResampleEvaluator } from '../../src/metrics/resample.js';
import { createRandom } from '../../src/stats/random.js';
import { fromLogits } from '../helpers/make-predictions.js';

/** Seeded random logits with labels drawn near the arg max, so accuracy is neither 0 nor 1. */
function randomLogits(n: number, k: number, seed: number, binary = false): Predictions {
  const random = createRandom(seed);
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = Array.from({ length: k }, () => 4 * (random.next() - 0.5));
    rows.push(row);
    labels.push(random.next() < 0.6 ? row.indexOf(Math.max(...row)) : random.int(k));
  }
  return fromLogits(rows, labels, binary);
}

function resample(n: number, seed: number): Int32Array {
  const random = createRandom(seed);
  return Int32Array.from({ length: n }, () => random.int(n));
}

const equalMass: MetricConfig = { bins: 7, binning: 'mass', edges: 'left', binaryView: 'top-label' };

describe('ResampleEvaluator gives evaluate(preds, config, { rows }) bit for bit', () => {
  const cases: [string, Predictions, MetricConfig][] = [
    ['10 classes, default config', randomLogits(300, 10, 1), DEFAULT_METRIC_CONFIG],
    ['4 classes, equal-mass, left-closed bins', randomLogits(257, 4, 2), equalMass],
    ['binary, positive-class view', randomLogits(200, 2, 3, true), DEFAULT_METRIC_CONFIG],
    ['binary, top-label view', randomLogits(200, 2, 4, true), equalMass],
    // More rows than one block (ROW_BLOCK = 4,096): the classwise sums come in two parts.
    ['9,000 rows, 3 classes', randomLogits(9_000, 3, 8), DEFAULT_METRIC_CONFIG],
  ];

  for (const [name, preds, config] of cases) {
    it(`${name}: every row, and three bootstrap resamples in a row`, () => {
      const evaluator = new ResampleEvaluator(preds, config);
      expect(evaluator.evaluateAll()).toEqual(evaluate(preds, config));
      for (const seed of [11, 12, 13]) {
        const rows = resample(preds.rows, seed);
        expect(evaluator.evaluate(rows)).toEqual(evaluate(preds, config, { rows }));
      }
    });
  }

  it('at one temperature, and with one temperature per row (cross-fitting)', () => {
    const preds = randomLogits(240, 5, 5);
    const rows = resample(preds.rows, 21);
    const scalar = new ResampleEvaluator(preds, DEFAULT_METRIC_CONFIG, 1.7);
    expect(scalar.evaluate(rows)).toEqual(evaluate(preds, DEFAULT_METRIC_CONFIG, { rows, temperature: 1.7 }));

    const perRow = Float64Array.from({ length: preds.rows }, (_, i) => 0.8 + (i % 5) * 0.3);
    const crossFitted = new ResampleEvaluator(preds, DEFAULT_METRIC_CONFIG, perRow);
    expect(crossFitted.evaluate(rows)).toEqual(evaluate(preds, DEFAULT_METRIC_CONFIG, { rows, temperature: perRow }));
  });

  it('a selection shorter than the data (a subset), and a fixed smooth-ECE bandwidth', () => {
    const preds = randomLogits(150, 3, 6);
    const rows = Int32Array.from([5, 5, 9, 140, 0, 77, 77, 77, 12]);
    const evaluator = new ResampleEvaluator(preds, DEFAULT_METRIC_CONFIG);
    expect(evaluator.evaluate(rows, { smeceSigma: 0.05 }))
      .toEqual(evaluate(preds, DEFAULT_METRIC_CONFIG, { rows, smeceSigma: 0.05 }));
  });

  it('differs from the full-data evaluation when the rows differ (the test can fail)', () => {
    const preds = randomLogits(120, 3, 7);
    const evaluator = new ResampleEvaluator(preds, DEFAULT_METRIC_CONFIG);
    const all = evaluator.evaluateAll().metrics.ece;
    expect(evaluator.evaluate(resample(preds.rows, 31)).metrics.ece).not.toBe(all);
  });
});
