/**
 * The special functions the calibration tests' p-values need: the regularized incomplete gamma
 * functions P and Q (Numerical Recipes `gser`/`gcf`), erfc, the chi-square survival function and
 * the two-sided normal p-value. ln Gamma itself is in src/core/numerics.ts.
 */
import { CalibError } from '../core/errors.js';
import { lnGamma } from '../core/numerics.js';

const GAMMA_EPS = 1e-16;
const GAMMA_FPMIN = 1e-300;
const GAMMA_MAX_ITERATIONS = 100_000;

/**
 * Regularized lower incomplete gamma P(a, x) = gamma(a, x) / Gamma(a), by the series `gser` of
 * Press et al., Numerical Recipes (2nd ed., §6.2) for x < a + 1, else 1 - Q(a, x).
 *
 * @example regularizedGammaP(1, 1) // 0.632120558828558 (1 - e^-1 = 0.6321205588285577)
 */
export function regularizedGammaP(a: number, x: number): number {
  checkGammaArgs('regularizedGammaP', a, x);
  if (x === 0) return 0;
  if (x === Infinity) return 1;
  return x < a + 1 ? gammaSeries(a, x) : 1 - gammaContinuedFraction(a, x);
}

/**
 * Regularized upper incomplete gamma Q(a, x) = Gamma(a, x) / Gamma(a) = 1 - P(a, x): the series
 * (`gser`) for x < a + 1, otherwise Legendre's continued fraction evaluated by the modified Lentz
 * method (`gcf`), Press et al., Numerical Recipes (2nd ed., §6.2). The continued fraction keeps
 * full relative accuracy in the far tail, where 1 - P would round to 0.
 *
 * @example regularizedGammaQ(1, 1)   // 0.367879441171442 (e^-1 = 0.36787944117144233)
 * @example regularizedGammaQ(4, 7.5) // 0.0591454598326839: chi-square(8 df) survival at 15 (scipy: 0.05914545983268393)
 */
export function regularizedGammaQ(a: number, x: number): number {
  checkGammaArgs('regularizedGammaQ', a, x);
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  return x < a + 1 ? 1 - gammaSeries(a, x) : gammaContinuedFraction(a, x);
}

function checkGammaArgs(fn: string, a: number, x: number): void {
  if (!(a > 0 && a < Infinity) || !(x >= 0)) {
    throw new CalibError('internal', `${fn}: need a > 0 and x >= 0, got a = ${a}, x = ${x}.`);
  }
}

/** gser: P(a, x) = e^-x x^a / Gamma(a) * sum_n x^n / (a (a+1) ... (a+n)). */
function gammaSeries(a: number, x: number): number {
  let ap = a;
  let term = 1 / a;
  let sum = term;
  for (let n = 0; n < GAMMA_MAX_ITERATIONS; n++) {
    ap += 1;
    term *= x / ap;
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * GAMMA_EPS) {
      return sum * Math.exp(-x + a * Math.log(x) - lnGamma(a));
    }
  }
  throw new CalibError('internal', `regularized gamma series did not converge (a = ${a}, x = ${x}).`);
}

/** gcf: Q(a, x) = e^-x x^a / Gamma(a) * 1/(x+1-a- 1(1-a)/(x+3-a- 2(2-a)/(x+5-a- ...))). */
function gammaContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / GAMMA_FPMIN;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < GAMMA_MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < GAMMA_FPMIN) d = GAMMA_FPMIN;
    c = b + an / c;
    if (Math.abs(c) < GAMMA_FPMIN) c = GAMMA_FPMIN;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < GAMMA_EPS) return Math.exp(-x + a * Math.log(x) - lnGamma(a)) * h;
  }
  throw new CalibError('internal', `regularized gamma continued fraction did not converge (a = ${a}, x = ${x}).`);
}

/**
 * Complementary error function, erfc(x) = 1 - erf(x) = Q(1/2, x^2) for x >= 0 and
 * 1 + P(1/2, x^2) for x < 0 (Numerical Recipes 2nd ed. §6.2, `erffc`), so it inherits the
 * continued fraction's relative accuracy in the tail (about 1e-15; erfc(10) is still exact to
 * ~14 digits where 1 - erf(10) would be 0).
 *
 * @example erfc(0) // 1
 * @example erfc(1) // 0.157299207050285 (true 0.15729920705028513)
 * @example erfc(5) // 1.53745979442803e-12 (true 1.5374597944280349e-12)
 */
export function erfc(x: number): number {
  if (Number.isNaN(x)) throw new CalibError('internal', 'erfc: x is NaN.');
  return x < 0 ? 1 + regularizedGammaP(0.5, x * x) : regularizedGammaQ(0.5, x * x);
}

/**
 * Survival function of the chi-square distribution with `df` degrees of freedom:
 * P(X >= x) = Q(df / 2, x / 2).
 *
 * @example chiSquareSurvival(3.841458820694124, 1) // 0.05000000000000013 (the 95% point of chi-square(1))
 */
export function chiSquareSurvival(x: number, df: number): number {
  return x <= 0 ? 1 : regularizedGammaQ(df / 2, x / 2);
}

/**
 * Two-sided p-value of a standard normal statistic: P(|Z| >= |z|) = erfc(|z| / sqrt 2).
 *
 * @example normalTwoSidedP(1.959963984540054) // 0.05000000000000011
 */
export function normalTwoSidedP(z: number): number {
  return erfc(Math.abs(z) / Math.SQRT2);
}
