import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mergeSortedRows, sortRows, stableArgsort } from '../../src/metrics/estimators/argsort.js';
import { equalWidthBin } from '../../src/metrics/estimators/equal-width.js';
import { ReflectedGaussian } from '../../src/metrics/estimators/reflected-gaussian.js';

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

describe('sortRows', () => {
  it('gives the confidences in ascending order and the outcomes in that order, ties in row order', () => {
    // stable order: rows 3 (0), 1 (0.1), 0 (0.5, outcome 1), 2 (0.5, outcome 0)
    const sorted = sortRows(Float64Array.of(0.5, 0.1, 0.5, 0), Uint8Array.of(1, 0, 0, 1));
    expect(Array.from(sorted.confidence)).toEqual([0, 0.1, 0.5, 0.5]);
    expect(Array.from(sorted.outcome)).toEqual([1, 0, 1, 0]);
  });

  it('matches gathering through stableArgsort on random rows', () => {
    const value = fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, -0, 0.25, 1, 5e-324));
    fc.assert(fc.property(fc.array(fc.tuple(value, fc.constantFrom(0, 1)), { maxLength: 200 }), (rows) => {
      const confidence = Float64Array.from(rows, ([c]) => c);
      const outcome = Uint8Array.from(rows, ([, y]) => y);
      const order = stableArgsort(confidence);
      const sorted = sortRows(confidence, outcome);
      expect(sorted.confidence).toEqual(Float64Array.from(order, (i) => confidence[i]! + 0)); // -0 comes out as +0
      expect(sorted.outcome).toEqual(Uint8Array.from(order, (i) => outcome[i]!));
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

describe('ReflectedGaussian.convolvePair', () => {
  /** numpy's recipe spelled out: mirror about both ends, 'valid' convolution, keep n from n // 2. */
  function reference(kernel: ReflectedGaussian, grid: Float64Array): Float64Array {
    const n = grid.length;
    const t = Array.from({ length: n }, (_, i) => i / (n - 1));
    const ker = t.map((x) => Math.exp(-((x - 0.5) ** 2) / (2 * kernel.sigma ** 2)) / (Math.sqrt(2 * Math.PI) * kernel.sigma));
    const ext = [...Array.from(grid).slice(1).reverse(), ...grid, ...Array.from(grid).slice(0, -1).reverse()];
    const out = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += ker[k]! * ext[j + Math.floor(n / 2) + n - 1 - k]!;
      out[j] = sum;
    }
    return out;
  }

  /** Grids with `occupied` non-zero nodes spread over them, both ends included. */
  function grids(n: number, occupied: number): [Float64Array, Float64Array] {
    const first = new Float64Array(n), second = new Float64Array(n);
    for (let i = 0; i < occupied; i++) {
      const g = (i * 7919 + 13) % n;
      first[g] = Math.sin(i + 1);
      second[g] = 1 + (i % 3);
    }
    first[0] = 0.5; second[n - 1] = 2;
    return [first, second];
  }

  it('direct: matches the mirrored convolution on sparse grids (few rows) and dense ones alike', () => {
    const n = 1001;
    for (const occupied of [3, 40, 900]) {
      const [first, second] = grids(n, occupied);
      const kernel = new ReflectedGaussian(0.08, n);
      const [a, b] = kernel.convolvePair(first, second, 'direct');
      const [ra, rb] = [reference(kernel, first), reference(kernel, second)];
      for (let j = 0; j < n; j++) {
        expect(a[j]).toBeCloseTo(ra[j]!, 12);
        expect(b[j]).toBeCloseTo(rb[j]!, 12);
      }
    }
  });

  it('fast (FFT on dense grids): matches it to 1e-12 of the largest value, at narrow and wide bandwidths', () => {
    for (const [n, sigma] of [[1001, 0.08], [1001, 0.5], [5121, 1 / 512]] as const) {
      const [first, second] = grids(n, 900);
      const kernel = new ReflectedGaussian(sigma, n);
      const [a, b] = kernel.convolvePair(first, second, 'fast');
      for (const [got, want] of [[a, reference(kernel, first)], [b, reference(kernel, second)]] as const) {
        const scale = Math.max(...Array.from(want, Math.abs));
        for (let j = 0; j < n; j++) expect(Math.abs(got[j]! - want[j]!)).toBeLessThanOrEqual(1e-12 * scale);
      }
    }
  });
});

describe('mergeSortedRows', () => {
  it('takes the left run first among equal confidences', () => {
    const merged = mergeSortedRows(
      { confidence: Float64Array.of(0.2, 0.5), outcome: Uint8Array.of(1, 1) },
      { confidence: Float64Array.of(0.2, 0.3), outcome: Uint8Array.of(0, 0) },
    );
    expect(Array.from(merged.confidence)).toEqual([0.2, 0.2, 0.3, 0.5]);
    expect(Array.from(merged.outcome)).toEqual([1, 0, 0, 1]);
  });

  it('of the sorted halves of any rows is sortRows of all of them', () => {
    const value = fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, -0, 0.25, 1));
    fc.assert(fc.property(fc.array(fc.tuple(value, fc.constantFrom(0, 1)), { maxLength: 100 }), fc.nat(), (rows, cut) => {
      const confidence = Float64Array.from(rows, ([c]) => c);
      const outcome = Uint8Array.from(rows, ([, y]) => y);
      const h = rows.length === 0 ? 0 : cut % (rows.length + 1);
      const merged = mergeSortedRows(
        sortRows(confidence.subarray(0, h), outcome.subarray(0, h)),
        sortRows(confidence.subarray(h), outcome.subarray(h)),
      );
      expect(merged).toEqual(sortRows(confidence, outcome));
    }));
  });
});
