/**
 * Statistical tests of calibration over per-row (confidence, outcome) pairs, and the special
 * functions their p-values need. Every test returns plain data; none throws on a miscalibrated
 * model, only on input it cannot test (too few rows).
 */
import { CalibError } from '../core/errors.js';
import { lnGamma, quantileSorted } from '../core/numerics.js';
import { stableArgsort } from '../metrics/estimators/argsort.js';
import { equalWidthBin } from '../metrics/estimators/equal-width.js';
import { checkInteger, checkRows } from '../metrics/estimators/rows.js';
import { createRandom } from './random.js';

// ---------------------------------------------------------------------------------------------
// Special functions
// ---------------------------------------------------------------------------------------------

/** ln Gamma lives in src/core/numerics.ts (shared with the beta functions of intervals.ts). */
export { lnGamma };

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

// ---------------------------------------------------------------------------------------------
// Hosmer-Lemeshow
// ---------------------------------------------------------------------------------------------

export interface HosmerLemeshowGroup {
  readonly count: number;
  /** Number of positives observed in the group. */
  readonly observed: number;
  /** Expected positives: the sum of q over the group. */
  readonly expected: number;
  /** Smallest and largest q in the group. */
  readonly low: number;
  readonly high: number;
}

export interface HosmerLemeshowResult {
  /** The C-hat statistic; Infinity when a group expects no positives (or no negatives) but has some. */
  readonly statistic: number;
  /** Degrees of freedom: groups - 2. */
  readonly df: number;
  readonly pValue: number;
  readonly groups: readonly HosmerLemeshowGroup[];
}

export interface HosmerLemeshowOptions {
  /** Number of risk groups g (deciles: 10). Fewer when there are fewer rows than groups. */
  readonly groups?: number;
  /**
   * Degrees of freedom of the reference chi-square; default g - 2, the test for a model fitted on
   * these rows. For a model scored on rows it was not fitted on, g is the right reference
   * (Hosmer & Lemeshow, "Applied Logistic Regression", on external validation); g - 2 then
   * rejects a calibrated model somewhat too often.
   */
  readonly df?: number;
}

/**
 * Hosmer-Lemeshow goodness-of-fit test (Hosmer & Lemeshow 1980, "Goodness of fit tests for the
 * multiple logistic regression model", Commun. Stat. A 9:1043-1069; the "deciles of risk" C-hat).
 * Binary view: q_i = P(y = 1), y_i the outcome. Sort rows by q (stable), split them into g groups
 * as numpy's array_split does (the first N mod g groups one row larger: the same groups as calib's
 * `--binning mass`), and with O_j positives and E_j = sum q_i in group j of n_j rows:
 *   C = sum_j (O_j - E_j)^2 / E_j + (O_j - E_j)^2 / (n_j - E_j),   C ~ chi-square(g - 2),
 *   p = Q((g - 2) / 2, C / 2)   (`options.df` overrides g - 2; see there).
 * A term whose expected count is 0 contributes 0 if its observed count is 0 too, else Infinity
 * (p = 0): the model called an event impossible and it happened.
 * Throws when fewer than 3 groups are possible (N < 3 or groups < 3): the test has no degrees of
 * freedom.
 *
 * @example
 * // q = (0.2, 0.2, 0.5, 0.5, 0.8, 0.8), y = (0, 1, 0, 1, 1, 1), 3 groups of 2:
 * // group 1: O = 1, E = 0.4 -> 0.36/0.4 + 0.36/1.6 = 1.125; group 2: O = 1, E = 1 -> 0;
 * // group 3: O = 2, E = 1.6 -> 0.16/1.6 + 0.16/0.4 = 0.5. C = 1.625, df = 1.
 * hosmerLemeshow(q, y, { groups: 3 }) // { statistic: 1.625, df: 1, pValue: 0.2023960159729552, groups: [...] }
 */
