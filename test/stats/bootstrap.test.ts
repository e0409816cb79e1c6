import { describe, expect, test } from 'vitest';
import { DEFAULT_METRIC_CONFIG } from '../../src/core/config.js';
import type { MetricConfig } from '../../src/core/config.js';
import { CalibError } from '../../src/core/errors.js';
import type { Predictions } from '../../src/core/predictions.js';
import { evaluate } from '../../src/metrics/evaluate.js';
import { METRIC_NAMES } from '../../src/metrics/types.js';
import {
  bootstrapMetrics, bootstrapStatistics, drawResample, pairedBootstrapDeltas, percentileInterval, unpairedBootstrapDeltas,
} from '../../src/stats/bootstrap.js';
import { createRandom } from '../../src/stats/random.js';
import { fromLogits, fromProbabilities } from '../helpers/make-predictions.js';

/**
 * Calibrated two-class data: the top-label confidence c ~ U(0.5, 1) and the top class is right
 * with probability c, so the true accuracy is E[c] = 0.75.
 */
function calibratedSample(n: number, seed: number): Predictions {
  const random = createRandom(seed);
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = 0.5 + 0.5 * random.next();
    const top = random.int(2);
    rows.push(top === 1 ? [1 - c, c] : [c, 1 - c]);
    labels.push(random.next() < c ? top : 1 - top);
  }
  return fromProbabilities(rows, labels);
}

/** Three-class logits with some noise, and a second model that is the first plus a small perturbation. */
function threeClassModels(n: number, seed: number): [Predictions, Predictions] {
  const random = createRandom(seed);
  const a: number[][] = [];
  const b: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const y = random.int(3);
    const row = [0, 1, 2].map((k) => (k === y ? 1.5 : 0) + 2 * (random.next() - 0.5));
    a.push(row);
    b.push(row.map((z) => 1.3 * z + 0.3 * (random.next() - 0.5)));
    labels.push(y);
  }
  return [fromLogits(a, labels), fromLogits(b, labels)];
}

// Every evaluate() call includes the smooth ECE (about 50 ms at any N), so the tests that go
// through evaluate keep R small; statistical behaviour is tested on the engine directly.
const settings = { resamples: 25, seed: 7, confidence: 0.9 };

describe('percentileInterval', () => {
  test('linear interpolation between order statistics (numpy default)', () => {
    // positions (5 - 1) * 0.25 = 1 and (5 - 1) * 0.75 = 3 in the sorted values 1..5
    expect(percentileInterval(Float64Array.from([5, 1, 4, 2, 3]), 0.5)).toEqual({ lower: 2, upper: 4 });
    // 90%: positions 3 * 0.05 = 0.15 -> 10 + 0.15 * 10 = 11.5; 3 * 0.95 = 2.85 -> 30 + 0.85 * 10 = 38.5
    const { lower, upper } = percentileInterval(Float64Array.from([40, 10, 30, 20]), 0.9);
    expect(lower).toBeCloseTo(11.5, 12);
    expect(upper).toBeCloseTo(38.5, 12);
  });
});

describe('drawResample', () => {
  test('fills n indices in 0..n-1, reproducibly', () => {
    const a = drawResample(new Int32Array(50), 50, createRandom(3));
    const b = drawResample(new Int32Array(50), 50, createRandom(3));
    expect(a).toEqual(b);
    expect(Math.min(...a)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...a)).toBeLessThan(50);
    // With replacement: 50 draws from 50 almost surely repeat one (1 - 50!/50^50).
    expect(new Set(a).size).toBeLessThan(50);
  });
});

