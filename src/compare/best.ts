/**
 * Which value in a metric's row of `calib compare` is best, by the rule the metric registry
 * gives it.
 */
import { METRICS } from '../metrics/registry.js';
import { METRIC_NAMES, type MetricName } from '../metrics/types.js';

export type BestRule = 'lower' | 'higher' | 'closest-to-zero' | 'none';

/** From the one registry (metrics/registry.ts): every metric says which way is better. */
export const BEST_RULES: Readonly<Record<MetricName, BestRule>> = Object.fromEntries(
  METRIC_NAMES.map((name) => [name, METRICS[name].better]),
) as Record<MetricName, BestRule>;

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
