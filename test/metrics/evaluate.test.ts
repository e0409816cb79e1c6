import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_METRIC_CONFIG, type MetricConfig } from '../../src/core/config.js';
import { evaluate } from '../../src/metrics/evaluate.js';
import { fromBinaryProbabilities, fromLogits, fromProbabilities } from '../helpers/make-predictions.js';

const width5: MetricConfig = { bins: 5, binning: 'width', edges: 'right', binaryView: 'positive' };

/**
 * A four-row, three-class example worked by hand. Rows (probabilities) and labels:
 *   r1 (0.70, 0.20, 0.10) y=0  top 0, c = 0.70, correct
 *   r2 (0.10, 0.65, 0.25) y=2  top 1, c = 0.65, wrong
 *   r3 (0.30, 0.25, 0.45) y=2  top 2, c = 0.45, correct
 *   r4 (0.90, 0.05, 0.05) y=1  top 0, c = 0.90, wrong
 */
const hand = fromProbabilities(
  [[0.7, 0.2, 0.1], [0.1, 0.65, 0.25], [0.3, 0.25, 0.45], [0.9, 0.05, 0.05]],
  [0, 2, 2, 1],
);

describe('evaluate on a hand-worked example (M = 5, right-closed bins)', () => {
  const { metrics, bins } = evaluate(hand, width5);

  it('accuracy, mean confidence and the overconfidence gap', () => {
    expect(metrics.accuracy).toBe(0.5); // 2 of 4 correct
    expect(metrics.mean_confidence).toBeCloseTo(0.675, 15); // (0.7 + 0.65 + 0.45 + 0.9) / 4 = 2.7 / 4
    expect(metrics.overconfidence_gap).toBeCloseTo(0.175, 15); // 0.675 - 0.5
  });

  it('ECE, MCE and RMSCE over bins (0.4,0.6] {r3}, (0.6,0.8] {r1,r2}, (0.8,1] {r4}', () => {
    // bin 3: conf 0.45, acc 1 -> |gap| 0.55; bin 4: conf 0.675, acc 0.5 -> 0.175; bin 5: 0.9 vs 0 -> 0.9
    // ECE = 1/4 * 0.55 + 2/4 * 0.175 + 1/4 * 0.9 = 0.1375 + 0.0875 + 0.225 = 0.45
    expect(metrics.ece).toBeCloseTo(0.45, 14);
    expect(metrics.mce).toBeCloseTo(0.9, 14);
    // RMSCE = sqrt(0.25 * 0.3025 + 0.5 * 0.030625 + 0.25 * 0.81) = sqrt(0.2934375) = 0.5416987170
    expect(metrics.rmsce).toBeCloseTo(0.5416987170005113, 13);
  });

  it('the reliability table keeps the two empty bins', () => {
    expect(bins.map((b) => b.count)).toEqual([0, 0, 1, 2, 1]);
    expect(bins[0]!.accuracy).toBeNull();
    expect(bins[3]!.mean_confidence).toBeCloseTo(0.675, 15);
    expect(bins[3]!.accuracy).toBe(0.5);
    expect(bins[3]!.gap).toBeCloseTo(0.175, 15);
  });

  it('ACE: equal-mass bins of one row each (N = 4 < M = 5, so one bin is empty)', () => {
    // |0.45 - 1| + |0.65 - 0| + |0.7 - 1| + |0.9 - 0| = 0.55 + 0.65 + 0.3 + 0.9 = 2.4; / 4 = 0.6
    expect(metrics.ace).toBeCloseTo(0.6, 14);
  });

  it('classwise ECE: per-class bins over p_ik', () => {
    // class 0: p .7 hit, .1, .3, .9 miss, each alone: (0.3 + 0.1 + 0.3 + 0.9) / 4 = 0.4
    // class 1: p .2 miss and .05 hit share (0, .2]: |1 - .25| = .75; .65 -> .65; .25 -> .25: 1.65/4 = .4125
    // class 2: .1 and .05 miss share (0, .2]: .15; .25 hit -> .75; .45 hit -> .55: 1.45/4 = .3625
    // mean over classes: (0.4 + 0.4125 + 0.3625) / 3 = 0.391666...
    expect(metrics.classwise_ece).toBeCloseTo(1.175 / 3, 14);
  });

  it('NLL, Brier and entropy', () => {
    // NLL = -(ln .7 + ln .25 + ln .45 + ln .05) / 4 = (0.356675 + 1.386294 + 0.798508 + 2.995732) / 4
    expect(metrics.nll).toBeCloseTo(1.3843023187075962, 14);
    // Brier rows: .09+.04+.01 = .14; .01+.4225+.5625 = .995; .09+.0625+.3025 = .455;
    // .81+.9025+.0025 = 1.715; mean = 3.305 / 4 = 0.82625
    expect(metrics.brier).toBeCloseTo(0.82625, 14);
    // H(r1) = -(.7 ln .7 + .2 ln .2 + .1 ln .1) = 0.801819, H(r2) = 0.856841, H(r3) = 1.067094,
    // H(r4) = 0.394398; mean 0.780038
    expect(metrics.entropy).toBeCloseTo(0.7800377834765009, 14);
  });
});

