import { describe, expect, it } from 'vitest';
import { checkGrid } from '../../src/summary/build.js';
import { fineBin, nearestDivisors, summarizePredictions, summaryFromRows, summaryRows, summaryEvaluation, overall, coarseTotals } from '../../src/summary/index.js';
import { fromBinaryProbabilities, fromProbabilities } from '../helpers/make-predictions.js';

const options = (grid: number, edges: 'right' | 'left' = 'right', classGrid = grid) => ({ grid, classGrid, edges, binaryView: 'positive' as const, probFloor: 1e-12, sources: [{ name: 'hand' }], calibVersion: 'test' });

describe('fine bins', () => {
  it('keeps exact 0 and 1 apart and follows the edge convention elsewhere', () => {
    expect(fineBin(0, 10, 'right')).toBe(-1);
    expect(fineBin(1, 10, 'left')).toBe(10);
    expect(fineBin(0.1, 10, 'right')).toBe(0); // 0.1 <= 1/10: (0, 0.1]
    expect(fineBin(0.1, 10, 'left')).toBe(1); // [0.1, 0.2)
    expect(fineBin(0.28, 25, 'right')).toBe(6); // 0.28 = 7/25 closes bin (6/25, 7/25]
    expect(fineBin(0.999, 10, 'right')).toBe(9);
  });

  it('names the divisors nearest a bin count', () => {
    expect(nearestDivisors(30_000, 7)).toEqual([6, 8]);
    expect(nearestDivisors(10_000, 15)).toEqual([10, 16]);
  });
});

