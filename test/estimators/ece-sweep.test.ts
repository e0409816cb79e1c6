import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { eceSweep } from '../../src/metrics/estimators/ece-sweep.js';
import { datasets, expectClose, readReference } from './fixtures.js';
import { synthetic } from './synthetic.js';

interface SweepRef { ece: number; bins: number }

/**
 * The definition written out directly (caltrain's em_monotonic_sweep, one array per bin count):
 * a second implementation to compare the prefix-sum version with.
 */
function bruteForce(f: Float64Array, y: Uint8Array, p: number): SweepRef {
  const n = f.length;
  const order = Array.from(f.keys()).sort((a, b) => f[a]! - f[b]! || a - b);
  const assign = (b: number) => order.map((_, k) => Math.min(b - 1, Math.floor((k / n) * b)));
  const stats = (b: number) => {
    const bin = assign(b);
    const sums = Array.from({ length: b }, () => ({ n: 0, f: 0, y: 0 }));
    bin.forEach((j, k) => { sums[j]!.n++; sums[j]!.f += f[order[k]!]!; sums[j]!.y += y[order[k]!]!; });
    return sums;
  };
  let chosen = 1;
  for (let b = 2; b < n; b++) {
    const means = stats(b).map((s) => s.y / s.n);
    if (means.some((m, j) => j > 0 && m < means[j - 1]!)) break;
    chosen = b;
  }
  const total = stats(chosen).reduce((acc, s) => acc + s.n * Math.abs(s.y / s.n - s.f / s.n) ** p, 0);
  return { ece: (total / n) ** (1 / p), bins: chosen };
}

describe('eceSweep against caltrain', () => {
  // reference/caltrain_sweep.py ports google-research/google-research,
  // caltrain/calibration_metrics.py @ 5b09c22 (em_ece_sweep), with a stable argsort.
  const ref = readReference<Record<string, Record<string, SweepRef>>>('sweep.json');
  for (const [name, d] of datasets()) {
    it(name, () => {
      for (const p of [1, 2]) {
        const expected = ref[name]![`p${p}`]!;
        const got = eceSweep(d.confidence, d.outcome, { p });
        expect(got.bins).toBe(expected.bins);
        expectClose(got.ece, expected.ece, 1e-12);
      }
    });
  }
});

describe('eceSweep by hand', () => {
  it('stops at the first bin count whose accuracies drop', () => {
    // Sorted f = (0.1, 0.2, 0.3, 0.4), y = (0, 1, 0, 1). b = 2: {0.1, 0.2} {0.3, 0.4}, accuracies
    // 0.5, 0.5: monotone. b = 3: floor(k/4 * 3) = 0, 0, 1, 2: accuracies 0.5, 0, 1: drops. So 2
    // bins: ECE = (2 |0.5 - 0.15| + 2 |0.5 - 0.35|) / 4 = 0.25.
    const got = eceSweep(Float64Array.of(0.3, 0.1, 0.4, 0.2), Uint8Array.of(0, 0, 1, 1));
    expect(got.bins).toBe(2);
    expect(got.ece).toBeCloseTo(0.25, 14);
    // p = 2: sqrt((2 * 0.35^2 + 2 * 0.15^2) / 4) = sqrt(0.0725).
    expect(eceSweep(Float64Array.of(0.3, 0.1, 0.4, 0.2), Uint8Array.of(0, 0, 1, 1), { p: 2 }).ece)
      .toBeCloseTo(Math.sqrt(0.0725), 14);
  });

  it('uses one bin when two bins already drop, and for N <= 2', () => {
    // f = (0.2, 0.8), y = (1, 0): N = 2, no bin count is tried: 1 bin, |0.5 - 0.5| = 0.
    expect(eceSweep(Float64Array.of(0.2, 0.8), Uint8Array.of(1, 0))).toEqual({ ece: 0, bins: 1 });
    // f = (0.1, 0.2, 0.3), y = (1, 0, 0): b = 2 gives {0.1, 0.2} {0.3}: 0.5 then 0: drop.
    // 1 bin: |1/3 - 0.2| = 0.1333...
    const got = eceSweep(Float64Array.of(0.1, 0.2, 0.3), Uint8Array.of(1, 0, 0));
    expect(got.bins).toBe(1);
    expect(got.ece).toBeCloseTo(2 / 15, 14);
  });

  it('keeps going to N - 1 bins when the outcomes are already sorted', () => {
    // y sorted with f: every equal-mass binning has rising accuracies. 5 rows -> 4 bins.
    const got = eceSweep(Float64Array.of(0.1, 0.3, 0.5, 0.7, 0.9), Uint8Array.of(0, 0, 1, 1, 1));
    expect(got.bins).toBe(4);
    // b = 4: floor(k/5 * 4) = 0, 0, 1, 2, 3: bins {0.1, 0.3} {0.5} {0.7} {0.9}, accuracies 0, 1, 1, 1.
    expect(got.ece).toBeCloseTo((2 * 0.2 + 0.5 + 0.3 + 0.1) / 5, 14);
  });

  it('breaks ties in confidence by row order', () => {
    // All f equal: sorted order is row order, y = (1, 0, 0, 1): b = 2 gives 0.5, 0.5 (monotone);
    // b = 3 gives {row0, row1} {row2} {row3}: 0.5, 0, 1: drop. Two bins, ECE = |0.5 - 0.5| = 0.
    const got = eceSweep(new Float64Array(4).fill(0.5), Uint8Array.of(1, 0, 0, 1));
    expect(got).toEqual({ ece: 0, bins: 2 });
  });
});

describe('eceSweep properties', () => {
  it('agrees with the definition written out directly', () => {
    const row = fc.tuple(fc.integer({ min: 0, max: 20 }).map((k) => k / 20), fc.boolean());
    fc.assert(fc.property(fc.array(row, { minLength: 1, maxLength: 40 }), fc.constantFrom(1, 2, 3), (rows, p) => {
      const f = Float64Array.from(rows, ([c]) => c);
      const y = Uint8Array.from(rows, ([, b]) => (b ? 1 : 0));
      const got = eceSweep(f, y, { p });
      const expected = bruteForce(f, y, p);
      expect(got.bins).toBe(expected.bins);
      expectClose(got.ece, expected.ece, 1e-12);
    }), { numRuns: 300 });
  });

  it('is small on calibrated data and shrinks with N, with more bins as N grows', () => {
    const runs = [1_000, 100_000].map((n) => {
      const d = synthetic(n, 11);
      return eceSweep(d.confidence, d.outcome);
    });
    expect(runs[1]!.ece).toBeLessThan(runs[0]!.ece);
    expect(runs[1]!.ece).toBeLessThan(0.01);
    expect(runs[1]!.bins).toBeGreaterThan(runs[0]!.bins);
  });

  it('rejects p < 1', () => {
    expect(() => eceSweep(Float64Array.of(0.5), Uint8Array.of(1), { p: 0.5 })).toThrow(/p must be/);
  });
});