export function hosmerLemeshow(
  confidence: Float64Array, outcome: Uint8Array, options: HosmerLemeshowOptions = {},
): HosmerLemeshowResult {
  checkRows('hosmerLemeshow', confidence, outcome);
  const requested = options.groups ?? 10;
  checkInteger('hosmerLemeshow', 'groups', requested, 3);
  const n = confidence.length;
  const g = Math.min(requested, n);
  if (g < 3) {
    throw new CalibError('input', `the Hosmer-Lemeshow test needs at least 3 rows, got ${n}.`, undefined,
      'Evaluate on more rows, or leave this test out.');
  }
  const order = stableArgsort(confidence);
  const small = Math.floor(n / g);
  const extra = n % g;
  const groups: HosmerLemeshowGroup[] = [];
  let statistic = 0;
  let start = 0;
  for (let j = 0; j < g; j++) {
    const end = start + small + (j < extra ? 1 : 0);
    let observed = 0;
    let expected = 0;
    for (let k = start; k < end; k++) {
      observed += outcome[order[k]!]!;
      expected += confidence[order[k]!]!;
    }
    const count = end - start;
    statistic += pearsonTerm(observed, expected) + pearsonTerm(count - observed, count - expected);
    groups.push({
      count, observed, expected,
      low: confidence[order[start]!]!, high: confidence[order[end - 1]!]!,
    });
    start = end;
  }
  const df = options.df ?? g - 2;
  checkInteger('hosmerLemeshow', 'df', df, 1);
  return { statistic, df, pValue: chiSquareSurvival(statistic, df), groups };
}

/** (O - E)^2 / E, with 0/0 = 0 and (O > 0)/0 = Infinity. */
function pearsonTerm(observed: number, expected: number): number {
  if (expected > 0) return (observed - expected) ** 2 / expected;
  return observed === 0 ? 0 : Infinity;
}

// ---------------------------------------------------------------------------------------------
// Spiegelhalter's Z
// ---------------------------------------------------------------------------------------------

export interface SpiegelhalterResult {
  /** Standardized Brier-score deviation; > 0: the Brier score is worse than calibration predicts. */
  readonly z: number;
  /** Two-sided normal p-value, erfc(|z| / sqrt 2). */
  readonly pValue: number;
}

/**
 * Spiegelhalter's Z test (Spiegelhalter 1986, "Probabilistic prediction in patient management and
 * clinical trials", Stat. Med. 5:421-433; `S:z` in Harrell's rms `val.prob`). Under calibration
 * (y_i ~ Bernoulli(p_i)) the Brier score has mean sum p(1-p)/N, and
 *   Z = sum_i (y_i - p_i)(1 - 2 p_i) / sqrt(sum_i (1 - 2 p_i)^2 p_i (1 - p_i))
 * is approximately standard normal; p = P(|N(0,1)| >= |Z|).
 * When the denominator is 0 (every p in {0, 1/2, 1}) the statistic carries no information if the
 * numerator is 0 too (z = 0, p = 1); otherwise a p of 0 or 1 was contradicted: z = ±Infinity, p = 0.
 *
 * @example
 * // p = (0.2, 0.8), y = (1, 1): numerator 0.8*0.6 + 0.2*(-0.6) = 0.36,
 * // variance 0.36*0.16 + 0.36*0.16 = 0.1152, z = 0.36 / 0.33941 = 1.06066, p = 0.28884.
 * spiegelhalter(Float64Array.of(0.2, 0.8), Uint8Array.of(1, 1)) // { z: 1.0606601717798212, pValue: 0.288844366346485 }
 */
export function spiegelhalter(confidence: Float64Array, outcome: Uint8Array): SpiegelhalterResult {
  checkRows('spiegelhalter', confidence, outcome);
  let numerator = 0;
  let variance = 0;
  for (let i = 0; i < confidence.length; i++) {
    const p = confidence[i]!;
    const w = 1 - 2 * p;
    numerator += (outcome[i]! - p) * w;
    variance += w * w * p * (1 - p);
  }
  if (variance === 0) {
    if (numerator === 0) return { z: 0, pValue: 1 };
    return { z: numerator > 0 ? Infinity : -Infinity, pValue: 0 };
  }
  const z = numerator / Math.sqrt(variance);
  return { z, pValue: normalTwoSidedP(z) };
}

// ---------------------------------------------------------------------------------------------
// Consistency resampling (Bröcker & Smith 2007)
// ---------------------------------------------------------------------------------------------

