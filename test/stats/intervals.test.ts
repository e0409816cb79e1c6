import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { CalibError } from '../../src/core/errors.js';
import { lnGamma as logGamma } from '../../src/core/numerics.js';
import type { ReliabilityBin } from '../../src/metrics/types.js';
import {
  binAccuracyIntervals, clopperPearsonInterval, inverseRegularizedBeta, normalQuantile, regularizedBeta, wilsonInterval,
} from '../../src/stats/intervals.js';

/** |actual - expected| <= rtol * |expected| (+ a tiny absolute floor for expected = 0). */
function close(actual: number, expected: number, rtol = 1e-10): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rtol * Math.abs(expected) + 1e-300);
}

// Expected values: Debian's python3 with scipy 1.10.1. Clopper-Pearson from scipy.stats.beta.ppf
// (lower = beta.ppf(alpha/2, x, n-x+1), upper = beta.ppf(1-alpha/2, x+1, n-x)), which agrees with
// the closed form at x = 1 (lower = -expm1(log1p(-alpha/2) / n)); binomtest's 'exact' CI root-finds
// with an absolute tolerance of 2e-12 and is off by 1e-5 relative at 1 of 100000, so not used.
// Wilson from scipy.stats.binomtest(x, n).proportion_ci(confidence_level=c, method='wilson').
// Others: scipy.special.betainc(a, b, x), gammaln(x), scipy.stats.norm.ppf(p).
const BINOMIAL: [x: number, n: number, c: number, cpLow: number, cpHigh: number, wLow: number, wHigh: number][] = [
  [8, 10, 0.95, 0.4439045376923585, 0.9747892736731666, 0.4901624715366418, 0.9433178485456248],
  [0, 10, 0.95, 0.0, 0.3084971078187608, 0.0, 0.27753279986288926],
  [10, 10, 0.95, 0.6915028921812392, 1.0, 0.7224672001371109, 1.0],
  [1, 1000, 0.95, 2.531748749129407e-05, 0.005558924279826672, 0.00017654637062607809, 0.0056425585979579355],
  [500, 1000, 0.9, 0.473517731235691, 0.5264822687643089, 0.4740276914784201, 0.5259723085215798],
  [3, 7, 0.99, 0.05529934998056629, 0.882296248331048, 0.11637368051613817, 0.8102850959116125],
  [1, 1, 0.95, 0.025000000000000022, 1.0, 0.20654931437723745, 1.0],
  [0, 1, 0.9, 0.0, 0.95, 0.0, 0.7301340512159458],
  [999, 1000, 0.95, 0.9944410757201734, 0.9999746825125088, 0.9943574414020421, 0.9998234536293739],
  [12345, 20000, 0.95, 0.6104720512554407, 0.6239938486317054, 0.6104917957360658, 0.6239631718087777],
  [1, 100000, 0.99, 5.0125416979164106e-08, 7.429890621390486e-05, 1.1740557298708517e-06, 8.516918149582939e-05],
];

describe('clopperPearsonInterval', () => {
  test.each(BINOMIAL)('%i of %i at %f matches scipy (exact)', (x, n, c, low, high) => {
    const interval = clopperPearsonInterval(x, n, c);
    close(interval.lower, low, 1e-9);
    close(interval.upper, high, 1e-9);
  });

  test('x = 0 has the closed form upper = 1 - (alpha/2)^(1/n)', () => {
    // n = 10, 95%: 1 - 0.025^(0.1) = 1 - 0.691503 = 0.308497
    close(clopperPearsonInterval(0, 10, 0.95).upper, 1 - 0.025 ** 0.1, 1e-12);
  });
});

describe('wilsonInterval', () => {
  test.each(BINOMIAL)('%i of %i at %f matches scipy (wilson)', (x, n, c, _l, _h, low, high) => {
    const interval = wilsonInterval(x, n, c);
    close(interval.lower, low, 1e-9);
    close(interval.upper, high, 1e-9);
  });

  test('hand-worked 8 of 10 at 95%', () => {
    // z = 1.959964, z^2 = 3.841459; center = (8 + 1.920729) / 13.841459 = 0.716740;
    // half = (1.959964 / 13.841459) * sqrt(8*2/10 + 0.960365) = 0.141601 * 1.600114 = 0.226578
    // -> [0.716740 - 0.226578, 0.716740 + 0.226578] = [0.4902, 0.9433]
    const { lower, upper } = wilsonInterval(8, 10, 0.95);
    expect(lower).toBeCloseTo(0.4902, 4);
    expect(upper).toBeCloseTo(0.9433, 4);
  });
});

