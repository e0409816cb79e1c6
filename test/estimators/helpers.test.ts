import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stableArgsort } from '../../src/metrics/estimators/argsort.js';
import { equalWidthBin } from '../../src/metrics/estimators/equal-width.js';

describe('stableArgsort', () => {
  it('orders by value and keeps ties in row order; -0 counts as 0', () => {
    expect(Array.from(stableArgsort(Float64Array.of(0.5, 0.1, 0.5, 0)))).toEqual([3, 1, 0, 2]);
    expect(Array.from(stableArgsort(Float64Array.of(0, -0, 0)))).toEqual([0, 1, 2]);
    expect(Array.from(stableArgsort(new Float64Array(0)))).toEqual([]);
  });

  it('agrees with a comparator sort, ties broken by index', () => {
    const value = fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 0.25, 1, 5e-324, 1e300));
    fc.assert(fc.property(fc.array(value, { maxLength: 200 }), (xs) => {
      const expected = xs.map((_, i) => i).sort((a, b) => xs[a]! - xs[b]! || a - b);
      expect(Array.from(stableArgsort(Float64Array.from(xs)))).toEqual(expected);
    }));
  });
});

describe('equalWidthBin', () => {
  it('is right-closed with 0 in the first bin (METRICS.md)', () => {
    expect(equalWidthBin(0, 15)).toBe(0);
    expect(equalWidthBin(0.1, 10)).toBe(0); // right edge of bin 1
    expect(equalWidthBin(0.10000000000000002, 10)).toBe(1);
    expect(equalWidthBin(1, 15)).toBe(14);
    expect(equalWidthBin(0.5, 2)).toBe(0);
  });
});
