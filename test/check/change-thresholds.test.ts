import { describe, expect, it } from 'vitest';
import { CHANGE_FLAGS, parseChangeValue, runChangeChecks } from '../../src/check/change-thresholds.js';
import { THRESHOLD_FLAGS } from '../../src/check/thresholds.js';
import type { MetricValues } from '../../src/metrics/types.js';

const metrics = (over: Partial<MetricValues>): MetricValues => ({
  accuracy: 0.9, mean_confidence: 0.92, overconfidence_gap: 0.02, ece: 0.03, mce: 0.1, rmsce: 0.04, ace: 0.03,
  classwise_ece: 0.01, nll: 0.3, brier: 0.15, entropy: 0.2, smece: 0.03, ece_debiased: 0.03, ece_sweep: 0.03, ...over,
});

describe('change flags', () => {
  it('exist for every metric with an absolute flag', () => {
    const absolute = THRESHOLD_FLAGS.filter((f) => f.metric !== 'abs_gap').map((f) => f.flag).sort();
    expect(CHANGE_FLAGS.map((f) => f.flag.replace(/-(increase|change)$/, '')).sort()).toEqual(absolute);
    expect(CHANGE_FLAGS.map((f) => f.flag)).toContain('--max-ece-increase');
    expect(CHANGE_FLAGS.map((f) => f.flag)).toContain('--min-accuracy-change');
    expect(CHANGE_FLAGS.find((f) => f.flag === '--max-nll-increase')?.key).toBe('maxNllIncrease');
  });

  it('parse absolute and relative values', () => {
    expect(parseChangeValue('--max-ece-increase', '0.01')).toEqual({ value: 0.01, relative: false });
    expect(parseChangeValue('--min-accuracy-change', '-0.005')).toEqual({ value: -0.005, relative: false });
    expect(parseChangeValue('--max-ece-increase', '10%')).toEqual({ value: 0.1, relative: true });
    expect(() => parseChangeValue('--max-ece-increase', 'ten')).toThrow(/--max-ece-increase "ten"/);
    expect(() => parseChangeValue('--max-ece-increase', '%')).toThrow(/expected/);
  });
});

describe('runChangeChecks', () => {
  const base = metrics({});
  it('compares the point change with an absolute or relative bound', () => {
    const report = runChangeChecks(base, metrics({ ece: 0.045, accuracy: 0.893 }), [
      { metric: 'ece', bound: 'max', value: 0.01, relative: false, source: 'flag' },
      { metric: 'ece', bound: 'max', value: 0.6, relative: true, source: 'flag' },
      { metric: 'accuracy', bound: 'min', value: -0.005, relative: false, source: 'flag' },
    ]);
    expect(report.passed).toBe(false);
    const [first, second, third] = report.checks;
    expect(first!.metric).toBe('ece');
    expect(first!.passed).toBe(false);
    expect(first!.delta).toBeCloseTo(0.015, 15);
    expect(first!.allowed).toBe(0.01);
    expect(second!.metric).toBe('accuracy');
    expect(second!.passed).toBe(false);
    expect(third!.relative).toBe(true);
    expect(third!.allowed).toBeCloseTo(0.018, 15);
    expect(third!.passed).toBe(true);
  });

  it('decides on an end of the interval with strict and lenient', () => {
    const thresholds = [{ metric: 'ece' as const, bound: 'max' as const, value: 0.01, relative: false, source: 'flag' as const }];
    const intervals = { ece: { lower: -0.002, upper: 0.02 } };
    const candidate = metrics({ ece: 0.035 });
    expect(runChangeChecks(base, candidate, thresholds, { failOn: 'point' }).passed).toBe(true);
    expect(runChangeChecks(base, candidate, thresholds, { failOn: 'lenient', intervals }).checks[0]!.compared).toBe(-0.002);
    expect(runChangeChecks(base, candidate, thresholds, { failOn: 'lenient', intervals }).passed).toBe(true);
    expect(runChangeChecks(base, candidate, thresholds, { failOn: 'strict', intervals }).passed).toBe(false);
    expect(() => runChangeChecks(base, candidate, thresholds, { failOn: 'strict' })).toThrow(/bootstrap interval/);
  });
});
