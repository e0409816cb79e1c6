/**
 * Which value in a metric's row of `calib compare` is best. Every metric needs a rule (the
 * Record type makes a new metric a compile error until it has one).
 */
import type { MetricName } from '../metrics/types.js';

export type BestRule = 'lower' | 'higher' | 'closest-to-zero' | 'none';

export const BEST_RULES: Readonly<Record<MetricName, BestRule>> = {
  accuracy: 'higher',
  // Neither more nor less confidence is better in itself; the gap says whether it is earned.
  mean_confidence: 'none',
  overconfidence_gap: 'closest-to-zero',
  ece: 'lower',
  mce: 'lower',
  rmsce: 'lower',
  ace: 'lower',
  classwise_ece: 'lower',
  nll: 'lower',
  brier: 'lower',
  entropy: 'none',
  smece: 'lower',
  ece_debiased: 'lower',
  ece_sweep: 'lower',
};

/**
 * For each value, whether it is best under the rule (ties are all best; `none` marks nothing).
 *
 * @example bestMask([0.05, 0.03, 0.03], 'lower') = [false, true, true];
 *   bestMask([0.02, -0.01], 'closest-to-zero') = [false, true].
 */
export function bestMask(values: readonly number[], rule: BestRule): boolean[] {
  if (rule === 'none' || values.length === 0) return values.map(() => false);
  const score = (v: number): number => (rule === 'lower' ? v : rule === 'higher' ? -v : Math.abs(v));
  const best = Math.min(...values.map(score));
  return values.map((v) => score(v) === best);
}