describe('logits and probabilities of the same model give the same numbers', () => {
  it('softmax(z) read as probabilities matches z read as logits', () => {
    const z = [[2, 1, -1], [0.5, 0.4, 3], [-2, 0, 0.1], [1, 1, 1], [4, -4, 0]];
    const y = [0, 2, 1, 0, 1];
    const probs = z.map((row) => {
      const m = Math.max(...row);
      const e = row.map((v) => Math.exp(v - m));
      const s = e.reduce((a, b) => a + b, 0);
      return e.map((v) => v / s);
    });
    const a = evaluate(fromLogits(z, y), DEFAULT_METRIC_CONFIG).metrics;
    const b = evaluate(fromProbabilities(probs, y), DEFAULT_METRIC_CONFIG).metrics;
    for (const key of Object.keys(a) as (keyof typeof a)[]) expect(b[key]).toBeCloseTo(a[key], 12);
  });
});

describe('extreme logits', () => {
  it('logits of ±1e300 neither overflow nor give NaN', () => {
    const { metrics } = evaluate(fromLogits([[1e300, -1e300], [-1e300, 1e300]], [0, 0]), DEFAULT_METRIC_CONFIG);
    expect(metrics.accuracy).toBe(0.5);
    // row 2 puts log p_0 = -2e300 on the true class: the exact NLL, not Infinity or NaN
    expect(metrics.nll).toBe(1e300);
    for (const v of Object.values(metrics)) expect(Number.isNaN(v)).toBe(false);
  });
  it('all-identical scores give uniform probabilities and the lowest index as the prediction', () => {
    const { metrics } = evaluate(fromLogits([[3, 3, 3], [3, 3, 3]], [0, 1]), DEFAULT_METRIC_CONFIG);
    expect(metrics.accuracy).toBe(0.5);
    expect(metrics.mean_confidence).toBeCloseTo(1 / 3, 15);
    expect(metrics.nll).toBeCloseTo(Math.log(3), 15);
    expect(metrics.entropy).toBeCloseTo(Math.log(3), 15);
  });
});

describe('binary one-column input', () => {
  // q = P(y = 1) = 0.8, 0.3, 0.6, 0.1 with labels 1, 0, 0, 0
  const preds = fromBinaryProbabilities([0.8, 0.3, 0.6, 0.1], [1, 0, 0, 0]);
  it('positive view: bins over q, accuracy = fraction of positives, gap = mean(q) - mean(y)', () => {
    const { metrics, bins } = evaluate(preds, width5);
    expect(metrics.mean_confidence).toBeCloseTo(0.45, 15); // (0.8 + 0.3 + 0.6 + 0.1) / 4 = 1.8 / 4
    expect(metrics.overconfidence_gap).toBeCloseTo(0.2, 15); // 0.45 - 1/4
    expect(metrics.accuracy).toBe(0.75); // predictions 1, 0, 1, 0 against 1, 0, 0, 0
    // bins (0,.2] {.1:0}, (.2,.4] {.3:0}, (.4,.6] {.6:0}, (.6,.8] {.8:1}
    expect(bins.map((b) => b.count)).toEqual([1, 1, 1, 1, 0]);
    // ECE = (0.1 + 0.3 + 0.6 + 0.2) / 4 = 0.3
    expect(metrics.ece).toBeCloseTo(0.3, 14);
    // scikit-learn's binary Brier: mean((q - y)^2) = (0.04 + 0.09 + 0.36 + 0.01) / 4 = 0.125
    expect(metrics.brier).toBeCloseTo(0.125, 14);
  });
  it('top-label view: bins over max(q, 1 - q) against correctness', () => {
    const { metrics } = evaluate(preds, { ...width5, binaryView: 'top-label' });
    // c = 0.8, 0.7, 0.6, 0.9, correct = 1, 1, 0, 1; mean c = 3.0 / 4 = 0.75
    expect(metrics.mean_confidence).toBeCloseTo(0.75, 15);
    expect(metrics.overconfidence_gap).toBeCloseTo(0, 15);
    // bins (.4,.6] {.6:0}, (.6,.8] {.8:1, .7:1}, (.8,1] {.9:1}: (0.6 + 2*|1 - 0.75| + 0.1) / 4 = 0.3
    expect(metrics.ece).toBeCloseTo(0.3, 14);
  });
});

