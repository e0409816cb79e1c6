import { describe, expect, it } from 'vitest';
import { binIndex, equalMassTotals, equalWidthTotals, toReliabilityBins } from '../../src/metrics/binning.js';

describe('equal-width bin index (docs/conventions.md, "Bins")', () => {
  it('right-closed bins put a confidence on an edge in the bin below it', () => {
    // M = 5: bins (0, .2], (.2, .4], (.4, .6], (.6, .8], (.8, 1]
    expect(binIndex(0.2, 5, 'right')).toBe(0);
    expect(binIndex(0.4, 5, 'right')).toBe(1);
    expect(binIndex(0.2000001, 5, 'right')).toBe(1);
  });
  it('right-closed bins put exactly 0 in the first bin and exactly 1 in the last', () => {
    expect(binIndex(0, 5, 'right')).toBe(0);
    expect(binIndex(1, 5, 'right')).toBe(4);
    expect(binIndex(0, 15, 'right')).toBe(0);
    expect(binIndex(1, 15, 'right')).toBe(14);
  });
  it('left-closed bins put an edge in the bin above it and close the last bin', () => {
    // M = 5: bins [0, .2), [.2, .4), ..., [.8, 1]
    expect(binIndex(0, 5, 'left')).toBe(0);
    expect(binIndex(0.2, 5, 'left')).toBe(1);
    expect(binIndex(0.1999999, 5, 'left')).toBe(0);
    expect(binIndex(1, 5, 'left')).toBe(4);
  });
  it('uses the formula max(0, ceil(c M) - 1) for interior values', () => {
    // 0.55 * 15 = 8.25, ceil 9, minus 1 = 8: bin (8/15, 9/15] = (0.5333, 0.6]
    expect(binIndex(0.55, 15, 'right')).toBe(8);
    expect(binIndex(0.55, 15, 'left')).toBe(8);
  });
});

describe('equal-width totals', () => {
  it('keeps empty bins with zero counts and reports their edges', () => {
    const totals = equalWidthTotals(Float64Array.of(0.95, 0.9, 0.1), Uint8Array.of(1, 0, 0), 2, 'right');
    expect(Array.from(totals.count)).toEqual([1, 2]);
    const bins = toReliabilityBins(equalWidthTotals(Float64Array.of(0.95), Uint8Array.of(1), 4, 'right'));
    expect(bins.map((b) => b.count)).toEqual([0, 0, 0, 1]);
    expect(bins[0]).toEqual({ lower: 0, upper: 0.25, count: 0, mean_confidence: null, accuracy: null, gap: null });
    expect(bins[3]).toEqual({ lower: 0.75, upper: 1, count: 1, mean_confidence: 0.95, accuracy: 1, gap: 0.95 - 1 });
  });
});

describe('equal-mass totals (numpy array_split)', () => {
  it('gives the first N mod M groups one extra row', () => {
    // N = 7, M = 3: array_split gives sizes 3, 2, 2
    const c = Float64Array.of(0.7, 0.1, 0.5, 0.3, 0.6, 0.2, 0.4);
    const totals = equalMassTotals(c, new Uint8Array(7), 3);
    expect(Array.from(totals.count)).toEqual([3, 2, 2]);
    // sorted: .1 .2 .3 | .4 .5 | .6 .7
    expect(Array.from(totals.lower)).toEqual([0.1, 0.4, 0.6]);
    expect(Array.from(totals.upper)).toEqual([0.3, 0.5, 0.7]);
    expect(totals.confidenceSum[0]).toBeCloseTo(0.6, 15);
  });
  it('keeps trailing empty groups when there are fewer rows than bins', () => {
    const totals = equalMassTotals(Float64Array.of(0.9, 0.8), Uint8Array.of(1, 1), 4);
    expect(Array.from(totals.count)).toEqual([1, 1, 0, 0]);
  });
  it('splits ties in row order (stable sort)', () => {
    // Four rows at the same confidence, outcomes 1,1,0,0: a stable sort keeps that order, so
    // with M = 2 the first bin holds the two correct rows.
    const totals = equalMassTotals(Float64Array.of(0.5, 0.5, 0.5, 0.5), Uint8Array.of(1, 1, 0, 0), 2);
    expect(Array.from(totals.outcomeSum)).toEqual([2, 0]);
  });
});
