import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Predictions } from '../../src/core/predictions.js';
import { MAX_TEMPERATURE, MIN_TEMPERATURE } from '../../src/fit/fit-scale.js';
import { prepareScaleRows, scaleObjective, allRows } from '../../src/fit/scale-objective.js';
import { fitTemperature, oneHotTargets } from '../../src/fit/temperature.js';
import { arbPredictions, calibratedModel, logSoftmax, makePredictions, mapRows } from './make-predictions.js';

/** Mean NLL of softmax(z / T), computed row by row the plain way (independent of the fitter). */
function nllAt(preds: Predictions, T: number): number {
  let total = 0;
  for (let i = 0; i < preds.rows; i++) {
    // Subtract the row maximum before dividing by T, so that a tiny T does not round z / T.
    const row = Array.from(preds.scores.subarray(i * preds.classes, (i + 1) * preds.classes));
    const m = Math.max(...row);
    total -= logSoftmax(row.map((v) => (v - m) / T))[preds.labels[i]!]!;
  }
  return total / preds.rows;
}

/** L'(b) of the one-hot objective at b = 1/T. */
function slopeAt(preds: Predictions, T: number): number {
  const rows = prepareScaleRows(preds.scores, preds.classes, allRows(preds.rows));
  const t = oneHotTargets(preds, rows.index);
  const centered = t.map((v, j) => v - rows.max[j]!);
  return scaleObjective(rows, centered, 1 / T).slope;
}

describe('fitTemperature: hand-checked examples', () => {
  it('three rows with logits (2, 0), labels 0, 0, 1: T = 2 / ln 2', () => {
    // Per row LSE(2b, 0) = 2b + log(1 + e^-2b). Rows labelled 0 lose log(1 + e^-2b), the row
    // labelled 1 loses 2b + log(1 + e^-2b). Mean: L(b) = log(1 + e^-2b) + 2b/3.
    // L'(b) = 2/3 - 2/(1 + e^2b) = 0  <=>  e^2b = 2  <=>  b = ln(2)/2, T = 2/ln 2 = 2.8853900818.
    // L(ln(2)/2) = log(1 + 1/2) + ln(2)/3 = 0.4054651081 + 0.2310490602 = 0.6365141683.
    // At T = 1: log(1 + e^-2) + 2/3 = 0.1269280110 + 0.6666666667 = 0.7935946777.
    const fit = fitTemperature(makePredictions([[2, 0], [2, 0], [2, 0]], [0, 0, 1]));
    expect(fit.temperature).toBeCloseTo(2 / Math.LN2, 12);
    expect(fit.nll).toBeCloseTo(0.6365141683, 10);
    expect(fit.nllAtOne).toBeCloseTo(0.7935946777, 10);
    expect(fit).toMatchObject({ converged: true, boundary: 'none', rows: 3 });
    expect(Math.abs(fit.gradient)).toBeLessThan(1e-12);
    expect(fit.iterations).toBeLessThan(12);
  });

  it('matches scipy on an 8-row, 3-class set', () => {
    // Reference: scipy.optimize.brentq on the derivative of the mean NLL in b = 1/T
    // (xtol 1e-16): T = 1.951272362768997, NLL 0.9173907012062058; NLL at T = 1: 1.013544500689318.
    const preds = makePredictions(
      [[2, 0.5, -1], [0.3, 1.2, 0.1], [-0.5, 0, 2.5], [1, 1, 0], [3, -2, 0.5], [0.2, 0.1, 0], [-1, 2, 1.5], [0, 0, 4]],
      [0, 1, 2, 1, 0, 2, 2, 1]);
    const fit = fitTemperature(preds);
    expect(fit.temperature).toBeCloseTo(1.951272362768997, 11);
    expect(fit.nll).toBeCloseTo(0.9173907012062058, 13);
    expect(fit.nllAtOne).toBeCloseTo(1.013544500689318, 13);
    expect(fit.converged).toBe(true);
  });

  it('binary one-column input (0, s) is sigmoid(s / T), the same as the two-column (-s/2, s/2)', () => {
    const s = [2.5, -1, 0.3, 4, -3, 1.2];
    const y = [1, 0, 0, 1, 1, 1];
    const oneColumn = fitTemperature(makePredictions(s.map((v) => [0, v]), y, { binary: true }));
    const twoColumns = fitTemperature(makePredictions(s.map((v) => [-v / 2, v / 2]), y));
    expect(oneColumn.converged).toBe(true);
    expect(oneColumn.temperature).toBeCloseTo(twoColumns.temperature, 10);
    expect(oneColumn.nll).toBeCloseTo(nllAt(makePredictions(s.map((v) => [0, v]), y), oneColumn.temperature), 12);
  });
});

