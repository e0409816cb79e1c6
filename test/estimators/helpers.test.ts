import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sortRows, stableArgsort } from '../../src/metrics/estimators/argsort.js';
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

describe('sortRows on many rows (bucket levels, insertion, the radix fallback)', () => {
  /** The stable sort by a comparator: Array.prototype.sort is stable, -0 compares equal to 0. */
  function reference(confidence: Float64Array, outcome: Uint8Array): { confidence: Float64Array; outcome: Uint8Array } {
    const order = Array.from(confidence, (_, i) => i).sort((i, j) => confidence[i]! - confidence[j]!);
    return { confidence: Float64Array.from(order, (i) => confidence[i]! + 0), outcome: Uint8Array.from(order, (i) => outcome[i]!) };
  }

  /** A deterministic stream in [0, 1) (a linear congruential generator), so failures replay. */
  function uniform(seed: number): () => number {
    let state = seed;
    return () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  }

  const distributions: Record<string, (u: () => number, i: number) => number> = {
    // spread evenly: one level of buckets, then insertion
    'uniform on [0, 1)': (u) => u(),
    // 8 decimals, as in a CSV: many exact ties
    'rounded to 8 decimals near 1': (u) => Math.round((1 - u() ** 4 / 2) * 1e8) / 1e8,
    // a handful of values: every bucket is a run of ties
    'five distinct values, -0 among them': (u) => [0, -0, 0.25, 0.5, 1][Math.floor(u() * 5)]!,
    // one value per binary scale: below the first level, one bucket keeps nearly every row,
    // which goes to the radix sort
    'powers of two from 1 down to 2^-1074': (u) => 2 ** -Math.floor(u() * 1075),
    // powers of 10^-6, each half as common as the one above: every level splits off the top
    // power and keeps the other half, so the depth limit hands the rest to the radix sort
    'powers of a millionth, each half as common': (u) => 10 ** (-6 * Math.min(Math.floor(-Math.log2(u() || 1e-300)), 50)),
    // differences of one subnormal step: the bucket scale overflows, so the radix sort takes the range
    'the smallest subnormals': (u) => Math.floor(u() * 40) * 5e-324,
    // the top-label confidences of a sharp model, with a few far below
    'mostly near 1, some near 0': (u, i) => (i % 97 === 0 ? u() * 1e-6 : 1 - u() * 1e-9),
  };

  for (const [name, draw] of Object.entries(distributions)) {
    it(`equals the comparator's stable sort: ${name}`, () => {
      for (const n of [25, 1_000, 30_000]) {
        const u = uniform(n);
        const confidence = Float64Array.from({ length: n }, (_, i) => draw(u, i));
        const outcome = Uint8Array.from({ length: n }, () => (u() < 0.5 ? 1 : 0));
        expect(sortRows(confidence, outcome)).toEqual(reference(confidence, outcome));
      }
    });
  }
});

describe('equalWidthBin', () => {
  it('is right-closed with 0 in the first bin (docs/conventions.md)', () => {
    expect(equalWidthBin(0, 15)).toBe(0);
    expect(equalWidthBin(0.1, 10)).toBe(0); // right edge of bin 1
    expect(equalWidthBin(0.10000000000000002, 10)).toBe(1);
    expect(equalWidthBin(1, 15)).toBe(14);
    expect(equalWidthBin(0.5, 2)).toBe(0);
    // On the edge 7/25 as a double: the bin below, as binIndex, though ceil(0.28 * 25) - 1 = 7.
    expect(equalWidthBin(0.28, 25)).toBe(6);
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
