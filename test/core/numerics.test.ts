import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CalibError } from '../../src/core/errors.js';
import { lnGamma, quantileSorted, quantileSortedExactRanks } from '../../src/core/numerics.js';

// The copies these functions replaced, verbatim, to show that every caller gets the same bits.
// stats/calibration-tests.ts and smoothing/model-gap.ts (the same formula, two spellings):
function oldConsistencyQuantile(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}
function oldModelGapQuantile(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const a = sorted[lo]!;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)]!;
  return a + (h - lo) * (b - a);
}
// stats/smooth-curve-band.ts:
function oldBandQuantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const lo = Math.floor(position);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (position - lo);
}
// stats/bootstrap.ts (a whole position returns the order statistic itself):
function oldBootstrapQuantile(sorted: Float64Array, p: number): number {
  const position = (sorted.length - 1) * p;
  const below = Math.floor(position);
  const fraction = position - below;
  const low = sorted[below]!;
  if (fraction === 0 || below + 1 >= sorted.length) return low;
  return low + fraction * (sorted[below + 1]! - low);
}
// stats/intervals.ts logGamma (t = (x - 1 + 7) + 0.5 where lnGamma has t = (x - 1) + 7.5):
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];
function oldIntervalsLogGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - oldIntervalsLogGamma(1 - x);
  const xm = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (xm + i);
  const t = xm + 7 + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (xm + 0.5) * Math.log(t) - t + Math.log(sum);
}

const sample = (values: number[]): Float64Array => Float64Array.from(values).sort();
const anyDouble = fc.oneof(fc.double({ noNaN: true }), fc.constantFrom(-0, 0, Infinity, -Infinity, 1, 0.5));
const level = fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 0.025, 0.1, 0.25, 0.5, 0.75, 0.9, 0.975, 1));

describe('quantileSorted (Hyndman & Fan type 7)', () => {
  it('its @examples', () => {
    expect(quantileSorted(Float64Array.of(0, 1, 2, 3), 0.1)).toBe(0.30000000000000004);
    expect(quantileSorted(Float64Array.of(0, 1, 2, 3), 0.5)).toBe(1.5);
    expect(quantileSorted(Float64Array.of(7), 0.9)).toBe(7);
  });
  it('q = 0 and q = 1 are the minimum and the maximum; one element is every quantile', () => {
    const x = sample([4, -2, 9, 0.5]);
    expect(quantileSorted(x, 0)).toBe(-2);
    expect(quantileSorted(x, 1)).toBe(9);
    for (const q of [0, 0.3, 0.5, 1]) expect(quantileSorted(Float64Array.of(3.25), q)).toBe(3.25);
    expect(quantileSorted(new Float64Array(0), 0.5)).toBeNaN();
  });
  it('numpy.quantile on small samples', () => {
    // numpy.quantile([10, 20, 30, 40], q) for q = 0.05, 1/3, 0.5: 11.5, 20, 25 (exact in doubles).
    const x = Float64Array.of(10, 20, 30, 40);
    expect(quantileSorted(x, 0.05)).toBe(11.5);
    expect(quantileSorted(x, 0.5)).toBe(25);
    expect(quantileSorted(Float64Array.of(1, 2, Infinity), 0.5)).toBeNaN(); // numpy: nan (0 * inf)
  });
  it('gives the bits of the three copies it replaced, on any sample (infinities and -0 included)', () => {
    fc.assert(fc.property(fc.array(anyDouble, { maxLength: 12 }), level, (values, q) => {
      const x = sample(values);
      const got = quantileSorted(x, q);
      return Object.is(got, oldConsistencyQuantile(x, q)) && Object.is(got, oldModelGapQuantile(x, q))
        && Object.is(got, oldBandQuantile(x, q));
    }), { numRuns: 3000 });
  });
});