describe('bootstrapMetrics', () => {
  const preds = calibratedSample(300, 1);

  test('is reproducible with a seed and changes with the seed', () => {
    const first = bootstrapMetrics(preds, DEFAULT_METRIC_CONFIG, settings);
    const again = bootstrapMetrics(preds, DEFAULT_METRIC_CONFIG, settings);
    const other = bootstrapMetrics(preds, DEFAULT_METRIC_CONFIG, { ...settings, seed: 8 });
    expect(again).toEqual(first);
    expect(other.intervals.ece).not.toEqual(first.intervals.ece);
    expect(first).toMatchObject({ method: 'percentile', resamples: 25, seed: 7, confidence: 0.9 });
  });

  test('gives an ordered interval for every metric, around the point estimate', () => {
    const { intervals } = bootstrapMetrics(preds, DEFAULT_METRIC_CONFIG, settings);
    const point = evaluate(preds, DEFAULT_METRIC_CONFIG).metrics;
    expect(Object.keys(intervals).sort()).toEqual([...METRIC_NAMES].sort());
    for (const name of METRIC_NAMES) expect(intervals[name].lower).toBeLessThanOrEqual(intervals[name].upper);
    // Smooth, unbiased means: the 90% interval holds the full-sample value.
    for (const name of ['accuracy', 'mean_confidence', 'nll', 'brier', 'entropy'] as const) {
      expect(intervals[name].lower).toBeLessThanOrEqual(point[name]);
      expect(intervals[name].upper).toBeGreaterThanOrEqual(point[name]);
    }
  });

  test('a higher confidence level gives a wider interval from the same resamples', () => {
    const narrow = bootstrapMetrics(preds, DEFAULT_METRIC_CONFIG, { ...settings, confidence: 0.5 }).intervals.nll;
    const wide = bootstrapMetrics(preds, DEFAULT_METRIC_CONFIG, { ...settings, confidence: 0.95 }).intervals.nll;
    expect(wide.lower).toBeLessThan(narrow.lower);
    expect(wide.upper).toBeGreaterThan(narrow.upper);
  });

  test('identical rows give a degenerate interval at the value', () => {
    const same = fromProbabilities(Array.from({ length: 20 }, () => [0.7, 0.3]), Array.from({ length: 20 }, () => 0));
    const { intervals } = bootstrapMetrics(same, DEFAULT_METRIC_CONFIG, settings);
    expect(intervals.accuracy).toEqual({ lower: 1, upper: 1 });
    expect(intervals.nll.lower).toBe(intervals.nll.upper);
    expect(intervals.nll.lower).toBeCloseTo(-Math.log(0.7), 12);
  });

  test('derived statistics get intervals from the same resamples', () => {
    const result = bootstrapMetrics(preds, DEFAULT_METRIC_CONFIG, {
      ...settings, derived: { abs_gap: (m) => Math.abs(m.overconfidence_gap), twice_ece: (m) => 2 * m.ece },
    });
    expect(result.derived.abs_gap!.lower).toBeGreaterThanOrEqual(0);
    expect(result.derived.twice_ece!.lower).toBeCloseTo(2 * result.intervals.ece.lower, 12);
    expect(result.derived.twice_ece!.upper).toBeCloseTo(2 * result.intervals.ece.upper, 12);
    expect(bootstrapMetrics(preds, DEFAULT_METRIC_CONFIG, settings).derived).toEqual({});
  });

  test('bin intervals: one per bin, null where the bin is (almost) never filled', () => {
    const config: MetricConfig = { ...DEFAULT_METRIC_CONFIG, bins: 10 };
    const result = bootstrapMetrics(preds, config, { ...settings, bins: true });
    expect(result.binIntervals).toHaveLength(10);
    // Confidences are in (0.5, 1]: bins 1..5 (up to 0.5) are always empty.
    expect(result.binIntervals!.slice(0, 5)).toEqual([null, null, null, null, null]);
    for (const interval of result.binIntervals!.slice(5)) {
      expect(interval).not.toBeNull();
      expect(interval!.lower).toBeGreaterThanOrEqual(0);
      expect(interval!.upper).toBeLessThanOrEqual(1);
      expect(interval!.lower).toBeLessThanOrEqual(interval!.upper);
    }
    expect(bootstrapMetrics(preds, config, settings).binIntervals).toBeUndefined();
  });

  test('passes the temperature through to evaluate', () => {
    const [model] = threeClassModels(100, 2);
    const atTwo = bootstrapMetrics(model, DEFAULT_METRIC_CONFIG, { ...settings, temperature: 2 });
    const perRow = bootstrapMetrics(model, DEFAULT_METRIC_CONFIG, { ...settings, temperature: new Float64Array(100).fill(2) });
    const plain = bootstrapMetrics(model, DEFAULT_METRIC_CONFIG, settings);
    expect(perRow.intervals).toEqual(atTwo.intervals);
    expect(atTwo.intervals.entropy.lower).toBeGreaterThan(plain.intervals.entropy.upper);
  });

  test('rejects bad settings as usage errors', () => {
    expect(() => bootstrapMetrics(preds, DEFAULT_METRIC_CONFIG, { ...settings, resamples: 1 })).toThrow(CalibError);
    expect(() => bootstrapMetrics(preds, DEFAULT_METRIC_CONFIG, { ...settings, resamples: 10.5 })).toThrow(/resamples/);
    expect(() => bootstrapMetrics(preds, DEFAULT_METRIC_CONFIG, { ...settings, confidence: 95 })).toThrow(/confidence level/);
    expect(() => bootstrapMetrics(preds, DEFAULT_METRIC_CONFIG, { ...settings, seed: Number.NaN })).toThrow(/seed/);
  });

  test('is the bootstrapStatistics engine applied to evaluate() (same rows for a seed)', () => {
    const small = calibratedSample(80, 2);
    // bootstrapMetrics holds smooth ECE's bandwidth at the full sample's fixed point.
    const smeceSigma = evaluate(small, DEFAULT_METRIC_CONFIG).details.smece_sigma;
    const engine = bootstrapStatistics(small.rows, settings, (rows) => evaluate(small, DEFAULT_METRIC_CONFIG, { rows, smeceSigma }).metrics);
    expect(bootstrapMetrics(small, DEFAULT_METRIC_CONFIG, settings).intervals).toEqual(engine);
  });
});

