import { describe, expect, test } from 'vitest';
import { equalWidthTotals, toReliabilityBins } from '../../src/metrics/binning.js';
import { lnGamma as logGamma } from '../../src/core/numerics.js';
import { binAccuracyIntervals, clopperPearsonInterval, wilsonInterval } from '../../src/stats/intervals.js';
import type { Interval } from '../../src/stats/intervals.js';
import { createRandom } from '../../src/stats/random.js';

/**
 * Exact coverage of a binomial interval at the true proportion p:
 * `sum_x C(n, x) p^x (1 - p)^(n - x) [lower(x) <= p <= upper(x)]`, no simulation involved.
 */
function exactCoverage(interval: (x: number, n: number, c: number) => Interval, n: number, p: number, confidence: number): number {
  let covered = 0;
  for (let x = 0; x <= n; x++) {
    const { lower, upper } = interval(x, n, confidence);
    if (lower <= p && p <= upper) {
      covered += Math.exp(logGamma(n + 1) - logGamma(x + 1) - logGamma(n - x + 1) + x * Math.log(p) + (n - x) * Math.log1p(-p));
    }
  }
  return covered;
}

const grid = Array.from({ length: 99 }, (_, k) => (k + 1) / 100);
const mean = (values: readonly number[]): number => values.reduce((s, v) => s + v, 0) / values.length;

describe('binomial intervals cover the true proportion at about the nominal rate', () => {
  // Brown, Cai & DasGupta (2001), "Interval estimation for a binomial proportion", Statistical
  // Science 16:101-133: Wilson's coverage oscillates around the nominal level with a mean close
  // to it; Clopper-Pearson never covers less than nominal (it is built by inverting two exact
  // one-sided tests), at the price of width.
  for (const n of [10, 30, 100]) {
    for (const confidence of [0.9, 0.95]) {
      test(`n = ${n}, ${confidence * 100}%`, () => {
        const wilson = grid.map((p) => exactCoverage(wilsonInterval, n, p, confidence));
        const exact = grid.map((p) => exactCoverage(clopperPearsonInterval, n, p, confidence));
        // Measured: mean Wilson coverage over p = 0.01..0.99 is within 0.006 of nominal at these n.
        expect(Math.abs(mean(wilson) - confidence)).toBeLessThan(0.01);
        expect(Math.min(...exact)).toBeGreaterThanOrEqual(confidence - 1e-9);
      });
    }
  }
});

describe('per-bin accuracy intervals on simulated calibrated data', () => {
  /**
   * 300 data sets of 400 rows: confidence c ~ U(0.5, 1) and the prediction right with probability
   * c, so given the confidences in a bin the expected accuracy is exactly the bin's mean
   * confidence. The success count is then Poisson-binomial, whose variance is at most the binomial
   * one at the same mean, so a binomial interval covers at least about its nominal rate.
   */
  function coverage(method: 'wilson' | 'clopper-pearson', confidence: number): { rate: number; bins: number } {
    let covered = 0;
    let total = 0;
    for (let d = 0; d < 300; d++) {
      const random = createRandom(d);
      const confidences = new Float64Array(400);
      const outcomes = new Uint8Array(400);
      for (let i = 0; i < 400; i++) {
        confidences[i] = 0.5 + 0.5 * random.next();
        outcomes[i] = random.next() < confidences[i]! ? 1 : 0;
      }
      const bins = toReliabilityBins(equalWidthTotals(confidences, outcomes, 10, 'right'));
      const intervals = binAccuracyIntervals(bins, method, confidence).intervals;
      bins.forEach((bin, m) => {
        const interval = intervals[m];
        if (!interval) return;
        total++;
        if (interval.lower <= bin.mean_confidence! && bin.mean_confidence! <= interval.upper) covered++;
      });
    }
    return { rate: covered / total, bins: total };
  }

  test('Wilson covers about 90% of bins at 90%, Clopper-Pearson at least that', () => {
    const wilson = coverage('wilson', 0.9);
    const exact = coverage('clopper-pearson', 0.9);
    // Bins 6..10 are filled in every data set: 300 * 5 = 1500 bins; the sd of a rate near 0.9
    // over 1500 bins is sqrt(0.09 / 1500) = 0.008. Measured: Wilson 0.913, Clopper-Pearson 0.934.
    expect(wilson.bins).toBe(1500);
    expect(wilson.rate).toBeGreaterThan(0.88);
    expect(wilson.rate).toBeLessThan(0.95);
    expect(exact.rate).toBeGreaterThanOrEqual(wilson.rate);
    expect(exact.rate).toBeGreaterThan(0.89);
  });
});
