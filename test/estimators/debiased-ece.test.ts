import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { debiasedEce, equalProbEdges, searchLeft, searchLeftEqualWidth } from '../../src/metrics/estimators/debiased-ece.js';
import { datasets, expectClose, readReference } from './fixtures.js';
import { synthetic } from './synthetic.js';

interface DebiasedRef { debiased: number; squared: number; rmsce: number; bins: number }

describe('debiasedEce against Kumar et al.\'s calibration package', () => {
  // reference/verified_calibration_debiased.py ports p-lambda/verified_calibration,
  // calibration/utils.py @ bdd60a7: lower_bound_scaling_ce(p=2, debias=True) with get_equal_bins
  // ("mass") or get_equal_prob_bins ("width").
  const ref = readReference<Record<string, Record<string, DebiasedRef>>>('debiased.json');
  for (const [name, d] of datasets()) {
    it(name, () => {
      for (const [key, expected] of Object.entries(ref[name]!)) {
        const [binning, bins] = key.split('-') as ['mass' | 'width', string];
        const got = debiasedEce(d.confidence, d.outcome, Number(bins), { binning });
        expect(got.bins, key).toBe(expected.bins);
        expectClose(got.squared, expected.squared, 1e-13, key);
        expectClose(got.debiased, expected.debiased, 1e-12, key);
        expectClose(got.rmsce, expected.rmsce, 1e-12, key);
      }
    });
  }
});

describe('debiasedEce by hand', () => {
  it('subtracts the outcome variance and clamps a negative square at 0', () => {
    // f = (0.2, 0.4, 0.6, 0.8), y = (0, 1, 0, 1), 2 equal-mass bins, edges (0.5, 1):
    // bin 1: f_b = 0.3, y_b = 0.5: (0.3 - 0.5)^2 - 0.5 * 0.5 / (2 - 1) = 0.04 - 0.25 = -0.21
    // bin 2: f_b = 0.7, y_b = 0.5: 0.04 - 0.25 = -0.21. squared = -0.21, plug-in = sqrt(0.04).
    const got = debiasedEce(Float64Array.of(0.2, 0.4, 0.6, 0.8), Uint8Array.of(0, 1, 0, 1), 2);
    expect(got.squared).toBeCloseTo(-0.21, 14);
    expect(got.debiased).toBe(0);
    expect(got.rmsce).toBeCloseTo(0.2, 14);
    expect(Array.from(got.edges)).toEqual([0.5, 1]);
  });

  it('a positive square: one bin, f = 0.9 four times, one positive', () => {
    // f_b = 0.9, y_b = 0.25: (0.65)^2 - 0.25 * 0.75 / 3 = 0.4225 - 0.0625 = 0.36 -> 0.6.
    const got = debiasedEce(new Float64Array(4).fill(0.9), Uint8Array.of(1, 0, 0, 0), 1);
    expect(got.squared).toBeCloseTo(0.36, 14);
    expect(got.debiased).toBeCloseTo(0.6, 14);
    expect(got.rmsce).toBeCloseTo(0.65, 14);
  });

  it('a bin with one row adds nothing to the debiased sum but counts in N and in the plug-in', () => {
    // mass, 2 bins over (0.1, 0.9, 0.9): array_split -> {0.1, 0.9}, {0.9}: edge 0.9, then 1.0.
    // Searchsorted-left puts both 0.9s in bin 1 (edge 0.9 >= 0.9): bin 1 = {0.1, 0.9, 0.9},
    // bin 2 empty. Ties never straddle an edge.
    const got = debiasedEce(Float64Array.of(0.1, 0.9, 0.9), Uint8Array.of(0, 1, 1), 2);
    expect(Array.from(got.edges)).toEqual([0.9, 1]);
    // one bin of 3: f_b = 1.9/3, y_b = 2/3, gap^2 = (0.1/3)^2, variance (2/9) / 2 = 1/9.
    expect(got.squared).toBeCloseTo((0.1 / 3) ** 2 - 1 / 9, 14);
    expect(got.rmsce).toBeCloseTo(0.1 / 3, 14);
  });

  it('uses at most N bins, like get_equal_bins', () => {
    const got = debiasedEce(Float64Array.of(0.3, 0.6, 0.9), Uint8Array.of(0, 1, 1), 15);
    expect(got.bins).toBe(3); // edges 0.45, 0.75, 1
  });

  it('width binning is right-closed: 0.2 is in the first of 5 bins', () => {
    // bins (0, .2], (.2, .4], ...: rows 0.2 and 0.4 in bins 1 and 2, one row each, so the debiased
    // sum is 0 and the plug-in is sqrt((0.2^2 + 0.6^2) / 2).
    const got = debiasedEce(Float64Array.of(0.2, 0.4), Uint8Array.of(0, 1), 5, { binning: 'width' });
    expect(got.squared).toBe(0);
    expect(got.rmsce).toBeCloseTo(Math.sqrt((0.04 + 0.36) / 2), 14);
  });
});

