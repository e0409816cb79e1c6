import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  chiSquareSurvival, consistencyResampling, erfc, hosmerLemeshow, lnGamma, normalTwoSidedP,
  regularizedGammaP, regularizedGammaQ, spiegelhalter,
} from '../../src/stats/calibration-tests.js';
import { CalibError } from '../../src/core/errors.js';
import { datasets, expectClose, expectRelClose, readReference } from './fixtures.js';
import { synthetic } from './synthetic.js';

// reference/calibration_tests.py: Python's math.lgamma and math.erfc, scipy.special.gammainc and
// gammaincc, scipy.stats.chi2.sf and norm.sf; Hosmer-Lemeshow and Spiegelhalter written in numpy.
interface TestsRef {
  lnGamma: [number, number][];
  gammaP: [number, number, number][];
  gammaQ: [number, number, number][];
  erfc: [number, number][];
  chi2sf: [number, number, number][];
  normal2: [number, number][];
  datasets: Record<string, {
    hl: { statistic: number; df: number; pValue: number };
    spiegelhalter: { z: number; pValue: number };
  }>;
}
const ref = readReference<TestsRef>('calibration-tests.json');

describe('special functions against math / scipy', () => {
  it('lnGamma', () => {
    for (const [x, v] of ref.lnGamma) expectClose(lnGamma(x), v, 1e-14, `lnGamma(${x})`);
  });
  it('regularized incomplete gamma P and Q, including far tails', () => {
    for (const [a, x, v] of ref.gammaP) expectClose(regularizedGammaP(a, x), v, 1e-14, `P(${a}, ${x})`);
    // Q is checked relative to itself, down to values like Q(0.5, 300) ~ 1e-132.
    for (const [a, x, v] of ref.gammaQ) expectRelClose(regularizedGammaQ(a, x), v, 1e-12, `Q(${a}, ${x})`);
  });
  it('erfc, relative to itself, out to erfc(27.5) ~ 1e-330 (0 in doubles)', () => {
    for (const [x, v] of ref.erfc) {
      if (v < 1e-300) expect(erfc(x)).toBeLessThan(1e-300);
      else expectRelClose(erfc(x), v, 1e-13, `erfc(${x})`);
    }
  });
  it('chi-square survival and the two-sided normal p-value', () => {
    for (const [x, df, v] of ref.chi2sf) expectRelClose(chiSquareSurvival(x, df), v, 1e-12, `chi2(${x}, ${df})`);
    for (const [z, v] of ref.normal2) expectRelClose(normalTwoSidedP(z), v, 1e-12, `z = ${z}`);
  });
  it('known closed forms: P(1, x) = 1 - e^-x, erfc(0) = 1, lnGamma(n) = ln((n-1)!)', () => {
    expect(regularizedGammaP(1, 2)).toBeCloseTo(1 - Math.exp(-2), 15);
    expect(erfc(0)).toBe(1);
    expect(lnGamma(6)).toBeCloseTo(Math.log(120), 13);
    expect(chiSquareSurvival(0, 3)).toBe(1);
    expect(chiSquareSurvival(Infinity, 3)).toBe(0);
  });
  it('P + Q = 1 and erfc(-x) = 2 - erfc(x)', () => {
    fc.assert(fc.property(fc.double({ min: 0.05, max: 60, noNaN: true }), fc.double({ min: 0, max: 200, noNaN: true }),
      (a, x) => Math.abs(regularizedGammaP(a, x) + regularizedGammaQ(a, x) - 1) < 1e-13));
    fc.assert(fc.property(fc.double({ min: -6, max: 6, noNaN: true }),
      (x) => Math.abs(erfc(-x) - (2 - erfc(x))) < 1e-14));
  });
  it('rejects arguments outside the domain', () => {
    expect(() => lnGamma(0)).toThrow(CalibError);
    expect(() => regularizedGammaQ(-1, 1)).toThrow(CalibError);
    expect(() => erfc(Number.NaN)).toThrow(CalibError);
  });
});

