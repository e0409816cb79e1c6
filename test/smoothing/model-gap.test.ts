import { describe, expect, it } from 'vitest';
import { summarizeGaps } from '../../src/smoothing/model-gap.js';

const counts = (gaps: number[]): number[] => summarizeGaps(Float64Array.from(gaps)).histogram.map((b) => b.count);

describe('summarizeGaps', () => {
  it('the doc example: gaps 0, 1, 2, 3', () => {
    const summary = summarizeGaps(Float64Array.of(3, 1, 0, 2));
    expect(summary.mean).toBe(1.5);
    expect(summary.median).toBe(1.5); // the mean of the middle two
    expect(summary.quantiles[0]).toEqual({ level: 0.1, value: 0.30000000000000004 }); // h = 0.3: 0 + 0.3 (1 - 0)
    // Ten bars of width 0.3 over [0, 3]: 0 -> bar 0, 1 -> floor(3.33) = 3, 2 -> floor(6.67) = 6,
    // 3 -> the last bar (closed on the right).
    expect(counts([3, 1, 0, 2])).toEqual([1, 0, 0, 1, 0, 0, 1, 0, 0, 1]);
  });

  it('every gap equal: one bar holding every row', () => {
    expect(summarizeGaps(Float64Array.of(2, 2, 2)).histogram).toEqual([{ lower: 2, upper: 2, count: 3 }]);
  });

  it('a range too small to split into ten (0 and 5e-324): the ends go to the first and last bars', () => {
    expect(counts([0, 5e-324, 0])).toEqual([2, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
  });

  it('a range too large to hold in a double (-1e308 to 1e308): no overflow, the middle in the middle', () => {
    const bars = summarizeGaps(Float64Array.of(-1e308, 0, 1e308)).histogram;
    expect(bars.map((b) => b.count)).toEqual([1, 0, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(bars.every((b) => Number.isFinite(b.lower) && Number.isFinite(b.upper))).toBe(true);
  });
});
