import { describe, expect, it } from 'vitest';
import { DEFAULT_METRIC_CONFIG } from '../../src/core/config.js';
import { selectRows } from '../../src/core/select-rows.js';
import { evaluate } from '../../src/metrics/evaluate.js';
import { badness, evaluateGroups, groupRows, summarizeGroups } from '../../src/metrics/groups.js';
import { fromBinaryProbabilities, fromLogits, fromProbabilities } from '../helpers/make-predictions.js';

describe('groupRows', () => {
  it('orders numeric keys as numbers and text keys as text, the first column first', () => {
    const groups = groupRows(['fold', 'lang'], [['10', '2', '10', '2', '1'], ['en', 'fr', 'de', 'fr', 'en']], 5);
    expect(groups.keys).toEqual([['1', 'en'], ['2', 'fr'], ['10', 'de'], ['10', 'en']]);
    expect([...groups.ids]).toEqual([3, 1, 2, 1, 0]);
    expect([...groups.sizes]).toEqual([1, 2, 1, 1]);
  });
});

describe('selectRows', () => {
  it('copies the chosen rows of every array, probabilities included', () => {
    const preds = { ...fromProbabilities([[0.2, 0.8], [0.6, 0.4], [0.1, 0.9]], [1, 0, 0]), probabilities: Float64Array.from([0.2, 0.8, 0.6, 0.4, 0.1, 0.9]) };
    const sub = selectRows(preds, Int32Array.from([2, 0]));
    expect(sub.rows).toBe(2);
    expect([...sub.labels]).toEqual([0, 1]);
    expect([...sub.probabilities!]).toEqual([0.1, 0.9, 0.2, 0.8]);
    expect([...sub.scores]).toEqual([...preds.scores.subarray(4, 6), ...preds.scores.subarray(0, 2)]);
    const binary = { ...fromBinaryProbabilities([0.3, 0.7, 0.9], [0, 1, 1]), probabilities: Float64Array.from([0.3, 0.7, 0.9]), givenClass: 1 as const };
    expect([...selectRows(binary, Int32Array.from([1])).probabilities!]).toEqual([0.7]);
  });
});

describe('evaluateGroups', () => {
  // Group "a" is well calibrated-ish, group "b" confidently wrong.
  const logits = [[2, 0], [0, 2], [2, 0], [0, 2], [3, 0], [3, 0], [3, 0], [0, 3]];
  const labels = [0, 1, 0, 1, 1, 1, 0, 0];
  const preds = fromLogits(logits, labels);
  const groups = groupRows(['g'], [['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b']], 8);

  it("gives each group exactly the numbers of a file holding only the group's rows", () => {
    const results = evaluateGroups(preds, groups, DEFAULT_METRIC_CONFIG, { minRows: 1 });
    expect(results.map((r) => r.key)).toEqual([['a'], ['b']]);
    expect(results.map((r) => r.share)).toEqual([0.5, 0.5]);
    const alone = evaluate(fromLogits(logits.slice(4), labels.slice(4)), DEFAULT_METRIC_CONFIG);
    expect(results[1]!.evaluation.metrics).toEqual(alone.metrics);
    expect(results[1]!.evaluation.bins).toEqual(alone.bins);
  });

  it('names the worst gated group and the spread, leaving small groups out', () => {
    const results = evaluateGroups(preds, groups, DEFAULT_METRIC_CONFIG, { minRows: 1 });
    const summary = summarizeGroups(results, 'ece');
    const [a, b] = results.map((r) => r.evaluation.metrics.ece);
    expect(b!).toBeGreaterThan(a!);
    expect(summary).toEqual({ metric: 'ece', worst: 1, gap: b! - a!, ungated: 0 });
    expect(summarizeGroups(results, 'accuracy').worst).toBe(1);
    const small = evaluateGroups(preds, groups, DEFAULT_METRIC_CONFIG, { minRows: 5 });
    expect(summarizeGroups(small, 'ece')).toEqual({ metric: 'ece', ungated: 2 });
  });

  it('measures badness in the direction the registry gives', () => {
    expect(badness('ece', 0.1)).toBe(0.1);
    expect(badness('accuracy', 0.9)).toBe(-0.9);
    expect(badness('overconfidence_gap', -0.2)).toBe(0.2);
    expect(() => badness('entropy', 1)).toThrow(RangeError);
  });
});
