import { describe, expect, test } from 'vitest';
import { assertSameClasses, detectPairing } from '../../src/compare/pairing.js';
import { CalibError } from '../../src/core/errors.js';
import { fromLogits } from '../helpers/make-predictions.js';
import { threeModels, withClassNames } from './models.js';

const { base, sharp } = threeModels(20, 1);

describe('detectPairing', () => {
  test('same row count and identical labels in order: paired', () => {
    expect(detectPairing([{ name: 'a', file: 'a.csv', preds: base }, { name: 'b', file: 'b.csv', preds: sharp }])).toEqual({
      paired: true, reason: 'all 2 files hold 20 rows with identical labels in the same order',
    });
  });

  test('different row counts: unpaired, saying which', () => {
    const shorter = { ...base, rows: 19, scores: base.scores.slice(0, 19 * 3), labels: base.labels.slice(0, 19) };
    const pairing = detectPairing([{ name: 'a', file: 'a.csv', preds: base }, { name: 'b', file: 'b.csv', preds: shorter }]);
    expect(pairing.paired).toBe(false);
    expect(pairing.reason).toBe('row counts differ (a.csv: 20, b.csv: 19), so the files hold different examples');
  });

  test('the same labels in another order: unpaired, naming the first differing row', () => {
    const labels = Array.from(base.labels);
    const j = labels.findIndex((y) => y !== labels[0]);
    [labels[0], labels[j]] = [labels[j]!, labels[0]!];
    const shuffled = { ...sharp, labels: Int32Array.from(labels) };
    const pairing = detectPairing([{ name: 'a', file: 'a.csv', preds: base }, { name: 'b', file: 'b.csv', preds: shuffled }]);
    expect(pairing.paired).toBe(false);
    expect(pairing.reason).toBe(`labels differ at data row 1 (a.csv: "${base.labels[0]}", b.csv: "${labels[0]}"), so the rows are not the same examples in the same order`);
  });

  test('labels are compared by class name, so a different column order still pairs', () => {
    // a: classes (x, y), b: classes (y, x) with ids swapped: the same labels by name.
    const a = withClassNames(fromLogits([[1, 0], [0, 1], [1, 0]], [0, 1, 1]), ['x', 'y']);
    const b = withClassNames(fromLogits([[0, 1], [1, 0], [0, 1]], [1, 0, 0]), ['y', 'x']);
    expect(detectPairing([{ name: 'a', file: 'a.csv', preds: a }, { name: 'b', file: 'b.csv', preds: b }]).paired).toBe(true);
  });
});

describe('assertSameClasses', () => {
  test('different class sets are an input error naming both files and the classes', () => {
    const a = withClassNames(base, ['cat', 'dog', 'bird']);
    const b = withClassNames(sharp, ['cat', 'dog', 'fish']);
    let error: unknown;
    try {
      assertSameClasses([{ name: 'a', file: 'a.csv', preds: a }, { name: 'b', file: 'b.csv', preds: b }]);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CalibError);
    expect((error as CalibError).kind).toBe('input');
    expect((error as CalibError).message).toBe('the files do not have the same classes: b.csv lacks "bird"; b.csv has "fish", which a.csv does not.');
    expect((error as CalibError).where).toEqual({ file: 'b.csv' });
  });

  test('the same classes in another order are fine', () => {
    expect(() => assertSameClasses([
      { name: 'a', file: 'a.csv', preds: withClassNames(base, ['a', 'b', 'c']) },
      { name: 'b', file: 'b.csv', preds: withClassNames(sharp, ['c', 'a', 'b']) },
    ])).not.toThrow();
  });
});
