import { describe, expect, it } from 'vitest';
import { BEST_RULES } from '../../src/compare/best.js';
import { CHECK_METRIC_RANGES } from '../../src/check/metrics.js';
import { THRESHOLD_FLAGS } from '../../src/check/thresholds.js';
import { METRICS } from '../../src/metrics/registry.js';
import { METRIC_NAMES } from '../../src/metrics/types.js';
import { METRIC_LABELS } from '../../src/report/metric-labels.js';

describe('one metric registry', () => {
  it('declares every metric of the report, and nothing else', () => {
    expect(Object.keys(METRICS).sort()).toEqual([...METRIC_NAMES].sort());
  });

  it('is what the labels, compare\'s best marks, check\'s ranges and flags read', () => {
    for (const name of METRIC_NAMES) {
      const spec = METRICS[name];
      expect(METRIC_LABELS[name].label).toBe(spec.label);
      expect(BEST_RULES[name]).toBe(spec.better);
      expect(CHECK_METRIC_RANGES[name]).toEqual(spec.range);
      const flag = THRESHOLD_FLAGS.find((f) => f.metric === name);
      if (spec.threshold === undefined) expect(flag).toBeUndefined();
      else expect(flag).toMatchObject({ flag: `--${spec.threshold.flag}`, bound: spec.threshold.bound });
    }
  });

  it('gives every flag once, with a bound that matches the direction', () => {
    const flags = THRESHOLD_FLAGS.map((f) => f.flag);
    expect(new Set(flags).size).toBe(flags.length);
    for (const name of METRIC_NAMES) {
      const { threshold, better } = METRICS[name];
      if (threshold !== undefined && (better === 'lower' || better === 'higher')) {
        expect(threshold.bound, name).toBe(better === 'lower' ? 'max' : 'min');
      }
    }
  });

  it('ranges hold the metric values of a real evaluation', async () => {
    const { readPredictions, DEFAULT_READ_OPTIONS } = await import('../../src/io/read-predictions.js');
    const { evaluate } = await import('../../src/metrics/evaluate.js');
    const { DEFAULT_METRIC_CONFIG } = await import('../../src/core/config.js');
    const { repoRoot } = await import('../helpers/cli.js');
    const { predictions } = await readPredictions(`${repoRoot}fixtures/digits-gnb-probs.csv`, DEFAULT_READ_OPTIONS);
    const { metrics } = evaluate(predictions, DEFAULT_METRIC_CONFIG);
    for (const name of METRIC_NAMES) {
      const [lo, hi] = METRICS[name].range;
      expect(metrics[name], name).toBeGreaterThanOrEqual(lo);
      expect(metrics[name], name).toBeLessThanOrEqual(hi);
    }
  });
});