describe('both intervals', () => {
  test('contain the observed proportion and stay inside [0, 1]', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 5000 }), fc.double({ min: 0, max: 1, noNaN: true }),
      fc.constantFrom(0.5, 0.8, 0.9, 0.95, 0.99), (n, share, c) => {
        const x = Math.round(share * n);
        for (const interval of [wilsonInterval(x, n, c), clopperPearsonInterval(x, n, c)]) {
          expect(interval.lower).toBeGreaterThanOrEqual(0);
          expect(interval.upper).toBeLessThanOrEqual(1);
          expect(interval.lower).toBeLessThanOrEqual(x / n + 1e-12);
          expect(interval.upper).toBeGreaterThanOrEqual(x / n - 1e-12);
        }
      }));
  });

  test('a higher confidence level gives a wider interval', () => {
    for (const interval of [wilsonInterval, clopperPearsonInterval]) {
      const narrow = interval(30, 100, 0.8);
      const wide = interval(30, 100, 0.99);
      expect(wide.lower).toBeLessThan(narrow.lower);
      expect(wide.upper).toBeGreaterThan(narrow.upper);
    }
  });

  test('reject a confidence level outside (0, 1) as a usage error, and bad counts as a bug', () => {
    expect(() => wilsonInterval(1, 2, 1)).toThrow(CalibError);
    expect(() => clopperPearsonInterval(1, 2, 0)).toThrow(/confidence level 0/);
    expect(() => wilsonInterval(3, 2, 0.95)).toThrow(RangeError);
    expect(() => clopperPearsonInterval(0, 0, 0.95)).toThrow(RangeError);
  });
});

describe('binAccuracyIntervals', () => {
  const bin = (count: number, accuracy: number | null): ReliabilityBin =>
    ({ lower: 0, upper: 1, count, mean_confidence: accuracy, accuracy, gap: accuracy === null ? null : 0 });

  test('names the method, gives null for empty bins and recovers the success count', () => {
    const bins = [bin(10, 0.8), bin(0, null), bin(3, 1 / 3)];
    const result = binAccuracyIntervals(bins, 'clopper-pearson', 0.95);
    expect(result.method).toBe('clopper-pearson');
    expect(result.confidence).toBe(0.95);
    expect(result.intervals[1]).toBeNull();
    expect(result.intervals[0]).toEqual(clopperPearsonInterval(8, 10, 0.95));
    // 1/3 * 3 = 1 success of 3
    expect(result.intervals[2]).toEqual(clopperPearsonInterval(1, 3, 0.95));
    expect(binAccuracyIntervals(bins, 'wilson', 0.9).intervals[0]).toEqual(wilsonInterval(8, 10, 0.9));
  });
});

describe('special functions', () => {
  test('normalQuantile matches scipy.stats.norm.ppf', () => {
    close(normalQuantile(0.975), 1.959963984540054, 1e-14);
    close(normalQuantile(0.95), 1.6448536269514722, 1e-14);
    close(normalQuantile(0.3), -0.5244005127080409, 1e-14);
    close(normalQuantile(1e-10), -6.361340902404056, 1e-14);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
  });

  test('logGamma matches scipy.special.gammaln', () => {
    const cases: [number, number][] = [
      [0.1, 2.252712651734206], [0.5, 0.5723649429247], [1, 0], [5, 3.1780538303479458],
      [100, 359.1342053695754], [1e5, 1051287.7089736569],
    ];
    for (const [x, expected] of cases) expect(Math.abs(logGamma(x) - expected)).toBeLessThan(1e-13 * Math.max(1, expected));
  });

  test('regularizedBeta matches scipy.special.betainc', () => {
    const cases: [number, number, number, number][] = [
      [0.5, 2, 3, 0.6875], // 6x^2 - 8x^3 + 3x^4 at 1/2 = 1.5 - 1 + 0.1875
      [0.1, 0.5, 0.5, 0.2048327646991335],
      [0.9, 10, 2, 0.6973568802000001],
      [0.001, 0.3, 4, 0.20688703630444735],
      [0.7, 100, 40, 0.3458280101299921],
    ];
    for (const [x, a, b, expected] of cases) close(regularizedBeta(x, a, b), expected, 1e-11);
    expect(regularizedBeta(0, 2, 3)).toBe(0);
    expect(regularizedBeta(1, 2, 3)).toBe(1);
  });

  test('inverseRegularizedBeta matches scipy.stats.beta.ppf', () => {
    const cases: [number, number, number, number][] = [
      [0.025, 8, 3, 0.4439045376923585],
      [0.975, 9, 2, 0.9747892736731666],
      [0.5, 0.5, 0.5, 0.5],
      [1e-10, 2, 5, 2.581997786411184e-06],
      [0.999, 0.1, 30, 0.10757090204649866],
      [0.3, 200, 300, 0.388410831537717],
      [0.01, 1000, 5, 0.9884853108720754],
    ];
    // Relative 1e-9: log B(a, b) from Lanczos log-gammas is good to about 1e-10 at a + b = 1e5.
    for (const [p, a, b, expected] of cases) close(inverseRegularizedBeta(p, a, b), expected, 1e-9);
  });

  test('inverseRegularizedBeta inverts regularizedBeta (to the float resolution of x)', () => {
    fc.assert(fc.property(
      fc.double({ min: 0.2, max: 300, noNaN: true }), fc.double({ min: 0.2, max: 300, noNaN: true }),
      fc.double({ min: 1e-6, max: 1 - 1e-6, noNaN: true }),
      (a, b, p) => {
        const x = inverseRegularizedBeta(p, a, b);
        // Where the CDF is very steep (a, b < 1 near 0 or 1) the p between two neighbouring floats
        // x can differ by more than 1e-9, so p must lie between the CDF a few ulps either side.
        const step = 8 * Number.EPSILON * Math.max(x, 1e-300);
        const below = regularizedBeta(Math.max(0, x - step), a, b);
        const above = regularizedBeta(Math.min(1, x + step), a, b);
        expect(below - 1e-9).toBeLessThanOrEqual(p);
        expect(above + 1e-9).toBeGreaterThanOrEqual(p);
      }));
  });
});
