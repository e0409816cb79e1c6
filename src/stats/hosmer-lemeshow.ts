/**
 * The Hosmer-Lemeshow goodness-of-fit test (deciles of risk) over per-row (confidence, outcome)
 * pairs. Returns plain data; throws only on input it cannot test (too few rows or groups).
 */
import { CalibError } from '../core/errors.js';
import { stableArgsort } from '../metrics/estimators/argsort.js';
import { checkInteger, checkRows } from '../metrics/estimators/rows.js';
import { chiSquareSurvival } from './incomplete-gamma.js';

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