describe('fitTemperature: boundaries', () => {
  it('every row correct (separable): T -> 0, reported as boundary zero, not converged', () => {
    const fit = fitTemperature(makePredictions([[3, 1, 0], [0, 2, 1], [1, 0, 0.5]], [0, 1, 0]));
    expect(fit).toMatchObject({ boundary: 'zero', converged: false, temperature: MIN_TEMPERATURE });
    expect(fit.nll).toBeLessThan(1e-300);
    expect(fit.nllAtOne).toBeGreaterThan(0.2);
  });

  it('labels independent of the scores: T -> infinity', () => {
    // Each score vector appears once with every label: mean_k z - z_y averages to exactly 0, so
    // L'(0+) = 0 and L' > 0 for every b > 0 (L'' > 0): the best is the uniform prediction.
    const rows = [[1, 0, -1], [1, 0, -1], [1, 0, -1], [2, 0.5, 0], [2, 0.5, 0], [2, 0.5, 0]];
    const fit = fitTemperature(makePredictions(rows, [0, 1, 2, 0, 1, 2]));
    expect(fit).toMatchObject({ boundary: 'infinity', converged: false, temperature: MAX_TEMPERATURE });
    expect(fit.nll).toBeCloseTo(Math.log(3), 8);
  });

  it('worse than uniform (the label is always the lowest score): T -> infinity', () => {
    const fit = fitTemperature(makePredictions([[3, 1, 0], [0, 2, 1], [1, 0, 0.5]], [2, 0, 1]));
    expect(fit.boundary).toBe('infinity');
    expect(fit.nll).toBeLessThan(fit.nllAtOne);
  });

  it('two rows, logits (2, 0), labels 0 and 1: L\'(0+) = 1 - 2/2 = 0, so T -> infinity', () => {
    expect(fitTemperature(makePredictions([[2, 0], [2, 0]], [0, 1])).boundary).toBe('infinity');
  });

  it('constant rows carry no information: infinity, at NLL log K', () => {
    const fit = fitTemperature(makePredictions([[1, 1], [5, 5]], [0, 1]));
    expect(fit.boundary).toBe('infinity');
    expect(fit.nll).toBeCloseTo(Math.LN2, 14);
  });

  it('an interior optimum at an extreme scale is still found (scores of order 1e-6)', () => {
    const base = makePredictions([[2, 0], [2, 0], [2, 0]], [0, 0, 1]);
    const fit = fitTemperature(mapRows(base, (z) => z.map((v) => v * 1e-6)));
    expect(fit.converged).toBe(true);
    expect(fit.temperature / (1e-6 * 2 / Math.LN2)).toBeCloseTo(1, 10);
  });

  it('stops at maxIterations with converged false and the best point so far', () => {
    const { logits, labels } = calibratedModel(500, 4, 2, 7);
    const preds = makePredictions(logits.map((z) => z.map((v) => 5 * v)), labels);
    const fit = fitTemperature(preds, { maxIterations: 2 });
    expect(fit).toMatchObject({ converged: false, boundary: 'none', iterations: 2 });
    expect(fit.nll).toBeLessThanOrEqual(fit.nllAtOne);
  });
});

describe('fitTemperature: recovering a known temperature', () => {
  // Labels are drawn from softmax(z), so z is calibrated; the fit on z * c must give back T = c.
  // The estimate is noisy (its standard error shrinks like 1/sqrt(N)), so the test looks at the
  // root-mean-square relative error over eight seeds: about 2% at N = 2,000, 0.8% at 20,000.
  const rmsRelativeError = (n: number, factor: number): number => {
    let sum = 0;
    for (let seed = 1; seed <= 8; seed++) {
      const { logits, labels } = calibratedModel(n, 5, 1.5, seed * 7919 + n);
      const fit = fitTemperature(makePredictions(logits.map((z) => z.map((v) => v * factor)), labels));
      expect(fit).toMatchObject({ converged: true, boundary: 'none' });
      sum += ((fit.temperature - factor) / factor) ** 2;
    }
    return Math.sqrt(sum / 8);
  };

  for (const factor of [3, 0.5]) {
    it(`scores z * ${factor} give T near ${factor}, closer with more rows`, () => {
      const small = rmsRelativeError(2_000, factor);
      const large = rmsRelativeError(20_000, factor);
      expect(small).toBeLessThan(0.05);
      expect(large).toBeLessThan(0.02);
      expect(large).toBeLessThan(small);
    });
  }
});