export interface ConsistencyOptions {
  /** Equal-width, right-closed bins M (calib's default binning); default 15. */
  readonly bins?: number;
  /** Number of resamples R; default 1000. */
  readonly resamples?: number;
  /** Seed of the generator (src/stats/random.ts); default 0. */
  readonly seed?: number;
  /** Central coverage of the per-bin bands; default 0.95 (the 2.5% and 97.5% quantiles). */
  readonly level?: number;
  /**
   * Computes the resampled counts (default `countConsistencyResamples`, on this thread). The CLI
   * passes one that runs half the resamples on a second thread (src/parallel/): same numbers.
   */
  readonly counter?: ConsistencyCounter;
}

/**
 * What the resampling needs, per row: its bin and its Bernoulli threshold `c_i 2^32` (y* = 1 when a
 * 32-bit uniform draw u falls below it, i.e. when u / 2^32 < c_i: exact, as 2^32 is a power of two).
 */
export interface ConsistencyJob {
  readonly bin: Uint32Array;
  readonly threshold: Float64Array;
  readonly bins: number;
  readonly resamples: number;
  readonly seed: number;
}

/** All R resamples' counts of positives per bin, laid out `[r * bins + b]`. */
export type ConsistencyCounter = (job: ConsistencyJob) => Float64Array;

/** `ConsistencyCounter` on the calling thread. */
export function countConsistencyResamples(job: ConsistencyJob): Float64Array {
  const out = new Float64Array(job.resamples * job.bins);
  consistencyCounts(job, 0, job.resamples, out, 0);
  return out;
}

/**
 * The counts of resamples `from .. to - 1`, written to `out[at + (r - from) * bins + b]`.
 * Resample r draws from its own generator, `createRandom(resampleSeed(seed, r))`, one draw per
 * row in row order, so that any split of the resamples (two threads) gives the same counts.
 */
export function consistencyCounts(job: ConsistencyJob, from: number, to: number, out: Float64Array, at: number): void {
  const { bin, threshold, bins: m } = job;
  const n = threshold.length;
  const block = new Uint32Array(Math.min(n, 1 << 16));
  // Counts in four interleaved lanes (lane = row mod 4), added without a branch: a data-dependent
  // branch mispredicts half the time, and one counter per bin makes each row wait for the last
  // increment of its bin. Together twice as fast on a million rows; the counts are the same.
  const lanes = new Int32Array(4 * m);
  for (let r = from; r < to; r++) {
    const random = createRandom(resampleSeed(job.seed, r));
    lanes.fill(0);
    for (let start = 0; start < n; start += block.length) {
      const draws = n - start < block.length ? block.subarray(0, n - start) : block;
      random.fill(draws);
      const length = draws.length;
      let j = 0;
      for (; j + 3 < length; j += 4) {
        const i = start + j;
        lanes[4 * bin[i]!]! += +(draws[j]! < threshold[i]!);
        lanes[4 * bin[i + 1]! + 1]! += +(draws[j + 1]! < threshold[i + 1]!);
        lanes[4 * bin[i + 2]! + 2]! += +(draws[j + 2]! < threshold[i + 2]!);
        lanes[4 * bin[i + 3]! + 3]! += +(draws[j + 3]! < threshold[i + 3]!);
      }
      for (; j < length; j++) lanes[4 * bin[start + j]!]! += +(draws[j]! < threshold[start + j]!);
    }
    const base = at + (r - from) * m;
    for (let b = 0; b < m; b++) out[base + b] = lanes[4 * b]! + lanes[4 * b + 1]! + lanes[4 * b + 2]! + lanes[4 * b + 3]!;
  }
}

/** The seed of resample r's generator: distinct for every r of a run (mod 2^32), unrelated streams via splitmix. */
export function resampleSeed(seed: number, r: number): number {
  return (Math.imul(seed >>> 0, 0x9e3779b1) + r) >>> 0;
}

export interface ConsistencyBin {
  readonly lower: number;
  readonly upper: number;
  readonly count: number;
  /** Observed fraction of positives (correct), null for an empty bin. */
  readonly accuracy: number | null;
  /** Quantiles of the bin's accuracy under calibration (resampled); null for an empty bin. */
  readonly bandLow: number | null;
  readonly bandHigh: number | null;
}

export interface ConsistencyResult {
  /** Observed binned ECE (equal-width, right-closed, M bins). */
  readonly ece: number;
  /** (1 + #{ECE* >= ECE}) / (1 + R): small when the data are less calibrated than chance allows. */
  readonly pValue: number;
  readonly resamples: number;
  readonly bins: readonly ConsistencyBin[];
}