describe('quantileSortedExactRanks (type 7, whole positions exact)', () => {
  it('its @examples', () => {
    expect(quantileSortedExactRanks(Float64Array.of(1, 2, 3, 4, 5), 0.25)).toBe(2);
    expect(quantileSortedExactRanks(Float64Array.of(1, 2, Infinity), 0.5)).toBe(2);
    expect(quantileSortedExactRanks(Float64Array.of(10, 20, 30, 40), 0.05)).toBe(11.5);
  });
  it('q = 0 and q = 1, one element, empty', () => {
    const x = sample([4, -2, 9, Infinity]);
    expect(quantileSortedExactRanks(x, 0)).toBe(-2);
    expect(quantileSortedExactRanks(x, 1)).toBe(Infinity);
    for (const q of [0, 0.3, 1]) expect(quantileSortedExactRanks(Float64Array.of(-0), q)).toBe(-0);
    expect(quantileSortedExactRanks(new Float64Array(0), 0.5)).toBeNaN();
  });
  it("gives the bootstrap copy's bits on any non-empty sample (the copy returned undefined for an empty one)", () => {
    fc.assert(fc.property(fc.array(anyDouble, { minLength: 1, maxLength: 12 }), level, (values, q) => {
      const x = sample(values);
      return Object.is(quantileSortedExactRanks(x, q), oldBootstrapQuantile(x, q));
    }), { numRuns: 3000 });
  });
  it('agrees with quantileSorted bit for bit on finite samples without -0', () => {
    const finite = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e300, max: 1e300 }).map((v) => v === 0 ? 0 : v);
    fc.assert(fc.property(fc.array(finite, { minLength: 1, maxLength: 12 }), level, (values, q) => {
      const x = sample(values);
      return Object.is(quantileSortedExactRanks(x, q), quantileSorted(x, q));
    }), { numRuns: 3000 });
  });
});

describe('lnGamma (Lanczos g = 7, n = 9)', () => {
  // ln Gamma(x) to 20 digits (mpmath.loggamma at 30 digits).
  const known: Array<[number, number]> = [
    [0.5, 0.57236494292470008707], [1, 0], [2, 0], [10, 12.801827480081469611], [171.5, 709.14316303092824227],
    [0.1, 2.252712651734205902], [1e-5, 11.512919692895825626], [1.5, -0.12078223763524522235],
    [2.5, 0.28468287047291915963], [5, 3.1780538303479456196], [100, 359.13420536957539878],
  ];
  const error = (x: number, v: number): number => Math.abs(lnGamma(x) - v) / Math.max(1, Math.abs(v));

  it('its @examples', () => {
    expect(lnGamma(0.5)).toBe(0.5723649429246995);
    expect(lnGamma(1)).toBe(-8.881784197001252e-16);
    expect(lnGamma(5)).toBe(3.178053830347944);
    expect(lnGamma(10)).toBe(12.801827480081474);
  });
  it('within 4e-15 of max(1, |ln Gamma|) of known values at 0.5, 1, 2, 10, 171.5 and more', () => {
    for (const [x, v] of known) expect(error(x, v), `lnGamma(${x}) = ${lnGamma(x)}, true ${v}`).toBeLessThan(4e-15);
  });
  it("within both callers' test tolerances: 1e-14 (calibration tests) and 1e-13 (intervals) of max(1, |v|)", () => {
    for (const [x, v] of known) expect(error(x, v)).toBeLessThanOrEqual(1e-14);
  });
  it("equals the intervals.ts copy bit for bit where its callers use it (whole and half-whole x), within 2.5e-15 elsewhere", () => {
    let differ = 0;
    for (let k = 1; k <= 200_000; k++) if (lnGamma(k / 2) !== oldIntervalsLogGamma(k / 2)) differ++;
    expect(differ).toBe(0);
    // Elsewhere t = (x - 1) + 7.5 and ((x - 1) + 7) + 0.5 can round one ulp of t (1.8e-15) apart
    // (25 of 20,000 points of a log grid over 4.5e-5..500, all in 1.5 < x < 2); against mpmath
    // both err by at most 3.4e-15, and each is the closer one about equally often.
    fc.assert(fc.property(fc.double({ min: 1e-4, max: 500, noNaN: true }), (x) => {
      const a = lnGamma(x), b = oldIntervalsLogGamma(x);
      return Math.abs(a - b) <= 2.5e-15 * Math.max(1, Math.abs(a));
    }), { numRuns: 5000 });
  });
  it('rejects x <= 0 and NaN', () => {
    expect(() => lnGamma(0)).toThrow(CalibError);
    expect(() => lnGamma(-1)).toThrow(CalibError);
    expect(() => lnGamma(Number.NaN)).toThrow(CalibError);
  });
});
