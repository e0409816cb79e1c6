import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { smoothEce, smoothEceAt } from '../../src/metrics/estimators/smooth-ece.js';
import { CalibError } from '../../src/core/errors.js';
import { datasets, expectClose, readReference } from './fixtures.js';
import { synthetic } from './synthetic.js';

interface SmeceRef {
  smece: number; sigma: number; curve_accuracy: number[]; curve_density: number[];
  at_sigma: Record<string, number>;
}

describe('smoothEce against relplot', () => {
  // reference/relplot_smece.py ports relplot's smECE, smECE_sigma and the unbagged reliability
  // curve (apple/ml-calibration, src/relplot/metrics.py @ b8581ec, kernels.py @ 34cdad3).
  const ref = readReference<Record<string, SmeceRef>>('smece.json');
  for (const [name, d] of datasets()) {
    const expected = ref[name]!;
    it(`${name}: same bandwidth, smECE and curve`, () => {
      const got = smoothEce(d.confidence, d.outcome);
      expect(got.sigma).toBe(expected.sigma);
      expectClose(got.smece, expected.smece, 1e-12);
      expect(got.curve.x).toHaveLength(200);
      for (let i = 0; i < 200; i++) {
        expectClose(got.curve.accuracy[i]!, expected.curve_accuracy[i]!, 1e-12);
        expectClose(got.curve.density[i]!, expected.curve_density[i]!, 1e-12);
      }
    });
    it(`${name}: smECE at fixed bandwidths (odd and even kernel grids)`, () => {
      for (const [sigma, value] of Object.entries(expected.at_sigma)) {
        expectClose(smoothEceAt(d.confidence, d.outcome, Number(sigma)), value, 1e-12);
      }
    });
  }
});

describe('smoothEce by hand', () => {
  it('residuals that cancel at every point give 0, and the search runs down to sigma = 1/512', () => {
    // f = (0.5, 0.5), y = (1, 0): r = (-0.5, +0.5) sit at the same point, so r_hat = 0 for every
    // sigma; "sigma < smECE_sigma" never holds, bisection halves 1 nine times: 1/512.
    const got = smoothEce(Float64Array.of(0.5, 0.5), Uint8Array.of(1, 0));
    expect(got.smece).toBe(0);
    expect(got.sigma).toBe(1 / 512);
    expect(got.gridPoints).toBe(5121); // max(2000, round(20 * 512)) // 2 + 1
  });

  it('a constant gap g gives smECE_sigma = |g| up to relplot\'s 1e-4 density floor', () => {
    // f_i = 0.3, y_i = 1 for 50 rows: r_i = -0.7 everywhere, |r_hat| = 0.7 wherever there is mass,
    // so smECE = 0.7 * S / (S + 1e-4 * points) with S ~ 50 * points: 0.7 * (1 - ~2e-6).
    const f = new Float64Array(50).fill(0.3);
    const y = new Uint8Array(50).fill(1);
    for (const sigma of [0.02, 0.1, 0.5]) {
      const v = smoothEceAt(f, y, sigma);
      expect(v).toBeLessThanOrEqual(0.7);
      expect(v).toBeGreaterThan(0.7 * (1 - 1e-5));
    }
    // The doc comment's examples; expected values from reference/relplot_smece.py's smooth_ece.
    expectClose(smoothEceAt(Float64Array.of(0.3), Uint8Array.of(1), 0.1), 0.6999296709062756, 1e-13);
    expectClose(smoothEceAt(f, y, 0.1), 0.6999985932796187, 1e-13);
  });

  it('confidences that equal the outcomes are perfectly calibrated', () => {
    const got = smoothEce(Float64Array.of(0, 1, 1, 0), Uint8Array.of(0, 1, 1, 0));
    expect(got.smece).toBe(0);
  });
});

describe('smoothEce properties', () => {
  const rows = fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.boolean()),
    { minLength: 1, maxLength: 60 });
  const split = (r: [number, boolean][]) => ({
    f: Float64Array.from(r, ([c]) => c), y: Uint8Array.from(r, ([, b]) => (b ? 1 : 0)),
  });

  it('is in [0, 1], and sigma is the fixed point of the bisection', () => {
    fc.assert(fc.property(rows, (r) => {
      const { f, y } = split(r);
      const got = smoothEce(f, y);
      expect(got.smece).toBeGreaterThanOrEqual(0);
      expect(got.smece).toBeLessThanOrEqual(1);
      // The search keeps the upper end: sigma >= smECE_sigma, while one step (1/1024) lower the
      // bandwidth was too small (sigma' < smECE_sigma'), unless it hit the floor 1/512.
      expect(got.sigma).toBeGreaterThanOrEqual(got.smece);
      const lower = got.sigma - 1 / 1024;
      if (got.sigma > 1 / 512) expect(smoothEceAt(f, y, lower)).toBeGreaterThan(lower);
    }), { numRuns: 30 });
  });

  it('does not depend on the order of the rows', () => {
    fc.assert(fc.property(rows, fc.integer(), (r, seed) => {
      const { f, y } = split(r);
      const order = r.map((_, i) => i).sort((a, b) => ((a * 7919 + seed) % 97) - ((b * 7919 + seed) % 97));
      const f2 = Float64Array.from(order, (i) => f[i]!);
      const y2 = Uint8Array.from(order, (i) => y[i]!);
      expectClose(smoothEce(f2, y2).smece, smoothEce(f, y).smece, 1e-12);
    }), { numRuns: 15 });
  });

  it('is small on calibrated data and shrinks with N', () => {
    const values = [1_000, 10_000, 100_000].map((n) => {
      const d = synthetic(n, 3);
      return smoothEce(d.confidence, d.outcome).smece;
    });
    expect(values[1]!).toBeLessThan(values[0]!);
    expect(values[2]!).toBeLessThan(values[1]!);
    expect(values[2]!).toBeLessThan(0.01);
  });

  it('recovers a known miscalibration: truth c^2 has E|c - c^2| = 1/6', () => {
    const d = synthetic(100_000, 3, (c) => c * c);
    const got = smoothEce(d.confidence, d.outcome);
    expect(Math.abs(got.smece - 1 / 6)).toBeLessThan(0.005);
    for (let i = 20; i < 180; i++) {
      expect(Math.abs(got.curve.accuracy[i]! - got.curve.x[i]! ** 2)).toBeLessThan(0.05);
    }
  });

  it('draws a calibrated curve near the diagonal with density near 1 for uniform confidences', () => {
    const d = synthetic(100_000, 5);
    const { curve } = smoothEce(d.confidence, d.outcome);
    for (let i = 10; i < 190; i++) {
      expect(Math.abs(curve.accuracy[i]! - curve.x[i]!)).toBeLessThan(0.04);
      expect(Math.abs(curve.density[i]! - 1)).toBeLessThan(0.1);
    }
  });
});

describe('smoothEce errors', () => {
  it('rejects arrays of different lengths, no rows, and a bandwidth outside (0, 1]', () => {
    expect(() => smoothEce(Float64Array.of(0.5), new Uint8Array(2))).toThrow(CalibError);
    expect(() => smoothEce(new Float64Array(0), new Uint8Array(0))).toThrow(/no rows/);
    expect(() => smoothEce(Float64Array.of(1.5), Uint8Array.of(1))).toThrow(/outside \[0, 1\]/);
    expect(() => smoothEceAt(Float64Array.of(0.5), Uint8Array.of(1), 0)).toThrow(/sigma/);
    expect(() => smoothEce(Float64Array.of(0.5), Uint8Array.of(1), { curvePoints: 1 })).toThrow(/curvePoints/);
  });
});
