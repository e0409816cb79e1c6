import type { CompareResult } from '../../compare/compare.js';
import { METRIC_NAMES } from '../../metrics/types.js';
import { csvField } from '../format.js';

export const COMPARE_CSV_COLUMNS = [
  'model', 'file', 'scaling', 'metric', 'value', 'lower', 'upper', 'best', 'delta', 'delta_lower', 'delta_upper', 'significant',
] as const;

/**
 * Long ("tidy") CSV, one row per model and metric, full precision. `scaling` is `none`, or
 * `temperature` for metrics after temperature scaling (so the rows of `compare --temperature`,
 * before and after, can be told apart in one file). `lower`/`upper` are the
 * metric's bootstrap interval, `delta*` the difference to the baseline (empty on the baseline's
 * rows and without bootstrap for the interval columns). `best` is true/false, empty when the
 * metric has no best.
 */
export function renderCompareCsv(result: CompareResult): string {
  const lines = [COMPARE_CSV_COLUMNS.join(',')];
  result.models.forEach((model, index) => {
    for (const metric of METRIC_NAMES) {
      const interval = model.intervals?.[metric];
      const delta = index === 0 ? undefined : result.deltas.find((d) => d.model === model.name && d.metric === metric);
      const best = result.rules[metric] === 'none' ? '' : String(result.best[metric].includes(model.name));
      const significant = delta?.significant;
      lines.push([
        model.name, model.file, result.scaling, metric, model.metrics[metric], interval?.lower ?? null, interval?.upper ?? null, best,
        delta?.delta ?? null, delta?.interval?.lower ?? null, delta?.interval?.upper ?? null,
        significant === undefined || significant === null ? null : String(significant),
      ].map(csvField).join(','));
    }
  });
  return lines.join('\n') + '\n';
}