describe('temperature and row selection', () => {
  it('T = 1 changes nothing; a per-row T array equals the scalar', () => {
    const preds = fromLogits([[2, 0], [0, 1], [3, 1]], [0, 0, 0]);
    const base = evaluate(preds, DEFAULT_METRIC_CONFIG).metrics;
    expect(evaluate(preds, DEFAULT_METRIC_CONFIG, { temperature: 1 }).metrics).toEqual(base);
    const scalar = evaluate(preds, DEFAULT_METRIC_CONFIG, { temperature: 2 }).metrics;
    const perRow = evaluate(preds, DEFAULT_METRIC_CONFIG, { temperature: Float64Array.of(2, 2, 2) }).metrics;
    expect(perRow).toEqual(scalar);
    // T = 2 on row 1: softmax(1, 0) = 1 / (1 + e^-1) = 0.7310586
    expect(evaluate(fromLogits([[2, 0]], [0]), DEFAULT_METRIC_CONFIG, { temperature: 2 }).metrics.mean_confidence)
      .toBeCloseTo(0.7310585786300049, 15);
  });
  it('rows selects (and repeats) rows', () => {
    const preds = fromLogits([[2, 0], [0, 1], [3, 1]], [0, 0, 1]);
    const doubled = evaluate(preds, DEFAULT_METRIC_CONFIG, { rows: Int32Array.of(0, 1, 2, 0, 1, 2) }).metrics;
    const once = evaluate(preds, DEFAULT_METRIC_CONFIG).metrics;
    // The plug-in metrics depend only on the empirical distribution, so doubling every row changes
    // nothing; the estimators beyond binned ECE depend on N by design (bias corrections, bin counts).
    const nDependent = ['smece', 'ece_debiased', 'ece_sweep'];
    for (const key of Object.keys(once) as (keyof typeof once)[]) {
      if (!nDependent.includes(key)) expect(doubled[key]).toBeCloseTo(once[key], 14);
    }
  });
});

describe('invariants (property tests)', () => {
  const dataset = fc.integer({ min: 2, max: 5 }).chain((k) =>
    fc.array(
      fc.tuple(fc.array(fc.double({ min: -20, max: 20, noNaN: true }), { minLength: k, maxLength: k }), fc.integer({ min: 0, max: k - 1 })),
      { minLength: 1, maxLength: 40 },
    ));
  const configs = fc.record({
    bins: fc.integer({ min: 1, max: 20 }),
    binning: fc.constantFrom('width' as const, 'mass' as const),
    edges: fc.constantFrom('right' as const, 'left' as const),
    binaryView: fc.constant('positive' as const),
  });

  it('ECE, MCE, RMSCE, ACE and classwise ECE lie in [0, 1]; MCE >= ECE', () => {
    fc.assert(fc.property(dataset, configs, (rows, config) => {
      const { metrics } = evaluate(fromLogits(rows.map((r) => r[0]), rows.map((r) => r[1])), config);
      for (const key of ['ece', 'mce', 'rmsce', 'ace', 'classwise_ece'] as const) {
        expect(metrics[key]).toBeGreaterThanOrEqual(0);
        expect(metrics[key]).toBeLessThanOrEqual(1 + 1e-12);
      }
      expect(metrics.mce).toBeGreaterThanOrEqual(metrics.ece - 1e-12);
      expect(metrics.rmsce).toBeGreaterThanOrEqual(metrics.ece - 1e-12); // L2 >= L1 (Jensen)
    }));
  });

  it('row order does not change any metric', () => {
    fc.assert(fc.property(dataset, fc.integer(), (rows, seed) => {
      const shuffled = [...rows];
      let s = seed >>> 0;
      for (let i = shuffled.length - 1; i > 0; i--) {
        s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
        const j = s % (i + 1);
        [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
      }
      // Equal-mass splits (ACE, ECE sweep) break ties by row order by design.
      const ea = evaluate(fromLogits(rows.map((r) => r[0]), rows.map((r) => r[1])), DEFAULT_METRIC_CONFIG);
      const eb = evaluate(fromLogits(shuffled.map((r) => r[0]), shuffled.map((r) => r[1])), DEFAULT_METRIC_CONFIG);
      const [a, b] = [ea.metrics, eb.metrics];
      for (const key of Object.keys(a) as (keyof typeof a)[]) {
        if (key === 'ace' || key === 'ece_sweep' || key === 'ece_debiased') continue;
        expect(b[key]).toBeCloseTo(a[key], 12);
      }
      // The debiased estimate is the square root of a difference of O(1) sums: near 0, a change
      // in their last bit (the summation order) moves the root by far more than 1e-12 (a squared
      // value of 4e-12 that differs by 4e-17 gives roots 1e-11 apart). The squares agree.
      expect(eb.details.ece_debiased_squared).toBeCloseTo(ea.details.ece_debiased_squared, 15);
    }), process.env.CALIB_SEED ? { seed: Number(process.env.CALIB_SEED) } : {});
  });

  it('perfectly calibrated synthetic data drives ECE toward 0 as N grows', () => {
    // Labels drawn from the predicted probabilities: the model is calibrated by construction, so
    // the only ECE left is the binning estimator's sampling bias, which shrinks like 1/sqrt(N).
    const sample = (n: number, seed: number): number => {
      let s = seed;
      const next = (): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
      const q: number[] = [];
      const y: number[] = [];
      for (let i = 0; i < n; i++) {
        const p = next();
        q.push(p);
        y.push(next() < p ? 1 : 0);
      }
      return evaluate(fromBinaryProbabilities(q, y), DEFAULT_METRIC_CONFIG).metrics.ece;
    };
    const small = sample(500, 1);
    const large = sample(50_000, 1);
    expect(large).toBeLessThan(0.02);
    expect(large).toBeLessThan(small);
  });
});