describe('hosmerLemeshow', () => {
  it('by hand: three groups of two', () => {
    // q = (0.2, 0.2, 0.5, 0.5, 0.8, 0.8), y = (0, 1, 0, 1, 1, 1):
    // group 1: O = 1, E = 0.4: 0.36/0.4 + 0.36/1.6 = 1.125; group 2: O = 1, E = 1: 0;
    // group 3: O = 2, E = 1.6: 0.16/1.6 + 0.16/0.4 = 0.5. C = 1.625 on 1 df:
    // p = erfc(sqrt(1.625 / 2)) = 0.20239601597295517 (scipy chi2.sf).
    const got = hosmerLemeshow(Float64Array.of(0.2, 0.2, 0.5, 0.5, 0.8, 0.8), Uint8Array.of(0, 1, 0, 1, 1, 1), { groups: 3 });
    expect(got.statistic).toBeCloseTo(1.625, 13);
    expect(got.df).toBe(1);
    expect(got.pValue).toBeCloseTo(0.20239601597295517, 13);
    expect(got.groups.map((g) => [g.count, g.observed])).toEqual([[2, 1], [2, 1], [2, 2]]);
    expect(got.groups[2]!.expected).toBeCloseTo(1.6, 14);
  });

  for (const [name, expected] of Object.entries(ref.datasets)) {
    it(`${name}: matches the numpy/scipy computation`, () => {
      const d = datasets().get(name)!;
      const got = hosmerLemeshow(d.confidence, d.outcome);
      expect(got.df).toBe(expected.hl.df);
      expectClose(got.statistic, expected.hl.statistic, 1e-12);
      expectRelClose(got.pValue, expected.hl.pValue, 1e-10);
    });
  }

  it('groups split like array_split (first N mod g groups one larger)', () => {
    const d = synthetic(23, 2);
    expect(hosmerLemeshow(d.confidence, d.outcome).groups.map((g) => g.count))
      .toEqual([3, 3, 3, 2, 2, 2, 2, 2, 2, 2]);
  });

  it('an event at q = 0 makes the statistic infinite and p = 0', () => {
    const got = hosmerLemeshow(Float64Array.of(0, 0.5, 0.5, 1), Uint8Array.of(1, 0, 1, 1), { groups: 4 });
    expect(got.statistic).toBe(Infinity);
    expect(got.pValue).toBe(0);
    // ...while q = 0 with y = 0 and q = 1 with y = 1 contribute nothing.
    const fine = hosmerLemeshow(Float64Array.of(0, 0.5, 0.5, 1), Uint8Array.of(0, 0, 1, 1), { groups: 3 });
    expect(Number.isFinite(fine.statistic)).toBe(true);
  });

  it('detects obvious miscalibration; under calibration p is uniform with g df, smaller with g - 2', () => {
    const over = datasets().get('overconfident-2000')!;
    expect(hosmerLemeshow(over.confidence, over.outcome).pValue).toBeLessThan(1e-10);
    // A calibrated model that was not fitted on these rows: C ~ chi-square(10), so with df = 10
    // the p-values are uniform; the default df = 8 shifts them down (mean ~0.38 here).
    const runs = Array.from({ length: 200 }, (_, s) => synthetic(500, 5000 + s));
    const mean = (df?: number) => runs
      .map((d) => hosmerLemeshow(d.confidence, d.outcome, df === undefined ? {} : { df }).pValue)
      .reduce((a, b) => a + b, 0) / runs.length;
    const rejected = runs.filter((d) => hosmerLemeshow(d.confidence, d.outcome, { df: 10 }).pValue < 0.05).length;
    expect(mean(10)).toBeGreaterThan(0.42);
    expect(mean(10)).toBeLessThan(0.58);
    expect(rejected).toBeGreaterThan(2); // about 10 of 200 expected
    expect(rejected).toBeLessThan(20);
    expect(mean()).toBeLessThan(mean(10));
  });

  it('needs at least 3 rows and at least 3 groups', () => {
    expect(() => hosmerLemeshow(Float64Array.of(0.1, 0.9), Uint8Array.of(0, 1))).toThrow(/at least 3 rows/);
    expect(() => hosmerLemeshow(Float64Array.of(0.1, 0.5, 0.9), Uint8Array.of(0, 1, 1), { groups: 2 })).toThrow(/groups/);
  });
});

describe('spiegelhalter', () => {
  it('by hand: p = (0.2, 0.8), both positive', () => {
    // numerator 0.8 * 0.6 + 0.2 * (-0.6) = 0.36; variance 0.36 * 0.16 * 2 = 0.1152;
    // z = 0.36 / sqrt(0.1152) = 1.0606601717798212 (= 0.75 sqrt 2); p = erfc(0.75) = 0.28884436634648486.
    const got = spiegelhalter(Float64Array.of(0.2, 0.8), Uint8Array.of(1, 1));
    expect(got.z).toBeCloseTo(0.75 * Math.SQRT2, 14);
    expect(got.pValue).toBeCloseTo(0.28884436634648486, 14);
  });

  for (const [name, expected] of Object.entries(ref.datasets)) {
    it(`${name}: matches the numpy/scipy computation`, () => {
      const d = datasets().get(name)!;
      const got = spiegelhalter(d.confidence, d.outcome);
      expectClose(got.z, expected.spiegelhalter.z, 1e-12);
      expectRelClose(got.pValue, expected.spiegelhalter.pValue, 1e-10);
    });
  }

  it('degenerate predictions: all 1/2 says nothing; a contradicted certainty is infinitely unlikely', () => {
    expect(spiegelhalter(Float64Array.of(0.5, 0.5), Uint8Array.of(1, 1))).toEqual({ z: 0, pValue: 1 });
    expect(spiegelhalter(Float64Array.of(0, 1), Uint8Array.of(1, 1))).toEqual({ z: Infinity, pValue: 0 });
    expect(spiegelhalter(Float64Array.of(0, 1), Uint8Array.of(0, 1))).toEqual({ z: 0, pValue: 1 });
  });

  it('detects over- and underconfidence with the right sign; p roughly uniform under H0', () => {
    const over = datasets().get('overconfident-2000')!;
    expect(spiegelhalter(over.confidence, over.outcome).z).toBeGreaterThan(5);
    const under = datasets().get('underconfident-300')!;
    expect(spiegelhalter(under.confidence, under.outcome).z).toBeLessThan(-3);
    const p = Array.from({ length: 300 }, (_, s) => {
      const d = synthetic(300, 9000 + s);
      return spiegelhalter(d.confidence, d.outcome).pValue;
    });
    const rejected = p.filter((v) => v < 0.05).length / p.length;
    expect(rejected).toBeGreaterThan(0.01);
    expect(rejected).toBeLessThan(0.1);
  });
});

