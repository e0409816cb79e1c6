import { describe, expect, test } from 'vitest';
import { bestMask, BEST_RULES } from '../../src/compare/best.js';
import { compareMetrics, compareModels, compareModelsAfterTemperature } from '../../src/compare/compare.js';
import { DEFAULT_METRIC_CONFIG } from '../../src/core/config.js';
import { CalibError } from '../../src/core/errors.js';
import { evaluate } from '../../src/metrics/evaluate.js';
import { METRIC_NAMES, type EvaluateOptions } from '../../src/metrics/types.js';
import { scanRows, type RowScan, type ScanConfig } from '../../src/metrics/row-stats.js';
import type { Predictions } from '../../src/core/predictions.js';
import { pairedBootstrapDeltas, unpairedBootstrapDeltas } from '../../src/stats/bootstrap.js';
import { fromBinaryProbabilities, fromProbabilities } from '../helpers/make-predictions.js';
import { threeModels, withClassNames } from './models.js';

const { base, sharp, better } = threeModels(300, 1);
const bootstrap = { resamples: 20, seed: 3, confidence: 0.95 };
const inputs = [
  { file: 'runs/base.csv', preds: base },
  { file: 'runs/sharp.csv.gz', preds: sharp },
  { file: 'other/better.csv', preds: better },
];