describe('bootstrapStatistics', () => {
  const accuracyOf = (preds: Predictions): ((rows: Int32Array) => { accuracy: number }) => {
    // Top class is the larger of the two probabilities (stored as logs): correct when it is the label.
    const correct = Array.from({ length: preds.rows }, (_, i) => {
      const top = preds.scores[2 * i + 1]! > preds.scores[2 * i]! ? 1 : 0;
      return top === preds.labels[i] ? 1 : 0;
    });
    return (rows) => {
      let hits = 0;
      for (const i of rows) hits += correct[i]!;
      return { accuracy: hits / rows.length };
    };
  };

  test('agrees with evaluate\'s accuracy on the full sample and is reproducible', () => {
    const preds = calibratedSample(60, 3);
    const all = Int32Array.from({ length: 60 }, (_, i) => i);
    expect(accuracyOf(preds)(all).accuracy).toBe(evaluate(preds, DEFAULT_METRIC_CONFIG).metrics.accuracy);
    const s = { resamples: 300, seed: 1, confidence: 0.9 };
    expect(bootstrapStatistics(60, s, accuracyOf(preds))).toEqual(bootstrapStatistics(60, s, accuracyOf(preds)));
  });

  test('90% intervals of accuracy cover the true accuracy at about the nominal rate', () => {
    // 200 simulated data sets of 60 rows (true accuracy 0.75), 300 resamples each. The percentile
    // bootstrap of a proportion under-covers a little at this size; 90% nominal should land in
    // [0.8, 0.97] (binomial sd of the estimate at 0.9 over 200 data sets: 0.021).
    let covered = 0;
    const repetitions = 200;
    for (let d = 0; d < repetitions; d++) {
      const preds = calibratedSample(60, 1000 + d);
      const { accuracy } = bootstrapStatistics(60, { resamples: 300, seed: d, confidence: 0.9 }, accuracyOf(preds));
      if (accuracy.lower <= 0.75 && 0.75 <= accuracy.upper) covered++;
    }
    const coverage = covered / repetitions;
    expect(coverage).toBeGreaterThanOrEqual(0.8);
    expect(coverage).toBeLessThanOrEqual(0.97);
  });

  test('a statistic that turns NaN is an internal error, not a silent NaN', () => {
    expect(() => bootstrapStatistics(5, settings, () => ({ x: Number.NaN }))).toThrow(/gave NaN for x/);
  });
});

