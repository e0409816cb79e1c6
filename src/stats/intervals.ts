/**
 * Binomial confidence intervals for a reliability bin's accuracy (a proportion `x / n`), and the
 * special functions they need: the normal quantile (Wilson) and the inverse regularized
 * incomplete beta function (Clopper-Pearson). Every output names its method, so a reader knows
 * which interval was drawn.
 */
import { CalibError } from '../core/errors.js';
import { lnGamma } from '../core/numerics.js';
import type { ReliabilityBin } from '../metrics/types.js';

export interface Interval {
  readonly lower: number;
  readonly upper: number;
}

export type BinomialMethod = 'wilson' | 'clopper-pearson';

export interface BinAccuracyIntervals {
  readonly method: BinomialMethod;
  readonly confidence: number;
  /** One per bin, in bin order; null for an empty bin. */
  readonly intervals: (Interval | null)[];
}

/** Throws a usage error unless `confidence` is a level strictly between 0 and 1 (e.g. 0.95). */
export function assertConfidence(confidence: number): void {
  if (!(Number.isFinite(confidence) && confidence > 0 && confidence < 1)) {
    throw new CalibError('usage', `confidence level ${confidence} is not between 0 and 1.`, undefined,
      'Give the level as a fraction, e.g. 0.95 for a 95% interval.');
  }
}

function assertCounts(successes: number, trials: number): void {
  if (!(Number.isInteger(trials) && trials >= 1 && Number.isInteger(successes) && successes >= 0 && successes <= trials)) {
    throw new RangeError(`binomial interval: need integers 0 <= successes <= trials, trials >= 1 (got ${successes} / ${trials})`);
  }
}

/**
 * Wilson score interval (Wilson 1927, "Probable inference, the law of succession, and statistical
 * inference", JASA 22:209-212), the interval recommended by Brown, Cai & DasGupta (2001,
 * "Interval estimation for a binomial proportion", Statistical Science 16:101-133):
 *
 *   center = (x + z^2/2) / (n + z^2),  half = z / (n + z^2) * sqrt(x (n - x) / n + z^2 / 4),
 *
 * with `z` the normal quantile at `1 - (1 - confidence) / 2`.
 *
 * @example wilsonInterval(8, 10, 0.95): z = 1.959964, z^2 = 3.841459;
 *   center = (8 + 1.920729) / 13.841459 = 0.716740; half = 0.141601 * sqrt(1.6 + 0.960365) = 0.226578;
 *   -> { lower: 0.490162, upper: 0.943318 } (scipy binomtest(8, 10).proportion_ci(method='wilson')).
 */
export function wilsonInterval(successes: number, trials: number, confidence: number): Interval {
  assertCounts(successes, trials);
  assertConfidence(confidence);
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const z2 = z * z;
  const denominator = trials + z2;
  const center = (successes + z2 / 2) / denominator;
  const half = (z / denominator) * Math.sqrt((successes * (trials - successes)) / trials + z2 / 4);
  // At x = 0 (x = n) the exact bound is 0 (1); the formula gives it up to rounding.
  return {
    lower: successes === 0 ? 0 : Math.max(0, center - half),
    upper: successes === trials ? 1 : Math.min(1, center + half),
  };
}

/**
 * Clopper-Pearson "exact" interval (Clopper & Pearson 1934, Biometrika 26:404-413): the bounds
 * are beta quantiles, with `alpha = 1 - confidence`,
 *
 *   lower = B^-1(alpha/2; x, n - x + 1)  (0 when x = 0),
 *   upper = B^-1(1 - alpha/2; x + 1, n - x)  (1 when x = n).
 *
 * Its coverage is at least the nominal level for every p (it is conservative).
 *
 * @example clopperPearsonInterval(8, 10, 0.95) -> { lower: 0.443904, upper: 0.974789 }
 *   (scipy.stats.beta.ppf(0.025, 8, 3), beta.ppf(0.975, 9, 2));
 *   clopperPearsonInterval(0, 10, 0.95).upper = 1 - 0.025^(1/10) = 0.308497.
 */
export function clopperPearsonInterval(successes: number, trials: number, confidence: number): Interval {
  assertCounts(successes, trials);
  assertConfidence(confidence);
  const alpha = 1 - confidence;
  return {
    lower: successes === 0 ? 0 : inverseRegularizedBeta(alpha / 2, successes, trials - successes + 1),
    upper: successes === trials ? 1 : inverseRegularizedBeta(1 - alpha / 2, successes + 1, trials - successes),
  };
}

/**
 * The interval for every bin's accuracy. A bin's success count is `round(accuracy * count)`
 * (its accuracy is a count divided by `count`, so rounding recovers the integer exactly).
 */
