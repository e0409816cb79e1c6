import { Command } from 'commander';
import { describe, expect, test } from 'vitest';
import { CHECK_METRIC_NAMES, checkMetricValue, derivedCheckStatistics, isCheckMetricName } from '../../src/check/metrics.js';
import { THRESHOLD_FLAGS, mergeThresholds, parseThresholdValue, thresholdsFromFlags } from '../../src/check/thresholds.js';
import type { Threshold } from '../../src/check/thresholds.js';
import { CalibError } from '../../src/core/errors.js';
import { METRIC_NAMES } from '../../src/metrics/types.js';
import type { MetricValues } from '../../src/metrics/types.js';

const metrics: MetricValues = {
  accuracy: 0.9, mean_confidence: 0.85, overconfidence_gap: -0.05, ece: 0.04, mce: 0.2, rmsce: 0.06,
  ace: 0.045, classwise_ece: 0.03, nll: 0.35, brier: 0.15, entropy: 0.4,
  smece: 0.03, ece_debiased: 0.02, ece_sweep: 0.035,
};

describe('checkable metrics', () => {
  test('every report metric plus abs_gap, which is |overconfidence_gap|', () => {
    expect(CHECK_METRIC_NAMES).toEqual([...METRIC_NAMES, 'abs_gap']);
    expect(checkMetricValue(metrics, 'abs_gap')).toBe(0.05);
    expect(checkMetricValue(metrics, 'overconfidence_gap')).toBe(-0.05);
    expect(checkMetricValue(metrics, 'nll')).toBe(0.35);
    expect(derivedCheckStatistics().abs_gap(metrics)).toBe(0.05);
    expect(isCheckMetricName('abs_gap')).toBe(true);
    expect(isCheckMetricName('toString')).toBe(false);
  });
});

describe('threshold flags', () => {
  test('the documented flags, each mapped to a metric and a side', () => {
    expect(THRESHOLD_FLAGS.map((f) => `${f.flag} ${f.metric} ${f.bound}`)).toEqual([
      '--max-ece ece max', '--max-mce mce max', '--max-rmsce rmsce max', '--max-ace ace max',
      '--max-classwise-ece classwise_ece max', '--max-nll nll max', '--max-brier brier max',
      '--max-overconfidence overconfidence_gap max', '--max-abs-gap abs_gap max', '--min-accuracy accuracy min',
      '--max-smece smece max', '--max-ece-debiased ece_debiased max', '--max-ece-sweep ece_sweep max',
    ]);
  });

  test('keys are the property names commander gives the flags', () => {
    const command = new Command().exitOverride();
    for (const spec of THRESHOLD_FLAGS) command.option(`${spec.flag} <value>`, spec.description);
    command.parse(['--max-classwise-ece', '0.1', '--max-overconfidence', '-0.01', '--min-accuracy', '0.9', '--max-abs-gap', '2e-2'], { from: 'user' });
    expect(thresholdsFromFlags(command.opts())).toEqual([
      { metric: 'classwise_ece', bound: 'max', value: 0.1, source: 'flag' },
      { metric: 'overconfidence_gap', bound: 'max', value: -0.01, source: 'flag' },
      { metric: 'abs_gap', bound: 'max', value: 0.02, source: 'flag' },
      { metric: 'accuracy', bound: 'min', value: 0.9, source: 'flag' },
    ]);
  });

  test('values may arrive parsed; non-numbers are usage errors naming the flag', () => {
    expect(thresholdsFromFlags({ maxEce: 0.05 })).toEqual([{ metric: 'ece', bound: 'max', value: 0.05, source: 'flag' }]);
    expect(() => thresholdsFromFlags({ maxEce: 'five' })).toThrow(CalibError);
    expect(() => thresholdsFromFlags({ maxEce: 'five' })).toThrow('--max-ece "five": expected a decimal number such as 0.05.');
    expect(() => parseThresholdValue('--min-accuracy', '')).toThrow(/--min-accuracy/);
    expect(() => parseThresholdValue('--min-accuracy', 'Infinity')).toThrow(CalibError);
    expect(() => thresholdsFromFlags({ maxNll: Number.NaN })).toThrow(/--max-nll/);
    expect(parseThresholdValue('--max-nll', ' 0.5 ')).toBe(0.5);
  });
});

describe('mergeThresholds', () => {
  const config: Threshold[] = [
    { metric: 'ece', bound: 'max', value: 0.05, source: 'config' },
    { metric: 'accuracy', bound: 'min', value: 0.8, source: 'config' },
    { metric: 'nll', bound: 'max', value: 0.5, source: 'config' },
  ];

  test('a flag overrides the config bound on the same metric and side; others are kept', () => {
    const merged = mergeThresholds(config, [
      { metric: 'ece', bound: 'max', value: 0.03, source: 'flag' },
      { metric: 'brier', bound: 'max', value: 0.2, source: 'flag' },
    ]);
    expect(merged).toEqual([
      { metric: 'accuracy', bound: 'min', value: 0.8, source: 'config' },
      { metric: 'ece', bound: 'max', value: 0.03, source: 'flag' },
      { metric: 'nll', bound: 'max', value: 0.5, source: 'config' },
      { metric: 'brier', bound: 'max', value: 0.2, source: 'flag' },
    ]);
  });

  test('a minimum above the maximum of the same metric is a usage error', () => {
    expect(() => mergeThresholds(
      [{ metric: 'overconfidence_gap', bound: 'min', value: 0.02, source: 'config' }],
      [{ metric: 'overconfidence_gap', bound: 'max', value: 0.01, source: 'flag' }],
    )).toThrow('the bounds on overconfidence_gap cannot both hold: min 0.02 (config) is above max 0.01 (flag).');
  });
});
