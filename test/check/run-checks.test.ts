import { describe, expect, test } from 'vitest';
import { checkIntervals, comparedEnd, describeCompared, runChecks } from '../../src/check/run-checks.js';
import type { Threshold } from '../../src/check/thresholds.js';
import { DEFAULT_METRIC_CONFIG } from '../../src/core/config.js';
import { CalibError } from '../../src/core/errors.js';
import type { MetricValues } from '../../src/metrics/types.js';
import { derivedCheckStatistics } from '../../src/check/metrics.js';
import { bootstrapMetrics } from '../../src/stats/bootstrap.js';
import { fromProbabilities } from '../helpers/make-predictions.js';

const metrics: MetricValues = {
  accuracy: 0.88, mean_confidence: 0.93, overconfidence_gap: 0.05, ece: 0.031, mce: 0.2, rmsce: 0.06,
  ace: 0.045, classwise_ece: 0.03, nll: 0.35, brier: 0.15, entropy: 0.4,
  smece: 0.03, ece_debiased: 0.02, ece_sweep: 0.035,
};
const max = (metric: Threshold['metric'], value: number): Threshold => ({ metric, bound: 'max', value, source: 'flag' });
const min = (metric: Threshold['metric'], value: number): Threshold => ({ metric, bound: 'min', value, source: 'config' });

describe('runChecks on point estimates', () => {
  test('compares each value with its bound and lists failures first', () => {
    const report = runChecks(metrics, [max('ece', 0.05), min('accuracy', 0.9), max('nll', 0.3), max('abs_gap', 0.06)]);
    expect(report.passed).toBe(false);
    expect(report.failOn).toBe('point');
    expect(report.checks.map((c) => [c.metric, c.op, c.passed])).toEqual([
      ['accuracy', '>=', false], // 0.88 < 0.9
      ['nll', '<=', false], // 0.35 > 0.3
      ['ece', '<=', true], // 0.031 <= 0.05
      ['abs_gap', '<=', true], // |0.05| <= 0.06
    ]);
    expect(report.checks[0]).toEqual({
      metric: 'accuracy', value: 0.88, threshold: 0.9, op: '>=', passed: false, compared: 0.88, source: 'config',
    });
  });

  test('a value equal to the threshold passes (the bounds are inclusive)', () => {
    expect(runChecks(metrics, [max('ece', 0.031), min('accuracy', 0.88)]).passed).toBe(true);
  });

  test('the signed gap and its size are different checks', () => {
    const under = { ...metrics, overconfidence_gap: -0.08 };
    // Underconfident by 0.08: passes "at most 0.02 overconfident", fails "|gap| at most 0.02".
    const report = runChecks(under, [max('overconfidence_gap', 0.02), max('abs_gap', 0.02)]);
    expect(report.checks.map((c) => [c.metric, c.passed])).toEqual([['abs_gap', false], ['overconfidence_gap', true]]);
  });

  test('no thresholds is a usage error listing the flags', () => {
    expect(() => runChecks(metrics, [])).toThrow(CalibError);
    expect(() => runChecks(metrics, [])).toThrow('no thresholds to check.');
  });
});

describe('failOn: strict and lenient ends of the interval', () => {
  // ece interval [0.02, 0.06] around 0.031; accuracy interval [0.85, 0.91] around 0.88.
  const intervals = { ece: { lower: 0.02, upper: 0.06 }, accuracy: { lower: 0.85, upper: 0.91 } };
  const thresholds = [max('ece', 0.05), min('accuracy', 0.87)];

  test('point: both pass (0.031 <= 0.05, 0.88 >= 0.87), intervals attached', () => {
    const report = runChecks(metrics, thresholds, { intervals });
    expect(report.passed).toBe(true);
    expect(report.checks.map((c) => c.interval)).toEqual([intervals.ece, intervals.accuracy]);
  });

  test('strict compares the failing side: upper end for max, lower end for min', () => {
    const report = runChecks(metrics, thresholds, { failOn: 'strict', intervals });
    expect(report.checks.map((c) => [c.metric, c.compared, c.passed])).toEqual([
      ['ece', 0.06, false], // 0.06 > 0.05
      ['accuracy', 0.85, false], // 0.85 < 0.87
    ]);
  });

  test('lenient compares the passing side: lower end for max, upper end for min', () => {
    const report = runChecks(metrics, [max('ece', 0.015), min('accuracy', 0.95)], { failOn: 'lenient', intervals });
    expect(report.checks.map((c) => [c.metric, c.compared, c.passed])).toEqual([
      ['ece', 0.02, false], // even the lower end 0.02 is above 0.015: confidently bad
      ['accuracy', 0.91, false], // even the upper end 0.91 is below 0.95
    ]);
    expect(runChecks(metrics, [max('ece', 0.025), min('accuracy', 0.9)], { failOn: 'lenient', intervals }).passed).toBe(true);
  });

  test('strict/lenient without an interval is a usage error', () => {
    expect(() => runChecks(metrics, [max('nll', 1)], { failOn: 'strict', intervals })).toThrow(/needs a bootstrap interval for nll/);
  });

  test('comparedEnd: strict takes the failing side, lenient the passing side', () => {
    expect(comparedEnd('<=', 'strict')).toBe('upper');
    expect(comparedEnd('>=', 'strict')).toBe('lower');
    expect(comparedEnd('<=', 'lenient')).toBe('lower');
    expect(comparedEnd('>=', 'lenient')).toBe('upper');
    expect(comparedEnd('<=', 'point')).toBe('point');
    // and it is the end runChecks actually compared
    const report = runChecks(metrics, thresholds, { failOn: 'strict', intervals });
    for (const c of report.checks) expect(c.compared).toBe(c.interval![comparedEnd(c.op, 'strict') as 'upper' | 'lower']);
  });

  test('describeCompared names the end used', () => {
    expect(describeCompared({ op: '<=' }, 'strict', 0.95)).toBe('upper end of the 95% interval');
    expect(describeCompared({ op: '>=' }, 'strict', 0.95)).toBe('lower end of the 95% interval');
    expect(describeCompared({ op: '<=' }, 'lenient', 0.9)).toBe('lower end of the 90% interval');
    expect(describeCompared({ op: '>=' }, 'lenient')).toBe('upper end of the interval');
    expect(describeCompared({ op: '>=' }, 'point')).toBe('point estimate');
  });
});

test('bootstrap intervals, including abs_gap, feed runChecks through checkIntervals', () => {
  const preds = fromProbabilities(
    Array.from({ length: 40 }, (_, i) => [0.6 + (i % 4) * 0.1, 0.4 - (i % 4) * 0.1]),
    Array.from({ length: 40 }, (_, i) => (i % 5 === 0 ? 1 : 0)),
  );
  const bootstrap = bootstrapMetrics(preds, DEFAULT_METRIC_CONFIG, { resamples: 20, seed: 1, confidence: 0.9, derived: derivedCheckStatistics() });
  const intervals = checkIntervals(bootstrap);
  expect(intervals.abs_gap).toEqual(bootstrap.derived.abs_gap);
  expect(intervals.ece).toEqual(bootstrap.intervals.ece);
  const report = runChecks(metrics, [max('abs_gap', 1)], { failOn: 'strict', intervals });
  expect(report.checks[0]!.compared).toBe(bootstrap.derived.abs_gap!.upper);
});
