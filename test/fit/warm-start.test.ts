import { describe, expect, it } from 'vitest';
import { fitTemperature, fitTemperatureCore } from '../../src/fit/temperature.js';
import { crossFitTemperature } from '../../src/fit/cross-fit.js';
import { fitInverseTemperature } from '../../src/fit/fit-scale.js';
import { allRows, prepareScaleRows } from '../../src/fit/scale-objective.js';
import { oneHotTargets } from '../../src/fit/temperature.js';
import type { Predictions } from '../../src/core/predictions.js';
import { DEFAULT_METRIC_CONFIG } from '../../src/core/config.js';
import { evaluate } from '../../src/metrics/evaluate.js';

/**
 * N x K logits, uniform noise of width `spread` plus `boost` on the label's logit in a share
 * `hitRate` of the rows, all times `scale`; labels uniform. Seeded LCG: the same every run.
 */
function noisyLogits(n: number, k: number, seed: number,
  shape: { spread: number; boost: number; hitRate: number; scale: number }): Predictions {
  const scores = new Float64Array(n * k);
  const labels = new Int32Array(n);
  let s = seed;
  const random = (): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
  for (let i = 0; i < n; i++) {
    labels[i] = Math.floor(random() * k);
    for (let j = 0; j < k; j++) {
      scores[i * k + j] = shape.scale * ((random() - 0.5) * shape.spread + (j === labels[i] && random() < shape.hitRate ? shape.boost : 0));
    }
  }
  return { rows: n, classes: k, classNames: [], scores, labels, kind: 'logits', binary: false };
}

describe('warm start on large inputs', () => {
  it('changes where Newton starts, not where it ends: the same T as a cold start from T = 1', () => {
    // 4,200 x 1,000 scores: above the 4,000,000-score threshold, so the fit starts from a subsample.
    const n = 4200, k = 1000;
    const preds = noisyLogits(n, k, 7, { spread: 6, boost: 6, hitRate: 0.7, scale: 1 });
    const { scores } = preds;
    const warm = fitTemperature(preds);
    const index = allRows(n);
    const cold = fitInverseTemperature(prepareScaleRows(scores, k, index), oneHotTargets(preds, index));
    expect(warm.converged).toBe(true);
    expect(Math.abs(warm.temperature - cold.temperature) / cold.temperature).toBeLessThan(1e-12);
    expect(warm.nll).toBeCloseTo(cold.loss, 14);
    expect(warm.nllAtOne).toBeCloseTo(cold.startLoss, 14);
    expect(warm.iterations).toBeLessThan(cold.iterations);

    // The report's NLL of the same predictions is the loss at T = 1: given, it saves that pass.
    const reported = evaluate(preds, DEFAULT_METRIC_CONFIG).metrics.nll;
    expect(reported).toBeCloseTo(warm.nllAtOne, 13);
    const given = fitTemperature(preds, { lossAtOne: reported });
    expect(given.nllAtOne).toBe(reported);
    expect(given.temperature).toBe(warm.temperature);
  });
});

describe('cross-fitting from the all-rows T', () => {
  it('gives every fold the same T as a fold fit from its default start, in fewer passes', () => {
    // Overconfident (logits scaled by 3), so each fold's T is well away from 1.
    const preds = noisyLogits(3000, 20, 11, { spread: 4, boost: 3, hitRate: 0.6, scale: 3 });
    const all = fitTemperature(preds);
    const plain = crossFitTemperature(preds, { folds: 5, seed: 3 });
    const started = crossFitTemperature(preds, { folds: 5, seed: 3, startTemperature: all.temperature });
    let plainPasses = 0, startedPasses = 0;
    for (let f = 0; f < 5; f++) {
      const a = plain.folds[f]!, b = started.folds[f]!;
      expect(b.converged).toBe(true);
      expect(Math.abs(a.temperature - b.temperature) / a.temperature).toBeLessThan(1e-12);
      plainPasses += a.iterations;
      startedPasses += b.iterations;
    }
    expect(startedPasses).toBeLessThan(plainPasses);
  });

  it('rejects a starting temperature that is not positive and finite', () => {
    const preds: Predictions = { rows: 2, classes: 2, classNames: [], scores: Float64Array.of(2, 0, 0, 2), labels: Int32Array.of(0, 0), kind: 'logits', binary: false };
    expect(() => fitTemperatureCore(preds, { startTemperature: 0 })).toThrow(/starting temperature/);
    expect(() => fitTemperatureCore(preds, { startTemperature: Infinity })).toThrow(/starting temperature/);
  });
});