describe('paired and unpaired deltas', () => {
  const [a, b] = threeClassModels(150, 5);

  test('a model against itself: every paired delta interval is exactly [0, 0]', () => {
    const result = pairedBootstrapDeltas([{ preds: a }, { preds: a }], DEFAULT_METRIC_CONFIG, settings);
    expect(result.paired).toBe(true);
    for (const name of METRIC_NAMES) expect(result.deltas[1]![name]).toEqual({ lower: 0, upper: 0 });
  });

  test('the baseline entry is [0, 0] and each model interval equals its own bootstrap with the same seed', () => {
    const result = pairedBootstrapDeltas([{ preds: a }, { preds: b }], DEFAULT_METRIC_CONFIG, settings);
    for (const name of METRIC_NAMES) expect(result.deltas[0]![name]).toEqual({ lower: 0, upper: 0 });
    // Same seed, same stream of resampled rows: model intervals are bootstrapMetrics' intervals.
    expect(result.models[0]).toEqual(bootstrapMetrics(a, DEFAULT_METRIC_CONFIG, settings).intervals);
    expect(result.models[1]).toEqual(bootstrapMetrics(b, DEFAULT_METRIC_CONFIG, settings).intervals);
  });

  test('pairing cancels shared variation: paired delta intervals are narrower than unpaired ones', () => {
    const paired = pairedBootstrapDeltas([{ preds: a }, { preds: b }], DEFAULT_METRIC_CONFIG, settings);
    const unpaired = unpairedBootstrapDeltas([{ preds: a }, { preds: b }], DEFAULT_METRIC_CONFIG, settings);
    expect(unpaired.paired).toBe(false);
    const width = (i: { lower: number; upper: number }): number => i.upper - i.lower;
    for (const name of ['accuracy', 'nll', 'brier'] as const) {
      expect(width(paired.deltas[1]![name])).toBeLessThan(width(unpaired.deltas[1]![name]));
    }
  });

  test('are reproducible and use each model\'s temperature', () => {
    const models = [{ preds: a }, { preds: a, temperature: 3 }];
    const first = pairedBootstrapDeltas(models, DEFAULT_METRIC_CONFIG, settings);
    expect(pairedBootstrapDeltas(models, DEFAULT_METRIC_CONFIG, settings)).toEqual(first);
    expect(unpairedBootstrapDeltas(models, DEFAULT_METRIC_CONFIG, settings))
      .toEqual(unpairedBootstrapDeltas(models, DEFAULT_METRIC_CONFIG, settings));
    // T = 3 flattens every row: entropy goes up on every resample.
    expect(first.deltas[1]!.entropy.lower).toBeGreaterThan(0);
  });

  test('unpaired works with different row counts; paired refuses them', () => {
    const [small] = threeClassModels(50, 9);
    const result = unpairedBootstrapDeltas([{ preds: a }, { preds: small }], DEFAULT_METRIC_CONFIG, settings);
    expect(result.deltas).toHaveLength(2);
    expect(() => pairedBootstrapDeltas([{ preds: a }, { preds: small }], DEFAULT_METRIC_CONFIG, settings)).toThrow(RangeError);
  });
});