describe('compareModels', () => {
  const result = compareModels(inputs, DEFAULT_METRIC_CONFIG, { bootstrap });

  test('every model\'s metrics are exactly evaluate() on its file', () => {
    expect(result.models.map((m) => m.metrics)).toEqual(inputs.map((m) => evaluate(m.preds, DEFAULT_METRIC_CONFIG).metrics));
    expect(result.models.map((m) => [m.name, m.file, m.rows])).toEqual([
      ['base', 'runs/base.csv', 300], ['sharp', 'runs/sharp.csv.gz', 300], ['better', 'other/better.csv', 300],
    ]);
    expect(result.baseline).toBe('base');
    expect(result.scaling).toBe('none');
  });

  test('deltas are model - baseline, for every other model and metric, with the paired bootstrap intervals', () => {
    expect(result.paired).toBe(true);
    expect(result.pairingReason).toBe('all 3 files hold 300 rows with identical labels in the same order');
    expect(result.deltas).toHaveLength(2 * METRIC_NAMES.length);
    const expected = pairedBootstrapDeltas(inputs, DEFAULT_METRIC_CONFIG, bootstrap);
    for (const d of result.deltas) {
      const index = result.models.findIndex((m) => m.name === d.model);
      const model = result.models[index]!;
      expect(d.delta).toBe(model.metrics[d.metric] - result.models[0]!.metrics[d.metric]);
      expect(d.interval).toEqual(expected.deltas[index]![d.metric]);
      expect(d.significant).toBe(d.interval!.lower > 0 || d.interval!.upper < 0);
    }
    expect(result.models[1]!.intervals).toEqual(expected.models[1]);
    expect(result.bootstrap).toEqual({ method: 'percentile', ...bootstrap });
  });

  test('doubling the logits keeps every prediction: the accuracy delta is exactly 0 and not significant', () => {
    const d = result.deltas.find((x) => x.model === 'sharp' && x.metric === 'accuracy')!;
    expect(d.delta).toBe(0);
    expect(d.interval).toEqual({ lower: 0, upper: 0 });
    expect(d.significant).toBe(false);
    // ...but it is more confident on every row, so mean confidence goes up on every resample.
    expect(result.deltas.find((x) => x.model === 'sharp' && x.metric === 'mean_confidence')!.significant).toBe(true);
  });

  test('best values follow the rules; ties are all best; mean_confidence and entropy have none', () => {
    for (const metric of METRIC_NAMES) {
      const mask = bestMask(result.models.map((m) => m.metrics[metric]), BEST_RULES[metric]);
      expect(result.best[metric]).toEqual(result.models.filter((_, i) => mask[i]).map((m) => m.name));
    }
    expect(result.best.mean_confidence).toEqual([]);
    expect(result.best.entropy).toEqual([]);
    // better nudges the true class up: it is right at least as often as base, and has the lowest NLL here.
    expect(result.best.accuracy).toContain('better');
  });

  test('without a bootstrap: no intervals, significance null', () => {
    const plain = compareModels(inputs, DEFAULT_METRIC_CONFIG);
    expect(plain.bootstrap).toBeNull();
    expect(plain.models[0]!.intervals).toBeUndefined();
    expect(plain.deltas.every((d) => d.interval === null && d.significant === null)).toBe(true);
    expect(plain.paired).toBe(true);
  });

  test('evaluates each model with the evaluation options given (the CLI\'s second thread), same numbers', () => {
    const scanned: number[] = [];
    const scan = (preds: Predictions, config: ScanConfig, options: EvaluateOptions): RowScan => {
      scanned.push(preds.rows);
      return scanRows(preds, config, options);
    };
    const withOptions = compareModels(inputs, DEFAULT_METRIC_CONFIG, { evaluation: { scan } });
    expect(scanned).toEqual(inputs.map((m) => m.preds.rows));
    expect(withOptions).toEqual(compareModels(inputs, DEFAULT_METRIC_CONFIG));
  });

  test('files with different rows are compared unpaired, with the reason', () => {
    const fewer = fromProbabilities([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1]], [0, 2]);
    const unpaired = compareModels([{ file: 'a.csv', preds: base }, { file: 'b.csv', preds: fewer }], DEFAULT_METRIC_CONFIG, { bootstrap });
    expect(unpaired.paired).toBe(false);
    expect(unpaired.pairingReason).toMatch(/^row counts differ \(a\.csv: 300, b\.csv: 2\)/);
    const expected = unpairedBootstrapDeltas([{ preds: base }, { preds: fewer }], DEFAULT_METRIC_CONFIG, bootstrap);
    expect(unpaired.deltas.find((d) => d.metric === 'nll')!.interval).toEqual(expected.deltas[1]!.nll);
  });

  test('unpaired resampling can be forced, and says so', () => {
    const forced = compareModels(inputs.slice(0, 2), DEFAULT_METRIC_CONFIG, { bootstrap, pairing: 'unpaired' });
    expect(forced.paired).toBe(false);
    expect(forced.pairingReason).toMatch(/^unpaired resampling was requested \(all 2 files hold 300 rows/);
  });

  test('different class sets are an input error naming the files', () => {
    expect(() => compareModels([
      { file: 'a.csv', preds: withClassNames(base, ['cat', 'dog', 'bird']) },
      { file: 'b.csv', preds: withClassNames(sharp, ['cat', 'dog', 'fox']) },
    ], DEFAULT_METRIC_CONFIG)).toThrow(/b\.csv lacks "bird"; b\.csv has "fox", which a\.csv does not/);
  });

  test('fewer than two models is a usage error', () => {
    expect(() => compareModels([inputs[0]!], DEFAULT_METRIC_CONFIG)).toThrow(CalibError);
  });

  test('given names are used; bad bootstrap settings are usage errors', () => {
    const named = compareModels([{ ...inputs[0]!, name: 'resnet' }, inputs[1]!], DEFAULT_METRIC_CONFIG);
    expect(named.models.map((m) => m.name)).toEqual(['resnet', 'sharp']);
    expect(named.baseline).toBe('resnet');
    expect(() => compareModels(inputs, DEFAULT_METRIC_CONFIG, { bootstrap: { ...bootstrap, resamples: 0 } })).toThrow(CalibError);
  });

  test('a one-column binary file next to a two-column one gets a warning', () => {
    const q = [0.8, 0.3, 0.6, 0.1];
    const labels = [1, 0, 1, 1];
    const binary = fromBinaryProbabilities(q, labels);
    const twoColumn = fromProbabilities(q.map((p) => [1 - p, p]), labels);
    const mixed = compareModels([{ file: 'one.csv', preds: binary }, { file: 'two.csv', preds: twoColumn }], DEFAULT_METRIC_CONFIG);
    expect(mixed.warnings).toHaveLength(1);
    expect(mixed.warnings[0]).toMatch(/^one\.csv has one score column and two\.csv has one per class: Brier is on \[0, 1\]/);
    expect(compareModels(inputs, DEFAULT_METRIC_CONFIG).warnings).toEqual([]);
  });
});

