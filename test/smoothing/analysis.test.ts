import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { smoothingAnalysis } from '../../src/smoothing/index.js';
import { CalibError } from '../../src/core/errors.js';
import { fromLogits } from '../helpers/make-predictions.js';

const at = (analysis: ReturnType<typeof smoothingAnalysis>, alpha: number) => analysis.alphas.find((r) => r.alpha === alpha)!;

describe('smoothed cross-entropy matches the frameworks', () => {
  it("PyTorch CrossEntropyLoss(label_smoothing=0.1), logits (2, 1, 0), label 0: 0.50761", () => {
    // log softmax = (2, 1, 0) - LSE, LSE = log(e^2 + e + 1) = 2.407606;
    // NLL = 0.407606; mean_k -log p_k = 2.407606 - 1 = 1.407606;
    // LS = 0.9 * 0.407606 + 0.1 * 1.407606 = 0.507606
    const analysis = smoothingAnalysis(fromLogits([[2, 1, 0]], [0]), { alphas: [0.1], prior: 'uniform' });
    expect(at(analysis, 0.1).smoothed_ce).toBeCloseTo(0.50761, 5);
  });
  it("Keras categorical example: logits (100, -100, -100), label 0, a = 0.1 gives 400 * 0.1 / 3", () => {
    // log p = (0, -200, -200) up to e^-200; targets (1 - 0.1 + 0.1/3, 0.1/3, 0.1/3):
    // LS = (0.1/3) * 200 * 2 = 40/3 = 13.3333
    const analysis = smoothingAnalysis(fromLogits([[100, -100, -100]], [0]), { alphas: [0.1], prior: 'uniform' });
    expect(at(analysis, 0.1).smoothed_ce).toBeCloseTo(400 * 0.1 / 3, 10);
  });
  it('the seed example: K = 3, a = 0.1, target gap log 28 = 3.3322; KL 0 and implied a = 0.1 for softmax(log 28, 0, 0)', () => {
    const g = Math.log(28);
    const analysis = smoothingAnalysis(fromLogits([[g, 0, 0], [0, g, 0], [0, 0, g]], [0, 1, 2]), { alphas: [0, 0.1], prior: 'uniform' });
    expect(at(analysis, 0.1).target_gap).toBeCloseTo(3.3322, 4);
    expect(at(analysis, 0.1).kl).toBeCloseTo(0, 12);
    expect(at(analysis, 0).target_gap).toBeNull();
    expect(analysis.implied_alpha).toBeCloseTo(0.1, 8);
  });
});

describe('invariants', () => {
  const data = fc.integer({ min: 2, max: 5 }).chain((k) => fc.array(
    fc.tuple(fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: k, maxLength: k }), fc.integer({ min: 0, max: k - 1 })),
    { minLength: 1, maxLength: 20 }));
  it('LS(a) is linear in a and equals the NLL at a = 0; KL >= 0', () => {
    fc.assert(fc.property(data, fc.constantFrom('uniform' as const, 'empirical' as const), (rows, prior) => {
      const preds = fromLogits(rows.map((r) => r[0]), rows.map((r) => r[1]));
      const a = smoothingAnalysis(preds, { alphas: [0, 0.25, 0.5], prior });
      const [l0, l1, l2] = a.alphas.map((r) => r.smoothed_ce) as [number, number, number];
      expect(l1).toBeCloseTo((l0 + l2) / 2, 9); // linear: the midpoint of a line
      for (const row of a.alphas) expect(row.kl).toBeGreaterThanOrEqual(-1e-12);
    }));
  });
  it('the implied smoothing is recovered from predictions made at a known a', () => {
    // Rows whose softmax equals the smoothed target for a = 0.2 (K = 4): the true class logit sits
    // g*(0.2) = log((1 - 0.2 + 0.05) / 0.05) = log 17 above the others.
    const g = Math.log(17);
    const rows: number[][] = [];
    const labels: number[] = [];
    for (let i = 0; i < 40; i++) {
      const y = i % 4;
      rows.push([0, 1, 2, 3].map((k) => (k === y ? g : 0) + 0.01 * Math.sin(7 * i + k)));
      labels.push(y);
    }
    const analysis = smoothingAnalysis(fromLogits(rows, labels), { alphas: [0.2], prior: 'uniform' });
    expect(analysis.implied_alpha).toBeCloseTo(0.2, 3);
  });
  it('every alpha must be in [0, 1)', () => {
    const preds = fromLogits([[1, 0]], [0]);
    expect(() => smoothingAnalysis(preds, { alphas: [1], prior: 'uniform' })).toThrow(CalibError);
    expect(() => smoothingAnalysis(preds, { alphas: [-0.1], prior: 'uniform' })).toThrow(CalibError);
  });
});