/**
 * Consistency resampling (Bröcker & Smith 2007, "Increasing the reliability of reliability
 * diagrams", Weather and Forecasting 22:651-661): how large would the binned ECE be if the model
 * were calibrated? Keep every confidence c_i, draw y*_i ~ Bernoulli(c_i) (y* = 1 when a uniform
 * draw of the seeded generator is below c_i; see consistencyCounts), recompute ECE* on the same M
 * equal-width right-closed bins (METRICS.md), R times. Then
 *   p = (1 + #{r : ECE*_r >= ECE_obs}) / (1 + R)
 * (the add-one Monte Carlo p-value, Davison & Hinkley 1997, §4.2), and each non-empty bin gets
 * the (1 - level)/2 and (1 + level)/2 quantiles of its resampled accuracy (Hyndman & Fan type 7,
 * numpy's default linear interpolation: quantileSorted, src/core/numerics.ts), the "consistency bars" to draw around the diagonal of a reliability diagram.
 * Cost: O(N R) uniform draws.
 *
 * @example
 * // One row, c = 0.5, y = 1: ECE_obs = 0.5; every resample also has |y* - 0.5| = 0.5 >= 0.5, so
 * // p = (1 + R) / (1 + R) = 1, and the band of its bin is [0, 1].
 */
export function consistencyResampling(
  confidence: Float64Array, outcome: Uint8Array, options: ConsistencyOptions = {},
): ConsistencyResult {
  checkRows('consistencyResampling', confidence, outcome);
  const m = options.bins ?? 15;
  const resamples = options.resamples ?? 1000;
  const level = options.level ?? 0.95;
  checkInteger('consistencyResampling', 'bins', m, 1);
  checkInteger('consistencyResampling', 'resamples', resamples, 1);
  if (!(level > 0 && level < 1)) {
    throw new CalibError('usage', `consistencyResampling: level must be in (0, 1), got ${level}.`);
  }
  const n = confidence.length;
  const bin = new Uint32Array(n);
  const count = new Float64Array(m);
  const sumC = new Float64Array(m);
  const positives = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    const b = equalWidthBin(confidence[i]!, m);
    bin[i] = b;
    count[b]!++;
    sumC[b]! += confidence[i]!;
    positives[b]! += outcome[i]!;
  }
  const ece = binnedEce(count, sumC, positives, n);
  const threshold = new Float64Array(n);
  for (let i = 0; i < n; i++) threshold[i] = confidence[i]! * 4294967296;
  const job: ConsistencyJob = { bin, threshold, bins: m, resamples, seed: options.seed ?? 0 };
  const counts = (options.counter ?? countConsistencyResamples)(job);
  const resampledAccuracy = new Float64Array(m * resamples); // [bin * R + r]
  let atLeast = 0;
  for (let r = 0; r < resamples; r++) {
    const drawn = counts.subarray(r * m, (r + 1) * m);
    if (binnedEce(count, sumC, drawn, n) >= ece) atLeast++;
    for (let b = 0; b < m; b++) {
      if (count[b]! > 0) resampledAccuracy[b * resamples + r] = drawn[b]! / count[b]!;
    }
  }
  const bins: ConsistencyBin[] = [];
  for (let b = 0; b < m; b++) {
    const lower = b / m;
    const upper = (b + 1) / m;
    if (count[b] === 0) {
      bins.push({ lower, upper, count: 0, accuracy: null, bandLow: null, bandHigh: null });
      continue;
    }
    const sample = resampledAccuracy.subarray(b * resamples, (b + 1) * resamples).sort();
    bins.push({
      lower, upper, count: count[b]!,
      accuracy: positives[b]! / count[b]!,
      bandLow: quantileSorted(sample, (1 - level) / 2),
      bandHigh: quantileSorted(sample, (1 + level) / 2),
    });
  }
  return { ece, pValue: (1 + atLeast) / (1 + resamples), resamples, bins };
}

/** sum_b (n_b / N) |positives_b / n_b - meanC_b|, empty bins skipped (METRICS.md "ECE"). */
function binnedEce(count: Float64Array, sumC: Float64Array, positives: Float64Array, n: number): number {
  let total = 0;
  for (let b = 0; b < count.length; b++) {
    const nb = count[b]!;
    if (nb > 0) total += (nb / n) * Math.abs(positives[b]! / nb - sumC[b]! / nb);
  }
  return total;
}