describe('summarizePredictions on hand-made rows', () => {
  // Binary q = P(y = 1): 0 (y = 0), 0.5 (y = 1), 1 (y = 1), 0.25 (y = 0); grid of 4, right-closed.
  // As the reader leaves probability input: the given values beside their logs (an exact 0 at the floor).
  const preds = { ...fromBinaryProbabilities([0, 0.5, 1, 0.25], [0, 1, 1, 0]), probabilities: Float64Array.of(0, 0.5, 1, 0.25), givenClass: 1 as const };
  const summary = summarizePredictions(preds, options(4));

  it('writes the long table: total, top bins (-1 for 0, G for 1), then each class', () => {
    const rows = summaryRows(summary);
    const total = rows[0]!;
    // accuracy: rows 1..4 predict 0, 1 (0.5 vs 0.5 ties to the lowest index: 0), 1, 0 -> correct: y=0 yes, y=1 no, y=1 yes, y=0 yes = 3
    expect(total).toMatchObject({ part: 'total', class: null, bin: null, n: 4, sum_conf: 1.75, sum_outcome: 2, sum_conf2: 0 + 0.25 + 1 + 0.0625, sum_conf_outcome: 1.5, sum_correct: 3, sum_top_conf: 1 + 0.5 + 1 + 0.75, label_count: null });
    // Brier (q - y)^2: 0 + 0.25 + 0 + 0.0625
    expect(total.sum_brier).toBeCloseTo(0.3125, 15);
    const top = rows.filter((r) => r.part === 'top').map((r) => [r.bin, r.n, r.sum_conf, r.sum_outcome]);
    // 0 -> -1; 0.25 -> (0, 0.25] = 0; 0.5 -> (0.25, 0.5] = 1; 1 -> 4
    expect(top).toEqual([[-1, 1, 0, 0], [0, 1, 0.25, 0], [1, 1, 0.5, 1], [4, 1, 1, 1]]);
    const class0 = rows.filter((r) => r.part === 'class' && r.class === 0).map((r) => [r.bin, r.n, r.sum_conf, r.sum_outcome, r.label_count]);
    // p_0 = 1, 0.5, 0, 0.75; labels 0, 1, 1, 0: label count 2; bins: 1 -> 4, 0.5 -> 1, 0 -> -1, 0.75 -> (0.5, 0.75] = 2
    expect(class0).toEqual([[null, 2, null, null, 2], [-1, 1, 0, 0, null], [1, 1, 0.5, 0, null], [2, 1, 0.75, 1, null], [4, 1, 1, 1, null]]);
    // Class 1's cells come after class 0's: p_1 = 0, 0.5, 1, 0.25 -> -1, 1, 4, 0 (the same bins as the top part, binary positive view).
    const class1 = rows.filter((r) => r.part === 'class' && r.class === 1).map((r) => [r.bin, r.n, r.sum_conf, r.sum_outcome, r.label_count]);
    expect(class1).toEqual([[null, 2, null, null, 2], [-1, 1, 0, 0, null], [0, 1, 0.25, 0, null], [1, 1, 0.5, 1, null], [4, 1, 1, 1, null]]);
  });

  it('bins the class part on its own grid (class_grid), the top part on the grid', () => {
    const coarse = summarizePredictions(preds, options(4, 'right', 2));
    expect(coarse.header).toMatchObject({ grid: 4, class_grid: 2 });
    const rows = summaryRows(coarse);
    expect(rows.filter((r) => r.part === 'top').map((r) => r.bin)).toEqual([-1, 0, 1, 4]);
    // p_0 = 1, 0.5, 0, 0.75 on 2 bins: 1 -> 2 (exact 1), 0.5 -> (0, 0.5] = 0, 0 -> -1, 0.75 -> 1
    const class0 = rows.filter((r) => r.part === 'class' && r.class === 0 && r.bin !== null).map((r) => [r.bin, r.n, r.sum_conf]);
    expect(class0).toEqual([[-1, 1, 0], [0, 1, 0.5], [1, 1, 0.75], [2, 1, 1]]);
    // Class 1's bins are read from its cells on the class grid (2 + 2 cells a class), not the grid's 4 + 2: 0 -> -1; 0.5, 0.25 -> 0; 1 -> 2
    const class1 = rows.filter((r) => r.part === 'class' && r.class === 1 && r.bin !== null).map((r) => [r.bin, r.n, r.sum_conf]);
    expect(class1).toEqual([[-1, 1, 0], [0, 2, 0.75], [2, 1, 1]]);
    expect(summaryRows(summaryFromRows(coarse.header, rows, 'hand'))).toEqual(rows);
    // Classwise ECE at 2 bins is the row-based one; at 4 bins (which 2 does not divide) it is refused.
    const ev = summaryEvaluation(overall(coarse), coarse.header, { bins: 2, binning: 'width', edges: 'right', binaryView: 'positive' });
    const fine = summaryEvaluation(overall(summary), summary.header, { bins: 2, binning: 'width', edges: 'right', binaryView: 'positive' });
    expect(ev.metrics.classwise_ece).toBe(fine.metrics.classwise_ece);
    expect(() => summaryEvaluation(overall(coarse), coarse.header, { bins: 4, binning: 'width', edges: 'right', binaryView: 'positive' }))
      .toThrow(/--bins 4 does not divide the summary's class grid of 2/);
  });

  it('sizes the dense class scratch by the class grid: 1,000 classes fit at 300, not at 30,000', () => {
    expect(() => checkGrid(30_000, 300, 1000)).not.toThrow();
    expect(() => checkGrid(30_000, 30_000, 1000)).toThrow(/1000 classes on a class grid of 30000 needs 30002000 class cells/);
  });

  it('refuses a grid or class grid outside 1 to MAX_GRID, naming the flag, the value and the range', () => {
    expect(() => checkGrid(1_000_000, 1, 2)).not.toThrow();
    expect(() => checkGrid(0, 300, 2)).toThrow('--grid "0": expected a whole number of fine bins from 1 to 1,000,000.');
    expect(() => checkGrid(30_000, 1_000_001, 2)).toThrow('--class-grid "1000001": expected a whole number of fine bins from 1 to 1,000,000.');
    expect(() => checkGrid(2.5, 300, 2)).toThrow('--grid "2.5"');
  });

  it('reads its own table back to the same summary', () => {
    const back = summaryFromRows(summary.header, summaryRows(summary), 'hand');
    expect(summaryRows(back)).toEqual(summaryRows(summary));
  });

  it('gives ECE at 2 bins from the fine ones: bin (0, 0.5] holds 0, 0.25, 0.5; (0.5, 1] holds 1', () => {
    const coarse = coarseTotals(summary.slices[0]!.top, 4, 2);
    expect(Array.from(coarse.count)).toEqual([3, 1]);
    // |1 - 0.75| / 4 + |1 - 1| / 4 = 0.0625
    expect(summaryEvaluation(overall(summary), summary.header, { bins: 2, binning: 'width', edges: 'right', binaryView: 'positive' }).metrics.ece).toBe(0.0625);
  });

  it('counts rows whose true class had probability exactly 0 (the floor)', () => {
    const given = { ...fromProbabilities([[1, 1e-12], [0.5, 0.5]], [1, 0]), probabilities: Float64Array.of(1, 0, 0.5, 0.5) };
    const s = summarizePredictions(given, options(4));
    expect(s.slices[0]!.total.floorHits).toBe(1);
  });
});