describe('consistencyResampling', () => {
  it('observed ECE by hand on 5 equal-width bins', () => {
    // f = (0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95), y = (0, 0, 1, 0, 1, 1, 1), bins right-closed:
    // (0, .2]: {.05, .2} acc 0 conf .125; (.2, .4]: {.35} acc 1; (.4, .6]: {.5} acc 0;
    // (.6, .8]: {.65, .8} acc 1 conf .725; (.8, 1]: {.95} acc 1.
    // ECE = (2 * .125 + .65 + .5 + 2 * .275 + .05) / 7 = 2 / 7.
    const d = datasets().get('tiny-7')!;
    const got = consistencyResampling(d.confidence, d.outcome, { bins: 5, resamples: 200, seed: 1 });
    expect(got.ece).toBeCloseTo(2 / 7, 14);
    expect(got.bins.map((b) => b.count)).toEqual([2, 1, 1, 2, 1]);
    expect(got.bins[3]!.accuracy).toBe(1);
    expect(got.pValue).toBeGreaterThan(0);
    expect(got.pValue).toBeLessThanOrEqual(1);
  });

  it('one row at c = 0.5: every resample is as far off, so p = 1 and the band is [0, 1]', () => {
    const got = consistencyResampling(Float64Array.of(0.5), Uint8Array.of(1), { bins: 2, resamples: 99, seed: 3 });
    expect(got.pValue).toBe(1);
    expect(got.bins[0]).toMatchObject({ count: 1, bandLow: 0, bandHigh: 1, accuracy: 1 });
    expect(got.bins[1]).toMatchObject({ count: 0, accuracy: null, bandLow: null, bandHigh: null });
  });

  it('is reproducible from the seed', () => {
    const d = synthetic(400, 21);
    const a = consistencyResampling(d.confidence, d.outcome, { resamples: 99, seed: 42 });
    const b = consistencyResampling(d.confidence, d.outcome, { resamples: 99, seed: 42 });
    expect(b).toEqual(a);
  });

  it('rejects an overconfident model at the smallest possible p', () => {
    const over = datasets().get('overconfident-2000')!;
    const got = consistencyResampling(over.confidence, over.outcome, { resamples: 199, seed: 1 });
    expect(got.pValue).toBe(1 / 200);
    // The observed accuracy of the top bin lies outside its consistency band.
    const top = got.bins[14]!;
    expect(top.accuracy!).toBeLessThan(top.bandLow!);
  });

  it('bands surround the bin mean confidence, and p is roughly uniform under calibration', () => {
    const d = synthetic(3_000, 77);
    const got = consistencyResampling(d.confidence, d.outcome, { resamples: 400, seed: 5 });
    got.bins.forEach((b) => {
      const mid = (b.lower + b.upper) / 2; // uniform c: the bin's mean confidence is near its middle
      expect(b.bandLow!).toBeLessThan(mid);
      expect(b.bandHigh!).toBeGreaterThan(mid);
    });
    const p = Array.from({ length: 60 }, (_, s) => {
      const e = synthetic(300, 300 + s);
      return consistencyResampling(e.confidence, e.outcome, { bins: 10, resamples: 99, seed: s }).pValue;
    });
    const mean = p.reduce((x, y) => x + y, 0) / p.length;
    expect(mean).toBeGreaterThan(0.35);
    expect(mean).toBeLessThan(0.65);
    expect(p.filter((v) => v <= 0.05).length).toBeLessThanOrEqual(9); // expected 3 of 60
  });

  it('validates its options', () => {
    const f = Float64Array.of(0.5);
    const y = Uint8Array.of(1);
    expect(() => consistencyResampling(f, y, { resamples: 0 })).toThrow(/resamples/);
    expect(() => consistencyResampling(f, y, { bins: 1.5 })).toThrow(/bins/);
    expect(() => consistencyResampling(f, y, { level: 1 })).toThrow(/level/);
  });
});