describe('debiasedEce properties', () => {
  it('is unbiased for the square on calibrated data, where the plug-in square is not', () => {
    // 400 calibrated data sets of 200 rows, 10 equal-mass bins. The plug-in square averages about
    // sum_b Var(y_b) ~ 10 * 0.17 / 200 ~ 0.008 > 0; the debiased square averages ~0 (the small
    // remaining bias comes from within-bin spread of f, of order (bin width)^2 / 12 ~ 1e-4).
    let debiased = 0;
    let plugin = 0;
    const runs = 400;
    for (let s = 0; s < runs; s++) {
      const d = synthetic(200, 1000 + s);
      const got = debiasedEce(d.confidence, d.outcome, 10);
      debiased += got.squared / runs;
      plugin += got.rmsce ** 2 / runs;
    }
    expect(plugin).toBeGreaterThan(0.005);
    expect(Math.abs(debiased)).toBeLessThan(0.0015);
  });

  it('is small on calibrated data and shrinks with N; finds sqrt(1/30) for truth c^2', () => {
    const calibrated = [2_000, 200_000].map((n) => {
      const d = synthetic(n, 7);
      return debiasedEce(d.confidence, d.outcome, 15).debiased;
    });
    expect(calibrated[1]!).toBeLessThan(Math.max(calibrated[0]!, 0.005));
    expect(calibrated[1]!).toBeLessThan(0.005);
    // L2 error of truth c^2 on uniform c: sqrt(int (c - c^2)^2) = sqrt(1/3 - 1/2 + 1/5) = 0.1826;
    // 15 bins smooth it a little (between-bin part only).
    const d = synthetic(200_000, 7, (c) => c * c);
    expect(Math.abs(debiasedEce(d.confidence, d.outcome, 15).debiased - Math.sqrt(1 / 30))).toBeLessThan(0.005);
  });

  it('rejects a bin count below 1', () => {
    expect(() => debiasedEce(Float64Array.of(0.5), Uint8Array.of(1), 0)).toThrow(/bins/);
  });
});

describe('equal-width bin lookup', () => {
  /** The double just above or below x (x > 0). */
  const neighbour = (x: number, up: boolean): number => {
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, x);
    view.setBigUint64(0, view.getBigUint64(0) + (up ? 1n : -1n));
    return view.getFloat64(0);
  };

  it('finds the same bin as the binary search on every edge, next to it, and at 0 and 1', () => {
    for (const m of [1, 2, 3, 7, 10, 15, 49, 100, 1000]) {
      const edges = equalProbEdges(m);
      const xs = [0, Number.MIN_VALUE, 1, neighbour(1, false)];
      for (let i = 1; i <= m; i++) {
        const x = i / m;
        xs.push(x, neighbour(x, false));
        if (x < 1) xs.push(neighbour(x, true));
        // x computed another way can land on the other side of the edge's double
        xs.push((i * 0.1) / (m * 0.1), i * (1 / m));
      }
      for (const x of xs) {
        if (!(x >= 0 && x <= 1)) continue;
        expect(searchLeftEqualWidth(edges, x), `M = ${m}, x = ${x}`).toBe(searchLeft(edges, x));
      }
    }
  });

  it('agrees with the binary search on random confidences and bin counts', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 300 }), fc.double({ min: 0, max: 1, noNaN: true }), (m, x) => {
      const edges = equalProbEdges(m);
      return searchLeftEqualWidth(edges, x) === searchLeft(edges, x);
    }), { numRuns: 2000 });
  });
});
