import { describe, expect, it } from 'vitest';
import { fitTemperature } from '../../src/fit/temperature.js';
import { fitInverseTemperature } from '../../src/fit/fit-scale.js';
import { allRows, prepareScaleRows } from '../../src/fit/scale-objective.js';
import { oneHotTargets } from '../../src/fit/temperature.js';
import type { Predictions } from '../../src/core/predictions.js';

describe('warm start on large inputs', () => {
  it('changes where Newton starts, not where it ends: the same T as a cold start from T = 1', () => {
    // 4,200 x 1,000 scores: above the 4,000,000-score threshold, so the fit starts from a subsample.
    const n = 4200, k = 1000;
    const scores = new Float64Array(n * k);
    const labels = new Int32Array(n);
    let s = 7;
    const random = (): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
    for (let i = 0; i < n; i++) {
      labels[i] = Math.floor(random() * k);
      for (let j = 0; j < k; j++) scores[i * k + j] = (random() - 0.5) * 6 + (j === labels[i] && random() < 0.7 ? 6 : 0);
    }
    const preds: Predictions = { rows: n, classes: k, classNames: [], scores, labels, kind: 'logits', binary: false };
    const warm = fitTemperature(preds);
    const index = allRows(n);
    const cold = fitInverseTemperature(prepareScaleRows(scores, k, index), oneHotTargets(preds, index));
    expect(warm.converged).toBe(true);
    expect(Math.abs(warm.temperature - cold.temperature) / cold.temperature).toBeLessThan(1e-12);
    expect(warm.nll).toBeCloseTo(cold.loss, 14);
    expect(warm.nllAtOne).toBeCloseTo(cold.startLoss, 14);
    expect(warm.iterations).toBeLessThan(cold.iterations);
  });
});
