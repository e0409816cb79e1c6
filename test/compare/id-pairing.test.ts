import { describe, expect, it } from 'vitest';
import { pairById } from '../../src/compare/id-pairing.js';
import { fromLogits } from '../helpers/make-predictions.js';

const file = (name: string, ids: string[], labels: number[]) =>
  ({ file: name, ids, preds: fromLogits(labels.map(() => [0, 1]), labels) });

describe('pairById', () => {
  it("puts every file's rows in the first file's order", () => {
    const p = pairById([file('a.csv', ['x', 'y', 'z'], [0, 1, 1]), file('b.csv', ['z', 'x', 'y'], [1, 0, 1])], 'id');
    expect(p.rows.map((r) => [...r])).toEqual([[0, 1, 2], [1, 2, 0]]);
    expect(p.matched).toBe(3);
    expect(p.dropped).toEqual([0, 0]);
  });

  it('refuses ids present in one file only, unless inner', () => {
    const files = [file('a.csv', ['x', 'y', 'w'], [0, 1, 0]), file('b.csv', ['y', 'x', 'v'], [1, 0, 1])];
    expect(() => pairById(files, 'id')).toThrow(/1 id of a.csv \("w"\) is not in b.csv/);
    const p = pairById(files, 'id', 'inner');
    expect(p.rows.map((r) => [...r])).toEqual([[0, 1], [1, 0]]);
    expect(p.dropped).toEqual([1, 1]);
  });

  it('refuses a repeated id, and labels that disagree', () => {
    expect(() => pairById([file('a.csv', ['x', 'x'], [0, 0]), file('b.csv', ['x', 'y'], [0, 1])], 'id'))
      .toThrow(/"x" occurs twice .*data rows 1 and 2/);
    expect(() => pairById([file('a.csv', ['x', 'y'], [0, 1]), file('b.csv', ['y', 'x'], [0, 1])], 'id'))
      .toThrow(/id "x" has label "0" in a.csv but "1" in b.csv/);
  });

  it('refuses an empty id cell, naming its data row, even under inner and even when every file has one', () => {
    const files = [file('a.csv', ['x', '', 'z'], [0, 1, 1]), file('b.csv', ['z', 'x', ''], [1, 0, 1])];
    for (const mode of ['exact', 'inner'] as const) {
      expect(() => pairById(files, 'id', mode)).toThrow(/data row 2 has no value in the id column "id"/);
    }
  });
});