describe('fitTemperature: invariants', () => {
  it('log-probabilities and logits of the same model give the same T', () => {
    const { logits, labels } = calibratedModel(300, 6, 2, 3);
    const fromLogits = fitTemperature(makePredictions(logits.map((z) => z.map((v) => 2 * v + 7)), labels));
    const fromLogProbs = fitTemperature(makePredictions(logits.map((z) => logSoftmax(z.map((v) => 2 * v))), labels, { kind: 'probs' }));
    expect(fromLogProbs.temperature).toBeCloseTo(fromLogits.temperature, 10);
    expect(fromLogProbs.nll).toBeCloseTo(fromLogits.nll, 12);
  });

  it('fitting on rows [0, 0, 2] equals fitting on a file holding those rows', () => {
    const rows = [[2, 0.5, -1], [0.3, 1.2, 0.1], [-0.5, 0, 2.5]];
    const labels = [1, 1, 2];
    const subset = fitTemperature(makePredictions(rows, [0, 1, 2]), { rows: Int32Array.from([0, 0, 2]) });
    const direct = fitTemperature(makePredictions([rows[0]!, rows[0]!, rows[2]!], [0, 0, 2]));
    expect(subset.temperature).toBe(direct.temperature);
    expect(subset.rows).toBe(3);
    expect(labels).toHaveLength(3);
  });

  it('property: the fitted NLL is never above the NLL at T = 1, and matches a direct computation', () => {
    fc.assert(fc.property(arbPredictions, (preds) => {
      const fit = fitTemperature(preds);
      expect(fit.nll).toBeLessThanOrEqual(fit.nllAtOne + 1e-12);
      expect(fit.nllAtOne).toBeCloseTo(nllAt(preds, 1), 10);
      expect(fit.nll).toBeCloseTo(nllAt(preds, fit.temperature), 8);
    }), { numRuns: 300 });
  });

  it('property: at an interior optimum L\' ~ 0 and changes sign across it (convexity)', () => {
    fc.assert(fc.property(arbPredictions, (preds) => {
      const fit = fitTemperature(preds);
      if (fit.boundary !== 'none') return;
      expect(fit.converged).toBe(true);
      expect(Math.abs(fit.gradient)).toBeLessThan(1e-9);
      const T = fit.temperature;
      // b = 1/T: a larger T is a smaller b, where L' < 0; a smaller T, L' > 0.
      expect(slopeAt(preds, T * 1.01)).toBeLessThan(0);
      expect(slopeAt(preds, T / 1.01)).toBeGreaterThan(0);
      expect(nllAt(preds, T * 1.01)).toBeGreaterThanOrEqual(fit.nll - 1e-12);
      expect(nllAt(preds, T / 1.01)).toBeGreaterThanOrEqual(fit.nll - 1e-12);
    }), { numRuns: 300 });
  });

  it('a loss flat to double precision at the search\'s bound is that boundary, not an optimum', () => {
    // Found by the property above: row 2 wants T -> 0 (its logits differ by 7e-8), row 1 is a
    // tie at subnormal logits. At T = 1e-10 (b = B_MAX) row 2's gradient has underflowed to 0,
    // so the slope is exactly 0 there, yet the loss falls further beyond the bound.
    const preds = { rows: 2, classes: 2, classNames: ['0', '1'], kind: 'logits' as const, binary: false,
      scores: Float64Array.from([-6e-323, -6.4e-323, 7.270869763669941e-8, 0]), labels: Int32Array.from([1, 0]) };
    const fit = fitTemperature(preds);
    expect(fit.boundary).toBe('zero');
    expect(fit.converged).toBe(false);
    expect(fit.temperature).toBe(1e-10);
  });

  it('rejects an empty row set', () => {
    expect(() => fitTemperature(makePredictions([[1, 0]], [0]), { rows: new Int32Array(0) }))
      .toThrow(expect.objectContaining({ name: 'CalibError', kind: 'usage' }));
  });
});