describe('after temperature scaling', () => {
  test('metrics are evaluate() at each model\'s temperature, per row or single', () => {
    const perRow = new Float64Array(300).fill(0.5);
    const result = compareModelsAfterTemperature([
      { file: 'base.csv', preds: base, temperature: perRow },
      { file: 'sharp.csv', preds: sharp, temperature: 1 },
    ], DEFAULT_METRIC_CONFIG, { bootstrap });
    expect(result.scaling).toBe('temperature');
    // base at T = 0.5 is sharp at T = 1: the same softmax, so the deltas vanish
    expect(result.models[0]!.metrics).toEqual(evaluate(base, DEFAULT_METRIC_CONFIG, { temperature: perRow }).metrics);
    for (const d of result.deltas) expect(Math.abs(d.delta)).toBeLessThan(1e-12);
  });

  test('a temperature for some models only is a programming error', () => {
    expect(() => compareModels([{ file: 'a.csv', preds: base, temperature: 2 }, { file: 'b.csv', preds: sharp }], DEFAULT_METRIC_CONFIG))
      .toThrow(RangeError);
  });
});

describe('bestMask', () => {
  test('lower, higher, closest to zero, none; ties all best', () => {
    expect(bestMask([0.05, 0.03, 0.03], 'lower')).toEqual([false, true, true]);
    expect(bestMask([0.8, 0.9], 'higher')).toEqual([false, true]);
    expect(bestMask([0.02, -0.01, 0.03], 'closest-to-zero')).toEqual([false, true, false]);
    expect(bestMask([0.02, -0.02], 'closest-to-zero')).toEqual([true, true]);
    expect(bestMask([1, 2], 'none')).toEqual([false, false]);
  });

  test('every metric has a rule: lower except accuracy, the gap and the two descriptive ones', () => {
    expect(Object.keys(BEST_RULES).sort()).toEqual([...METRIC_NAMES].sort());
    expect(METRIC_NAMES.filter((m) => BEST_RULES[m] !== 'lower')).toEqual(['accuracy', 'mean_confidence', 'overconfidence_gap', 'entropy']);
  });
});

describe('compareMetrics with replicates', () => {
  const metrics = [base, sharp].map((p) => evaluate(p, DEFAULT_METRIC_CONFIG).metrics);
  const pairing = { confidence: 0.9, engine: 'duckdb', id: 'id' };
  const model = (i: number, replicates?: number) => ({
    file: inputs[i]!.file, rows: 300, metrics: metrics[i]!,
    ...(replicates === undefined ? {} : { replicates: Array.from({ length: replicates }, () => metrics[i]!) }),
  });

  test('pairs the replicates when every model has as many', () => {
    const result = compareMetrics([model(0, 4), model(1, 4)], 'paired', pairing);
    expect(result.bootstrap).toMatchObject({ resamples: 4 });
    expect(result.deltas.every((d) => d.interval !== null)).toBe(true);
  });

  test('refuses models whose replicate counts differ (a caller\'s error: each summary is checked against --bootstrap N first)', () => {
    const message = /compareMetrics: paired replicates need every model to have the same number of them, at least one; got 3 for runs\/base.csv, 5 for runs\/sharp.csv.gz/;
    expect(() => compareMetrics([model(0, 3), model(1, 5)], 'paired', pairing)).toThrow(RangeError);
    expect(() => compareMetrics([model(0, 3), model(1, 5)], 'paired', pairing)).toThrow(message);
    expect(() => compareMetrics([model(0, 5), model(1, 3)], 'paired', pairing)).toThrow(RangeError);
    expect(() => compareMetrics([model(0, 3), model(1)], 'paired', pairing)).toThrow(/got 3 for runs\/base.csv, 0 for runs\/sharp.csv.gz/);
    expect(() => compareMetrics([model(0), model(1)], 'paired', pairing)).toThrow(RangeError);
    expect(() => compareMetrics([model(0, 3), model(1, 5)], 'unpaired')).not.toThrow();
  });
});