export function binAccuracyIntervals(bins: readonly ReliabilityBin[], method: BinomialMethod, confidence: number): BinAccuracyIntervals {
  assertConfidence(confidence);
  const interval = method === 'wilson' ? wilsonInterval : clopperPearsonInterval;
  return {
    method,
    confidence,
    intervals: bins.map((bin) => {
      if (bin.count === 0 || bin.accuracy === null) return null;
      const successes = Math.round(bin.accuracy * bin.count);
      return interval(successes, bin.count, confidence);
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Special functions
// ---------------------------------------------------------------------------------------------

/**
 * The standard normal quantile `Phi^-1(p)`, Wichura's algorithm AS 241 (PPND16; Wichura 1988,
 * Applied Statistics 37:477-484), accurate to about 1e-16 relative.
 *
 * @example normalQuantile(0.975) = 1.959963984540054; normalQuantile(0.5) = 0.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return -Infinity;
    if (p === 1) return Infinity;
    throw new RangeError(`normalQuantile: p must be in [0, 1] (got ${p})`);
  }
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * (((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r
      + 45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r
      + 133.14166789178437745) * r + 3.387132872796366608))
      / (((((((5226.495278852545925 * r + 28729.085735721942674) * r + 39307.89580009271061) * r
        + 21213.794301586595867) * r + 5394.1960214247511077) * r + 687.1870074920579083) * r
        + 42.313330701600911252) * r + 1);
  }
  let r = q < 0 ? p : 1 - p;
  r = Math.sqrt(-Math.log(r));
  let value: number;
  if (r <= 5) {
    r -= 1.6;
    value = (((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r + 0.24178072517745061177) * r
      + 1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.7694972214606914055) * r
      + 4.6303378461565452959) * r + 1.42343711074968357734)
      / (((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r
        + 0.14810397642748007459) * r + 0.68976733498510000455) * r + 1.6763848301838038494) * r
        + 2.05319162663775882187) * r + 1);
  } else {
    r -= 5;
    value = (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r
      + 0.026532189526576123093) * r + 0.29656057182850489123) * r + 1.7848265399172913358) * r
      + 5.4637849111641143699) * r + 6.6579046435011037772)
      / (((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r
        + 7.868691311456132591e-4) * r + 0.0148753612908506148525) * r + 0.13692988092273580531) * r
        + 0.59983220655588793769) * r + 1);
  }
  return q < 0 ? -value : value;
}

/** `log B(a, b) = log Gamma(a) + log Gamma(b) - log Gamma(a + b)` (lnGamma: src/core/numerics.ts). */
export function logBeta(a: number, b: number): number {
  return lnGamma(a) + lnGamma(b) - lnGamma(a + b);
}

/**
 * The regularized incomplete beta function `I_x(a, b) = B(x; a, b) / B(a, b)`, the CDF of the
 * Beta(a, b) distribution. Evaluated by its continued fraction with the modified Lentz method
 * (Press et al., Numerical Recipes, 3rd ed. 2007, section 6.4, `betai`/`betacf`), using the
 * symmetry `I_x(a, b) = 1 - I_{1-x}(b, a)` on the side where the fraction converges fast.
 *
 * @example regularizedBeta(0.5, 2, 3) = 0.6875 (Beta(2,3) CDF 6x^2 - 8x^3 + 3x^4 at 1/2:
 *   1.5 - 1 + 0.1875).
 */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (!(a > 0 && b > 0)) throw new RangeError(`regularizedBeta: a, b must be > 0 (got ${a}, ${b})`);
  if (!(x >= 0 && x <= 1)) throw new RangeError(`regularizedBeta: x must be in [0, 1] (got ${x})`);
  if (x === 0) return 0;
  if (x === 1) return 1;
  const logFront = a * Math.log(x) + b * Math.log1p(-x) - logBeta(a, b);
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(logFront) * betaContinuedFraction(x, a, b)) / a;
  return 1 - (Math.exp(logFront) * betaContinuedFraction(1 - x, b, a)) / b;
}

const TINY = 1e-300;
const CF_EPS = 1e-16;
const CF_MAX_TERMS = 10_000;

/** Numerical Recipes' `betacf`: the continued fraction for I_x(a, b), modified Lentz. */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= CF_MAX_TERMS; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < CF_EPS) return h;
  }
  // Only reachable for enormous a or b (the fraction needs O(sqrt(max(a, b))) terms).
  throw new RangeError(`regularizedBeta: continued fraction did not converge (x=${x}, a=${a}, b=${b})`);
}

/**
 * The inverse of `I_x(a, b)` in x: the p-quantile of Beta(a, b). A safeguarded Newton iteration
 * on `I_x(a, b) - p` (derivative: the Beta density `x^(a-1) (1-x)^(b-1) / B(a, b)`) inside a
 * bracket that every step shrinks; when a Newton step leaves the bracket the iteration bisects,
 * so it always converges (to the float resolution of x).
 *
 * @example inverseRegularizedBeta(0.6875, 2, 3) = 0.5 (inverse of the example above);
 *   inverseRegularizedBeta(0.025, 8, 3) = 0.4439045376923585 (scipy.stats.beta.ppf).
 */
export function inverseRegularizedBeta(p: number, a: number, b: number): number {
  if (!(a > 0 && b > 0)) throw new RangeError(`inverseRegularizedBeta: a, b must be > 0 (got ${a}, ${b})`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`inverseRegularizedBeta: p must be in [0, 1] (got ${p})`);
  if (p === 0) return 0;
  if (p === 1) return 1;
  const logNorm = logBeta(a, b);
  let lo = 0;
  let hi = 1;
  let x = a / (a + b);
  for (let iteration = 0; iteration < 300; iteration++) {
    const f = regularizedBeta(x, a, b) - p;
    if (f === 0) return x;
    if (f < 0) lo = x; else hi = x;
    const density = Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - logNorm);
    let next = x - f / density;
    if (!(next > lo && next < hi) || !Number.isFinite(next)) {
      // Bisect; near 0 (tiny lower quantiles) bisect geometrically so 1e-12 is reached quickly.
      next = lo > 0 && hi / lo > 4 ? Math.sqrt(lo * hi) : lo === 0 && hi < 1e-3 ? hi / 16 : (lo + hi) / 2;
    }
    if (Math.abs(next - x) <= 4 * Number.EPSILON * Math.max(x, Number.MIN_VALUE) || hi - lo <= 4 * Number.EPSILON * hi) {
      return next;
    }
    x = next;
  }
  return x;
}
